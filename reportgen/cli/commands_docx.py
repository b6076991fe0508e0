"""CLI commands for the docx stage (each command parses options and calls one library function)."""

from __future__ import annotations

import click

from reportgen.errors import ErrorGroup


@click.command("render")
@click.argument("template", type=click.Path(dir_okay=False))
@click.option("--data", "data_path", required=True, help="数据文件（.yaml 或 .json；用 - 表示从标准输入读取）。")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的 .docx 文件。")
@click.option("--lenient", is_flag=True, help="数据中缺少的变量按空白处理（默认缺少即报错）。")
@click.option("--all-errors", is_flag=True, help="一次列出模板和数据中的全部错误，而不是遇到第一个就停止。")
@click.option("--script", type=click.Choice(["traditional", "tw", "hk"]), default=None,
              help="把填入的数据转换为繁体（traditional/tw：台湾用词，hk：香港）。")
@click.option("--script-template", is_flag=True, help="连同模板本身的文字一起转换为繁体（需配合 --script）。")
def render_command(template: str, data_path: str, output: str, lenient: bool, all_errors: bool,
                   script: str | None, script_template: bool) -> None:
    """用数据文件填充 Word 模板（.docx），生成新文档。"""
    from reportgen.app.documents import render_document

    path = render_document(template, data_path, output, undefined="lenient" if lenient else "strict",
                           script=script, convert_template_text=script_template, all_errors=all_errors)
    click.echo(f"已生成 {path}")


@click.command("check")
@click.argument("template", type=click.Path(dir_okay=False))
def check_command(template: str) -> None:
    """检查 Word 模板中的标签（不需要数据）：未配对的块、写错的标签、跨段落的标签、未知过滤器等。"""
    from reportgen.app.documents import template_problems

    problems = template_problems(template)
    if problems:
        raise ErrorGroup(problems, f"模板中发现 {len(problems)} 处问题")
    click.echo("模板检查通过，未发现问题")


@click.command("vars")
@click.argument("template", type=click.Path(dir_okay=False))
def vars_command(template: str) -> None:
    """列出 Word 模板需要的数据名称（嵌套写法，如 乡镇[].名称 表示列表中每一项的“名称”）。"""
    from reportgen.app.documents import template_variables

    for name in template_variables(template):
        click.echo(name)


COMMANDS: list = [render_command, check_command, vars_command]
