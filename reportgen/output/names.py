"""Safe output file names, kept inside the output folder.

File names come from registry values (村名, 户主姓名), which may hold anything: :func:`safe_filename`
turns them into names every Windows/Linux/macOS folder and zip tool accepts, :class:`NameAllocator`
keeps them unique, and :func:`path_inside` proves the final path stays inside the output folder.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from reportgen.errors import Location, ReportgenError

MAX_NAME_BYTES = 120
_FORBIDDEN = re.compile(r'[/\\:*?"<>|]')
_DOTS = re.compile(r"\.{2,}")
_SPACES = re.compile(r"\s+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *(f"COM{i}" for i in range(10)),
             *(f"LPT{i}" for i in range(10))}


def safe_filename(name: str, *, max_bytes: int = MAX_NAME_BYTES, default: str = "未命名") -> str:
    """A file name safe on every system, keeping the Chinese text.

    Removes control characters, replaces ``/ \\ : * ? " < > |`` with ``_``, collapses ``..``, strips
    leading/trailing dots and spaces, avoids Windows device names (``CON``, ``COM1`` …) and cuts to
    ``max_bytes`` of UTF-8 without splitting a character or losing the extension.
    """
    text = unicodedata.normalize("NFC", str(name))
    text = "".join(" " if ch in "\t\r\n" else ch for ch in text
                   if ch in "\t\r\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    text = _FORBIDDEN.sub("_", text)
    text = _DOTS.sub(".", text)
    text = _SPACES.sub(" ", text).strip(" ")
    stem, dot, ext = text.rpartition(".")
    if not dot or not ext or len(ext) > 10 or " " in ext:
        stem, ext = text, ""
    stem = stem.strip(" .") or default  # ".docx", "..docx" (a name from an empty value) keep their extension
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = f"_{stem}"
    suffix = f".{ext}" if ext else ""
    return _cut(stem, max_bytes - len(suffix.encode("utf-8"))).rstrip(" .") + suffix


def _cut(text: str, max_bytes: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[:max(max_bytes, 1)].decode("utf-8", "ignore")


class NameAllocator:
    """Hands out unique safe names within one folder: the second ``张三.docx`` becomes ``张三_2.docx``.

    Comparison ignores case (Windows and macOS folders do)."""

    def __init__(self, *, max_bytes: int = MAX_NAME_BYTES) -> None:
        self.max_bytes = max_bytes
        self._taken: set[str] = set()

    def reserve(self, name: str) -> None:
        """Mark a name as used (e.g. the merged file, or names kept from a previous run)."""
        self._taken.add(name.casefold())

    def allocate(self, wanted: str) -> str:
        name = safe_filename(wanted, max_bytes=self.max_bytes)
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        suffix = f".{ext}" if ext else ""
        n = 1
        while name.casefold() in self._taken:
            n += 1
            tail = f"_{n}{suffix}"
            name = _cut(stem, self.max_bytes - len(tail.encode("utf-8"))) + tail
        self._taken.add(name.casefold())
        return name


def path_inside(out_dir: str | Path, name: str) -> Path:
    """``out_dir / name``, proven (after resolving links) to stay inside ``out_dir``."""
    root = Path(out_dir).resolve()
    target = (root / name).resolve()
    if target.parent != root and root not in target.parents:
        raise ReportgenError("输出文件名会写到输出文件夹之外，已拒绝。", Location(file=str(name)),
                             hint="请检查文件名模板（--name）中的值。")
    return target
