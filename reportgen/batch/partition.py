"""The per-partition work both schedulers share: render units, write each file atomically, record hashes.

:func:`render_units` is the one render loop: the local runner calls it for all its units (or one unit per
pool task), and a cluster worker calls it through :func:`run_partition` for its slice of the list. There,
the worker compiles the template once (cached by its SHA-256, so every later partition reuses it), keeps
its part of the manifest in ``manifest-parts/`` as it goes (so a partition resumes by itself after its
worker died: intact files are kept, missing or damaged ones redone, never duplicated — names are fixed
by the client) and, when asked, makes the partition's own PDFs and print file.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from reportgen.batch import finish, manifest, remote
from reportgen.errors import ReportgenError
from reportgen.io.files import atomic_write_bytes, ensure_folder

Render = Callable[[dict[str, Any]], bytes]
Loader = Callable[[Path], Render]
Record = Callable[[int, str, str, str], bool]  # (index, sha256, error, note) → go on?
SAVE_EVERY_SECONDS = 1.0
UNFINISHED = "未完成（中断、工作进程意外退出或 --fail-fast）；可用 --resume 重做。"

# Local pool: set in the parent before the pool forks, or lazily after a spawn.
LOCAL_WORKER: dict[str, Any] = {}
# A cluster worker's compiled templates by SHA-256: compiled once per worker, reused by every partition.
_COMPILED: dict[str, Render] = {}  # key: template SHA-256 and loader


def render_one(index: int, context: dict[str, Any], target: str,
               render: Render | None = None) -> tuple[int, str, str, str]:
    """Render one unit and write it atomically; returns (index, sha256, error text, note).

    The note holds the engine's warnings for this unit (data changed on its way in, e.g. control
    characters removed): in a worker process they would otherwise be lost, and they belong to a row."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if render is None:
                render = LOCAL_WORKER.get("render")
                if render is None:
                    render = LOCAL_WORKER["render"] = LOCAL_WORKER["loader"](Path(LOCAL_WORKER["template"]))
            data = render(context)
            atomic_write_bytes(target, data)
            note = "；".join(dict.fromkeys(str(w.message) for w in caught))
            return index, hashlib.sha256(data).hexdigest(), "", note
        except ReportgenError as exc:
            return index, "", str(exc), ""
        except Exception as exc:  # the others continue; the manifest says what went wrong
            return index, "", f"{type(exc).__name__}: {exc}", ""


def render_units(units: Iterable[tuple[int, dict[str, Any], str]], record: Record, render: Render | None = None) -> None:
    """Render (index, context, target) in order, handing each outcome to ``record``; stop when it says so."""
    for index, context, target in units:
        if not record(*render_one(index, context, target, render)):
            break


def apply_outcome(entry: manifest.Entry, sha: str, error: str, note: str = "") -> None:
    """Record one unit's outcome in its manifest entry (errors name the unit's data rows)."""
    if error:
        rows = entry.rows.replace(",", "、")
        entry.status, entry.error, entry.sha256, entry.note = "failed", f"第{rows}行：{error}", "", ""
    else:
        entry.status, entry.error, entry.sha256, entry.note = "ok", "", sha, note


def data_notes(entries: list[manifest.Entry], made: Iterable[int]) -> list[str]:
    """One note naming the documents (rows and files) whose data was changed on its way in."""
    changed = [entries[i] for i in made if entries[i].status == "ok" and entries[i].note]
    if not changed:
        return []
    shown = "；".join(f"第{e.rows.replace(',', '、')}行（{e.file}）：{e.note}" for e in changed[:5])
    more = "…（全部见清单 manifest.csv 的「注意」列）" if len(changed) > 5 else ""
    return [f"{len(changed)} 份文档的数据在写入时有改动：{shown}{more}"]


@dataclass
class PartitionTask:
    """One slice of the list, with every name already allocated by the client."""

    number: int
    out_dir: str
    run: dict[str, Any]
    template_name: str
    units: list[tuple[int, dict[str, Any], dict[str, Any]]]  # (index, manifest entry as dict, context)
    resume: bool = False
    fail_fast: bool = False
    merge: str | None = None  # this partition's own print file
    pdf: bool = False
    odd_page: bool = False


@dataclass
class PartitionOutcome:
    number: int
    entries: list[tuple[int, dict[str, Any]]]
    written: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    merged: str | None = None
    merged_pdf: str | None = None


def part_path(out: Path, number: int) -> Path:
    return out / manifest.PARTS_FOLDER / f"part-{number:05d}.json"


def run_partition(task: PartitionTask, template: bytes, loader: Loader) -> PartitionOutcome:
    """Make one partition's documents (a Dask task; also callable directly).

    When the output is an fsspec URL, the documents are made in a local temporary folder and each one is
    uploaded before it is recorded (see ``batch.remote``).
    """
    if not remote.is_url(task.out_dir):
        return _run(task, template, loader, Path(task.out_dir), None)
    store = remote.open_store(task.out_dir)
    with tempfile.TemporaryDirectory(prefix="reportgen-part-") as staging:
        return _run(task, template, loader, Path(staging), store)


def _run(task: PartitionTask, template: bytes, loader: Loader, out: Path, store: remote.Store | None
         ) -> PartitionOutcome:
    run, part = task.run, part_path(out, task.number)
    part_name = part.relative_to(out).as_posix()
    old = (manifest.parse_part(store.read(part_name), run) if store else manifest.load_part(part, run)) \
        if task.resume else {}
    entries = [manifest.Entry(**e) for _, e, _ in task.units]
    indexes = [i for i, _, _ in task.units]
    outcome = PartitionOutcome(task.number, [])
    todo = []
    for pos, ((_, planned, context), entry) in enumerate(zip(task.units, entries, strict=True)):
        prev = old.get(entry.key)
        if prev is not None and prev.file == planned["file"] and _intact(prev, out, store):
            entries[pos] = prev
            outcome.skipped += 1
        else:
            todo.append((pos, context, str(out / entry.file)))
    last_save = time.monotonic()

    def save() -> None:
        if store:
            store.write(part_name, manifest.part_bytes(run, entries))
        else:
            manifest.save_part(part, run, entries)

    def record(pos: int, sha: str, error: str, note: str) -> bool:
        nonlocal last_save
        if store and not error:  # recorded only once it is at the URL
            local = out / entries[pos].file
            try:
                store.upload(local, entries[pos].file)
            except Exception as exc:
                sha, error, note = "", f"上传到 {store.url} 失败：{type(exc).__name__}: {exc}", ""
            local.unlink(missing_ok=True)
        apply_outcome(entries[pos], sha, error, note)
        outcome.written += not error
        if time.monotonic() - last_save > SAVE_EVERY_SECONDS:
            save()
            last_save = time.monotonic()
        return not (error and task.fail_fast)

    if todo:
        ensure_folder(part.parent)
        try:
            render_units(todo, record, _compiled(template, task.template_name, run["template_sha256"], loader))
        finally:
            for e in entries:
                if e.status == "pending":
                    e.status, e.error = "failed", UNFINISHED
            save()
    if store is None:  # --merge / --pdf are refused for URL outputs
        _finish(task, out, entries, old, outcome, changed=bool(todo))
    if task.pdf and store is None:  # the PDFs and page counts just recorded
        save()
    outcome.entries = [(i, asdict(e)) for i, e in zip(indexes, entries, strict=True)]
    return outcome


def _intact(entry: manifest.Entry, out: Path, store: remote.Store | None) -> bool:
    if store is None:
        return manifest.intact(entry, out)
    return entry.status == "ok" and bool(entry.sha256) and store.sha256(entry.file) == entry.sha256


def _finish(task: PartitionTask, out: Path, entries: list[manifest.Entry], old: dict[str, manifest.Entry],
            outcome: PartitionOutcome, changed: bool) -> None:
    """The partition's PDFs and print file (only when all its documents are there)."""
    ok = all(e.status == "ok" for e in entries)
    if task.pdf:
        missing = finish.convert_pdfs(out, entries, old)
        if missing:
            outcome.notes.append(f"分区 {task.number + 1}：{missing} 个文档未能转换为 PDF（见清单 manifest.csv）。")
    if task.merge and not ok:
        failed = sum(e.status != "ok" for e in entries)
        outcome.notes.append(f"分区 {task.number + 1} 有 {failed} 份未生成，未合并打印文件 {task.merge}"
                             "（修正后用 --resume 重跑）。")
    if not (task.merge and ok and entries):
        return
    merged = out / task.merge
    if changed or not merged.is_file():
        finish.merge_documents(out, entries, task.merge, task.odd_page)
    outcome.merged = task.merge
    if task.pdf:
        name = Path(task.merge).with_suffix(".pdf").name
        pdf = out / "pdf" / name
        if changed or not pdf.is_file():
            pdf = finish.merge_pdfs(out, entries, name, task.odd_page)
        outcome.merged_pdf = pdf.relative_to(out).as_posix() if pdf else None


def _compiled(template: bytes, name: str, sha: str, loader: Loader) -> Render:
    """This worker's compiled template: loaded once from the bytes the client sent, then reused."""
    loader_name = getattr(getattr(loader, "func", loader), "__qualname__", "")
    key = f"{sha}:{loader_name}:{sorted(getattr(loader, 'keywords', {}).items())}"  # strict and lenient differ
    render = _COMPILED.get(key)
    if render is None:
        folder = ensure_folder(Path(tempfile.gettempdir()) / "reportgen-templates" / sha[:16])
        path = folder / name
        if not path.is_file():
            atomic_write_bytes(path, template)
        render = _COMPILED[key] = loader(path)
    return render
