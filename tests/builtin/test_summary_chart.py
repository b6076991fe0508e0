"""工作总结/情况报告 carry a native, editable bar chart of 脱贫人数 by year from 建档立卡.脱贫年度."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections import defaultdict

import openpyxl
import pytest
from lxml import etree

from reportgen.app.builtins import deep_merge, load_params, render_builtin
from reportgen.builtin import BUILTINS

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _render(name, figures, tmp_path):
    return render_builtin(name, deep_merge(figures, load_params(BUILTINS[name])), tmp_path / f"{name}.docx")


@pytest.mark.parametrize("name", ["工作总结", "情况报告"])
def test_chart_holds_the_figures(name, figures, tmp_path):
    from docx import Document

    path = _render(name, figures, tmp_path)
    years = figures["建档立卡"]["脱贫年度"]
    z = zipfile.ZipFile(path)
    charts = [n for n in z.namelist() if n.startswith("word/charts/chart")]
    assert charts == ["word/charts/chart1.xml"]
    space = etree.fromstring(z.read(charts[0]), PARSER)
    assert [v.text for v in space.find(f".//{C}cat").iter(f"{C}v")] == [str(y["年度"]) for y in years]
    assert [int(v.text) for v in space.find(f".//{C}val").iter(f"{C}v")] == [y["人数"] for y in years]
    assert "".join(space.find(f".//{C}title").itertext()) == "2014—2020年脱贫人数（人）"
    book = openpyxl.load_workbook(io.BytesIO(z.read("word/embeddings/Microsoft_Excel_Worksheet1.xlsx"))).active
    assert [(r[0].value, r[1].value) for r in book.iter_rows(min_row=2)] == [
        (str(y["年度"]), y["人数"]) for y in years]
    doc = Document(str(path))  # python-docx reopens it; the chart sits in its own centred paragraph
    holder = next(p for p in doc.paragraphs if p._p.xpath(".//c:chart"))
    assert holder.style.name == "图表"
    assert "{{" not in "".join(p.text for p in doc.paragraphs)


def test_no_chart_without_yearly_figures(figures, tmp_path):
    del figures["建档立卡"]["脱贫年度"]
    figures["建档立卡"]["脱贫年度"] = []  # the text loop still needs the list
    path = _render("工作总结", figures, tmp_path)
    assert not any(n.startswith("word/charts/") for n in zipfile.ZipFile(path).namelist())


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）：make system-deps")
def test_chart_is_drawn_in_the_pdf(figures, tmp_path):
    import pdfplumber

    from reportgen.output.pdf import convert_to_pdf

    pdf = convert_to_pdf(_render("工作总结", figures, tmp_path), tmp_path / "pdf")
    labels = [str(y["年度"]) for y in figures["建档立卡"]["脱贫年度"]]
    with pdfplumber.open(str(pdf)) as doc:
        rows: dict[tuple[int, float], list[str]] = defaultdict(list)
        for number, page in enumerate(doc.pages):
            for word in page.extract_words():
                rows[(number, round(word["bottom"]))].append(word["text"])
        text = "".join(page.extract_text() or "" for page in doc.pages)
    assert any(row == labels for row in rows.values()), "图表的年度标签没有出现在同一行"
    assert "脱贫人数（人）" in text.replace(" ", "")
