"""The text layer of paragraphs: what the author typed, regardless of how Word split it into runs.

Word and WPS cut a typed ``{{ 户数 }}`` into several ``w:r`` (spell-check ``w:proofErr``, bookmarks,
``w:lastRenderedPageBreak``, revision marks ``w:ins``, hyperlinks, smart tags). Only ``w:t`` carries text,
so a paragraph's text is the concatenation of the ``w:t`` whose nearest paragraph is that paragraph
(text boxes inside a run are paragraphs of their own; deleted text is ``w:delText`` and never counts).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from reportgen.docx.tokenizer import Tag
from reportgen.errors import Location
from reportgen.ooxml.namespaces import W_P, W_T, W_TBL, W_TC, W_TR, XML_SPACE


class TextLayer:
    """Paragraphs of a part in document order and the ``w:t`` elements of each."""

    def __init__(self, root: etree._Element):
        self.paragraphs = list(root.iter(W_P))
        self.index = {p: i for i, p in enumerate(self.paragraphs, 1)}
        self.texts: dict[etree._Element, list[etree._Element]] = {}
        for t in root.iter(W_T):
            paragraph = next(t.iterancestors(W_P), None)
            if paragraph is not None:
                self.texts.setdefault(paragraph, []).append(t)
        self.tables = {tbl: i for i, tbl in enumerate(root.iter(W_TBL), 1)}

    def location(self, part: str, paragraph: etree._Element, raw: str, text: str) -> Location:
        """Where a tag is, as a clerk finds it: part, paragraph number, table/row/cell, nearby text."""
        table = row = cell = None
        tc = next(paragraph.iterancestors(W_TC), None)
        if tc is not None:
            tr = tc.getparent()
            tbl = tr.getparent() if tr is not None else None
            if tr is not None and tbl is not None and tbl.tag == W_TBL:
                table = self.tables.get(tbl)
                row = [e for e in tbl if e.tag == W_TR].index(tr) + 1
                cell = [e for e in tr if e.tag == W_TC].index(tc) + 1
        return Location(part=part, paragraph=self.index.get(paragraph), table=table, row=row, cell=cell,
                        tag=raw, context=_around(text, raw))

    @staticmethod
    def text_at(texts: list[etree._Element], offset: int) -> etree._Element:
        """The ``w:t`` holding character ``offset`` of the paragraph text."""
        pos = 0
        for t in texts:
            pos += len(t.text or "")
            if offset < pos:
                return t
        return texts[-1]

    @staticmethod
    def rewrite(texts: list[etree._Element], tags: list[Tag], markers: dict) -> None:
        """Remove every tag's characters and put its marker (if any) where the tag started; a marker that
        is a string is literal text (docxtpl's ``{_{`` → ``{{``)."""
        pos = 0
        for t in texts:
            content = t.text or ""
            start, end = pos, pos + len(content)
            pos = end
            touching = [tag for tag in tags if tag.start < end and tag.end > start]
            if not touching:
                continue
            pieces: list = []
            cursor = start
            for tag in touching:
                if tag.start > cursor:
                    pieces.append(content[cursor - start : tag.start - start])
                if tag.start >= start and markers.get(tag.start) is not None:
                    pieces.append(markers[tag.start])
                cursor = max(cursor, min(tag.end, end))
            if cursor < end:
                pieces.append(content[cursor - start :])
            _fill(t, pieces)


def _fill(t: etree._Element, pieces: list) -> None:
    t.text = ""
    last = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                t.text += piece
            else:
                last.tail = (last.tail or "") + piece
        else:
            t.append(piece)
            last = piece
    t.set(XML_SPACE, "preserve")


def _around(text: str, raw: str, width: int = 30) -> str:
    index = text.find(raw)
    if index < 0:
        return text[: width * 2]
    before = text[max(0, index - width) : index]
    after = text[index + len(raw) : index + len(raw) + width]
    return ("…" if index > width else "") + before + raw + after + ("…" if len(text) > index + len(raw) + width else "")


def convert_literal_text(root: etree._Element, convert: Callable[[str], str]) -> None:
    """Convert the template's own text (not the tags) to another script, e.g. Traditional Chinese."""
    for t in root.iter(W_T):
        if t.text:
            t.text = convert(t.text)
        for child in t:
            if child.tail:
                child.tail = convert(child.tail)
