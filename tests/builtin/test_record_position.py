"""The 版记 sits at the foot of the last page in LibreOffice's rendering, and check-layout measures it."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from reportgen.builtin.compose import new_section, para, record
from reportgen.builtin.gongwen import new_document, normalize
from reportgen.cli import main

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）：make system-deps"),
]
CC = "抄送：县委办公室，县人大常委会办公室，县政府办公室，县政协办公室，县纪委监委，县人民法院，县人民检察院。"


def _document(path, floating: bool = True):
    doc = new_document()
    para(doc, "关于印发某方案的通知", "公文标题")
    para(doc, "现将方案印发给你们，请认真贯彻执行。")
    new_section(doc, landscape=False)
    para(doc, "", "主送机关")
    tbl = record(doc, [CC, "青禾县乡村振兴局办公室\t2024年4月18日印发"])
    if not floating:  # what LibreOffice drew before: the 版记 at the top of its page
        tbl._tbl.tblPr.remove(tbl._tbl.tblPr.find(qn("w:tblpPr")))
    para(doc, "", "版记")
    normalize(doc)
    doc.save(str(path))
    return path


def test_record_last_rule_on_the_type_area_bottom(tmp_path):
    from reportgen.app.layout import check_layout

    report = check_layout(_document(tmp_path / "good.docx"), tmp_path)
    check = next(c for c in report.checks if c.name == "版记位置")
    assert check.ok, report.table()
    offset = float(check.measured.split("版心底边 ")[1].split(" mm")[0])
    assert abs(offset) <= 2.0 and report.pages == 2

    import pdfplumber  # a long 抄送 wraps (the row grows) instead of being clipped

    with pdfplumber.open(str(report.pdf)) as pdf:
        text = (pdf.pages[-1].extract_text() or "").replace(" ", "").replace("\n", "")
    assert "县人民检察院。" in text and "2024年4月18日印发" in text


def test_record_at_the_top_fails_the_check(tmp_path):
    result = CliRunner().invoke(main, ["check-layout", str(_document(tmp_path / "bad.docx", floating=False)),
                                       "--pdf-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "版记位置" in result.output and "不通过" in result.output
