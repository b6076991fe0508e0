"""CLI commands for the data stage (each command parses options and calls one library function)."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli.params import FilePath
from reportgen.cli.progress import ReadProgress


def _sheet(value: str | None) -> str | int | None:
    return int(value) if value is not None and value.isdigit() else value


@click.command("validate")
@click.argument("export", type=FilePath(dir_okay=False, path_type=Path))
@click.option("--spec", "spec_path", default=None, metavar="名称|文件.yaml",
              help="数据规格：自带规格的名称（如 建档立卡）或 YAML 文件（默认按表头自动匹配）。")
@click.option("--sheet", default=None, help="工作表名称或序号（0 表示第一个；默认第一个）。")
@click.option("--strict/--no-strict", default=False, help="--strict：有警告也按失败处理（退出码 1）。")
@click.option("--quiet", "-q", is_flag=True, help="读取大表时不显示进度条。")
def validate_command(export: Path, spec_path: str | None, sheet: str | None, strict: bool, quiet: bool) -> None:
    """检查台账导出表：列出每一处问题（文件、工作表、Excel 行号、列名和单元格值）及汇总数。

    有错误时退出码为 1；警告只在 --strict 时导致失败。
    """
    from reportgen.app.figures import validate_export
    from reportgen.ingest import format_report

    with ReadProgress(quiet) as progress:
        report = validate_export(export, spec_path, _sheet(sheet), progress=progress.callback)
    click.echo(format_report(report))
    if not report.ok(strict):
        raise click.exceptions.Exit(1)


@click.command("figures")
@click.argument("exports", nargs=-1, required=True, type=FilePath(dir_okay=False, path_type=Path))
@click.option("--spec", "spec_paths", multiple=True, metavar="名称|文件.yaml",
              help="数据规格，可重复：自己的 YAML 文件加入自带规格（同名的替换自带的），或自带规格的名称。")
@click.option("-o", "--output", type=FilePath(dir_okay=False, path_type=Path), default=Path("figures.yaml"),
              show_default=True, help="写出的数字文件（YAML）。")
@click.option("--year", type=int, default=None, help="年度（默认取导出表中的填报/签订日期）。")
@click.option("--public", is_flag=True, help="公示模式：隐去证件号码、联系电话、银行账号和健康状况。")
@click.option("--exclude-bad-rows", is_flag=True,
              help="排除含错误的行后再统计（默认有错误就停止）；逐个文件报告排除了几行、为什么。")
@click.option("--max-excluded", default="5%", show_default=True, metavar="百分数",
              help="--exclude-bad-rows 最多排除每个文件多少行，超过（或全部）则停止。")
@click.option("--strict", is_flag=True, help="任何问题（错误或警告，不论是否影响数字）都停止。")
@click.option("--scope", default=None, metavar="乡镇", help="只算一个乡镇（全镇合计，按村分行），如 --scope 城关镇。")
@click.option("--quiet", "-q", is_flag=True, help="读取大表时不显示进度条。")
def figures_command(exports: tuple[Path, ...], spec_paths: tuple[str, ...], output: Path, year: int | None,
                    public: bool, exclude_bad_rows: bool, max_excluded: str, strict: bool, scope: str | None,
                    quiet: bool) -> None:
    """从一个或多个台账导出表计算文档要引用的数字（户数、人数、贫困发生率、分乡镇合计…），写成 YAML 供核对。"""
    from reportgen.app.figures import write_figures

    notes: list[str] = []
    try:
        with ReadProgress(quiet) as progress:
            write_figures(list(exports), output, specs=list(spec_paths) or None, year=year, public=public,
                          exclude_bad_rows=exclude_bad_rows, max_excluded=max_excluded, notes=notes,
                          strict=strict, scope=scope, progress=progress.callback)
    finally:  # what was left out is said even when the run stops
        for note in notes:
            click.secho(f"注意：{note}", fg="yellow", err=True)
    click.echo(f"已写出 {output}")


COMMANDS: list = [validate_command, figures_command]
