"""A clerk's own exports on the page: 列名映射 on the check step (a renamed header mapped onto the column
its registry lacks, the export checked again), 范围 and 县 on the documents step, and all three saved in
reportgen.yaml, opened again, and built by ``reportgen build`` into the same figures."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from test_flow import wait_for_job

from reportgen.app.columns import check_column_map
from reportgen.app.figures import figure_set
from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.web import usecases

MAP = {"registry": "建档立卡", "column": "乡(镇)", "header": "所在乡镇"}


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch):
    monkeypatch.setattr(usecases, "soffice_available", lambda: False)


@pytest.fixture
def renamed(sample_dir, tmp_path):
    """The sample exports, with 建档立卡人口.xlsx's 「乡(镇)」 header written 「所在乡镇」."""
    folder = tmp_path / "台账"
    shutil.copytree(sample_dir, folder)
    path = folder / "建档立卡人口.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book.active
    column = next(c.column for c in sheet[1] if c.value == "乡(镇)")
    sheet.cell(1, column).value = "所在乡镇"
    book.save(path)
    return folder


def _section(page: str, name: str) -> str:
    part = page[page.index(f"<h2>{name}"):]
    return part[:part.index("</section>")]


def test_missing_column_offers_the_guess_and_mapping_checks_again(client, renamed):
    client.upload(renamed / "建档立卡人口.xlsx")
    check = _section(client.get("/check").text, "建档立卡人口.xlsx")
    assert "缺少必需的列「乡(镇)」；表中有「所在乡镇」，是不是它？" in check
    offer = re.search(r'<form method="post" action="/columns" class="offer">(.*?)</form>', check, re.S).group(1)
    assert 'name="column" value="乡(镇)"' in offer and "对应到表中的列" in offer
    assert re.search(r'<option value="所在乡镇" selected>', offer)  # the error's guess, pre-selected
    assert 'value="行政村"' not in offer  # headers a column already took are not offered
    assert "台账有错误，无法计算数字" in client.get("/figures").text

    page = client.post_form("/columns", MAP)
    assert page.status_code == 200
    assert "已把表头「所在乡镇」对应到「乡(镇)」" in page.text
    mapped = _section(page.text, "建档立卡人口.xlsx")
    assert "缺少必需的列" not in mapped and 'action="/columns" class="offer"' not in mapped
    assert re.search(r"<td>建档立卡</td><td>所在乡镇</td><td>→</td><td>乡\(镇\)</td>", page.text)
    expected = figure_set([renamed / "建档立卡人口.xlsx"], column_map={"建档立卡": {"所在乡镇": "乡(镇)"}}).figures
    shown = client.get("/figures.yaml")
    assert shown.status_code == 200 and yaml.safe_load(shown.content)["建档立卡"] == expected["建档立卡"]

    again = client.post_form("/columns/delete", {"registry": "建档立卡", "header": "所在乡镇"})
    assert "已删除表头「所在乡镇」的对应" in again.text
    assert "缺少必需的列「乡(镇)」" in _section(again.text, "建档立卡人口.xlsx")


@pytest.mark.parametrize(("form", "said"), [
    ({**MAP, "header": "不存在的列"}, "列名映射中的表头「不存在的列」在台账导出表中没有"),
    ({**MAP, "header": "行政村"}, "但「行政村」已是「建档立卡」的「行政村」列"),
    ({**MAP, "column": "没有这列"}, "数据规格中没有「没有这列」列"),
    ({**MAP, "registry": "不存在"}, "没有名为「不存在」的台账种类"),
    ({**MAP, "header": ""}, "请先在「对应到表中的列」中选择表头"),
])
def test_bad_mappings_give_a_message_not_a_trace(client, renamed, form, said):
    client.upload(renamed / "建档立卡人口.xlsx")
    page = client.post_form("/columns", form)
    assert page.status_code == 200 and said in page.text and "Traceback" not in page.text
    assert "<h2>列名映射" not in page.text  # nothing was mapped
    assert "缺少必需的列「乡(镇)」" in page.text


def test_two_headers_onto_one_column_is_refused(client, renamed):
    path = renamed / "建档立卡人口.xlsx"
    book = openpyxl.load_workbook(path)
    book.active.cell(1, book.active.max_column + 1).value = "备注"
    book.save(path)
    client.upload(path)
    assert re.search(r'<option value="备注" >备注</option>', client.get("/check").text)
    client.post_form("/columns", MAP)
    page = client.post_form("/columns", {**MAP, "header": "备注"})
    assert "列名映射把「所在乡镇」和「备注」都对应到「建档立卡」的「乡(镇)」列" in page.text
    assert page.text.count("<td>→</td>") == 1  # the first mapping stays, alone


def test_the_app_layer_locates_a_bad_map_in_the_project_file():
    headers = {"建档立卡": ["所在乡镇", "行政村"]}
    with pytest.raises(ReportgenError) as caught:
        check_column_map({"身份证": "证件号码"}, headers, "reportgen.yaml")
    assert caught.value.location.file == "reportgen.yaml" and caught.value.location.key == "列名映射.身份证"
    with pytest.raises(ReportgenError, match="格式不对"):
        check_column_map(["所在乡镇"], headers)
    check_column_map({"所在乡镇": "乡(镇)"}, headers)  # a flat map (every registry) is fine


def test_scope_and_county_on_the_documents_step(client, renamed):
    client.upload(renamed / "建档立卡人口.xlsx")
    client.post_form("/columns", MAP)
    documents = client.get("/documents").text
    towns = re.findall(r'<option value="([^"]+)" >\1（只做该乡镇', documents)
    assert "城关镇" in towns and 'name="county"' not in documents  # the export names its 县
    client.post_form("/documents", {"doc": ["工作总结"], "scope_shown": "1", "scope": "城关镇", "county": ""})
    assert re.search(r'<option value="城关镇" selected>', client.get("/documents").text)
    figures = yaml.safe_load(client.get("/figures.yaml").content)
    assert figures["范围"]["名称"] == "城关镇"
    client.post_form("/documents", {"doc": ["工作总结"], "scope_shown": "1", "scope": "../../etc"})
    assert client.get("/project.yaml").text.count("范围") == 0  # only a 乡镇 of the exports is taken


def test_county_is_asked_only_when_the_exports_do_not_name_it(client, renamed):
    path = renamed / "建档立卡人口.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet.delete_cols(next(c.column for c in sheet[1] if c.value == "县(市、区、旗)"))
    book.save(path)
    client.upload(path)
    client.post_form("/columns", MAP)
    assert 'name="county"' in client.get("/documents").text
    client.post_form("/documents", {"doc": ["工作总结"], "scope_shown": "1", "scope": "", "county": "青禾县"})
    assert yaml.safe_load(client.get("/project.yaml").content)["县"] == "青禾县"


def test_save_open_save_is_identical_and_build_gives_the_same_figures(client, renamed, tmp_path):
    exports = sorted(renamed.glob("*.xlsx"))
    client.upload(*exports)
    client.post_form("/columns", MAP)
    client.post_form("/documents", {"doc": ["工作总结"], "scope_shown": "1", "scope": "城关镇",
                                    "county": "青禾县"})
    client.post_form("/make")
    assert wait_for_job(client)["state"] == "done"
    download = client.get("/download").text
    ids = {path: fid for fid, path in re.findall(r'href="/files/([0-9a-f]+)">([^<]+)<', download)}
    page_figures = yaml.safe_load(client.get(f"/files/{ids['figures.yaml']}").content)
    saved = client.get("/project.yaml").content
    settings = yaml.safe_load(saved)
    assert settings["列名映射"] == {"建档立卡": {"所在乡镇": "乡(镇)"}}
    assert settings["范围"] == "城关镇" and settings["县"] == "青禾县"

    client.post_form("/reset")
    client.open_session()
    files = [("project", ("reportgen.yaml", saved))] + [("project_files", (p.name, p.read_bytes())) for p in exports]
    opened = client.post("/project", data={"csrf": client.csrf}, files=files)
    assert "已按项目文件恢复选择" in opened.text and "已忽略" not in opened.text
    assert "缺少必需的列" not in client.get("/check").text  # read with the restored map
    assert client.get("/project.yaml").content == saved

    (renamed / "reportgen.yaml").write_bytes(saved)
    result = CliRunner().invoke(main, ["build", str(renamed), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    built = yaml.safe_load((tmp_path / "out" / "figures.yaml").read_text(encoding="utf-8"))
    assert built == page_figures and built["范围"]["名称"] == "城关镇"


def test_opening_a_project_still_names_what_the_page_ignores(client, sample_dir):
    text = "台账: {建档立卡: 建档立卡人口.xlsx}\n年度: 2024\n范围: 城关镇\n文档: [工作总结]\n"
    files = [("project", ("reportgen.yaml", text.encode())),
             ("project_files", ("建档立卡人口.xlsx", (sample_dir / "建档立卡人口.xlsx").read_bytes()))]
    page = client.post("/project", data={"csrf": client.csrf}, files=files)
    assert "网页不使用这些设置，已忽略：年度" in page.text
    assert re.search(r'<option value="城关镇" selected>', client.get("/documents").text)


def _own_spec(folder):
    """A copy of the built-in 建档立卡 spec that also reads 「所在乡镇」 as 乡(镇)."""
    from reportgen.specs import builtin_specs

    source = next(s for s in builtin_specs() if s.name == "建档立卡").path
    text = Path(source).read_text(encoding="utf-8").replace("aliases: [乡镇, 乡镇（街道）]", "aliases: [乡镇, 乡镇（街道）, 所在乡镇]")
    assert "所在乡镇" in text
    path = folder / "我的建档立卡.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_own_spec_files_are_restored_when_uploaded_with_the_project(client, renamed, tmp_path):
    spec = _own_spec(renamed)
    exports = sorted(renamed.glob("*.xlsx"))
    project = "台账: {建档立卡: 建档立卡人口.xlsx}\n数据规格: [我的建档立卡.yaml, 没有上传.yaml]\n文档: [工作总结]\nPDF: 否\n"
    files = [("project", ("reportgen.yaml", project.encode())), ("spec_files", (spec.name, spec.read_bytes()))]
    files += [("project_files", (p.name, p.read_bytes())) for p in exports]
    opened = client.post("/project", data={"csrf": client.csrf}, files=files)
    assert "数据规格：没有上传.yaml" in opened.text and "已忽略" not in opened.text
    assert re.search(r'id="spec-list".*?<td>我的建档立卡.yaml</td>', opened.text, re.S)
    assert "缺少必需的列" not in client.get("/check").text  # read with the own spec
    client.post_form("/make")
    assert wait_for_job(client)["state"] == "done"
    ids = {path: fid for fid, path in re.findall(r'href="/files/([0-9a-f]+)">([^<]+)<', client.get("/download").text)}
    page_figures = yaml.safe_load(client.get(f"/files/{ids['figures.yaml']}").content)
    saved = client.get("/project.yaml").content
    assert yaml.safe_load(saved)["数据规格"] == ["我的建档立卡.yaml"]

    client.post_form("/reset")
    client.open_session()
    files = [("project", ("reportgen.yaml", saved)), ("spec_files", (spec.name, spec.read_bytes()))]
    files += [("project_files", (p.name, p.read_bytes())) for p in exports]
    client.post("/project", data={"csrf": client.csrf}, files=files)
    assert client.get("/project.yaml").content == saved
    (renamed / "reportgen.yaml").write_bytes(saved)
    result = CliRunner().invoke(main, ["build", str(renamed), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((tmp_path / "out" / "figures.yaml").read_text(encoding="utf-8")) == page_figures

    spec_id = re.search(r'action="/specs/([0-9a-f]+)/delete"', client.get("/upload").text).group(1)
    client.post_form(f"/specs/{spec_id}/delete")
    assert "缺少必需的列「乡(镇)」" in client.get("/check").text  # without it the header is unknown again


@pytest.mark.parametrize(("name", "data", "said"), [
    ("坏规格.yaml", b"name: [1\n", "坏规格.yaml"),
    ("坏规格.yaml", b"\xff\xfe\x00", "坏规格.yaml"),
    ("reportgen.yaml", b"a: 1\n", "这是项目文件，不是数据规格"),
    ("规格.txt", b"name: x\n", "不支持的文件类型"),
])
def test_bad_spec_files_are_refused_with_a_message(client, name, data, said):
    files = [("project", ("reportgen.yaml", "文档: [工作总结]\n".encode())), ("spec_files", (name, data))]
    page = client.post("/project", data={"csrf": client.csrf}, files=files)
    assert page.status_code == 200 and "以下文件未被接受" in page.text and said in page.text
    assert 'id="spec-list"' not in page.text


def test_own_spec_is_used_even_when_the_project_file_is_refused(client, renamed):
    spec = _own_spec(renamed)
    files = [("project", ("reportgen.yaml", "不认识的键: 1\n".encode())), ("spec_files", (spec.name, spec.read_bytes())),
             ("project_files", ("建档立卡人口.xlsx", (renamed / "建档立卡人口.xlsx").read_bytes()))]
    page = client.post("/project", data={"csrf": client.csrf}, files=files)
    assert "不认识的键" in page.text
    assert "缺少必需的列" not in client.get("/check").text
