"""Tags in the *text* of a paragraph (never in the XML string), with docxtpl's structural prefixes.

Word autocorrect turns quotes curly and spaces non-breaking inside what the author typed as code;
those are normalised inside tags only, so the document text itself is left exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENERS = {"{": "}}", "%": "%}", "#": "#}"}
_KIND = {"{": "var", "%": "stmt", "#": "comment"}
_PREFIX = re.compile(r"^(tr|tc|p|r)(?=\s)")
_KEYWORD = re.compile(r"^\s*([A-Za-z_]\w*)")
_SMART = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u00a0": " ", "\u3000": " ",
                        "\u200b": None})
CELL_KEYWORDS = frozenset({"vm", "hm", "colspan", "cellbg"})


@dataclass(frozen=True)
class Tag:
    """One ``{{ }}`` / ``{% %}`` / ``{# #}`` tag found in a paragraph's text."""

    start: int  # offsets in the paragraph text
    end: int
    kind: str  # "var" | "stmt" | "comment" | "literal" (docxtpl's {_{ … }_}, see literal_tags)
    prefix: str  # "" | "p" | "r" | "tr" | "tc"
    code: str  # inside the delimiters, prefix and whitespace control removed, quotes normalised
    raw: str  # exactly as written

    @property
    def keyword(self) -> str:
        """First word of a statement (``for``, ``endif``, ``vm``…), '' for expressions."""
        if self.kind != "stmt":
            return ""
        match = _KEYWORD.match(self.code)
        return match.group(1) if match else ""

    @property
    def is_cell_action(self) -> bool:
        return self.kind == "stmt" and self.keyword in CELL_KEYWORDS


@dataclass(frozen=True)
class Unclosed:
    """An opening delimiter without its closing one in the same paragraph."""

    start: int
    raw: str
    expected: str


def tokenize(text: str) -> tuple[list[Tag], list[Unclosed]]:
    """Tags of one paragraph in order, and any opening delimiter left unclosed."""
    tags: list[Tag] = []
    unclosed: list[Unclosed] = []
    pos = 0
    while True:
        start = text.find("{", pos)
        if start < 0 or start + 1 >= len(text):
            break
        opener = text[start + 1]
        if opener not in _OPENERS:
            pos = start + 1
            continue
        closer = _OPENERS[opener]
        end = text.find(closer, start + 2)
        if end < 0:
            unclosed.append(Unclosed(start, text[start : start + 40], "{" + opener + " … " + closer))
            pos = start + 2
            continue
        end += 2
        raw = text[start:end]
        tags.append(_make_tag(start, end, _KIND[opener], raw[2:-2], raw))
        pos = end
    return tags, unclosed


def _make_tag(start: int, end: int, kind: str, inner: str, raw: str) -> Tag:
    inner = inner.translate(_SMART)
    if inner[:1] in "-+":  # Jinja whitespace control: meaningless here, paragraphs are structure
        inner = inner[1:]
    if inner[-1:] in "-+":
        inner = inner[:-1]
    prefix = ""
    match = _PREFIX.match(inner)  # ``{%p if`` has a prefix, ``{% p %}`` is a variable named p
    if match:
        prefix = match.group(1)
        inner = inner[match.end() :]
    return Tag(start, end, kind, prefix, inner.strip(), raw)


_LITERAL = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")


def literal_tags(text: str, tags: list[Tag]) -> list[Tag]:
    """docxtpl's way to print a tag: ``{_{ x }_}`` / ``{_% x %_}`` render as ``{{ x }}`` / ``{% x %}``.

    Each of the four sequences outside a real tag becomes a ``literal`` tag whose ``code`` is its
    replacement text.
    """
    found = []
    for match in _LITERAL.finditer(text):
        start, end = match.span()
        if any(tag.start < end and tag.end > start for tag in tags):
            continue
        raw = match.group()
        found.append(Tag(start, end, "literal", "", raw.replace("_", ""), raw))
    return found


BLOCK_OPENERS = frozenset({"for", "if", "with", "filter", "macro", "call", "autoescape", "block"})
BLOCK_MIDDLES = {"elif": {"if"}, "else": {"if", "for"}}


def block_role(tag: Tag) -> tuple[str, str] | None:
    """('open'|'middle'|'close', block keyword) for block statements, None otherwise."""
    keyword = tag.keyword
    if keyword in BLOCK_OPENERS:
        return "open", keyword
    if keyword == "set" and "=" not in tag.code:
        return "open", "set"
    if keyword in BLOCK_MIDDLES:
        return "middle", keyword
    if keyword.startswith("end") and len(keyword) > 3:
        return "close", keyword[3:]
    return None
