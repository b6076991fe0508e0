"""The one atomic file writer: a file either exists complete or not at all.

A clerk's batch may be interrupted (Ctrl-C, power, a crash, ``kill -9``). Every file reportgen writes
goes to a temporary file in the target's folder (named ``.~reportgen-<random>.tmp``) and is renamed
into place when complete, so an interrupted write leaves the previous file (or none), never half of
one. :func:`remove_stale_temps` knows that one name scheme and clears what a killed run left behind.

Files are created with ``0666 & ~umask`` like any ordinary file (``tempfile.mkstemp`` would give
0600, which other users of a shared office machine cannot open).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from reportgen.errors import Location, ReportgenError

TEMP_PREFIX = ".~reportgen-"
TEMP_SUFFIX = ".tmp"
_FILE_MODE = 0o666  # the kernel applies the process umask, as for any file a program creates


def temp_name() -> str:
    """A fresh temporary file name in the one scheme :func:`remove_stale_temps` recognises."""
    return f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"


def ensure_folder(folder: str | Path) -> Path:
    """Create ``folder`` (and its parents); "a parent is a file" and the like are located user errors."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), folder)
        raise ReportgenError(f"无法创建输出文件夹：{blocker} 是一个文件，不是文件夹。", Location(file=str(folder)),
                             hint="请换一个输出路径，或把同名文件改名/移走。") from None
    except PermissionError:
        raise ReportgenError("没有权限在这里创建输出文件夹。", Location(file=str(folder)),
                             hint="请换一个有写入权限的输出路径。") from None
    except OSError as exc:
        raise os_error(exc, folder, "无法创建输出文件夹") from None
    return folder


_OS_ERRORS = {
    errno.ENAMETOOLONG: ("文件名或路径太长", "请缩短文件名，或换一个层级较浅的输出文件夹。"),
    errno.EROFS: ("输出位置是只读的", "请换一个可写的输出路径（只读的光盘、U 盘或网络共享不能写入）。"),
    errno.EACCES: ("没有写入权限", "请换一个有写入权限的输出路径。"),
    errno.EPERM: ("没有写入权限", "请换一个有写入权限的输出路径。"),
    errno.ENOSPC: ("磁盘空间不足", "请清理磁盘或换一个输出位置。"),
    errno.EDQUOT: ("超出磁盘配额", "请清理磁盘或换一个输出位置。"),
    errno.ENOENT: ("路径不存在，也无法创建", "请检查输出路径。"),
    errno.EINVAL: ("文件名含有系统不允许的字符", "请改用普通的文件名。"),
    errno.ENOTDIR: ("路径中有一层是文件，不是文件夹", "请换一个输出路径，或把同名文件改名/移走。"),
}


def os_error(exc: OSError, path: str | Path, what: str = "无法写入文件") -> ReportgenError:
    """An operating-system refusal to create or write ``path`` as a located user error in Chinese."""
    message, hint = _OS_ERRORS.get(exc.errno or 0, (exc.strerror or str(exc), "请换一个输出路径后再试。"))
    return ReportgenError(f"{what}：{message}。", Location(file=str(path)), hint=hint)


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _prepare_folder(target: Path) -> None:
    ensure_folder(target.parent)
    if len(os.fsencode(target.name)) > _name_max(target.parent):  # refused now, not after the render
        raise os_error(OSError(errno.ENAMETOOLONG, "name too long"), target)
    if target.is_dir():
        raise ReportgenError("输出路径是一个已有的文件夹，不能写成文件。", Location(file=str(target)),
                             hint="请在路径末尾给出文件名，例如 输出/结果.docx。")


def _open_temp(folder: Path) -> tuple[int, Path]:
    for _ in range(100):
        tmp = folder / temp_name()
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), _FILE_MODE), tmp
        except FileExistsError:
            continue
        except PermissionError:
            raise ReportgenError("没有权限在输出文件夹中写文件。", Location(file=str(folder)),
                                 hint="请换一个有写入权限的输出路径。") from None
        except OSError as exc:
            raise os_error(exc, folder) from None
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))  # pragma: no cover


@contextlib.contextmanager
def atomic_writer(path: str | Path) -> Iterator[IO[bytes]]:
    """Open a temporary file next to ``path``; on success it replaces ``path``, on any error
    (including KeyboardInterrupt) it is removed and ``path`` is untouched."""
    target = Path(path)
    _prepare_folder(target)
    fd, tmp = _open_temp(target.parent)
    try:
        try:
            with os.fdopen(fd, "wb") as stream:
                yield stream
        except OSError as exc:  # a full disk while writing; any other OSError is not about the target
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                raise os_error(exc, target) from None
            raise
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise os_error(exc, target) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temp file in the same folder + rename)."""
    with atomic_writer(path) as stream:
        stream.write(data)
    return Path(path)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically in ``encoding``."""
    return atomic_write_bytes(path, text.encode(encoding))


@contextlib.contextmanager
def staging_folder(folder: str | Path) -> Iterator[Path]:
    """A temporary folder inside ``folder`` (same name scheme) for tools that write files themselves
    (LibreOffice); move each finished file into place with :func:`publish`. Removed afterwards."""
    staging = ensure_folder(folder) / temp_name()
    staging.mkdir()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(finished: Path, target: str | Path) -> Path:
    """Rename a complete file from a :func:`staging_folder` onto ``target`` (same folder tree: atomic)."""
    os.replace(finished, target)
    return Path(target)


def remove_stale_temps(folder: str | Path) -> int:
    """Delete temporary files and staging folders an interrupted run left behind; returns how many."""
    removed = 0
    for tmp in Path(folder).glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            if tmp.is_dir():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink()
            removed += 1
    return removed
