"""Every page of the web flow through Starlette's TestClient: upload → check → figures → documents → make
→ download, with the figures compared to ``figures_for_exports`` on the same files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
import yaml

from reportgen.context import figures_for_exports
from reportgen.web import usecases


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch):
    """Unit tests stay fast: no PDF/preview step (the browser test covers previews)."""
    monkeypatch.setattr(usecases, "soffice_available", lambda: False)


def make_template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def wait_for_job(client) -> dict:
    for _ in range(600):  # bounded: the job runs in a thread of the same process
        status = client.get("/make/status").json()
        if status["state"] != "running":
            return status
        import time

        time.sleep(0.1)
    raise AssertionError("make job did not finish")


def test_home_redirects_to_upload(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/upload"


def test_upload_recognises_each_export(client, sample_dir):
    response = client.upload(sample_dir / "建档立卡人口.xlsx", sample_dir / "责任书签订名单.xlsx")
    assert response.status_code == 200  # after the redirect
    table = response.text[response.text.index('id="exports"'):]
    assert "建档立卡人口.xlsx" in table and "<b>建档立卡</b>" in table and ">300<" in table
    assert "<b>责任书</b>" in table and ">2024<" in table  # the year from 签订日期


def test_samples_button_then_check_and_figures(client):
    client.post_form("/samples")
    check = client.get("/check")
    assert check.status_code == 200 and "错误 0" in check.text
    figures = client.get("/figures")
    assert "建档立卡" in figures.text and "乡镇汇总" in figures.text


def test_figures_page_and_yaml_equal_the_library(client, sample_dir):
    exports = sorted(sample_dir.glob("*.xlsx"))
    client.upload(*exports)
    expected = figures_for_exports(exports)
    page = client.get("/figures").text
    assert f"<dt>户数</dt><dd>{expected['建档立卡']['户数']}</dd>" in page
    assert f"<dt>人数</dt><dd>{expected['建档立卡']['人数']}</dd>" in page
    downloaded = yaml.safe_load(client.get("/figures.yaml").content)
    assert downloaded == yaml.safe_load(yaml.safe_dump(expected, allow_unicode=True))


def test_export_with_errors_shows_them_located(client, tmp_path):
    from reportgen.samples import generate

    generate(tmp_path, persons=200, seed=3, mess={"bad-values"})
    client.upload(tmp_path / "建档立卡人口.xlsx")
    check = client.get("/check").text
    rows = re.findall(r'<tr class="level-error">(.*?)</tr>', check, re.S)
    assert rows, "the check page lists the errors"
    cells = re.findall(r"<td>(.*?)</td>", rows[0], re.S)
    assert cells[1] == "建档立卡人口.xlsx" and cells[3].isdigit() and cells[4]  # file, Excel row, column
    figures = client.get("/figures").text
    assert "无法计算数字" in figures
    client.post_form("/figures", {"exclude_bad_rows": "1"})
    assert "无法计算数字" not in client.get("/figures").text


def test_make_and_download_everything(client, sample_dir):
    client.upload(*sorted(sample_dir.glob("*.xlsx")))
    documents = client.get("/documents").text
    assert 'name="p|工作总结|公文.落款"' in documents and 'value="青禾县乡村振兴局"' in documents
    response = client.post_form("/documents", {"doc": ["工作总结", "责任书", "报表"],
                                               "p|工作总结|公文.落款": "青禾县测试局",
                                               "p|工作总结|公文.成文日期": "2024-12-21"})
    assert response.url.path == "/make" and "工作总结" in response.text
    client.post_form("/make")
    status = wait_for_job(client)
    assert status["state"] == "done" and status["percent"] == 100
    download = client.get("/download").text
    ids = dict((path, fid) for fid, path in re.findall(r'href="/files/([0-9a-f]+)">([^<]+)<', download))
    assert "文档/工作总结.docx" in ids and "责任书/责任书_合并打印.docx" in ids and "figures.yaml" in ids
    summary = client.get(f"/files/{ids['文档/工作总结.docx']}")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(summary.content)).paragraphs)
    assert "青禾县测试局" in text and "2024年12月21日" in text
    archive = zipfile.ZipFile(io.BytesIO(client.get("/download.zip").content))
    assert set(archive.namelist()) == set(ids)
    assert any(n.startswith("报表/") and n.endswith(".xlsx") for n in archive.namelist())


def test_custom_template_check_parameters_and_render(client, sample_dir, tmp_path):
    client.upload(sample_dir / "建档立卡人口.xlsx", sample_dir / "村级基本情况.xlsx", sample_dir / "防返贫监测对象.xlsx")
    good = make_template(tmp_path / "我的总结.docx", "共有{{ 建档立卡.户数 }}户。", "{{ 公文.落款 }}", "{{ 联系人 }}")
    bad = make_template(tmp_path / "坏模板.docx", "第一段", "共有{{ 建档立卡.户数 户。")
    page = client.upload(good, bad, url="/templates", field="template").text
    assert 'name="p|' in page and "|公文.落款" in page and "|联系人" in page
    assert "坏模板.docx" in page and "有错误，不能使用" in page
    bad_rows = page[page.index("坏模板.docx"):]
    assert "第2段" in bad_rows  # located like `reportgen check`
    tid = re.search(r'name="tpl" value="([0-9a-f]+)"', page).group(1)
    client.post_form("/documents", {"tpl": tid, f"p|{tid}|公文.落款": "某某镇人民政府", f"p|{tid}|联系人": "李四"})
    client.post_form("/make")
    assert wait_for_job(client)["state"] == "done"
    fid = re.search(r'href="/files/([0-9a-f]+)">文档/我的总结.docx<', client.get("/download").text).group(1)
    made = docx.Document(io.BytesIO(client.get(f"/files/{fid}").content))
    households = figures_for_exports([sample_dir / "建档立卡人口.xlsx"])["建档立卡"]["户数"]
    assert [p.text for p in made.paragraphs] == [f"共有{households}户。", "某某镇人民政府", "李四"]


def test_delete_export_and_template(client, sample_dir, tmp_path):
    client.upload(sample_dir / "建档立卡人口.xlsx")
    upload_id = re.search(r'action="/exports/([0-9a-f]+)/delete"', client.get("/upload").text).group(1)
    client.post_form(f"/exports/{upload_id}/delete")
    assert 'id="exports"' not in client.get("/upload").text
    client.upload(make_template(tmp_path / "t.docx", "{{ 县 }}"), url="/templates", field="template")
    tid = re.search(r'action="/templates/([0-9a-f]+)/delete"', client.get("/documents").text).group(1)
    client.post_form(f"/templates/{tid}/delete")
    assert "t.docx" not in client.get("/documents").text


def test_make_status_idle_and_unknown_ids(client):
    assert client.get("/make/status").json() == {"state": "idle"}
    assert client.get("/files/0123456789abcdef").status_code == 404
    assert client.get("/previews/0123456789abcdef").status_code == 404
    assert client.get("/download.zip", follow_redirects=False).status_code == 303
    for page in ("/check", "/figures", "/documents", "/make", "/download"):
        assert client.get(page).status_code == 200


def test_reset_deletes_the_workspace(client, app, sample_dir):
    client.upload(sample_dir / "建档立卡人口.xlsx")
    (session,) = app.state.sessions._sessions.values()
    assert any(session.inputs.iterdir())
    client.post_form("/reset")
    assert not session.folder.exists() and session.id not in app.state.sessions._sessions


def test_shutdown_deletes_every_workspace(app, client_for, sample_dir):
    with client_for(app) as client:
        client.open_session().upload(sample_dir / "建档立卡人口.xlsx")
        root = app.state.sessions.root
        assert any(root.rglob("*.xlsx"))
    assert not root.exists()
