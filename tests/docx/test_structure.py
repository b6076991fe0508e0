"""Structural prefixes, block loops, merges, column loops and list numbering, checked on the reopened file."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn
from helpers.docx_builders import reopen, texts, to_bytes

from reportgen.docx import DocxTemplate

TASKS = [
    {"任务": "摸底排查", "牵头": "民政局", "配合": ["教育局"]},
    {"任务": "建档立卡", "牵头": "民政局", "配合": ["公安局", "卫健委"]},
    {"任务": "关爱帮扶", "牵头": "团县委", "配合": []},
]


def _loop_table(document, head_cells, body_cells, prefix="tr"):
    table = document.add_table(rows=4, cols=len(head_cells))
    for index, text in enumerate(head_cells):
        table.cell(0, index).text = text
    table.cell(1, 0).text = f"{{%{prefix} for t in 任务 %}}"
    for index, text in enumerate(body_cells):
        table.cell(2, index).text = text
    table.cell(3, 0).text = f"{{%{prefix} endfor %}}"
    return table


def test_row_loop_with_vertical_merge_of_equal_lead_units():
    document = docx.Document()
    _loop_table(document, ["任务", "牵头单位"], ["{{ t.任务 }}", "{% vm %}{{ t.牵头 }}"])
    doc = reopen(DocxTemplate.load(to_bytes(document)).render({"任务": TASKS}))
    table = doc.tables[0]
    assert len(table.rows) == 4
    merges = [row._tr.tc_lst[1].tcPr.find(qn("w:vMerge")) for row in table.rows[1:]]
    assert [m.get(qn("w:val")) if m is not None else None for m in merges] == ["restart", None, None]
    assert merges[1] is not None  # continued cell
    assert [table.cell(i, 1).text for i in range(1, 4)] == ["民政局", "民政局", "团县委"]
    assert b"reportgen" not in zipfile.ZipFile(io.BytesIO(to_bytes(doc))).read("word/document.xml")


def test_conditional_rows_and_paragraph_blocks_are_removed():
    document = docx.Document()
    document.add_paragraph("{%p if 显示 %}")
    document.add_paragraph("条件段落一")
    document.add_paragraph("条件段落二")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{% for t in 任务 %}")
    document.add_paragraph("{{ loop.index }}. {{ t.任务 }}{% if t.配合 %}（配合：{{ t.配合|join('、') }}）{% endif %}")
    document.add_paragraph("{% for u in t.配合 %}")
    document.add_paragraph("- {{ u }}")
    document.add_paragraph("{% endfor %}")
    document.add_paragraph("{% endfor %}")
    table = document.add_table(rows=3, cols=1)
    table.cell(0, 0).text = "表头"
    table.cell(1, 0).text = "{%tr if 显示 %}"
    table.add_row().cells[0].text = "{%tr endif %}"
    table.cell(2, 0).text = "隐藏行"
    tpl = DocxTemplate.load(to_bytes(document))
    doc = reopen(tpl.render({"显示": False, "任务": TASKS}))
    assert texts(doc) == ["1. 摸底排查（配合：教育局）", "- 教育局", "2. 建档立卡（配合：公安局、卫健委）",
                          "- 公安局", "- 卫健委", "3. 关爱帮扶"]
    assert [r.cells[0].text for r in doc.tables[0].rows] == ["表头"]
    shown = reopen(tpl.render({"显示": True, "任务": []}))
    assert texts(shown) == ["条件段落一", "条件段落二"]
    assert [r.cells[0].text for r in shown.tables[0].rows] == ["表头", "隐藏行"]


def test_nested_table_inside_loop_and_cell_paragraph_kept():
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.text = "{%p for t in 任务 %}"
    inner = cell.add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "{{ t.任务 }}"
    cell.add_paragraph("{%p endfor %}")
    doc = reopen(DocxTemplate.load(to_bytes(document)).render({"任务": TASKS[:2]}))
    nested = doc.tables[0].cell(0, 0).tables
    assert [t.cell(0, 0).text for t in nested] == ["摸底排查", "建档立卡"]
    empty = reopen(DocxTemplate.load(to_bytes(document)).render({"任务": []}))
    assert len(empty.tables[0].cell(0, 0).paragraphs) >= 1  # every w:tc keeps a w:p


def test_column_loop_colspan_cellbg_and_grid():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "{%tc for y in 年度 %}"
    table.cell(0, 2).text = "{{ y }}年{% cellbg 'FFCC00' %}"
    table.add_column(docx.shared.Cm(2)).cells[0].text = "{%tc endfor %}"
    table.cell(1, 0).text = "合计{% colspan 年度|length + 1 %}"
    table.rows[1]._tr.remove(table.rows[1]._tr.tc_lst[-1])
    table.rows[1]._tr.remove(table.rows[1]._tr.tc_lst[-1])
    table.rows[1]._tr.remove(table.rows[1]._tr.tc_lst[-1])
    doc = reopen(DocxTemplate.load(to_bytes(document)).render({"年度": [2019, 2020, 2021]}))
    tbl = doc.tables[0]._tbl
    head = tbl.tr_lst[0].tc_lst
    assert [c.xpath("string(.)") for c in head] == ["项目", "2019年", "2020年", "2021年"]
    assert head[1].tcPr.find(qn("w:shd")).get(qn("w:fill")) == "FFCC00"
    assert tbl.tr_lst[1].tc_lst[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "4"
    assert len(tbl.tblGrid.findall(qn("w:gridCol"))) == 4


def test_horizontal_merge_of_equal_cells():
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "{%tc for v in 值 %}"
    table.cell(0, 1).text = "{% hm %}{{ v }}"
    table.cell(0, 2).text = "{%tc endfor %}"
    doc = reopen(DocxTemplate.load(to_bytes(document)).render({"值": ["甲", "甲", "乙"]}))
    cells = doc.tables[0]._tbl.tr_lst[0].tc_lst
    assert [c.xpath("string(.)") for c in cells] == ["甲", "乙"]
    assert cells[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "2"


def _numbered_loop_document():
    document = docx.Document()
    document.add_paragraph("{% for t in 任务 %}")
    document.add_paragraph("{{ t.任务 }}")
    document.add_paragraph("措施{{ t.牵头 }}", style="List Number")
    document.add_paragraph("措施二", style="List Number")
    document.add_paragraph("{% endfor %}")
    return to_bytes(document)


def test_numbered_list_restarts_for_each_loop_item():
    data = DocxTemplate.load(_numbered_loop_document()).render({"任务": TASKS[:2]})
    doc = reopen(data)
    num_ids = [p._p.pPr.numPr.numId.val for p in doc.paragraphs if p._p.pPr is not None
               and p._p.pPr.numPr is not None]
    assert len(num_ids) == 4 and num_ids[0] == num_ids[1] and num_ids[2] == num_ids[3] and num_ids[0] != num_ids[2]
    numbering = doc.part.numbering_part.element
    for num_id in set(num_ids):
        num = numbering.num_having_numId(num_id)
        assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "1"


def test_numbered_list_can_continue():
    template = _numbered_loop_document()
    data = DocxTemplate.load(template, list_numbering="continue").render({"任务": TASKS[:2]})
    doc = reopen(data)
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 4 and all(p._p.pPr.numPr is None for p in numbered)  # the style's one list
    before = reopen(template).part.numbering_part.element.num_lst
    assert len(doc.part.numbering_part.element.num_lst) == len(before)


def test_fields_request_update_on_open():
    document = docx.Document()
    paragraph = document.add_paragraph("第")
    run = paragraph.add_run()
    run._r.append(run._r.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"}))
    document.add_paragraph("{{ 县 }}")
    data = DocxTemplate.load(to_bytes(document)).render({"县": "甲"})
    settings = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings


def test_a_plain_column_loop_fixes_the_table_grid():
    """Regression: a column loop without colspan/cellbg left ``w:tblGrid`` with the template's columns."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=4)
    for index, text in enumerate(["项目", "{%tc for y in 年度 %}", "{{ y }}年", "{%tc endfor %}"]):
        table.cell(0, index).text = text
    doc = reopen(DocxTemplate.load(to_bytes(document)).render({"年度": [2019, 2020, 2021, 2022, 2023]}))
    tbl = doc.tables[0]._tbl
    assert [c.xpath("string(.)") for c in tbl.tr_lst[0].tc_lst][1:] == [f"{y}年" for y in range(2019, 2024)]
    assert len(tbl.tblGrid.findall(qn("w:gridCol"))) == 6
