"""DOCX/XLSX → PDF through LibreOffice headless, with one converter for many files.

Starting LibreOffice costs 1–3 s (much more the first time, when it builds its user profile), so a
batch must never start it once per file. :class:`PdfConverter` owns one private LibreOffice profile
for its whole life (built on the first start, reused after) and converts files in chunks: one
``soffice --convert-to pdf f1 … fN`` per chunk. A private profile also means parallel users (tests,
other engineers, a desktop LibreOffice) never fight over ``~/.config/libreoffice``.

Fonts: :func:`reportgen.layout.fonts.font_environment` (a FONTCONFIG_FILE mapping 仿宋_GB2312/楷体_GB2312/
黑体/方正小标宋简体 to free fonts) is passed to LibreOffice.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

from reportgen.errors import ErrorGroup, Location, MissingDependencyError, ReportgenError
from reportgen.io.files import ensure_folder, publish, staging_folder
from reportgen.layout.fonts import font_environment

INSTALL_HINT = (
    "请安装 LibreOffice：sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
    "（或在项目目录运行 make system-deps）；也可用环境变量 REPORTGEN_SOFFICE 指定 soffice 的路径。"
)
CHUNK_SIZE = 100  # files per LibreOffice start: a crash or hang only costs one chunk
_SECONDS_PER_FILE = 20
_SECONDS_PER_START = 120


def find_soffice() -> str | None:
    """Path of the LibreOffice binary, or None (``REPORTGEN_SOFFICE`` overrides the search)."""
    override = os.environ.get("REPORTGEN_SOFFICE")
    if override:
        return override if Path(override).exists() else shutil.which(override)
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice path, or a :class:`MissingDependencyError` that says how to install it."""
    found = find_soffice()
    if not found:
        raise MissingDependencyError("未找到 LibreOffice（soffice），无法转换为 PDF。", hint=INSTALL_HINT)
    return found


def default_font_environment() -> dict[str, str]:
    """Font settings from :mod:`reportgen.layout.fonts` (the GB/T 9704 font aliases), else none."""
    try:
        return dict(font_environment())
    except ReportgenError:
        return {}  # fonts missing: LibreOffice still converts, with its own substitutes


def page_count(pdf: str | Path) -> int:
    """Number of pages of a PDF (pypdf)."""
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


class PdfConverter:
    """One LibreOffice profile, many conversions. Use as a context manager::

        with PdfConverter() as conv:
            pdfs = conv.convert(docx_paths, out_dir)   # {docx: pdf}

    ``env`` adds environment variables for LibreOffice (defaults to the font environment).
    Failed files are listed in :attr:`failures` (input path → error); ``convert(strict=True)`` raises.
    """

    def __init__(self, *, env: Mapping[str, str] | None = None, chunk_size: int = CHUNK_SIZE,
                 soffice: str | None = None) -> None:
        self.soffice = soffice or require_soffice()
        self.chunk_size = max(1, chunk_size)
        self._extra_env = dict(default_font_environment() if env is None else env)
        self._profile: Path | None = None
        self.starts = 0  # LibreOffice processes started (tests check it stays small)
        self.failures: dict[Path, ReportgenError] = {}

    # -- lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> PdfConverter:
        self._profile_dir()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Remove the private profile."""
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    def _profile_dir(self) -> Path:
        if self._profile is None:
            self._profile = Path(tempfile.mkdtemp(prefix="reportgen-lo-"))
        return self._profile

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.setdefault("LANG", "C.UTF-8")  # non-ASCII (Chinese) file names need a UTF-8 locale
        env.setdefault("LC_ALL", env["LANG"] if "UTF-8" in env["LANG"].upper() else "C.UTF-8")
        env.update(self._extra_env)
        return env

    # -- conversion ------------------------------------------------------------------------------
    def convert(self, paths: Iterable[str | Path], out_dir: str | Path, *,
                strict: bool = False) -> dict[Path, Path]:
        """Convert each file to ``out_dir/<stem>.pdf``; returns {input: pdf} for the files that worked.

        Each PDF appears complete or not at all (LibreOffice writes into a staging folder inside
        ``out_dir``; finished files are renamed into place).
        """
        out = ensure_folder(out_dir)
        asked = [Path(p).resolve() for p in paths]
        for p in asked:
            if not p.is_file():
                self.failures[p] = ReportgenError("要转换的文件不存在。", Location(file=str(p)))
        done: dict[Path, Path] = {}
        taken: set[str] = set()
        for chunk in _chunks_with_unique_stems([p for p in asked if p.is_file()], self.chunk_size):
            done.update(self._convert_chunk(chunk, out, taken))
        if strict:
            failed = [self.failures[p] for p in asked if p not in done and p in self.failures]
            if failed:
                raise failed[0] if len(failed) == 1 else ErrorGroup(failed, f"{len(failed)} 个文件未能转换为 PDF")
        return done

    def _convert_chunk(self, chunk: list[Path], out: Path, taken: set[str]) -> dict[Path, Path]:
        with staging_folder(out) as staging:
            cmd = [
                self.soffice, f"-env:UserInstallation={self._profile_dir().as_uri()}",
                "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
                "--convert-to", "pdf", "--outdir", str(staging), *map(str, chunk),
            ]
            timeout = _SECONDS_PER_START + _SECONDS_PER_FILE * len(chunk)
            self.starts += 1
            finished, detail = _run(cmd, self._environment(), timeout)
            done: dict[Path, Path] = {}
            for src in chunk:
                produced = staging / f"{src.stem}.pdf"
                if finished and produced.is_file() and produced.stat().st_size > 0:
                    target = out / _unused_name(produced.stem, taken)
                    publish(produced, target)
                    done[src] = target
                    self.failures.pop(src, None)
                else:
                    self.failures[src] = ReportgenError(
                        "LibreOffice 未能把此文件转换为 PDF。", Location(file=str(src)),
                        hint=f"可用 LibreOffice 打开该文件检查是否损坏。{detail}".strip())
            return done

    def convert_one(self, path: str | Path, out_dir: str | Path) -> Path:
        """Convert one file; raises a located error if LibreOffice produced nothing."""
        src = Path(path).resolve()
        done = self.convert([src], out_dir)
        if src not in done:
            raise self.failures.get(src) or ReportgenError("转换失败。", Location(file=str(src)))
        return done[src]


def convert_to_pdf(path: str | Path, out_dir: str | Path, *, env: Mapping[str, str] | None = None) -> Path:
    """Convert a single .docx/.xlsx to PDF in ``out_dir`` (starts LibreOffice once; for many files
    use :class:`PdfConverter`)."""
    with PdfConverter(env=env) as conv:
        return conv.convert_one(path, out_dir)


def _unused_name(stem: str, taken: set[str]) -> str:
    """``stem.pdf``, or ``stem_2.pdf``… when two inputs of one call share a stem."""
    name, n = f"{stem}.pdf", 1
    while name in taken:
        n += 1
        name = f"{stem}_{n}.pdf"
    taken.add(name)
    return name


def _chunks_with_unique_stems(paths: list[Path], size: int) -> list[list[Path]]:
    """Split into chunks of at most ``size`` where no two files share a stem (they would overwrite
    each other's PDF in the staging folder)."""
    chunks: list[list[Path]] = []
    stems: list[set[str]] = []
    for p in paths:
        for chunk, seen in zip(chunks, stems, strict=True):
            if len(chunk) < size and p.stem not in seen:
                chunk.append(p)
                seen.add(p.stem)
                break
        else:
            chunks.append([p])
            stems.append({p.stem})
    return chunks


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> tuple[bool, str]:
    """Run soffice in its own process group; on timeout or Ctrl-C kill the whole group.

    Returns (finished in time, detail for hints). LibreOffice exits 0 even when a file fails, so the
    caller checks each output file; after a timeout no output is trusted (it may be half written).
    """
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        _out, err = proc.communicate(timeout=timeout)
    except BaseException as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        if isinstance(exc, subprocess.TimeoutExpired):
            return False, f"（LibreOffice 超过 {int(timeout)} 秒未完成，已终止）"
        raise
    text = err.decode("utf-8", "replace").strip()
    return True, (f"（LibreOffice 输出：{text[:300]}）" if text and proc.returncode else "")
