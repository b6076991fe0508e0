"""Review mode: a render that knows which context paths each printed value came from.

Only ``DocxTemplate.render(context, review=...)`` uses this; the plain render never sees it. The review
variant of a template is compiled separately: each ``{{ … }}`` starts with ``_rg_begin`` (which forgets
earlier reads) and its emitter asks the :class:`ReviewState` which paths the expression read. The
context is wrapped in :class:`TrackedDict`/:class:`TrackedList`, which log every leaf read with its path
(``("建档立卡", "乡镇", 0, "人数")``); filters and arithmetic see plain values, so ``{{ (a / b)|pct }}``
reports both ``a`` and ``b``. The engine does not know what the paths mean: a :class:`Reviewer` (given by
the caller) turns them into a comment text, or None for values that did not come from data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, Protocol

from jinja2 import pass_context
from markupsafe import escape

from reportgen.docx.runtime import Fragment, RichValue
from reportgen.ooxml.namespaces import CT_COMMENTS, W_NS
from reportgen.ooxml.order import RPR_ORDER
from reportgen.ooxml.xml import XML_DECLARATION

Path = tuple[Any, ...]
COMMENTS_TYPE = CT_COMMENTS
COMMENTS_PART = "word/comments.xml"
VALUE_HIGHLIGHT = "yellow"
_AFTER_HIGHLIGHT = {name for name, rank in RPR_ORDER.items() if rank > RPR_ORDER["highlight"]}
_CHILD = re.compile(r"<(\w+):(\w+)\b")
_HIGHLIGHT = re.compile(r"<w:highlight\b[^>]*/>")


class Reviewer(Protocol):
    """What the caller gives a review render: the comment for a value read from ``paths`` (None: no
    comment and no highlight, e.g. a parameter that did not come from data)."""

    author: str
    initials: str

    def describe(self, paths: list[Path], shown: str) -> str | None: ...


class ReviewState:
    """Reads since the current tag began, and the comments written so far (one render)."""

    def __init__(self, reviewer: Reviewer, main_part: str | None):
        self.reviewer = reviewer
        self.main_part = main_part
        self.reads: list[Path] = []
        self.comments: list[str] = []
        self.highlighted = 0

    def take(self) -> list[Path]:
        paths = list(dict.fromkeys(self.reads))
        self.reads.clear()
        return paths


_REVIEW: ContextVar[ReviewState | None] = ContextVar("reportgen_docx_review", default=None)


def current_review() -> ReviewState | None:
    return _REVIEW.get()


def set_review(state: ReviewState | None):
    return _REVIEW.set(state)


def reset_review(token) -> None:
    _REVIEW.reset(token)


def _wrap(value: Any, path: Path, state: ReviewState) -> Any:
    if isinstance(value, Mapping) and not isinstance(value, TrackedDict):
        return TrackedDict(value, path, state)
    if isinstance(value, list | tuple) and not isinstance(value, TrackedList):
        return TrackedList(value, path, state)
    if not isinstance(value, RichValue):
        state.reads.append(path)
    return value


class TrackedDict(Mapping):
    """A read-only view of a dict that logs each leaf read (nested dicts and lists are views too)."""

    __slots__ = ("_data", "_path", "_state")

    def __init__(self, data: Mapping, path: Path, state: ReviewState):
        self._data, self._path, self._state = data, path, state

    def __getitem__(self, key: Any) -> Any:
        return _wrap(self._data[key], (*self._path, key), self._state)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class TrackedList(Sequence):
    """A read-only view of a list: items are views with their index in the path; ``len`` is a read."""

    __slots__ = ("_data", "_path", "_state", "_start")

    def __init__(self, data: Sequence, path: Path, state: ReviewState, start: int = 0):
        self._data, self._path, self._state, self._start = data, path, state, start

    def __getitem__(self, index):
        if isinstance(index, slice):
            first = range(len(self._data))[index]
            step = first.step if len(first) else 1
            if step != 1:
                return [self[i] for i in first]
            return TrackedList(self._data[index], self._path, self._state, self._start + (first.start if len(first) else 0))
        position = index if index >= 0 else len(self._data) + index
        return _wrap(self._data[index], (*self._path, self._start + position), self._state)

    def __iter__(self) -> Iterator:
        for i, item in enumerate(self._data):
            yield _wrap(item, (*self._path, self._start + i), self._state)

    def __len__(self) -> int:
        self._state.reads.append((*self._path, "#"))  # ``|length``: the number of items is a figure
        return len(self._data)

    def __bool__(self) -> bool:
        return bool(self._data)


def tracked_context(context: Mapping, state: ReviewState) -> TrackedDict:
    return TrackedDict(context, (), state)


# -- emitters ------------------------------------------------------------------------------------------
def review_filters(plain: dict[str, Callable], run_props: list[str], para_props: list[str],
                   part: str) -> dict[str, Callable]:
    """The review versions of ``_rg_t``/``_rg_r``/``_rg_p`` for one part, and ``_rg_begin``."""
    highlighted: dict[int, str] = {}

    def hl(n: int) -> str:
        if n not in highlighted:
            highlighted[n] = with_highlight(run_props[n])
        return highlighted[n]

    def marked(value: Any, n: int) -> str | None:
        """The runs of a data value with its highlight and comment, or None when it needs none."""
        state = current_review()
        if state is None or isinstance(value, RichValue):
            return None
        paths = state.take()
        if not paths:
            return None
        text = plain["_rg_t"](value, n)
        if isinstance(text, Fragment):
            return None
        comment = state.reviewer.describe(paths, _shown(value))
        if comment is None:
            return None
        state.highlighted += 1
        run = f'<w:r>{hl(n)}<w:t xml:space="preserve">{text}</w:t></w:r>'
        if part != state.main_part:  # comments live in the main document only; elsewhere: highlight
            return run
        cid = len(state.comments)
        state.comments.append(comment)
        return (f'<w:commentRangeStart w:id="{cid}"/>{run}<w:commentRangeEnd w:id="{cid}"/>'
                f'<w:r><w:commentReference w:id="{cid}"/></w:r>')

    def _rg_t(value: Any, n: int) -> Any:
        runs = marked(value, n)
        if runs is None:
            return plain["_rg_t"](value, n)
        return Fragment(f'</w:t></w:r>{runs}<w:r>{run_props[n]}<w:t xml:space="preserve">')

    def _rg_r(value: Any, n: int) -> Any:
        runs = marked(value, n)
        return plain["_rg_r"](value, n) if runs is None else Fragment(runs)

    def _rg_p(value: Any, n: int) -> Any:
        runs = marked(value, n)
        return plain["_rg_p"](value, n) if runs is None else Fragment(f"<w:p>{para_props[n]}{runs}</w:p>")

    @pass_context  # never folded into a constant at compile time
    def _rg_begin(_context, _value: Any) -> None:
        state = current_review()
        if state is not None:
            state.reads.clear()

    return {"_rg_t": _rg_t, "_rg_r": _rg_r, "_rg_p": _rg_p, "_rg_begin": _rg_begin}


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def with_highlight(rpr: str) -> str:
    """``rpr`` (a ``<w:rPr>…</w:rPr>`` string or "") with ``<w:highlight w:val="yellow"/>`` in schema order."""
    mark = f'<w:highlight w:val="{VALUE_HIGHLIGHT}"/>'
    if not rpr or "</w:rPr>" not in rpr:  # none, or an empty <w:rPr/>
        return f"<w:rPr>{mark}</w:rPr>"
    rpr = _HIGHLIGHT.sub("", rpr)
    open_end = rpr.index(">") + 1
    body = rpr[open_end:]
    for match in _CHILD.finditer(body):
        prefix, name = match.groups()
        if prefix != "w" or name in _AFTER_HIGHLIGHT:
            return rpr[:open_end] + body[:match.start()] + mark + body[match.start():]
    close = rpr.rindex("</w:rPr>")
    return rpr[:close] + mark + rpr[close:]


def mark_sources(source: str, var_open: str) -> str:
    """The review variant of a compiled part: each value tag first forgets earlier reads."""
    return source.replace(var_open + "\n(", var_open + "0|_rg_begin or\n(")


def comments_part(comments: list[str], author: str, initials: str, when: dt.datetime | None = None) -> bytes:
    """``word/comments.xml``: one ``w:comment`` per value, each line of its text a paragraph."""
    date = (when or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    items = []
    for cid, text in enumerate(comments):
        paras = []
        for index, line in enumerate(text.splitlines() or [""]):
            ref = "<w:r><w:annotationRef/></w:r>" if index == 0 else ""
            paras.append(f'<w:p>{ref}<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>')
        items.append(f'<w:comment w:id="{cid}" w:author="{escape(author)}" w:date="{date}" '
                     f'w:initials="{escape(initials)}">{"".join(paras)}</w:comment>')
    xml = f'{XML_DECLARATION}<w:comments xmlns:w="{W_NS}">{"".join(items)}</w:comments>'
    return xml.encode("utf-8")
