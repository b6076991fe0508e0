"""The web page's checking aids: 核对底稿 and 核对稿 offered after making, the rows each export had left
out (and why) shown next to it, and "保存为 reportgen.yaml" — a project file that ``reportgen build``
turns into the same figures and documents."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import docx
import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from test_flow import wait_for_job

from reportgen.cli import main
from reportgen.web import usecases


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch):
    monkeypatch.setattr(usecases, "soffice_available", lambda: False)


def _made(client, documents, extra=None):
    client.post_form("/documents", {"doc": documents, **(extra or {})})
    client.post_form("/make")
    assert wait_for_job(client)["state"] == "done"
    download = client.get("/download").text
    return download, dict((path, fid) for fid, path in re.findall(r'href="/files/([0-9a-f]+)">([^<]+)<', download))


def test_make_offers_the_audit_workbook_and_a_review_copy_per_document(client, sample_dir):
    client.upload(*sorted(sample_dir.glob("*.xlsx")))
    download, ids = _made(client, ["工作总结", "情况报告", "报表"])
    review = download[download.index('id="review"'):download.index("</section>", download.index('id="review"'))]
    for path in ("核对底稿.xlsx", "文档/工作总结（核对稿）.docx", "文档/情况报告（核对稿）.docx"):
        assert f">{path}<" in review and path in ids, path
    assert "文档/工作总结.docx" not in review
    assert ".reportgen-build.json" not in ids and "构建报告.md" in ids
    make = client.get("/make").text
    assert 'id="review"' in make and "核对底稿.xlsx" in make
    figures = yaml.safe_load(client.get(f"/files/{ids['figures.yaml']}").content)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/files/{ids['核对底稿.xlsx']}").content))
    rows = {r[0].value: r[1].value for r in book["指标"].iter_rows(min_row=2)}
    assert rows["建档立卡.户数"] == figures["建档立卡"]["户数"]
    copy = zipfile.ZipFile(io.BytesIO(client.get(f"/files/{ids['文档/工作总结（核对稿）.docx']}").content))
    comments = copy.read("word/comments.xml").decode()
    assert comments.count("<w:comment ") > 60 and f"建档立卡.户数 = {figures['建档立卡']['户数']}" in comments
    assert "来源：建档立卡人口.xlsx › " in comments  # the uploaded name, not the workspace's


def test_left_out_rows_are_shown_next_to_their_export(client, tmp_path):
    from reportgen.samples import generate

    generate(tmp_path, persons=300, seed=3, mess={"bad-values"})
    client.upload(tmp_path / "建档立卡人口.xlsx", tmp_path / "村级基本情况.xlsx")
    assert "统计时未计入" not in client.get("/check").text
    client.post_form("/figures", {"exclude_bad_rows": "1"})
    check = client.get("/check").text
    section = check[check.index("<h2>建档立卡人口.xlsx"):]
    section = section[:section.index("</section>")]
    note = re.search(r'<div class="left-out"><b>统计时未计入：</b><p>(.*?)</p>', section, re.S).group(1)
    assert note.startswith("建档立卡人口.xlsx：排除了 ") and "含错误的行 — " in note
    assert re.search(r"[0-9a-f]{16}", note) is None  # no workspace ids
    figures = client.get("/figures").text
    assert 'id="left-out"' in figures and "<b>建档立卡人口.xlsx</b>" in figures


def test_saved_project_file_builds_the_same_figures_and_documents(client, sample_dir, tmp_path):
    client.upload(*sorted(sample_dir.glob("*.xlsx")))
    _download, ids = _made(client, ["工作总结", "责任书", "报表"], {"p|工作总结|公文.落款": "青禾县测试局"})
    saved = client.get("/project.yaml")
    assert saved.status_code == 200 and 'filename="reportgen.yaml"' in saved.headers["content-disposition"]
    text = saved.content.decode("utf-8")
    settings = yaml.safe_load(text)
    assert settings["台账"]["建档立卡"] == "建档立卡人口.xlsx" and settings["核对稿"] == "是"
    assert {"模板": "工作总结", "参数": {"公文": {"落款": "青禾县测试局"}}} in settings["文档"]
    assert "乡镇汇总" in settings["文档"] and settings["批量"][0]["模板"] == "责任书"
    folder = tmp_path / "台账"
    shutil.copytree(sample_dir, folder)
    (folder / "reportgen.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    page_figures = yaml.safe_load(client.get(f"/files/{ids['figures.yaml']}").content)
    assert yaml.safe_load((tmp_path / "out" / "figures.yaml").read_text(encoding="utf-8")) == page_figures
    made = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert set(ids) <= made  # every file the page offered, and the same names
    page_doc = docx.Document(io.BytesIO(client.get(f"/files/{ids['文档/工作总结.docx']}").content))
    cli_doc = docx.Document(str(tmp_path / "out" / "文档" / "工作总结.docx"))
    assert [p.text for p in cli_doc.paragraphs] == [p.text for p in page_doc.paragraphs]
    assert any("青禾县测试局" in p.text for p in cli_doc.paragraphs)
