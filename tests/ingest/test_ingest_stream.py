"""The streaming .xlsx reader gives exactly what python-calamine gives: cells, tables, located errors."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest
import python_calamine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import ReportgenError
from reportgen.ingest import load_table, readers, validate, xlsxparts, xlsxscan
from reportgen.ingest.xlsxstream import SheetStream, Unsupported
from reportgen.specs import builtin_specs, find_spec


def snapshot(table):
    issues = [(i.level, i.message, str(i.location), i.value, i.hint) for i in table.issues]
    return (table.spec.name, table.layout, table.rows, table.row_numbers, issues, table.error_rows, table.extra,
            table.records())


def calamine_only(monkeypatch):
    def refuse(*_args):
        raise Unsupported("test: read with python-calamine")

    monkeypatch.setattr(readers, "StreamSource", refuse)


def trimmed(rows):
    """Rows without trailing blank rows and columns: blank ('' or missing) is one thing to the tables."""
    rows = [list(r) for r in rows]
    while rows and all(v == "" for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(r) if v != ""), default=0) for r in rows), default=0)
    return [r[:width] + [""] * (width - len(r)) for r in rows]


def calamine_cells(path):
    with python_calamine.CalamineWorkbook.from_path(str(path)) as wb:
        ws = wb.get_sheet_by_index(0)
        return trimmed(ws.to_python(skip_empty_area=False)), sorted(ws.merged_cell_ranges or [])


def stream_cells(path):
    """Every cell through the streaming reader (blank cells as '', as python-calamine gives them)."""
    with SheetStream(path) as sheet:
        numbers, columns, _ = sheet.columns(list(range(40)), 0)
        rows = dict(zip(numbers, zip(*columns, strict=True), strict=True))
        merged = sorted(sheet.merged)
    height = max(rows, default=-1) + 1
    return trimmed([["" if v is None else v for v in rows.get(r, ("",) * 40)] for r in range(height)]), merged


@pytest.mark.parametrize("kind", ["poverty", "monitor", "children", "migrants", "roster", "parties", "tasks"])
def test_stream_tables_equal_calamine_tables_on_messy_and_clean_exports(messy_files, sample_files, kind,
                                                                       monkeypatch):
    specs = builtin_specs()
    for files in (messy_files, sample_files):
        path = files.paths[kind]
        assert isinstance(readers.open_sheet(path), readers.StreamSource)
        streamed = snapshot(load_table(path, None, None, specs))
        with monkeypatch.context() as m:
            calamine_only(m)
            assert isinstance(readers.open_sheet(path), readers.CalamineSource)
            assert snapshot(load_table(path, None, None, specs)) == streamed


def test_two_row_headers_are_read_once_and_merged_ranges_come_from_the_file(messy_files):
    path = messy_files.paths["poverty"]
    with SheetStream(path) as sheet:
        sheet.columns([0], 0)
        assert sorted(sheet.merged) == calamine_cells(path)[1]
    calls = []
    original = SheetStream.columns

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(SheetStream, "columns", counting)
        table = load_table(path)
    assert table.layout.depth == 2 and len(calls) == 1  # the guessed merged header cells were right


def test_cell_kinds_equal_calamine(tmp_path):
    path = tmp_path / "kinds.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["文本", "a & b <c> \"q\" 'x'", "  空格  ", "换行\n第二行", "回车\r_x000D_"])
    ws.append([1, 2.5, -3.25e-5, 9.9010219490727e17, True, False])
    ws.append([date(2024, 3, 15), datetime(2024, 3, 15, 8, 30, 5), time(13, 45), 45000.5])
    ws["D3"].number_format = "yyyy年m月d日"
    ws.append(["=1+1", None, "", 0, "0.0"])
    ws.merge_cells("A6:C6")
    ws["A6"] = "合并"
    ws["AB9"] = "远处的列"
    wb.save(path)
    assert stream_cells(path) == calamine_cells(path)


def test_a_doctype_is_refused(tmp_path):
    path = tmp_path / "dtd.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["户编号", "证件号码"])
    wb.save(path)
    rewrite(path, "xl/worksheets/sheet1.xml",
            lambda xml: b'<!DOCTYPE x [<!ENTITY e "boom">]>' + xml[xml.index(b"<worksheet"):])
    with pytest.raises(ReportgenError, match="DOCTYPE"):
        load_table(path)


def test_a_sheet_that_inflates_too_far_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["户编号", "证件号码"])
    wb.save(path)
    rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>", b" " * 40_000_000 + b"</sheetData>"))
    with pytest.raises(ReportgenError, match="压缩比|解压后过大"):  # the input gate sees it first
        load_table(path)


def test_prefixed_sheet_xml_falls_back_to_calamine(messy_files, tmp_path):
    """Elements with a namespace prefix (``<x:c>``, as some .NET writers do) are read by python-calamine."""
    source = messy_files.paths["monitor"]
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())

    def prefixed(xml: bytes) -> bytes:
        xml = re.sub(rb"<(/?)([A-Za-z]\w*)([\s>/])", rb"<\1x:\2\3", xml)
        return xml.replace(b'xmlns="', b'xmlns:x="', 1)

    rewrite(path, "xl/worksheets/sheet1.xml", prefixed)
    assert isinstance(readers.open_sheet(path), readers.CalamineSource)
    assert snapshot(load_table(path)) == snapshot(load_table(source))


def test_progress_reports_rows_read_up_to_the_total(sample_files):
    seen = []
    report = validate(sample_files.paths["poverty"], progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] == report.table.row_numbers[-1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


@pytest.mark.parametrize("boot", ["real", "dies"])
def test_a_helper_process_scanning_pieces_gives_the_same_tables(messy_files, sample_files, monkeypatch, boot):
    """Large sheets are scanned by two processes; the tables are the same, and the same again when the
    helper cannot run (the reader scans what it had sent)."""
    paths = [messy_files.paths["monitor"], sample_files.paths["poverty"]]
    alone = [snapshot(load_table(p)) for p in paths]
    monkeypatch.setattr(xlsxscan, "HELPER_FROM_BYTES", 0)
    monkeypatch.setattr(xlsxparts, "CHUNK", 1 << 14)  # many small pieces, so the helper gets several
    if boot == "dies":
        monkeypatch.setattr(xlsxscan, "_BOOT", "import sys; sys.exit(3)")
    started = []
    original = xlsxscan.Helper.__init__

    def counting(self, *args):
        started.append(1)
        original(self, *args)

    answered = []
    results = xlsxscan.Helper.results

    def answers(self, *args, **kwargs):
        out = results(self, *args, **kwargs)
        answered.extend(out)
        return out

    monkeypatch.setattr(xlsxscan.Helper, "__init__", counting)
    monkeypatch.setattr(xlsxscan.Helper, "results", answers)
    assert [snapshot(load_table(p)) for p in paths] == alone
    assert len(started) == 2
    assert (len(answered) > 0) == (boot == "real")


def rewrite(path, part, change):
    data = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            data[info.filename] = z.read(info)
    data[part] = change(data[part])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in data.items():
            z.writestr(name, content)
    path.write_bytes(buf.getvalue())


CELL = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(["9901020010010003", "990102199001011234", "9.9010219490727e+17", "因病", "是", "202405"]),
    st.integers(-10**6, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(date(1950, 1, 1), date(2050, 1, 1)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELL, min_size=1, max_size=7), min_size=1, max_size=8))
def test_random_sheets_read_like_calamine_and_give_located_errors(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("h") / "随机.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["乡(镇)", "行政村", "户编号", "证件号码", "人数", "监测对象类别", "识别监测时间"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    assert stream_cells(path) == calamine_cells(path)
    table = load_table(path, find_spec("监测", builtin_specs()))  # never a traceback: typed rows, located issues
    assert all(i.location.row and i.location.file == path.name for i in table.issues if i.location.column)


def test_row_shapes_the_scanner_places_by_layout_equal_calamine(tmp_path):
    """Rows are placed by which kept cells they have (a remembered layout per shape): empty ``<row/>``s before
    a row, cells a row lacks, cells out of column order and a repeated cell all end where calamine puts them."""
    path = tmp_path / "shapes.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["户编号", "证件号码", "姓名", "人数"])
    for n in range(2, 12):
        ws.append([f"H{n:03d}", None if n % 3 == 0 else f"I{n}", f"名{n}" if n % 4 else "  ", n])
    wb.save(path)

    def reshape(xml: bytes) -> bytes:
        xml = xml.replace(b'<row r="5"', b'<row r="4" ht="20" customHeight="1"/><row r="5"', 1)  # row 4: empty
        xml = re.sub(rb'(<row r="4"[^/]*?>.*?</row>)', b"", xml, count=1, flags=re.S)
        row6 = re.search(rb'<row r="6"[^>]*>(.*?)</row>', xml, re.S)
        cells = re.findall(rb"<c .*?</c>", row6.group(1), re.S)
        xml = xml.replace(row6.group(1), b"".join(reversed(cells)))  # out of column order
        row7 = re.search(rb'<row r="7"[^>]*>(.*?)</row>', xml, re.S)
        first = re.search(rb"<c .*?</c>", row7.group(1), re.S).group(0)
        return xml.replace(row7.group(1), row7.group(1) + first.replace(b"H007", b"H999"))  # A7 twice

    rewrite(path, "xl/worksheets/sheet1.xml", reshape)
    assert b'customHeight="1"/>' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert stream_cells(path) == calamine_cells(path)
    with SheetStream(path) as sheet:  # only some columns kept: the rows lacking them too
        numbers, columns, _ = sheet.columns([3, 1], 1)
    grid = calamine_cells(path)[0]
    expect = [(r, (grid[r][3], grid[r][1])) for r in range(1, len(grid)) if any(grid[r][c] != "" for c in (3, 1))]
    assert list(zip(numbers, [tuple("" if v is None else v for v in vals) for vals in zip(*columns, strict=True)], strict=True)) == expect


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.one_of(st.none(), st.sampled_from(["a", "乙", " ", "x y"]), st.integers(-5, 5),
                                   st.floats(-1e6, 1e6, allow_nan=False)), min_size=1, max_size=6),
                min_size=1, max_size=12),
       st.sets(st.integers(0, 5), max_size=6))
def test_any_sparse_grid_and_kept_columns_equal_calamine(tmp_path, grid, kept):
    path = tmp_path / "grid.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate(grid, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(r, c, v)
    wb.save(path)
    full = calamine_cells(path)[0]
    cols = sorted(kept) or [0]
    with SheetStream(path) as sheet:
        numbers, columns, problems = sheet.columns(cols, 0)
    assert problems == []
    got = [(n, tuple("" if v is None else v for v in vals)) for n, vals in zip(numbers, zip(*columns, strict=True), strict=True)]
    cell = lambda r, c: full[r][c] if c < len(full[r]) else ""  # noqa: E731
    expect = [(r, tuple(cell(r, c) for c in cols)) for r in range(len(full))
              if any(isinstance(cell(r, c), str) and cell(r, c).strip() or not isinstance(cell(r, c), str)
                     for c in cols)]
    assert got == expect


def _valid_id(body: str) -> str:
    from reportgen.cnid import check_digit

    return body + check_digit(body)


@settings(max_examples=500, deadline=None)
@given(st.one_of(
    st.lists(st.one_of(st.text(max_size=6), st.from_regex(r"\s*[0-9]{1,20}\s*", fullmatch=True),
                       st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6).map(float)),
             min_size=1, max_size=8),
    st.lists(st.one_of(st.from_regex(r"[0-9]{17}", fullmatch=True).map(_valid_id).map(lambda s: s.lower()),
                       st.from_regex(r"\s?[0-9]{17}[0-9Xx]\s?", fullmatch=True)), min_size=1, max_size=8)))
def test_whole_column_converters_equal_the_value_by_value_ones(values):
    """The reader converts a column's new values in one go only when that gives what the converter gives
    value by value (same values, same types) and no value is blank or could raise an issue."""
    from reportgen.ingest.cells import WHOLE_COLUMN

    for convert, whole in WHOLE_COLUMN.items():
        got = whole(values)
        if got is not None:
            expected = [convert(v) for v in values]
            assert got == expected and [type(v) for v in got] == [type(v) for v in expected]
