"""CLI commands for a report project: ``init`` (recognise the exports, write reportgen.yaml) and ``build``."""

from __future__ import annotations

import time
from pathlib import Path

import click

from reportgen.cli.params import FilePath


@click.command("init")
@click.argument("exports_dir", type=FilePath(exists=True, file_okay=False, path_type=Path))
def init_command(exports_dir: Path) -> None:
    """识别文件夹中的台账导出表，写出带中文注释的项目文件 EXPORTS_DIR/reportgen.yaml。"""
    from reportgen.app.project import init_project

    r = init_project(exports_dir)
    click.echo(f"已写出项目文件 {r.project}")
    click.echo(f"县：{r.county or '（未读出，请填写）'}  年度：{r.year or '（台账中没有日期，请填写）'}")
    click.echo("识别出的台账：")
    for name, file in r.exports.items():
        click.echo(f"  {name}：{file}")
    for file, why in r.unused:
        click.secho(f"  未使用 {file}：{why}", fg="yellow")
    click.echo("可以生成：" + ("、".join(r.ready) or "（无）"))
    for name, lacking in r.missing.items():
        click.secho(f"  不能生成 {name}：缺少台账 {'、'.join(lacking)}", fg="yellow")
    click.echo(f"下一步：核对并编辑 {r.project}，然后运行 reportgen build {r.project}")


@click.command("build")
@click.argument("project", required=False, default=".", type=FilePath(exists=True, path_type=Path))
@click.option("-o", "--out", type=FilePath(file_okay=False, path_type=Path), default=None,
              help="输出文件夹（默认为项目文件中的「输出」）。")
@click.option("--review", is_flag=True, default=False,
              help="每份文档另写一份「文档名（核对稿）.docx」：来自数据的值高亮并带批注（同项目文件中的 核对稿: 是）。")
def build_command(project: Path, out: Path | None, review: bool) -> None:
    """按项目文件 PROJECT（reportgen.yaml 或其所在文件夹，默认当前文件夹）生成全部文档、核对底稿和构建报告。"""
    from reportgen.app.build import REPORT_FILE, build_project

    started = time.monotonic()
    r = build_project(project, out, progress=click.echo, review=review)
    for key, _inputs in r.made:
        click.echo(f"  已生成 {key}")
    if r.unchanged:
        click.echo(f"  输入没有变化、未重新生成：{len(r.unchanged)} 项")
    for note in r.notes:
        click.secho(f"注意：{note.splitlines()[0]}", fg="yellow", err=True)
    for key, why in r.failed:
        click.secho(f"未能生成 {key}：{why.splitlines()[0]}", fg="red", err=True)
    click.echo(f"完成（{time.monotonic() - started:.1f} 秒）：生成 {len(r.made)} 项，未变 {len(r.unchanged)} 项，"
               f"未能生成 {len(r.failed)} 项；构建报告 {r.out / REPORT_FILE}")
    if r.failed:
        raise click.exceptions.Exit(1)


COMMANDS: list = [init_command, build_command]
