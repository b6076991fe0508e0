"""CLI commands for the templates stage (each command parses options and calls one library function)."""

from __future__ import annotations

import click

from reportgen.cli.params import FilePath


@click.group("templates", invoke_without_command=True)
@click.pass_context
def templates(ctx: click.Context) -> None:
    """列出内置的公文模板（GB/T 9704 版式）：名称、用途和所需数据。"""
    if ctx.invoked_subcommand is None:
        from reportgen.builtin import list_builtins

        for name, description, data in list_builtins():
            click.echo(f"{name}\n  用途：{description}\n  数据：{data}")


@templates.command("export")
@click.argument("name")
@click.argument("directory", type=FilePath(file_okay=False))
def export(name: str, directory: str) -> None:
    """把内置模板 NAME（.docx 和参数 .yaml）复制到目录 DIRECTORY，供修改后使用。"""
    from reportgen.builtin import export_builtin

    for path in export_builtin(name, directory):
        click.echo(str(path))


@click.command("check-layout")
@click.argument("file", type=FilePath(exists=True, dir_okay=False))
@click.option("--pdf-dir", type=FilePath(file_okay=False), default=None, help="保留转换出的 PDF 的目录。")
def check_layout_command(file: str, pdf_dir: str | None) -> None:
    """用 LibreOffice 把 FILE（.docx）转为 PDF，按 GB/T 9704 实测版式并打印检查表；不通过时退出码为 1。"""
    from reportgen.app.layout import check_layout

    report = check_layout(file, pdf_dir)
    click.echo(report.table())
    if not report.ok:
        raise click.exceptions.Exit(1)


COMMANDS: list = [templates, check_layout_command]
