"""Writing the generated rows of a write-only sheet as XML text, without a cell object per value.

openpyxl's write-only sheet builds a ``WriteOnlyCell`` per value and then one lxml element per cell;
for a long list that is most of the fill time. ``RowWriter`` writes the ``<row>``/``<c>`` markup of
the common cells (text, numbers, booleans, formulas, styled blanks) straight into the sheet's XML file,
producing the same markup openpyxl would (same types, same ``%.16g`` numbers, same style ids, added in
the same order). Any row holding something else (a date, whose number format openpyxl sets itself, a
comment, an array formula, a Decimal …) is handed to openpyxl's own row writer unchanged, so the output
is the same as writing every row through openpyxl.

The sheet XML is still written by openpyxl's ``WorksheetWriter`` (everything before and after
``<sheetData>``); only the file handle is ours, so rows can be written between lxml's flushes.
"""

from __future__ import annotations

import math
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile

_FLUSH_EVERY = 512  # rows buffered as text before they are written to the file


class _HandleWorksheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, writing into a file object we can also write to."""

    def get_stream(self):
        self.handle = open(self.out, "wb")  # noqa: SIM115 - closed when the generator finishes
        try:
            with xmlfile(self.handle) as xf, xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        el = yield
                        if el is True:
                            yield xf
                        elif el is None:
                            continue
                        else:
                            xf.write(el)
                except GeneratorExit:
                    pass
        finally:
            self.handle.close()


class _ClosedRows:
    """Stands in for the write-only sheet's row generator once ``RowWriter`` has written ``sheetData``."""

    def close(self) -> None:
        pass


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _number(value: Any) -> str:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ""
    return f"{value:.16g}"


class Fallback(Exception):
    """A cell this writer does not serialise itself: the row goes through openpyxl."""


class RowWriter:
    """Write rows into the write-only sheet ``ws``; use as a context manager around all rows."""

    def __init__(self, ws) -> None:
        if ws._writer is not None:
            raise RuntimeError("rows were already written to this sheet")
        self.ws = ws
        ws._writer = self.writer = _HandleWorksheetWriter(ws)
        self.writer.write_top()
        self._cell_styles = ws.parent._cell_styles
        self._letters: list[str] = [""]
        self._style_attr: dict[int, str] = {}  # id(StyleArray) → ' s="N"' (or "" when unstyled)
        self._buffer: list[str] = []
        self._xf = None
        self._element = None

    def __enter__(self) -> RowWriter:
        self._xf = self.writer.xf.send(True)
        self._element = self._xf.element("sheetData")
        self._element.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._drain()
        self._element.__exit__(*exc)
        self.writer.xf.send(None)
        self.ws._rows = _ClosedRows()  # so ``ws.close()`` writes the tail only

    def _drain(self) -> None:
        if self._buffer:
            self._xf.flush()
            self.writer.handle.write("".join(self._buffer).encode("utf-8"))
            self._buffer.clear()

    def letter(self, col: int) -> str:
        letters = self._letters
        while len(letters) <= col:
            letters.append(get_column_letter(len(letters)))
        return letters[col]

    def style_attr(self, style) -> str:
        """`` s="N"`` for a cell with ``style`` (a StyleArray or None), as openpyxl would write it."""
        if style is None:
            return ""
        key = id(style)
        attr = self._style_attr.get(key)
        if attr is None:
            attr = f' s="{self._cell_styles.add(style)}"' if any(style) else ""
            self._style_attr[key] = attr
        return attr

    def cell_xml(self, ref: str, style, value: Any, formula: bool, checked: bool) -> str:
        """The ``<c>`` markup for one value; raises ``Fallback`` for what only openpyxl should write.

        ``formula``: the template cell is a formula (a ``=`` string is written as one);
        ``checked``: a string is known to hold no character Excel refuses (rendered values are cleaned).
        """
        s = self.style_attr(style)
        kind = type(value)
        if value is None:
            return f'<c r="{ref}"{s} t="n"/>' if s else ""
        if kind is str:
            if formula:
                if len(value) > 1 and value[0] == "=":
                    return f'<c r="{ref}"{s}><f>{_escape(value[1:])}</f><v/></c>'
                raise Fallback
            if len(value) > 32767 or (not checked and ILLEGAL_CHARACTERS_RE.search(value)):
                raise Fallback
            if not value:
                return f'<c r="{ref}"{s} t="inlineStr"/>'
            space = ' xml:space="preserve"' if value != value.strip() else ""
            return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
        if kind is int or kind is float:
            return f'<c r="{ref}"{s} t="n"><v>{_number(value)}</v></c>'
        if kind is bool:
            return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
        raise Fallback

    def write_xml(self, out_row: int, row_attrs: str, cells: str) -> None:
        """Queue one row whose cells are already markup."""
        self._buffer.append(f'<row r="{out_row}"{row_attrs}>{cells}</row>')
        if len(self._buffer) >= _FLUSH_EVERY:
            self._drain()

    def write_cells(self, out_row: int, cells: list) -> None:
        """Write one row of openpyxl ``WriteOnlyCell`` objects (``None`` for gaps) through openpyxl."""
        self._drain()
        row = []
        for col, cell in enumerate(cells, 1):
            if cell is None:
                continue
            cell.column, cell.row = col, out_row
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            row.append(cell)
        self.writer.write_row(self._xf, row, out_row)


def row_attrs(dimension) -> str:
    """The extra ``<row>`` attributes openpyxl writes for a ``RowDimension`` (height, hidden, outline)."""
    if dimension is None:
        return ""
    return "".join(f' {key}="{value}"' for key, value in dict(dimension).items())
