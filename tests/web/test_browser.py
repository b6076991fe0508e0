"""The whole flow in a real browser: Debian's Chromium driven by Playwright, against ``reportgen serve``'s app
on a free loopback port. Screenshots of every step (1366×768) go to ``$REPORTGEN_SCREENSHOTS`` if set.

Skipped with the reason where Chromium or Playwright is missing; under CI (``CI=true``) that is a failure.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _need_browser():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason, sync_playwright = "Playwright 未安装（pip install -e '.[dev]'）", None
    if reason is None and not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} 不存在（apt-get install chromium，或 bash scripts/install-system-deps.sh）"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"浏览器测试在 CI 中必须运行：{reason}")
        pytest.skip(reason)
    return sync_playwright


@pytest.fixture(scope="module")
def server():
    """The web app served by uvicorn in a thread on a free 127.0.0.1 port."""
    import uvicorn

    from reportgen.web import Settings, create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(Settings(port=port))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    server.should_exit = True
    thread.join(timeout=30)
    assert not app.state.sessions.root.exists(), "workspaces are deleted on shutdown"


@pytest.fixture(scope="module")
def browser():
    sync_playwright = _need_browser()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
    yield context.new_page()
    context.close()


class Shots:
    def __init__(self, folder: Path):
        self.folder = folder
        self.keep = Path(os.environ["REPORTGEN_SCREENSHOTS"]) if os.environ.get("REPORTGEN_SCREENSHOTS") else None

    def __call__(self, page, name: str, full: bool = False) -> None:
        path = self.folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=full)
        if self.keep:
            self.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, self.keep / path.name)


def test_exports_to_zip_in_the_browser(page, server, sample_dir, tmp_path):
    from click.testing import CliRunner

    from reportgen.cli import main

    base, _app = server
    shot = Shots(tmp_path)
    exports = sorted(sample_dir.glob("*.xlsx"))
    page.goto(f"{base}/")
    assert page.title().startswith("上传台账")
    shot(page, "01-upload-empty")
    page.set_input_files("input[name=files]", [str(p) for p in exports])  # submits on change
    page.wait_for_selector("#exports")
    assert page.locator("#exports tbody tr").count() == len(exports)
    assert page.locator("#exports").get_by_text("责任书签订名单", exact=True).count() == 1
    shot(page, "02-upload")

    page.click("text=下一步：检查")
    page.wait_for_selector("h1:has-text('第 2 步')")
    shot(page, "03-check")
    page.click("text=下一步：查看数字")
    page.wait_for_selector(".figure-section")
    shot(page, "04-figures")

    page.click("text=下一步：选择文档")
    page.wait_for_selector("#docform", state="attached")
    page.locator("[data-doc='工作总结'] summary").click()
    page.fill("input[name='p|工作总结|公文.落款']", "青禾县浏览器测试局")
    shot(page, "05-documents")
    page.click("text=保存，下一步：生成")
    page.wait_for_selector("h1:has-text('第 5 步')")
    page.click("button:has-text('开始生成')")
    page.wait_for_selector("progress")
    shot(page, "06-make-progress")
    page.wait_for_selector("text=下一步：下载", timeout=600_000)
    shot(page, "07-make-done")
    review = page.locator("#review a").all_inner_texts()  # the files for checking, offered at once
    assert "核对底稿.xlsx" in review and "文档/工作总结（核对稿）.docx" in review
    page.locator("#review").scroll_into_view_if_needed()
    shot(page, "07b-make-review")
    with page.expect_download() as saved:
        page.click("#save-project")
    assert saved.value.suggested_filename == "reportgen.yaml"
    project = yaml.safe_load(Path(saved.value.path()).read_text(encoding="utf-8"))
    assert project["台账"]["建档立卡"] == "建档立卡人口.xlsx"
    assert {"模板": "工作总结", "参数": {"公文": {"落款": "青禾县浏览器测试局"}}} in project["文档"]
    from reportgen.output.pdf import find_soffice

    if find_soffice():  # first pages as images, single documents first
        assert page.locator(".previews img").count() >= 4
        assert page.locator(".previews figcaption").first.inner_text() == "工作总结.docx"
        page.locator(".previews").scroll_into_view_if_needed()
        shot(page, "08-previews")

    page.click("text=下一步：下载")
    page.wait_for_selector("#zip")
    shot(page, "09-download")
    with page.expect_download() as info:
        page.click("#zip")
    archive = zipfile.ZipFile(info.value.path())
    names = archive.namelist()

    cli_figures = tmp_path / "cli-figures.yaml"
    assert CliRunner().invoke(main, ["figures", *map(str, exports), "-o", str(cli_figures)]).exit_code == 0
    expected = yaml.safe_load(cli_figures.read_text(encoding="utf-8"))
    assert yaml.safe_load(archive.read("figures.yaml")) == expected

    import docx
    import openpyxl

    summary = docx.Document(io.BytesIO(archive.read("文档/工作总结.docx")))
    text = "\n".join(p.text for p in summary.paragraphs)
    assert f"{expected['建档立卡']['户数']}户" in text and f"{expected['建档立卡']['人数']}人" in text
    assert "青禾县浏览器测试局" in text
    table_name = next(n for n in names if n.startswith("报表/") and "乡镇汇总" in n)
    sheet = openpyxl.load_workbook(io.BytesIO(archive.read(table_name))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    for town in expected["乡镇汇总"]:  # each 乡镇's row of the table holds its figures
        cells = next(r for r in rows if town["名称"] in r)
        numbers = [v for v in town.values() if isinstance(v, int)]
        assert numbers and all(n in cells for n in numbers), (town, cells)
    assert sum(1 for n in names if n.startswith("责任书/") and n.endswith("_责任书.docx")) == len(
        expected["责任书"])
    assert "责任书/责任书_合并打印.docx" in names and "责任书/manifest.csv" in names


def test_upload_with_errors_shows_them(page, server, tmp_path):
    from reportgen.samples import generate

    base, _app = server
    shot = Shots(tmp_path)
    generate(tmp_path / "messy", persons=200, seed=3, mess={"bad-values"})
    empty = tmp_path / "空表.xlsx"
    empty.write_bytes(b"")
    page.goto(f"{base}/upload")
    page.set_input_files("input[name=files]", [str(tmp_path / "messy" / "建档立卡人口.xlsx"), str(empty)])
    page.wait_for_selector("#exports")
    assert page.locator("#exports .tag.error").count() == 1
    assert page.get_by_text("文件是空的（0 字节）").count() == 1
    shot(page, "10-upload-errors")
    page.click("text=下一步：检查")
    errors = page.locator("tr.level-error")
    assert errors.count() > 0
    first = errors.first.locator("td").all_inner_texts()
    assert first[1] == "建档立卡人口.xlsx" and first[3].isdigit() and first[4]
    shot(page, "11-check-errors")
    page.goto(f"{base}/figures")
    assert page.get_by_text("台账有错误，无法计算数字").count() == 1
    page.check("input[name=exclude_bad_rows]")  # submits on change
    page.wait_for_selector("#left-out")
    page.goto(f"{base}/check")
    note = page.locator(".left-out p").first.inner_text()
    assert note.startswith("建档立卡人口.xlsx：排除了 ") and "含错误的行" in note
    page.locator(".left-out").first.scroll_into_view_if_needed()
    shot(page, "12-check-left-out")


def test_open_project_and_last_years_exports(page, server, sample_dir, tmp_path):
    from reportgen.samples import generate

    base, _app = server
    shot = Shots(tmp_path)
    generate(tmp_path / "上年", persons=200, seed=22, year=2023)
    project = tmp_path / "reportgen.yaml"
    project.write_text("台账: {建档立卡: 建档立卡人口.xlsx, 监测: 防返贫监测对象.xlsx}\n上年: [上年/建档立卡人口.xlsx]\n"
                       "文档: [工作总结]\nPDF: 否\n", encoding="utf-8")
    page.goto(f"{base}/upload")
    page.set_input_files("#previous input[name=previous]", [str(tmp_path / "上年" / "建档立卡人口.xlsx")])
    page.wait_for_selector("#previous-list")
    page.set_input_files("#project input[name=project]", str(project))
    page.set_input_files("#project input[name=project_files]", [str(sample_dir / "建档立卡人口.xlsx")])
    page.click("#project button:has-text('打开')")
    page.wait_for_selector("#project-notes")
    notes = page.locator("#project-notes").inner_text()
    assert "还没有上传" in notes and "防返贫监测对象.xlsx" in notes and "已按项目文件恢复选择：工作总结" in notes
    page.locator("#project").scroll_into_view_if_needed()
    shot(page, "13-open-project", full=True)
    page.set_input_files(".dropzone input[name=files]", [str(sample_dir / "防返贫监测对象.xlsx"),
                                                          str(sample_dir / "村级基本情况.xlsx")])
    page.wait_for_selector("#exports tbody tr:nth-child(3)")
    page.goto(f"{base}/documents")
    assert page.locator("input[name=doc][value='工作总结']").is_checked()  # restored, now makeable
    assert not page.locator("input[name=doc][value='情况报告']").is_checked()


def test_map_a_renamed_header_in_the_browser(page, server, sample_dir, tmp_path):
    """A clerk's export says 「所在乡镇」: the check step offers it for 「乡(镇)」, one click maps it."""
    import openpyxl

    base, _app = server
    shot = Shots(tmp_path)
    export = tmp_path / "建档立卡人口.xlsx"
    book = openpyxl.load_workbook(sample_dir / "建档立卡人口.xlsx")
    sheet = book.active
    sheet.cell(1, next(c.column for c in sheet[1] if c.value == "乡(镇)")).value = "所在乡镇"
    sheet.cell(1, next(c.column for c in sheet[1] if c.value == "脱贫年度")).value = "脱贫年份"
    book.save(export)
    page.goto(f"{base}/upload")
    page.set_input_files(".dropzone input[name=files]", [str(export)])
    page.wait_for_selector("#exports")
    page.goto(f"{base}/check")
    offer = page.locator("form.offer").first
    assert offer.locator("select[name=header]").input_value() == "所在乡镇"  # the error's guess
    offer.scroll_into_view_if_needed()
    shot(page, "14-mapping-offer")
    offer.locator("button:has-text('对应')").click()
    page.wait_for_selector("table.mappings")
    assert page.locator("#mapping-notes").inner_text().count("已把表头「所在乡镇」对应到「乡(镇)」") == 1
    assert page.get_by_text("缺少必需的列").count() == 0
    offer = page.locator("form.offer")  # the optional 脱贫年度 (a figure needs it) is still offered
    assert offer.count() == 1 and offer.locator("select[name=header]").input_value() == "脱贫年份"
    shot(page, "15-mapping-done")
    offer.locator("button:has-text('对应')").click()
    page.wait_for_selector("table.mappings tbody tr:nth-child(2)")
    assert page.locator("form.offer").count() == 0
    project = yaml.safe_load(page.request.get(f"{base}/project.yaml").text())  # the session's cookie
    assert project["列名映射"] == {"建档立卡": {"所在乡镇": "乡(镇)", "脱贫年份": "脱贫年度"}}
