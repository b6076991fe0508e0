"""The ``reportgen`` command group: registers every command and formats errors once, at the edge.

Each command parses options and calls one use case in :mod:`reportgen.app`. Errors raised as
:class:`~reportgen.errors.ReportgenError` reach the user as one clear message and exit code 1; any other
exception is reported as an internal error (the traceback only with ``--debug``).
"""

from __future__ import annotations

import sys
import warnings
from collections import Counter

import click

from reportgen import __version__
from reportgen.cli import (
    commands_base,
    commands_batch,
    commands_data,
    commands_docx,
    commands_project,
    commands_templates,
    commands_web,
    commands_xlsx,
)
from reportgen.cli.params import option_name
from reportgen.errors import Location, ReportgenError

_COMMAND_MODULES = [commands_base, commands_data, commands_docx, commands_xlsx, commands_batch, commands_templates,
                    commands_project, commands_web]


class _Group(click.Group):
    """Top-level group that turns library errors into one message and a non-zero exit."""

    def invoke(self, ctx: click.Context):  # noqa: D401 - Click hook
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", UserWarning)
                try:
                    return super().invoke(ctx)
                finally:
                    _echo_warnings(caught)
        except ReportgenError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(f"错误：{exc}", fg="red", err=True)
            ctx.exit(1)
        except click.UsageError as exc:  # a mistake on the command line is a user mistake too: exit 1
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(f"错误：{_usage_location(exc)}: {exc.format_message()}", fg="red", err=True)
            command = exc.ctx.command_path if exc.ctx else ctx.command_path
            click.echo(f"  提示：运行 {command} --help 查看用法", err=True)
            ctx.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # an internal bug: say so plainly
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(
                f"内部错误（reportgen 的缺陷，请附上 --debug 的输出报告）：{type(exc).__name__}: {exc}",
                fg="red",
                err=True,
            )
            ctx.exit(2)


def _usage_location(exc: click.UsageError) -> str:
    """``命令 reportgen render › 选项 --out``: where on the command line the mistake is."""
    where = f"命令 {exc.ctx.command_path}" if exc.ctx else "命令行"
    param = getattr(exc, "param", None)
    return " › ".join([where, str(Location(option=option_name(param)))]) if param is not None else where


def _echo_warnings(caught: list) -> None:
    """Library warnings (values left empty, characters dropped) as one "注意" line each, counted."""
    counts = Counter(str(w.message) for w in caught if issubclass(w.category, UserWarning))
    for message, n in counts.items():
        click.secho(f"注意：{message}" + (f"（共 {n} 处）" if n > 1 else ""), fg="yellow", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="reportgen")
@click.option("--debug", is_flag=True, help="出错时显示完整的 Python 调用栈（traceback），便于报告缺陷。")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """reportgen：把台账导出表（建档立卡、防返贫监测、农村留守儿童、流动人口）生成
    工作总结、实施方案（印发通知）、责任书/合同书和县级统计报表。

    \b
    常用：
      reportgen demo --out DIR           用内置样例数据生成全部文档
      reportgen sample-data --out DIR    生成可复现的合成样例台账
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


for _module in _COMMAND_MODULES:
    for _command in _module.COMMANDS:
        main.add_command(_command)


def run() -> None:  # pragma: no cover - thin alias for ``python -m reportgen``
    main(prog_name="reportgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
