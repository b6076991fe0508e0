"""CLI commands for the xlsx stage (each command parses options and calls one library function)."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli.commands_docx import data_options
from reportgen.cli.params import FilePath


@click.command("fill")
@click.argument("template")
@data_options
@click.option("-o", "--out", "out", type=FilePath(dir_okay=False, path_type=Path), required=True,
              help="输出的 .xlsx 文件。")
@click.option("--lenient", is_flag=True, help="数据里缺少的值留空（默认报错并指出单元格）。")
@click.option("--script", type=click.Choice(["traditional", "tw", "hk"]), default=None,
              help="输出繁体字（traditional/tw/hk）：填入的数据和模板自身的文字都转换。")
@click.option("--values-only", is_flag=True, help="配合 --script：只转换填入的数据，模板文字保持原样。")
def fill(template: str, data_files: tuple[str, ...], exports: tuple[Path, ...], specs: tuple[str, ...],
         sets: tuple[str, ...], year: int | None, exclude_bad_rows: bool, max_excluded: str, scope: str | None,
         out: Path, lenient: bool, script: str | None, values_only: bool) -> None:
    """用数据填充 Excel 模板 TEMPLATE（.xlsx 文件或内置报表名称，如 乡镇汇总；语法见 docs/xlsx.md）。"""
    from reportgen.app.render import render_template

    notes: list[str] = []
    path = render_template(template, out, data_files=data_files, exports=exports, specs=specs, sets=sets,
                           year=year, scope=scope, exclude_bad_rows=exclude_bad_rows, max_excluded=max_excluded,
                           script=script, values_only=values_only, lenient=lenient, notes=notes)
    for note in notes:
        click.secho(f"注意：{note}", fg="yellow", err=True)
    click.echo(f"已生成：{path}")


COMMANDS = [fill]
