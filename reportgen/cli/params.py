"""Path options whose mistakes are located Chinese errors (exit 1), not Click's English usage errors (exit 2).

Every path option and argument of the CLI uses :class:`FilePath` instead of ``click.Path``: a missing
input, a folder where a file is expected (or the reverse) is a user mistake like any other, so it is
reported as a :class:`~reportgen.errors.ReportgenError` naming the option and the path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import click

from reportgen.errors import Location, ReportgenError
from reportgen.io.files import os_error


def option_name(param: click.Parameter | None) -> str:
    """``--out`` for an option, ``TEMPLATE`` for an argument."""
    if param is None:
        return "参数"
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    return (param.human_readable_name or param.name or "参数").upper()


class FilePath(click.Path):
    """``click.Path`` with the existence and file/folder checks reported in Chinese, located at the path."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if self.allow_dash and value == "-":
            return super().convert(value, param, ctx)
        path = Path(os.fsdecode(value))
        where, name = Location(file=str(path)), option_name(param)
        try:
            path.stat()
        except (FileNotFoundError, NotADirectoryError):
            pass
        except OSError as exc:  # a name too long, a NUL, a loop of links: located, not a traceback
            raise os_error(exc, path, f"{name} 给出的路径无法使用") from None
        if path.is_dir() and not self.dir_okay:
            raise ReportgenError(f"{name} 应是一个文件，这里给的是文件夹", where,
                                 hint="请给出文件（不是文件夹）的路径，例如 输出/结果.docx")
        if path.exists() and not path.is_dir() and not self.file_okay:
            raise ReportgenError(f"{name} 应是一个文件夹，这里给的是已有的文件", where,
                                 hint="请换一个文件夹路径，或把同名文件改名/移走")
        if self.exists and not path.exists():
            raise ReportgenError(f"{name}：找不到{'文件' if self.file_okay else '文件夹'}", where,
                                 hint="检查路径是否正确（相对路径从当前文件夹算起）")
        return super().convert(value, param, ctx)


class FolderOrUrl(FilePath):
    """An output folder, or an fsspec URL (``s3://桶/文件夹``) kept as text: a Path would fold its ``//``."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and re.match(r"^[A-Za-z][A-Za-z0-9+.-]+://", value):
            return value
        return super().convert(value, param, ctx)
