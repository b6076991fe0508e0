"""``reportgen serve``: the local web page (reportgen.web) for clerks who do not use the command line."""

from __future__ import annotations

import click

from reportgen.errors import Location, ReportgenError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=8700, show_default=True, help="端口。")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址。默认只有本机能访问；0.0.0.0 让局域网访问，此时必须给出 --token。")
@click.option("--token", default=None, metavar="口令", help="访问口令：地址须带 ?token=口令（--host 非本机时必需）。")
@click.option("--open", "open_browser", is_flag=True, help="启动后用默认浏览器打开页面。")
@click.option("--max-upload-mb", type=click.IntRange(1, 2048), default=50, show_default=True,
              help="单个上传文件的大小上限（MB）。")
def serve(port: int, host: str, token: str | None, open_browser: bool, max_upload_mb: int) -> None:
    """启动本机网页：上传台账 → 检查 → 核对数字 → 选择文档 → 生成 → 下载（一个 zip 或单个文件）。"""
    if host not in LOOPBACK and not token:
        raise ReportgenError(f"监听 {host} 会让其他电脑也能访问本页面，必须同时给出 --token 口令",
                             Location(option="--token"), hint="例如：reportgen serve --host 0.0.0.0 --token 一段不易猜到的口令")
    import uvicorn

    from reportgen.web import Settings, create_app
    from reportgen.web.uploads import Limits

    settings = Settings(host=host, port=port, token=token, limits=Limits(max_file_bytes=max_upload_mb * 1048576))
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"reportgen 网页已启动：{url}\n按 Ctrl+C 停止（停止时删除本次上传和生成的临时文件）。")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, (url,)).start()
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


COMMANDS: list = [serve]
