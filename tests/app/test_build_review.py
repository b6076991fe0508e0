"""``reportgen build`` writes what a clerk checks before signing: 核对底稿.xlsx (the same figures as
figures.yaml), a 核对稿 per document (one comment per data value, valid OOXML) and, with ``上年`` in the
project file, the same 同比 as ``reportgen figures --previous``. All through the CLI on real files."""

from __future__ import annotations

import json
import shutil
import zipfile

import docx
import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from helpers.docx_builders import to_bytes
from helpers.ooxml_gate import assert_word_valid, prefetch
from lxml import etree

from reportgen.app.build import STATE_FILE
from reportgen.cli import main
from reportgen.context import parse_path
from reportgen.context.paths import lookup_path
from reportgen.samples import generate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENTS = ("工作总结", "情况报告", "印发通知")


def run(*args, code=0):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """This year's exports with ``init``'s project file, last year's exports in 上年/, 上年 and 核对稿 set."""
    folder = tmp_path_factory.mktemp("proj")
    generate(folder, persons=300, seed=21, year=2024)
    generate(folder / "上年", persons=280, seed=22, year=2023)
    run("init", folder)
    text = (folder / "reportgen.yaml").read_text(encoding="utf-8")
    assert "\n# 上年: [" in text and "核对稿: 否" in text and "核对底稿: 是" in text  # init says how
    assert "上年" not in yaml.safe_load(text)
    previous = ", ".join(f"上年/{p.name}" for p in sorted((folder / "上年").glob("*.xlsx")))
    text = text.replace("PDF: 自动", "PDF: 否").replace("核对稿: 否", "核对稿: 是")
    text = text.replace("\n# 上年: [", f"\n上年: [{previous}]  # was: [")
    (folder / "reportgen.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run("build", project, "-o", out)
    assert "已生成 核对底稿.xlsx" in result.output and "已生成 文档/工作总结（核对稿）.docx" in result.output
    return out


def test_audit_workbook_has_the_figures_of_figures_yaml(built):
    figures = yaml.safe_load((built / "figures.yaml").read_text(encoding="utf-8"))
    sheet = openpyxl.load_workbook(built / "核对底稿.xlsx")["指标"]
    rows = [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2)]
    assert len(rows) > 500
    for path, value in rows:
        assert lookup_path(figures, parse_path(path)) == value, path
    assert {"建档立卡.户数", "监测.户数", "村级基本情况.行政村数"} <= {p for p, _ in rows}


def _comments(path):
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode()
        comments = etree.fromstring(z.read("word/comments.xml"))
    texts = ["\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p")) for c in comments]
    return body, texts


def test_a_review_copy_per_document_one_comment_per_data_value_and_valid(built):
    figures = yaml.safe_load((built / "figures.yaml").read_text(encoding="utf-8"))
    copies = [built / "文档" / f"{name}（核对稿）.docx" for name in DOCUMENTS]
    prefetch(copies)
    for name, copy in zip(DOCUMENTS, copies, strict=True):
        body, texts = _comments(copy)
        assert len(texts) >= 5, name
        assert body.count("<w:commentReference") == len(texts) == body.count('<w:highlight w:val="yellow"/>'), name
        for text in texts:
            first = text.splitlines()[0]
            if " = " in first and not first.startswith("此处") and "|length" not in first:
                path, value = first.split(" = ", 1)
                assert str(lookup_path(figures, parse_path(path))) == value, (name, path)
                assert "\n来源：" in text and "\n定义：" in text, text
        plain = [p.text for p in docx.Document(str(built / "文档" / f"{name}.docx")).paragraphs]
        assert [p.text for p in docx.Document(str(copy)).paragraphs] == plain  # same words, only marked
        assert_word_valid(copy)
    assert any(t.startswith("同比 建档立卡.未脱贫人数：本年 ") for t in _comments(copies[0])[1])


def test_previous_year_gives_the_same_yoy_as_figures_previous(project, built, tmp_path):
    settings = yaml.safe_load((project / "reportgen.yaml").read_text(encoding="utf-8"))
    exports = [project / f for f in settings["台账"].values()]
    previous = [project / f for f in settings["上年"]]
    assert settings["排除含错误的行"] == "否"
    run("figures", *exports, "--year", settings["年度"], "--previous", *previous, "-o", tmp_path / "f.yaml")
    assert (tmp_path / "f.yaml").read_bytes() == (built / "figures.yaml").read_bytes()
    yoy = yaml.safe_load((built / "figures.yaml").read_text(encoding="utf-8"))["同比"]["建档立卡"]["未脱贫人数"]
    text = "\n".join(p.text for p in docx.Document(str(built / "文档" / "工作总结.docx")).paragraphs)
    change = yoy["增减"]
    assert "与上年相比，未脱贫人口" + ("持平" if change == 0 else f"{'增加' if change > 0 else '减少'}{abs(change)}人") in text
    report = (built / "构建报告.md").read_text(encoding="utf-8")
    assert "- 核对底稿.xlsx（核对底稿：" in report and "- 文档/情况报告（核对稿）.docx（核对稿：" in report
    assert "## 同比所用的上年台账" in report and "上年/建档立卡人口.xlsx" in report


def test_previous_year_inputs_are_in_the_fingerprint(project, tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(project, folder)
    out = tmp_path / "out"
    run("build", folder, "-o", out)
    again = run("build", folder, "-o", out)
    assert "生成 0 项" in again.output
    generate(tmp_path / "other", persons=250, seed=23, year=2023)  # last year's export re-exported
    shutil.copyfile(tmp_path / "other" / "建档立卡人口.xlsx", folder / "上年" / "建档立卡人口.xlsx")
    third = run("build", folder, "-o", out)
    assert "已生成 文档/工作总结.docx" in third.output and "已生成 文档/工作总结（核对稿）.docx" in third.output
    assert "已生成 责任书/" not in third.output and "已生成 核对底稿.xlsx" not in third.output  # they read no 同比
    state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    assert "核对底稿.xlsx" in state and "文档/工作总结.docx" in state


def test_review_copy_asked_on_the_command_line_and_left_out_otherwise(project, tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(project, folder)
    path = folder / "reportgen.yaml"
    text = path.read_text(encoding="utf-8").replace("核对稿: 是", "核对稿: 否")
    path.write_text(text.replace("\n上年: [", "\n# 上年: ["), encoding="utf-8")
    out = tmp_path / "out"
    first = run("build", folder, "-o", out)
    assert not (out / "文档" / "工作总结（核对稿）.docx").exists() and "核对稿" not in first.output
    assert "同比" not in yaml.safe_load((out / "figures.yaml").read_text(encoding="utf-8"))
    second = run("build", folder, "-o", out, "--review")  # documents unchanged, only their review copies missing
    assert "已生成 文档/工作总结（核对稿）.docx" in second.output
    _body, texts = _comments(out / "文档" / "工作总结（核对稿）.docx")
    assert texts and not any(t.startswith("同比") for t in texts)


def test_template_with_its_own_comments_gets_a_located_refusal_not_a_broken_copy(project, tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(project, folder)
    document = docx.Document()
    paragraph = document.add_paragraph("全县{{ 建档立卡.户数 }}户。")
    document.add_comment(paragraph.runs, text="请核对", author="科员")
    (folder / "自己的.docx").write_bytes(to_bytes(document))
    path = folder / "reportgen.yaml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings.update({"文档": ["自己的.docx"], "批量": [], "核对底稿": "否"})
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", folder, "-o", out, code=1)
    assert "已生成 文档/自己的.docx" in result.output
    assert "未能生成 文档/自己的（核对稿）.docx：" in result.output and "模板本身已有批注" in result.output
    assert not (out / "文档" / "自己的（核对稿）.docx").exists() and not (out / "核对底稿.xlsx").exists()
    report = (out / "构建报告.md").read_text(encoding="utf-8")
    assert f"文件 {folder / '自己的.docx'}" in report and "删除文档中的所有批注" in report


def test_a_document_whose_export_the_project_lacks_is_reported_not_a_crash(project, tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(project, folder)
    path = folder / "reportgen.yaml"
    settings = yaml.safe_load(path.read_text(encoding="utf-8"))
    settings["台账"].pop("建档立卡")
    settings.update({"文档": ["乡镇汇总"], "批量": [], "上年": None})
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    result = run("build", folder, "-o", tmp_path / "out", code=1)
    assert "未能生成 报表/巩固拓展脱贫攻坚成果乡镇汇总表.xlsx：台账「建档立卡」" in result.output
