"""「打开 reportgen.yaml」 and 「上年台账」 on the page: a saved project file restores the choices it holds,
names what it needs that was not uploaded, and last year's exports give the documents 同比."""

from __future__ import annotations

import io
import re

import docx
import pytest
import yaml
from test_flow import wait_for_job

from reportgen.samples import generate
from reportgen.web import usecases


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch):
    monkeypatch.setattr(usecases, "soffice_available", lambda: False)


@pytest.fixture(scope="module")
def previous_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("previous")
    generate(folder, persons=280, seed=22, year=2023)
    return folder


CHOICES = {"doc": ["工作总结", "责任书", "报表"], "p|工作总结|公文.落款": "青禾县测试局",
           "p|工作总结|公文.成文日期": "2024-12-21", "pdf": "", "review_shown": "1"}


def _open(client, project: bytes, *exports, previous=(), name="reportgen.yaml"):
    files = [("project", (name, project))] + [("project_files", (p.name, p.read_bytes())) for p in exports]
    files += [("previous", (p.name, p.read_bytes())) for p in previous]
    return client.post("/project", data={"csrf": client.csrf}, files=files)


def test_save_then_open_restores_the_same_choices(client, sample_dir):
    exports = sorted(sample_dir.glob("*.xlsx"))
    client.upload(*exports)
    client.post_form("/figures", {"exclude_bad_rows": "1"})
    client.post_form("/documents", CHOICES)  # 核对稿 unchecked
    saved = client.get("/project.yaml").content
    settings = yaml.safe_load(saved)
    assert settings["核对稿"] == "否" and settings["排除含错误的行"] == "是"
    client.post_form("/reset")
    client.open_session()
    page = _open(client, saved, *exports)
    assert "已按项目文件恢复选择：工作总结、报表、责任书" in page.text and "还没有上传" not in page.text
    assert client.get("/project.yaml").content == saved
    documents = client.get("/documents").text
    assert 'value="青禾县测试局"' in documents
    assert re.search(r'name="review" value="1" form="docform"\s*>', documents)  # restored unchecked
    assert re.search(r'name="doc" value="工作总结"[^>]*checked', documents)
    assert not re.search(r'name="doc" value="情况报告"[^>]*checked', documents)


def test_open_names_the_exports_that_were_not_uploaded(client, sample_dir):
    client.upload(*sorted(sample_dir.glob("*.xlsx")))
    client.post_form("/documents", {"doc": ["工作总结"]})
    saved = client.get("/project.yaml").content
    client.post_form("/reset")
    client.open_session()
    page = _open(client, saved, sample_dir / "建档立卡人口.xlsx").text
    assert "项目文件写的以下文件还没有上传" in page and "防返贫监测对象.xlsx" in page
    assert "台账「建档立卡」" not in page  # uploaded with it


@pytest.mark.parametrize(("text", "said"), [
    ("台账: {建档立卡: a.xlsx}\n模版: [工作总结]\n", "项目文件中有不认识的键：「模版」"),
    ("文档: 工作总结\n", "项目文件中「文档」的格式不对"),
    ("文档: [{参数: {}}]\n", "没有写模板名"),
    ("PDF: [1, 2]\n文档: [不存在的文档]\n", "模板：不存在的文档"),
    ("台账: [\n", "YAML"),
    ("a: &a [1]\nb: *a\n", "项目文件中有不认识的键：「a」、「b」"),
])
def test_bad_project_files_give_a_message_not_a_trace(client, text, said):
    response = _open(client, text.encode("utf-8"))
    assert response.status_code == 200 and "Traceback" not in response.text and "内部错误" not in response.text
    assert said in response.text


def test_open_refuses_other_files_and_huge_ones(client):
    assert "这不是 reportgen.yaml 项目文件" in _open(client, b"x", name="a.txt").text
    assert "项目文件太大" in _open(client, b"#" * (2 * 1024 * 1024)).text
    assert "不是 UTF-8" in _open(client, "文档: []".encode("gbk")).text
    assert "没有选择 reportgen.yaml" in client.post("/project", data={"csrf": client.csrf}).text


def test_last_years_exports_give_the_summary_its_yoy(client, sample_dir, previous_dir):
    client.upload(*sorted(sample_dir.glob("*.xlsx")))
    previous = [previous_dir / "建档立卡人口.xlsx", previous_dir / "防返贫监测对象.xlsx"]
    response = client.upload(*previous, url="/previous", field="previous")
    assert 'id="previous-list"' in response.text and response.text.count("<b>建档立卡</b>") == 2
    client.post_form("/documents", {"doc": ["工作总结"]})
    assert "同比：使用" in client.get("/make").text
    settings = yaml.safe_load(client.get("/project.yaml").content)
    assert "上年/建档立卡人口.xlsx" in settings["上年"]
    client.post_form("/make")
    assert wait_for_job(client)["state"] == "done"
    ids = dict((p, i) for i, p in re.findall(r'href="/files/([0-9a-f]+)">([^<]+)<', client.get("/download").text))
    yoy = yaml.safe_load(client.get(f"/files/{ids['figures.yaml']}").content)["同比"]["建档立卡"]["未脱贫人数"]
    summary = docx.Document(io.BytesIO(client.get(f"/files/{ids['文档/工作总结.docx']}").content))
    text = "\n".join(p.text for p in summary.paragraphs)
    change = yoy["增减"]
    assert "与上年相比，未脱贫人口" + ("持平" if change == 0 else f"{'增加' if change > 0 else '减少'}{abs(change)}人") in text
    # the saved file opens again with the 上年 files chosen beside it
    saved = client.get("/project.yaml").content
    client.post_form("/reset")
    client.open_session()
    client.upload(*sorted(sample_dir.glob("*.xlsx")))
    assert "上年：上年/建档立卡人口.xlsx" in _open(client, saved).text  # named until uploaded
    page = _open(client, saved, previous=previous)
    assert "还没有上传" not in page.text and client.get("/project.yaml").content == saved
