"""CLI commands for the xlsx stage (each command parses options and calls one library function)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("fill")
@click.argument("template", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--data", "data", metavar="FILE|-", help="数据文件（YAML 或 JSON，例如 reportgen figures 的输出）；- 表示从标准输入读取。")
@click.option("--export", "exports", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="台账导出表（可多次指定），直接从台账计算数据。")
@click.option("--spec", "specs", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="数据规格文件（可多次指定；不指定时用内置规格）。")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="输出的 .xlsx 文件。")
@click.option("--lenient", is_flag=True, help="数据里缺少的值留空（默认报错并指出单元格）。")
@click.option("--script", type=click.Choice(["traditional", "tw", "hk"]), default=None,
              help="输出繁体字（traditional/tw/hk）。")
def fill(template: Path, data: str | None, exports: tuple[Path, ...], specs: tuple[Path, ...], out: Path,
         lenient: bool, script: str | None) -> None:
    """用数据填充 Excel 模板 TEMPLATE（单元格里写 {{ 表达式 }}，行循环写 {%tr for … %}，见 docs/xlsx.md）。"""
    from reportgen.app.fill import fill_template

    path = fill_template(template, out, data=data, exports=list(exports), specs=list(specs),
                         undefined="lenient" if lenient else "strict", script=script)
    click.echo(f"已生成：{path}")


COMMANDS = [fill]
