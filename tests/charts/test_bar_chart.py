"""BarChart writes a native chart part, an embedded workbook and consistent package bookkeeping."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from docx import Document
from lxml import etree

from reportgen.charts import BarChart
from reportgen.docx import DocxTemplate, Mm
from reportgen.errors import ReportgenError
from reportgen.ooxml.namespaces import CT_CHART, REL_CHART, REL_PACKAGE

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _template(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _xml(z: zipfile.ZipFile, name: str):
    return etree.fromstring(z.read(name), PARSER)


def _rels(z: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    return {r.get("Id"): (r.get("Type"), r.get("Target")) for r in _xml(z, name).iter(f"{PKG}Relationship")}


def _render(context: dict, *lines: str) -> zipfile.ZipFile:
    data = DocxTemplate.load(_template(*lines)).render(context)
    return zipfile.ZipFile(io.BytesIO(data))


def test_chart_part_caches_workbook_and_relationships():
    chart = BarChart([2014, 2015, 2016], {"脱贫人数": [300, 280, 12.5]}, title="历年脱贫<人数>&", width=Mm(150))
    z = _render({"图": chart}, "{{p 图 }}", "后文")
    names = z.namelist()
    assert "word/charts/chart1.xml" in names and "word/embeddings/Microsoft_Excel_Worksheet1.xlsx" in names

    space = _xml(z, "word/charts/chart1.xml")
    ser = space.find(f".//{C}ser")
    assert [v.text for v in ser.find(f"{C}cat").iter(f"{C}v")] == ["2014", "2015", "2016"]
    assert [v.text for v in ser.find(f"{C}val").iter(f"{C}v")] == ["300", "280", "12.5"]
    assert [v.text for v in ser.find(f"{C}tx").iter(f"{C}v")] == ["脱贫人数"]
    assert ser.find(f".//{C}cat//{C}f").text == "Sheet1!$A$2:$A$4"
    assert ser.find(f".//{C}val//{C}f").text == "Sheet1!$B$2:$B$4"
    assert "".join(space.find(f".//{C}title").itertext()) == "历年脱贫<人数>&"

    # chart → workbook through c:externalData and a package relationship
    book_rid = space.find(f"{C}externalData").get(R_ID)
    chart_rels = _rels(z, "word/charts/_rels/chart1.xml.rels")
    assert chart_rels[book_rid] == (REL_PACKAGE, "../embeddings/Microsoft_Excel_Worksheet1.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(z.read("word/embeddings/Microsoft_Excel_Worksheet1.xlsx"))).active
    assert sheet.title == "Sheet1"
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=4)] == [
        [None, "脱贫人数"], ["2014", 300], ["2015", 280], ["2016", 12.5]]

    # document → chart, inline drawing with the chart's r:id
    doc_rels = _rels(z, "word/_rels/document.xml.rels")
    body = _xml(z, "word/document.xml")
    chart_ref = body.find(f".//{C}chart")
    assert doc_rels[chart_ref.get(R_ID)] == (REL_CHART, "charts/chart1.xml")
    extent = body.find(f".//{WP}inline/{WP}extent")
    assert int(extent.get("cx")) == Mm(150)

    types = _xml(z, "[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{CT}Default")}
    assert overrides["/word/charts/chart1.xml"] == CT_CHART
    assert defaults["xlsx"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    reopened = Document(io.BytesIO(_zip_bytes(z)))  # python-docx loads the package with the new parts
    assert any(p.partname == "/word/charts/chart1.xml" for p in reopened.part.package.iter_parts())


def _zip_bytes(z: zipfile.ZipFile) -> bytes:
    return z.fp.getvalue()  # type: ignore[union-attr]


def test_two_charts_get_their_own_parts_and_docpr_ids():
    a = BarChart(["甲", "乙"], {"户数": [1, 2], "人数": [3, 4]})
    b = BarChart(["丙"], {"人数": [5]})
    z = _render({"a": a, "b": b}, "{{p a }}", "{{p b }}")
    assert {"word/charts/chart1.xml", "word/charts/chart2.xml"} <= set(z.namelist())
    assert "word/embeddings/Microsoft_Excel_Worksheet2.xlsx" in z.namelist()
    body = _xml(z, "word/document.xml")
    ids = [d.get("id") for d in body.iter(f"{WP}docPr")]
    assert len(ids) == 2 and len(set(ids)) == 2
    first = _xml(z, "word/charts/chart1.xml")
    assert len(first.findall(f".//{C}ser")) == 2 and first.find(f".//{C}legend") is not None
    assert first.findall(f".//{C}ser")[1].find(f".//{C}val//{C}f").text == "Sheet1!$C$2:$C$3"


def test_bad_data_is_a_located_chinese_error():
    with pytest.raises(ReportgenError, match="有 2 个数值，但分类有 3 个"):
        BarChart([1, 2, 3], {"人数": [1, 2]})
    with pytest.raises(ReportgenError, match="不是数字"):
        BarChart([1], {"人数": ["多"]})
    with pytest.raises(ReportgenError, match="没有「人数」"):
        BarChart.from_rows([{"年度": 2014}], "年度", "人数")


def test_missing_values_are_gaps_not_zeros():
    z = _render({"c": BarChart(["a", "b"], {"s": [None, 3]})}, "{{p c }}")
    pts = _xml(z, "word/charts/chart1.xml").findall(f".//{C}numCache/{C}pt")
    assert [(p.get("idx"), p.find(f"{C}v").text) for p in pts] == [("1", "3")]
