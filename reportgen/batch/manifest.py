"""The batch manifest: what was made from which rows, with hashes, so a run can be checked and resumed.

Written as ``manifest.json`` (read back by ``--resume``) and ``manifest.csv`` (for Excel users,
UTF-8 with BOM), both atomically, so an interrupted run leaves the previous complete manifest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reportgen.errors import ReportgenError
from reportgen.io.data import load_mapping
from reportgen.io.files import atomic_write_bytes
from reportgen.io.tabular import write_csv

JSON_NAME = "manifest.json"
CSV_NAME = "manifest.csv"
PARTS_FOLDER = "manifest-parts"  # a cluster run's per-partition manifests, assembled into the two above
_CSV_HEADER = {"key": "数据键", "rows": "数据行", "file": "输出文件", "sha256": "SHA-256", "pages": "页数",
               "status": "状态", "error": "错误", "pdf": "PDF 文件", "note": "注意"}


@dataclass
class Entry:
    key: str
    rows: str
    file: str = ""
    sha256: str = ""
    pages: int | None = None
    status: str = "pending"  # ok | failed | pending
    error: str = ""
    pdf: str = ""
    note: str = ""  # what the data lost on its way into the document (control characters removed …)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(out_dir: Path) -> tuple[dict[str, Any], dict[str, Entry]]:
    """Previous run's header and entries by key (empty when there is none or it is unreadable)."""
    path = out_dir / JSON_NAME
    if not path.is_file():
        return {}, {}
    try:
        data = load_mapping(path, what="清单文件")
        entries = {e["key"]: Entry(**{k: e.get(k) for k in Entry.__dataclass_fields__ if k in e})
                   for e in data.get("entries", [])}
        return data.get("run", {}), entries
    except (ReportgenError, TypeError, KeyError, AttributeError):
        return {}, {}


def intact(entry: Entry | None, out_dir: Path) -> bool:
    """True when the entry says ok and its file is there with the recorded hash."""
    if entry is None or entry.status != "ok" or not entry.file or not entry.sha256:
        return False
    path = out_dir / entry.file
    return path.is_file() and sha256_file(path) == entry.sha256


def load_part(path: Path, run: dict[str, Any]) -> dict[str, Entry]:
    """A partition's previous entries by key; none when missing, unreadable or made from another template."""
    try:
        return parse_part(path.read_bytes(), run) if path.is_file() else {}
    except OSError:
        return {}


def parse_part(data: bytes | None, run: dict[str, Any]) -> dict[str, Entry]:
    """:func:`load_part` of a part's bytes (read from a folder or an fsspec URL)."""
    if data is None:
        return {}
    try:
        part = json.loads(data.decode("utf-8"))
        if part.get("run", {}).get("template_sha256") != run.get("template_sha256"):
            return {}
        return {e["key"]: Entry(**{k: e.get(k) for k in Entry.__dataclass_fields__ if k in e})
                for e in part.get("entries", [])}
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}


def part_bytes(run: dict[str, Any], entries: list[Entry]) -> bytes:
    return json.dumps({"run": run, "entries": [asdict(e) for e in entries]}, ensure_ascii=False).encode("utf-8")


def save_part(path: Path, run: dict[str, Any], entries: list[Entry]) -> None:
    atomic_write_bytes(path, part_bytes(run, entries))


def save(out_dir: Path, run: dict[str, Any], entries: list[Entry]) -> None:
    data = {"run": run, "entries": [asdict(e) for e in entries]}
    atomic_write_bytes(out_dir / JSON_NAME, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    rows = [list(_CSV_HEADER.values()), *([getattr(e, k) for k in _CSV_HEADER] for e in entries)]
    write_csv(out_dir / CSV_NAME, rows)  # data-derived keys and names never become formulas


def stale_files(out_dir: Path, entries: list[Entry], merge: str | None, also: tuple[str, ...] = (),
                found: list[str] | None = None) -> list[str]:
    """Documents in the output folder that this run's list does not produce (the list changed since).

    They are reported, never deleted: the folder may hold the clerk's own files.
    """
    keep = {e.file for e in entries if e.file} | {e.pdf for e in entries if e.pdf}
    if merge:
        keep |= {merge, f"pdf/{Path(merge).stem}.pdf"}
    for name in also:  # a cluster run's per-partition print files
        keep |= {name, f"pdf/{Path(name).stem}.pdf"}
    if found is None:  # else: the documents at an output URL (batch.remote)
        found = [p.relative_to(out_dir).as_posix() for pattern in ("*.docx", "pdf/*.pdf")
                 for p in sorted(out_dir.glob(pattern)) if not p.name.startswith(".")]
    return [name for name in found if name not in keep]
