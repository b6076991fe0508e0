"""``-o s3://bucket/out`` with ``--cluster``: the output folder is an fsspec URL every worker can reach.

Each partition still renders into a local temporary folder with the atomic writer; each finished file is
then uploaded to ``URL/<name>`` (to a temporary key, then moved to its name), and a document is recorded
in the partition's manifest part only after its upload succeeded. Manifest parts and the final
manifest.json/csv are written the same way. ``--resume`` re-reads each listed file and compares its
SHA-256 (fsspec's own checksums are backend-specific — ETag, MD5 — never the SHA-256 the manifest keeps).

fsspec comes with Dask; cloud protocols need their own package (s3fs, gcsfs, adlfs …), which reportgen
does not bundle: a missing one is refused with the ``pip install`` line to run.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

from reportgen.batch.manifest import PARTS_FOLDER
from reportgen.errors import Location, MissingDependencyError, ReportgenError
from reportgen.io.files import TEMP_PREFIX, TEMP_SUFFIX

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)://")
_WHERE = Location(option="--out")
# the packages fsspec needs for common protocols (its own registry only has an English error text)
PACKAGES = {"s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "abfs": "adlfs", "abfss": "adlfs",
            "az": "adlfs", "adl": "adlfs", "oss": "ossfs", "sftp": "paramiko", "ssh": "paramiko",
            "hdfs": "pyarrow", "webdav": "webdav4", "dropbox": "dropboxdrivefs"}
PER_PROCESS = {"memory"}  # a filesystem each worker process has for itself: the client never sees it


def is_url(text: str | Path) -> bool:
    return bool(_URL.match(str(text)))


def refuse_folded(text: str | Path) -> None:
    """``Path("s3://b/x")`` is ``s3:/b/x``: refused, so that it never becomes a local folder named ``s3:``."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:/(?!/)", str(text)):
        raise ReportgenError(f"输出位置「{text}」像是网址，但少了一个斜杠（网址要写成文字，不要用 Path）。", _WHERE,
                             hint="写成 s3://桶/文件夹 这样的网址，或一个文件夹路径。")


def protocol(url: str) -> str:
    match = _URL.match(url)
    return match.group(1).lower() if match else ""


class Store:
    """The output folder at an fsspec URL: names are relative, already made safe by the client."""

    def __init__(self, url: str) -> None:
        import fsspec

        self.url = url.rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.url)
        self.root = self.root.rstrip("/")

    def key(self, name: str) -> str:
        if not name or name.startswith("/") or ".." in Path(name).parts:  # names come from the client's allocator
            raise ReportgenError(f"文件名「{name}」不在输出位置内。", _WHERE)
        return f"{self.root}/{name}"

    def read(self, name: str) -> bytes | None:
        try:
            return self.fs.cat_file(self.key(name))
        except (FileNotFoundError, OSError):
            return None

    def sha256(self, name: str) -> str | None:
        data = self.read(name)
        return hashlib.sha256(data).hexdigest() if data is not None else None

    def write(self, name: str, data: bytes) -> None:
        """Whole or not at all: written under a temporary key, then moved to its name."""
        final, tmp = self._temp(name)
        self.fs.pipe_file(tmp, data)
        self._publish(tmp, final)

    def upload(self, local: Path, name: str) -> None:
        final, tmp = self._temp(name)
        self.fs.put_file(str(local), tmp)
        self._publish(tmp, final)

    def remove(self, pattern: str) -> None:
        for path in self.fs.glob(f"{self.root}/{pattern}"):
            self.fs.rm_file(path)

    def remove_temps(self) -> None:
        for folder in ("", f"{PARTS_FOLDER}/"):
            self.remove(f"{folder}{TEMP_PREFIX}*{TEMP_SUFFIX}")

    def names(self, pattern: str) -> list[str]:
        return sorted(p[len(self.root) + 1:] for p in self.fs.glob(f"{self.root}/{pattern}"))

    def _temp(self, name: str) -> tuple[str, str]:
        final = self.key(name)
        folder = final.rsplit("/", 1)[0]
        self.fs.makedirs(folder, exist_ok=True)
        return final, f"{folder}/{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"

    def _publish(self, tmp: str, final: str) -> None:
        try:
            self.fs.mv(tmp, final)  # a rename on file systems; copy-then-delete on object stores
        except Exception:
            self.fs.rm_file(tmp)
            raise


def open_store(url: str) -> Store:
    """The store at ``url``, or a located error: fsspec or the protocol's package missing, a per-process FS."""
    name = protocol(url)
    if name in PER_PROCESS:
        raise ReportgenError(f"输出位置「{url}」是每个进程各自的内存文件系统，集群的工作进程写进去，本机看不到。", _WHERE,
                             hint="请用每个工作节点都能访问的位置：共享文件夹，或 s3://… 这类对象存储网址。")
    try:
        import fsspec
    except ImportError:
        raise MissingDependencyError(f"输出位置「{url}」是网址，需要 fsspec。", _WHERE,
                                     hint='请运行 pip install "reportgen[cluster]"（fsspec 随 Dask 一起安装）。') from None
    try:
        fsspec.get_filesystem_class(name)
        return Store(url)
    except ImportError:
        package = PACKAGES.get(name, f"{name} 协议的 fsspec 实现")
        raise MissingDependencyError(f"输出位置「{url}」需要 {package}，本机没有安装。", _WHERE,
                                     hint=f"请运行 pip install {package}（每个工作节点也要装）；"
                                          "或把存储挂载为文件夹，再用 -o 指向它。") from None
    except ValueError:
        raise ReportgenError(f"输出位置「{url}」的协议「{name}」不认识。", _WHERE,
                             hint="请写 s3://桶/文件夹 这类 fsspec 支持的网址，或一个文件夹路径。") from None



def check_output(url: str, *, cluster: str | None, merge: str | None, pdf: bool) -> Store:
    """What a URL output can do: a cluster batch's documents and manifest (print files and PDFs need a folder)."""
    if not cluster:
        raise ReportgenError(f"输出位置「{url}」是网址；只有集群批量（--cluster）能写到网址。", _WHERE,
                             hint="加上 --cluster local:2 之类的集群地址，或用 -o 指向一个文件夹。")
    for given, option in ((merge, "--merge"), (pdf, "--pdf")):
        if given:
            raise ReportgenError(f"输出位置是网址（{url}）时不能用 {option}：合并打印文件和 PDF 要在共享文件夹中生成。",
                                 Location(option=option),
                                 hint=f"去掉 {option}，或用 -o 指向每个工作节点都能访问的共享文件夹。")
    return open_store(url)
