"""CLI commands for the data stage (each command parses options and calls one library function)."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli.params import FilePath
from reportgen.cli.progress import ReadProgress


class ManyValues(click.Option):
    """An option that takes every following argument up to the next option: ``--previous 2023/*.xlsx``
    (a shell glob expands to many files; click options otherwise take exactly one value each)."""

    def add_to_parser(self, parser, ctx):
        super().add_to_parser(parser, ctx)
        for name in self.opts:
            option = parser._long_opt.get(name) or parser._short_opt.get(name)
            if option is not None:
                option.process = self._greedy(option.process)

    @staticmethod
    def _greedy(process):
        def taking_all(value, state):
            values = [value]
            while state.rargs and not state.rargs[0].startswith("-"):
                values.append(state.rargs.pop(0))
            for item in values:
                process(item, state)
        return taking_all


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
@click.option("--audit", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="同时写出核对底稿（.xlsx）：每个数字的定义、来源、台账行和可在 Excel/WPS 中复算的公式。")
@click.option("--previous", cls=ManyValues, multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="上年的台账导出表（其后的文件直到下一个选项都算上年的）：每个数字增加 同比（上年、增减、增幅）。")
def figures_command(exports: tuple[Path, ...], spec_paths: tuple[str, ...], output: Path, year: int | None,
                    public: bool, exclude_bad_rows: bool, max_excluded: str, strict: bool, scope: str | None,
                    quiet: bool, audit: Path | None, previous: tuple[Path, ...]) -> None:
    """从一个或多个台账导出表计算文档要引用的数字（户数、人数、贫困发生率、分乡镇合计…），写成 YAML 供核对。"""
    from reportgen.app.figures import write_figures

    notes: list[str] = []
    try:
        with ReadProgress(quiet) as progress:
            figures = write_figures(list(exports), output, specs=list(spec_paths) or None, year=year,
                                    public=public, exclude_bad_rows=exclude_bad_rows, max_excluded=max_excluded,
                                    notes=notes, strict=strict, scope=scope, audit=audit,
                                    previous=list(previous) or None, progress=progress.callback)
    finally:  # what was left out is said even when the run stops
        for note in notes:
            click.secho(f"注意：{note}", fg="yellow", err=True)
    click.echo(f"已写出 {output}")
    if audit is not None:
        click.echo(f"已写出核对底稿 {audit}")
    for key, what in (("仅本年", "只在本年出现"), ("仅上年", "只在上年出现")):
        groups = figures.get("同比", {}).get(key) or []
        if groups:
            shown = "、".join(groups[:5]) + ("…" if len(groups) > 5 else "")
            click.secho(f"注意：{len(groups)} 个分组{what}（见 同比.{key}）：{shown}", fg="yellow")


@click.command("explain")
@click.argument("sources", nargs=-1, required=True)
@click.option("--row", type=click.IntRange(min=1), default=None, help="Excel 行号：说明这一行为什么计入或不计入。")
def explain_command(sources: tuple[str, ...], row: int | None) -> None:
    """说明一个数字从哪里来：定义、来源台账和前几行；--row 说明某一行为什么计入或不计入。

    \b
    reportgen explain figures.yaml 建档立卡.乡镇[城关镇].人数
    reportgen explain 建档立卡人口.xlsx 村级基本情况.xlsx 建档立卡.贫困发生率 --row 2731
    """
    from reportgen.app.figures import explain_figure

    if len(sources) < 2:
        raise click.UsageError("需要数字文件（或台账导出表）和一个数字路径，如 figures.yaml 建档立卡.人数")
    for line in explain_figure(list(sources[:-1]), sources[-1], row):
        click.echo(line)


COMMANDS: list = [validate_command, figures_command, explain_command]
