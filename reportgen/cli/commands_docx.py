"""CLI commands for the docx stage (each command parses options and calls one library function)."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli.params import FilePath
from reportgen.errors import ErrorGroup


def data_options(f):
    """The data options render, fill and batch share (merged: parameters < figures < --data files < --set)."""
    options = [
        click.option("--data", "data_files", multiple=True, metavar="FILE|-",
                     help="数据文件（YAML/JSON，如 figures.yaml；- 为标准输入），可重复，后面的覆盖前面的。"),
        click.option("--export", "exports", multiple=True, type=FilePath(exists=True, dir_okay=False, path_type=Path),
                     help="台账导出表（可重复），直接从台账计算数字。"),
        click.option("--spec", "specs", multiple=True, metavar="名称|文件.yaml",
                     help="数据规格（配合 --export，可重复；自己的规格加入自带规格，同名替换）。"),
        click.option("--set", "sets", multiple=True, metavar="名称=值",
                     help="单个值，最后合并，如 --set 年度=2024 --set 公文.落款=城关镇人民政府。"),
        click.option("--year", type=int, default=None, help="年度（台账中没有日期列时必须给出）。"),
        click.option("--exclude-bad-rows", is_flag=True, help="配合 --export：排除含影响数字的错误的行后再统计。"),
        click.option("--max-excluded", default="5%", show_default=True, metavar="百分数",
                     help="--exclude-bad-rows 最多排除每个文件多少行，超过（或全部）则停止。"),
        click.option("--scope", default=None, metavar="乡镇",
                     help="只做一个乡镇（全镇、按村分行、镇的落款），如 --scope 城关镇（配合 --export）。"),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@click.command("render")
@click.argument("template")
@data_options
@click.option("-o", "--output", required=True, type=FilePath(dir_okay=False), help="输出的 .docx 文件。")
@click.option("--lenient", is_flag=True, help="数据中缺少的变量按空白处理（默认缺少即报错）。")
@click.option("--all-errors", is_flag=True, help="一次列出模板和数据中的全部错误，而不是遇到第一个就停止。")
@click.option("--script", type=click.Choice(["traditional", "tw", "hk"]), default=None,
              help="整份文档转换为繁体：模板文字和数据（traditional；tw：台湾用词；hk：香港字形）。")
@click.option("--values-only", is_flag=True, help="配合 --script：只转换填入的数据，模板文字保持原样。")
@click.option("--script-template", is_flag=True, hidden=True)  # the old opt-in, now the default
@click.option("--review", is_flag=True,
              help="同时生成「名称（核对稿）.docx」：来自数据的每个值都高亮并带批注（指标、定义、数值、行数）。")
def render_command(template: str, data_files: tuple[str, ...], exports: tuple[Path, ...], specs: tuple[str, ...],
                   sets: tuple[str, ...], year: int | None, exclude_bad_rows: bool, max_excluded: str,
                   scope: str | None, output: str,
                   lenient: bool,
                   all_errors: bool, script: str | None, values_only: bool, script_template: bool,
                   review: bool) -> None:
    """填充 Word 模板生成文档。TEMPLATE 是 .docx 文件，或内置模板的名称（如 工作总结，自带参数）。

    \b
    例：
      reportgen render 工作总结 --export 建档立卡人口.xlsx --export 村级基本情况.xlsx \\
          --export 防返贫监测对象.xlsx --year 2024 -o 总结.docx
      reportgen render 工作总结 --data figures.yaml --set 公文.落款=城关镇人民政府 -o 总结.docx
      reportgen render 工作总结 --data figures.yaml --script traditional -o 工作總結.docx
    """
    from reportgen.app.render import render_template

    notes: list[str] = []
    path = render_template(template, output, data_files=data_files, exports=exports, specs=specs, sets=sets,
                           year=year, scope=scope, exclude_bad_rows=exclude_bad_rows, max_excluded=max_excluded,
                           script=script, values_only=values_only, lenient=lenient,
                           all_errors=all_errors, notes=notes, review=review)
    for note in notes:
        click.secho(f"注意：{note}", fg="yellow", err=True)
    click.echo(f"已生成 {path}")
    if review:
        from reportgen.app.review import review_path

        click.echo(f"已生成核对稿 {review_path(output)}")


@click.command("check")
@click.argument("template", type=FilePath(dir_okay=False))
def check_command(template: str) -> None:
    """检查 Word 模板中的标签（不需要数据）：未配对的块、写错的标签、跨段落的标签、未知过滤器等。"""
    from reportgen.docx import check_template

    problems = check_template(template)
    if problems:
        raise ErrorGroup(problems, f"模板中发现 {len(problems)} 处问题")
    click.echo("模板检查通过，未发现问题")


@click.command("vars")
@click.argument("template", type=FilePath(dir_okay=False))
def vars_command(template: str) -> None:
    """列出 Word 模板需要的数据名称（嵌套写法，如 乡镇[].名称 表示列表中每一项的“名称”）。"""
    from reportgen.docx import DocxTemplate

    for name in DocxTemplate.load(template, undefined="lenient").variables():
        click.echo(name)


COMMANDS: list = [render_command, check_command, vars_command]
