"""The gate itself can fail: each added check finds its defect, the SDK runs, the filter and baseline are exact."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter
from helpers.ooxml_checks import package_findings
from helpers.ooxml_gate import added_findings, assert_word_valid, findings, is_known_false_alarm
from lxml import etree
from validity_cases import CORPUS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
X = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def mutate(data: bytes, part: str, change: Callable[[etree._Element], None]) -> bytes:
    """The package with ``change`` applied to one XML part (everything else copied as is)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == part:
                root = etree.fromstring(body)
                change(root)
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, body)
    return out.getvalue()


def corpus(name: str) -> bytes:
    return (CORPUS / f"{name}.docx").read_bytes()


def first(root: etree._Element, tag: str) -> etree._Element:
    return next(root.iter(tag))


def _empty_cell(root):
    tc = first(root, W + "tc")
    for p in tc.findall(W + "p"):
        tc.remove(p)


def _cell_ends_with_table(root):
    nested = f'<w:tbl xmlns:w="{W[1:-1]}"><w:tblGrid><w:gridCol w:w="900"/></w:tblGrid><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>'
    first(root, W + "tc").append(etree.fromstring(nested))


def _no_main_override(root):
    for o in root.iter(CT + "Override"):
        if o.get("PartName") == "/word/document.xml":
            root.remove(o)


def _num_id(value):
    def change(root):
        first(root, W + "numId").set(W + "val", value)
    return change


def _abstract_missing(root):
    first(root, W + "abstractNumId").set(W + "val", "9")


def _style(tag):
    def change(root):
        first(root, W + tag).set(W + "val", "NoSuchStyle")
    return change


def _drop_field_result(root):
    separate = next(f for f in root.iter(W + "fldChar") if f.get(W + "fldCharType") == "separate")
    result = separate.getparent().getnext()
    result.getparent().remove(result)


def _drop_field_end(root):
    end = next(f for f in root.iter(W + "fldChar") if f.get(W + "fldCharType") == "end")
    end.getparent().getparent().remove(end.getparent())


def _duplicate_docpr(root):
    ids = list(root.iter(WP + "docPr"))
    ids[1].set("id", ids[0].get("id"))


WORD_DEFECTS = [
    ("table_rows", "word/document.xml", _empty_cell, "Gate_TableCellWithoutBlock"),
    ("table_rows", "word/document.xml", _cell_ends_with_table, "Gate_TableCellEndsWithTable"),
    ("table_rows", "[Content_Types].xml", _no_main_override, "Gate_MainPartContentType"),
    ("numbered_list", "word/document.xml", _num_id("7"), "Gate_NumIdUnresolved"),
    ("numbered_list", "word/numbering.xml", _abstract_missing, "Gate_AbstractNumUnresolved"),
    ("numbered_list", "word/document.xml", _num_id("0"), None),  # numId 0 means "no numbering": allowed
    ("fields", "word/document.xml", _style("pStyle"), "Gate_StyleUnresolved"),
    ("footnotes", "word/footnotes.xml", _style("rStyle"), "Gate_StyleUnresolved"),
    ("table_rows", "word/document.xml", _style("tblStyle"), "Gate_StyleUnresolved"),
    ("headers_footers", "word/footer1.xml", _drop_field_result, "Gate_FieldWithoutResult"),
    ("fields", "word/document.xml", _drop_field_end, "Gate_UnbalancedField"),
    ("images", "word/document.xml", _duplicate_docpr, "Gate_DuplicateDocPrId"),
]


@pytest.mark.parametrize("name", sorted(p.stem for p in CORPUS.glob("*.docx")))
def test_corpus_templates_pass_the_added_checks(name):
    assert package_findings(corpus(name)) == []


@pytest.mark.parametrize(("name", "part", "change", "expected"), WORD_DEFECTS,
                         ids=[f"{d[3]}-{d[0]}" for d in WORD_DEFECTS])
def test_each_word_check_finds_its_defect(name, part, change, expected):
    found = {f.id for f in package_findings(mutate(corpus(name), part, change))}
    assert found == ({expected} if expected else set())


def _workbook() -> bytes:
    """A small workbook with shared strings and merges (XlsxWriter: openpyxl writes inline strings)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    for r in range(4):
        sheet.write_row(r, 0, [f"文字{r}", r, f"文字{r}"])
    sheet.merge_range("A1:B2", "合并")
    sheet.merge_range("C3:C4", "合并")
    book.close()
    return buffer.getvalue()


def _overlap(root):
    merges = first(root, X + "mergeCells")
    merges.append(etree.Element(X + "mergeCell", ref="B2:C3"))


def _unsorted_rows(root):
    rows = list(root.iter(X + "row"))
    rows[0].addprevious(rows[2])


def _bad_ref(root):
    first(root, X + "c").set("r", "1A")


def _string_index(root):
    cell = next(c for c in root.iter(X + "c") if c.get("t") == "s")
    cell.find(X + "v").text = "99"


def _unsorted_cells(root):
    cells = list(first(root, X + "row").iter(X + "c"))
    cells[0].addprevious(cells[1])


XLSX_DEFECTS = [(_overlap, "Gate_MergesOverlap"), (_unsorted_rows, "Gate_RowsUnsorted"),
                (_bad_ref, "Gate_CellRefInvalid"), (_string_index, "Gate_SharedStringIndex"),
                (_unsorted_cells, "Gate_CellsUnsorted")]


def test_clean_workbook_passes_the_added_checks():
    assert package_findings(_workbook()) == []


@pytest.mark.parametrize(("change", "expected"), XLSX_DEFECTS, ids=[d[1] for d in XLSX_DEFECTS])
def test_each_workbook_check_finds_its_defect(change, expected):
    found = {f.id for f in package_findings(mutate(_workbook(), "xl/worksheets/sheet1.xml", change))}
    assert expected in found


def test_shared_strings_part_missing():
    data = _workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename != "xl/sharedStrings.xml":
                dst.writestr(item, src.read(item))
    assert "Gate_SharedStringsMissing" in {f.id for f in package_findings(out.getvalue())}


def test_false_alarm_filter_is_exactly_the_openpyxl_font_order():
    alarm = {"id": "Sch_UnexpectedElementContentExpectingComplex", "path": "/xl/styles.xml",
             "xPath": "/x:styleSheet[1]/x:fonts[1]/x:font[3]"}
    assert is_known_false_alarm(alarm)
    assert not is_known_false_alarm({**alarm, "path": "/xl/worksheets/sheet1.xml"})
    assert not is_known_false_alarm({**alarm, "xPath": "/x:styleSheet[1]/x:cellXfs[1]/x:xf[2]"})
    assert not is_known_false_alarm({**alarm, "id": "Sch_InvalidElementContentExpectingComplex"})


def _drop_w15_declaration(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "word/document.xml":
                body = body.replace(b' xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"', b"")
            dst.writestr(item, body)
    return out.getvalue()


def _bad_char_space(root):
    first(root, W + "docGrid").set(W + "charSpace", "4294961151")


@pytest.mark.validator
def test_sdk_reports_an_undeclared_ignorable_prefix(validator, tmp_path: Path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(_drop_w15_declaration(corpus("paragraph_loop")))
    assert "MC_InvalidIgnorableAttribute" in {f.id for f in findings(broken)}
    with pytest.raises(pytest.fail.Exception, match="MC_InvalidIgnorableAttribute"):
        assert_word_valid(broken)


@pytest.mark.validator
def test_baseline_rule_counts_only_errors_the_template_did_not_have(validator, tmp_path: Path):
    template = tmp_path / "template.docx"
    template.write_bytes(mutate(corpus("paragraph_loop"), "word/document.xml", _bad_char_space))
    output = tmp_path / "output.docx"
    output.write_bytes(_drop_w15_declaration(template.read_bytes()))
    template_ids = {f.id for f in findings(template)}
    assert template_ids and "MC_InvalidIgnorableAttribute" not in template_ids
    assert {f.id for f in added_findings(output, template)} == {"MC_InvalidIgnorableAttribute"}
    assert_word_valid(template, baseline=template)
    with pytest.raises(pytest.fail.Exception, match="not already in template.docx"):
        assert_word_valid(output, baseline=template)


def test_missing_validator_skips_locally_and_fails_under_ci(monkeypatch, tmp_path: Path):
    from helpers import ooxml_gate

    monkeypatch.setenv("OOXML_VALIDATOR_CLI", str(tmp_path / "absent"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make validator"):
        ooxml_gate.require_validator()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        ooxml_gate.require_validator()
