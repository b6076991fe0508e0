"""check-layout's 页末留白 row: a page (not the last) must not end more than 3 body lines early because the
next block was pushed over. Regression: the 流动人口情况汇报 kept its table by 乡镇 whole with the lead-in
paragraph, so a table that did not fit moved to page 2 and left page 1 with 5–7 empty lines."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from reportgen.builtin.compose import flowing_table, para, table
from reportgen.builtin.gongwen import new_document, normalize
from reportgen.cli import main
from reportgen.docx import DocxTemplate

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）：make system-deps"),
]
TEXT = "为深入贯彻落实党中央国务院关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署全县上下坚持以人民为中心"
HEAD = ["乡镇", "流入户数", "流入人数", "合同签订率"]
TOWNS = [{"名称": f"第{n}镇", "户数": 10 + n, "人数": 30 + n} for n in range(1, 13)]


def _document(path, flowing: bool):
    """17 body lines on page 1, a lead-in kept with a 12-row table, then text onto page 2 and 3."""
    doc = new_document()
    para(doc, "青禾县流动人口情况汇报", "公文标题")
    para(doc, TEXT[:26] + TEXT * 4)  # 5 lines
    para(doc, (TEXT * 3)[:26 + 11 * 28])  # 12 lines
    para(doc, "各乡镇分布情况见下表。").paragraph_format.keep_with_next = True
    row = ["{{ r.名称 }}", "{{ r.户数 }}", "{{ r.人数 }}", "90.0%"]
    total = ["合计", "150", "450", "90.0%"]
    if flowing:
        flowing_table(doc, HEAD, "r", "乡镇", row, total, [30, 20, 20, 20])
    else:  # the old layout: every row but the last kept with the next, the whole table with the lead-in
        rows = [HEAD, *([t["名称"], str(t["户数"]), str(t["人数"]), "90.0%"] for t in TOWNS), total]
        tbl = table(doc, rows, [30, 20, 20, 20], styles=["表头"] + [None] * (len(rows) - 1))
        for tr in tbl.rows[:-1]:
            for cell in tr.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    for _ in range(3):
        para(doc, TEXT * 6)
    normalize(doc)
    source = path.with_name(path.stem + "-模板.docx")
    doc.save(str(source))
    DocxTemplate.load(source).render_to(path, {"乡镇": TOWNS})
    return path


def _row(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(name))


def test_a_table_kept_whole_that_leaves_page_one_half_empty_fails(tmp_path):
    path = _document(tmp_path / "kept.docx", flowing=False)
    result = CliRunner().invoke(main, ["check-layout", str(path), "--pdf-dir", str(tmp_path)])
    assert result.exit_code == 1, result.output
    row = _row(result.output, "页末留白")
    assert row.rstrip().endswith("不通过") and "第 1 页末空" in row and "下页起于「各乡镇分布情况" in row, row


def test_the_flowing_table_fills_page_one_and_repeats_its_header(tmp_path):
    import pdfplumber

    path = _document(tmp_path / "flowing.docx", flowing=True)
    result = CliRunner().invoke(main, ["check-layout", str(path), "--pdf-dir", str(tmp_path)])
    row = _row(result.output, "页末留白")
    assert row.rstrip().endswith("通过") and "不通过" not in row, result.output
    assert result.exit_code == 0, result.output
    with pdfplumber.open(str(tmp_path / "flowing.pdf")) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages[:2]]
    towns = [[t["名称"] for t in TOWNS if t["名称"] in text.split()] for text in pages]
    assert all("流入户数" in text for text in pages)  # the header row on both pages
    assert len(towns[0]) >= 2 and len(towns[1]) >= 1 and towns[0] + towns[1] == [t["名称"] for t in TOWNS]
    assert "合计" in pages[1] and "各乡镇分布情况见下表" in pages[0]
