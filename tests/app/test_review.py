"""The review copy (核对稿): one comment per value that came from data, values computed from several
figures name each of them, the normal document is unchanged, and the comments part is well formed."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
import yaml
from click.testing import CliRunner
from helpers.docx_builders import to_bytes
from lxml import etree

from reportgen.app.builtins import deep_merge, load_params, render_builtin
from reportgen.app.figures import figure_set
from reportgen.app.review import review_path
from reportgen.builtin import BUILTINS
from reportgen.cli import main
from reportgen.samples import generate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    base = tmp_path_factory.mktemp("review")
    now = generate(base / "2024", persons=300, seed=21, year=2024)
    before = generate(base / "2023", persons=280, seed=22, year=2023)
    return now, before


@pytest.fixture(scope="module")
def figures_file(years, tmp_path_factory):
    now, before = years
    out = tmp_path_factory.mktemp("figs") / "figures.yaml"
    result = CliRunner().invoke(main, ["figures", *map(str, now.paths.values()), "-o", str(out),
                                       "--previous", *map(str, before.paths.values())])
    assert result.exit_code == 0, result.output
    return out


def _template(path):
    document = docx.Document()
    document.add_paragraph("全县{{ 建档立卡.户数 }}户，共{{ 建档立卡.乡镇|length }}个乡镇。{{ 县 }}")
    document.add_paragraph("{% for t in 建档立卡.乡镇 %}{{ t.名称 }}{{ t.人数|num }}人；{% endfor %}")
    document.add_paragraph("脱贫比例{{ (建档立卡.已脱贫人数 / 建档立卡.人数)|pct(1) }}，"
                           "人数比上年{{ 同比.建档立卡.人数|增减 }}。{% if 建档立卡.未脱贫人数 > 0 %}尚有未脱贫人口。{% endif %}")
    document.sections[0].header.paragraphs[0].text = "{{ 建档立卡.人数 }}"
    path.write_bytes(to_bytes(document))
    return path


def _comments(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        body = z.read("word/document.xml").decode()
        comments = etree.fromstring(z.read("word/comments.xml")) if "word/comments.xml" in names else None
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
        header = next((z.read(n).decode() for n in names if n.startswith("word/header")), "")
    texts = [] if comments is None else ["\n".join("".join(t.text or "" for t in p.iter(f"{W}t"))
                                                   for p in c.iter(f"{W}p")) for c in comments]
    return body, texts, rels, types, header, comments


def test_render_review_comments_every_data_value(figures_file, tmp_path):
    template = _template(tmp_path / "t.docx")
    out = tmp_path / "报告.docx"
    result = CliRunner().invoke(main, ["render", str(template), "--data", str(figures_file), "-o", str(out),
                                       "--review"])
    assert result.exit_code == 0, result.output
    copy = review_path(out)
    assert copy.name == "报告（核对稿）.docx" and copy.is_file()
    figures = yaml.safe_load(figures_file.read_text(encoding="utf-8"))
    towns = figures["建档立卡"]["乡镇"]

    body, texts, rels, types, header, comments = _comments(copy)
    # 户数, |length, one 人数 per 乡镇, the ratio, the 同比 phrase; not 县, 名称 or the if test
    assert len(texts) == 1 + 1 + len(towns) + 1 + 1
    assert body.count("<w:commentRangeStart") == body.count("<w:commentReference") == len(texts)
    assert texts[0].startswith(f"建档立卡.户数 = {figures['建档立卡']['户数']}\n定义：「建档立卡」台账全部行，按「户编号」去重计户数")
    assert "来源：建档立卡人口.xlsx › " in texts[0] and f"，{_rows(texts[0])} 行" in texts[0]
    assert texts[1].startswith("建档立卡.乡镇|length = ")
    for town, text in zip(towns, texts[2:], strict=False):
        assert text.startswith(f"建档立卡.乡镇[{town['名称']}].人数 = {town['人数']}\n定义：「建档立卡」台账中乡(镇)为「{town['名称']}」")
    ratio = texts[2 + len(towns)]
    assert ratio.startswith("此处的值「") and "由 2 个数字算出" in ratio
    assert "建档立卡.已脱贫人数 = " in ratio and "建档立卡.人数 = " in ratio
    yoy = figures["同比"]["建档立卡"]["人数"]
    assert texts[-1].startswith(f"同比 建档立卡.人数：本年 {yoy['本年']}，上年 {yoy['上年']}，增减 {yoy['增减']}人，增幅 ")
    for comment in comments:
        assert comment.get(f"{W}author") == "reportgen 核对" and comment.get(f"{W}initials") == "RG"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", comment.get(f"{W}date"))
    assert 'relationships/comments" Target="comments.xml"' in rels
    assert 'PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"' in types
    assert "w:highlight" in header and "commentReference" not in header  # headers cannot hold comments
    plain_body, plain_texts, *_ = _comments(out)
    assert plain_texts == [] and "w:highlight" not in plain_body
    shown = [p.text for p in docx.Document(str(out)).paragraphs]
    assert [p.text for p in docx.Document(str(copy)).paragraphs] == shown  # same words, only marked


def _rows(text):
    return re.search(r"，(\d+) 行", text).group(1)


def test_builtin_summary_review_copy(years, tmp_path):
    now, before = years
    fs = figure_set(list(now.paths.values()), previous=list(before.paths.values()))
    context = deep_merge(fs.figures, load_params(BUILTINS["工作总结"]))
    out = render_builtin("工作总结", context, tmp_path / "工作总结.docx", review=fs)
    body, texts, *_ = _comments(review_path(out))
    assert len(texts) > 60
    assert body.count("<w:commentReference") == len(texts) == body.count('<w:highlight w:val="yellow"/>')
    for text in texts:
        first = text.splitlines()[0]
        if " = " in first and not first.startswith("此处"):
            path, value = first.split(" = ", 1)
            if "|length" not in path:
                assert str(fs.value(path)) == value, path
    assert not any("公文" in t for t in texts)  # parameters are not data
    plain = [p.text for p in docx.Document(str(out)).paragraphs]
    assert [p.text for p in docx.Document(str(review_path(out))).paragraphs] == plain


def test_review_of_a_plain_data_file_names_path_and_value(tmp_path):
    template = tmp_path / "t.docx"
    document = docx.Document()
    document.add_paragraph("{{ 建档立卡.户数 }}")
    template.write_bytes(to_bytes(document))
    data = tmp_path / "d.yaml"
    data.write_text("建档立卡: {户数: 12}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(template), "--data", str(data), "-o", str(tmp_path / "o.docx"),
                                       "--review"])
    assert result.exit_code == 0, result.output
    _, texts, *_ = _comments(tmp_path / "o（核对稿）.docx")
    assert texts == ["建档立卡.户数 = 12\n来源：数据文件（未记录台账，无法追溯到行）"]
