"""The web page's safety rules: loopback and token, CSRF, limits, workspace, hostile uploads."""

from __future__ import annotations

import io
import zipfile

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.web import Settings, create_app
from reportgen.web.uploads import Limits


def rejected_text(page: str) -> str:
    start = page.index("以下文件未被接受")
    return page[start:page.index("</section>", start)]


# -- serve options ---------------------------------------------------------------------------------
def test_serve_refuses_an_open_host_without_token():
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1 and "--token" in result.output


def test_serve_help_is_chinese():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "启动本机网页" in result.output


# -- who may talk to the page ----------------------------------------------------------------------
def test_loopback_server_refuses_other_host_names(app, client_for):
    with client_for(app) as c:
        assert c.get("/upload", headers={"host": "evil.example:8700"}).status_code == 400
        assert c.get("/upload", headers={"host": "localhost:8700"}).status_code == 200


def test_token_is_required_then_kept_in_a_cookie(client_for):
    app = create_app(Settings(host="0.0.0.0", token="s3cret"))
    with client_for(app, base_url="http://reportgen.lan") as c:
        assert c.get("/upload").status_code == 401
        assert c.get("/upload?token=wrong").status_code == 401
        first = c.get("/upload?token=s3cret", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/upload"  # token leaves the URL
        assert "samesite=strict" in first.headers["set-cookie"].lower()
        assert c.get("/upload").status_code == 200
        c.cookies.clear()
        assert c.get("/static/app.css").status_code == 401


def test_security_headers(client):
    headers = client.get("/upload").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    cookie = client.get("/upload").headers.get("set-cookie")  # set once, on the first page only
    assert cookie is None


def test_session_cookie_is_httponly_and_strict(app, client_for):
    with client_for(app) as c:
        cookie = c.get("/upload").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


# -- CSRF ------------------------------------------------------------------------------------------
def test_state_changing_requests_need_the_csrf_token(client):
    assert client.post("/samples", data={}).status_code == 403
    assert client.post("/samples", data={"csrf": "forged"}).status_code == 403
    assert client.post("/make", headers={"x-csrf-token": "forged"}).status_code == 403
    assert client.post("/reset", data={"csrf": client.csrf}, headers={"origin": "http://evil.example"}).status_code == 403
    assert client.post("/figures", headers={"x-csrf-token": client.csrf}, follow_redirects=False).status_code == 303


def test_post_without_a_session_is_refused(app, client_for):
    with client_for(app) as c:
        response = c.post("/reset", data={"csrf": "x"})
    assert response.status_code == 403 and "会话" in response.text


# -- limits ----------------------------------------------------------------------------------------
def test_request_body_over_the_limit_is_refused(client_for):
    app = create_app(Settings(limits=Limits(max_file_bytes=1024, max_files_per_request=1)))
    with client_for(app) as c:
        c.open_session()
        response = c.post("/upload", data={"csrf": c.csrf},
                                           files=[("files", ("big.csv", b"a,b\n" * 1_000_000))])
    assert response.status_code == 413


def test_too_many_files_in_one_request(client):
    files = [("files", (f"{i}.csv", b"a,b\n1,2\n")) for i in range(11)]  # limit 10
    assert client.post("/upload", data={"csrf": client.csrf}, files=files).status_code == 400


def test_too_many_files_in_one_session(client):
    for _ in range(2):
        files = [("files", (f"{i}.csv", b"a,b\n1,2\n")) for i in range(7)]  # session limit 12
        page = client.post("/upload", data={"csrf": client.csrf}, files=files).text
    assert "每次最多处理 12 个台账文件" in page


def test_file_over_the_size_limit_gets_a_located_error(client):
    page = client.post("/upload", data={"csrf": client.csrf},
                       files=[("files", ("大表.csv", b"x" * (2 * 1024 * 1024 + 1)))]).text
    assert "大表.csv" in rejected_text(page) and "文件太大" in rejected_text(page)


# -- hostile uploads -------------------------------------------------------------------------------
def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_hostile_exports_are_refused_with_located_errors(client, app):
    bomb = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"0" * 30_000_000})
    uploads = {"空表.xlsx": b"", "伪装.xlsx": b"just some text, not a workbook", "炸弹.xlsx": bomb,
               "旧表.xls": b"<html><body>table</body></html>", "程序.exe": b"MZ\x90\x00",
               "文档.xlsx": _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
               "二进制.csv": b"\x00\x01\x02"}
    page = client.post("/upload", data={"csrf": client.csrf},
                       files=[("files", (name, data)) for name, data in uploads.items()]).text
    shown = rejected_text(page)
    for name, message in (("空表.xlsx", "文件是空的"), ("伪装.xlsx", "文件内容不是Excel"), ("炸弹.xlsx", "压缩炸弹"),
                          ("旧表.xls", "看起来是网页"), ("程序.exe", "不支持的文件类型"),
                          ("文档.xlsx", "这是Word 文档（.docx），不是Excel"), ("二进制.csv", "不是 CSV 文本")):
        assert name in shown and message in shown, name
    (session,) = app.state.sessions._sessions.values()
    assert not session.exports and not (session.inputs.exists() and any(session.inputs.iterdir()))


def test_corrupt_workbook_gets_the_cli_error(client):
    corrupt = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"not xml"})
    page = client.post("/upload", data={"csrf": client.csrf}, files=[("files", ("坏表.xlsx", corrupt))]).text
    table = page[page.index('id="exports"'):]
    assert "坏表.xlsx" in table and "error-text" in table


def test_request_names_never_reach_the_file_system(client, app, sample_dir):
    data = (sample_dir / "建档立卡人口.xlsx").read_bytes()
    page = client.post("/upload", data={"csrf": client.csrf},
                       files=[("files", ("../../../../tmp/evil/建档立卡人口.xlsx", data))]).text
    assert "<td>建档立卡人口.xlsx</td>" in page  # shown by its last name component only
    (session,) = app.state.sessions._sessions.values()
    stored = [p.name for p in session.inputs.iterdir()]
    assert len(stored) == 1 and stored[0].endswith(".xlsx") and len(stored[0]) == len("0123456789abcdef.xlsx")
    assert client.get("/files/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/static/../pages.py").status_code == 404


def test_disguised_template_is_refused(client, sample_dir):
    page = client.upload(sample_dir / "建档立卡人口.xlsx", url="/templates", field="template").text
    assert "检查通过" in page or "有错误" in page  # a real .xlsx is a valid Excel template
    renamed = ("伪装模板.docx", (sample_dir / "建档立卡人口.xlsx").read_bytes())
    page = client.post("/templates", data={"csrf": client.csrf}, files=[("template", renamed)]).text
    assert "伪装模板.docx" in page and "这是Excel 表格（.xlsx），不是Word 文档" in page
