"""Run a batch: one document per row or group, in a process pool or on a Dask cluster, with a manifest
and resume.

The template is compiled once in the parent (so its errors are reported before any work starts);
forked workers inherit it, and spawned ones reload it by path. Each worker writes its own output
atomically and returns only the hash, so no document bytes travel between processes. Names are
allocated here, once, whichever scheduler renders (``batch.partition`` holds the shared render loop;
``batch.cluster`` the Dask scheduler).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError

from reportgen.batch import finish, manifest, remote
from reportgen.batch.partition import (
    LOCAL_WORKER,
    SAVE_EVERY_SECONDS,
    UNFINISHED,
    Loader,
    Render,
    apply_outcome,
    data_notes,
    render_one,
    render_units,
)
from reportgen.batch.units import Unit, make_units
from reportgen.docx import DocxTemplate
from reportgen.errors import Location, ReportgenError
from reportgen.io.files import ensure_folder, remove_stale_temps
from reportgen.output.names import NameAllocator, path_inside


def docx_engine(template: Path, undefined: str = "strict") -> Render:
    """The reportgen DOCX engine: compile ``template`` once, return its render function.

    ``undefined="lenient"`` (``batch --lenient``): missing values and None print empty, with a warning.
    """
    return DocxTemplate.load(template, undefined=undefined).render  # type: ignore[arg-type]


@dataclass
class BatchResult:
    out_dir: Path
    entries: list[manifest.Entry]
    written: int = 0
    skipped: int = 0
    merged: Path | None = None
    merged_pdf: Path | None = None
    merged_parts: list[Path] = field(default_factory=list)  # --cluster: one print file per partition
    merged_pdf_parts: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    url: str = ""  # --cluster with an fsspec URL as output: the documents are there, out_dir is empty

    @property
    def failed(self) -> list[manifest.Entry]:
        return [e for e in self.entries if e.status != "ok"]

    @property
    def outputs(self) -> list[Path]:
        return [self.out_dir / e.file for e in self.entries if e.status == "ok"]

    @property
    def ok(self) -> bool:
        return not self.failed


def run_batch(
    template: str | Path,
    rows: Sequence[dict[str, Any]],
    *,
    out_dir: str | Path,
    per: str = "row",
    name_pattern: str = "{{ loop_index }}.docx",
    jobs: int | None = None,
    resume: bool = False,
    fail_fast: bool = False,
    merge: str | None = None,
    odd_page: bool = False,
    pdf: bool = False,
    progress: Callable[[int], None] | None = None,
    loader: Loader = docx_engine,
    shared: dict[str, Any] | None = None,
    row_name: str | None = None,
    cluster: str | None = None,
    partition_size: int | None = None,
    partition_progress: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Make one document per row (or per group of ``per``) from ``template`` into ``out_dir``.

    ``name_pattern`` is a Jinja pattern over the unit's fields (``loop_index`` counts from 1).
    ``shared`` holds values every document uses (年度, 县名); a row's own column wins. ``row_name``
    also puts the unit's (first) row under that name (``书`` → ``{{ 书.甲方 }}``).
    ``progress(n)`` is called as units finish. ``merge`` names a print file (inside ``out_dir``) made
    when every unit succeeded; ``pdf`` converts all outputs with one LibreOffice into ``out_dir/pdf``.

    ``cluster`` (``local``, ``local:N`` or a scheduler address) renders on Dask in partitions of
    ``partition_size`` units (see ``batch.cluster``): each partition keeps its own manifest part, PDFs and
    print file (``merge`` then names one per partition); ``partition_progress(done, total)`` follows them.
    """
    template = Path(template)
    if cluster:
        from reportgen.batch import cluster as dask_cluster

        dask_cluster.check_address(cluster)  # a bad address or a missing Dask is refused before any output
    remote.refuse_folded(out_dir)
    url = str(out_dir) if remote.is_url(out_dir) else ""
    store = remote.check_output(url, cluster=cluster, merge=merge, pdf=pdf) if url else None
    # resolved: PDF and manifest paths are compared to it; for a URL, a local folder for the manifest
    out = Path(tempfile.mkdtemp(prefix="reportgen-out-")) if store else ensure_folder(Path(out_dir).resolve())
    if store:  # uploads a killed run left under temporary keys
        store.remove_temps()
    for folder in (out, out / "pdf"):  # what a killed run left: temp files, LibreOffice staging folders
        if folder.is_dir():
            remove_stale_temps(folder)
    units = make_units(list(rows), per)
    for u in units:
        u.context.setdefault("loop_index", u.index + 1)
        for key, value in (shared or {}).items():
            u.context.setdefault(key, value)
        if row_name:
            u.context[row_name] = u.context["row"]
    if pdf:
        from reportgen.output.pdf import require_soffice

        require_soffice()  # fail before rendering, not after
    render = loader(template)  # compile once; template errors stop here, before any output
    run = {"template": template.name, "template_sha256": manifest.sha256_file(template), "per": per,
           "name": name_pattern}
    old_run, old = manifest.load(out) if resume and not cluster else ({}, {})
    if resume and old_run and old_run.get("template_sha256") != run["template_sha256"]:
        old = {}
    merge = finish.docx_name(merge) if merge else None
    allocator = NameAllocator()
    for reserved in (manifest.JSON_NAME, manifest.CSV_NAME, manifest.PARTS_FOLDER, "pdf", merge or ""):
        if reserved:
            allocator.reserve(reserved)
    part_merges: tuple[str, ...] = ()
    if cluster:
        size = partition_size or dask_cluster.default_partition_size(len(units))
        run["partition_size"] = size
        part_merges = dask_cluster.partition_merge_names(merge, len(units), size)
        for name in part_merges:
            allocator.reserve(name)
    entries, todo = _plan(units, name_pattern, allocator, old, out)
    settled = [u.index for u in units if u.index not in todo]  # kept from the last run, or a bad name
    result = BatchResult(out, entries, skipped=sum(entries[i].status == "ok" for i in settled), url=url)
    if progress and settled:
        progress(len(settled))
    if cluster:
        try:
            dask_cluster.execute(cluster, template, loader, todo, result, run, size=size, resume=resume,
                                 fail_fast=fail_fast, merge_names=part_merges, pdf=pdf, odd_page=odd_page,
                                 progress=progress, partition_progress=partition_progress)
        finally:
            _save_manifest(out, run, entries, store)
    else:
        LOCAL_WORKER.update(loader=loader, template=str(template), render=render)
        try:
            _execute(todo, entries, out, run, jobs, fail_fast, progress, result)
        finally:
            manifest.save(out, run, entries)
        if pdf:
            _convert_pdfs(result, old, merge, odd_page)
            manifest.save(out, run, entries)
        if merge:
            _merge(result, merge, odd_page)
    result.notes.extend(data_notes(entries, todo))
    stale = manifest.stale_files(out, entries, merge, part_merges, store.names("*.docx") if store else None)
    if store:
        shutil.rmtree(out, ignore_errors=True)
    if stale:
        shown = "、".join(stale[:10]) + ("…" if len(stale) > 10 else "")
        result.notes.append(f"输出文件夹中有 {len(stale)} 个文件不属于这次的名单（名单改过？）：{shown}；"
                            "它们没有被删除，打印或合并前请移走")
    return result


def _save_manifest(out: Path, run: dict[str, Any], entries: list[manifest.Entry], store: remote.Store | None) -> None:
    """manifest.json/csv in the output folder, or made locally and uploaded to the output URL."""
    manifest.save(out, run, entries)
    if store:
        for name in (manifest.JSON_NAME, manifest.CSV_NAME):
            store.upload(out / name, name)


def _plan(units: list[Unit], pattern: str, allocator: NameAllocator, old: dict[str, manifest.Entry],
          out: Path) -> tuple[list[manifest.Entry], dict[int, Unit]]:
    from reportgen.format.environment import make_environment

    env = make_environment()
    try:
        compiled = env.from_string(pattern)
    except TemplateSyntaxError as exc:
        raise ReportgenError(f"文件名模板写错了：{exc.message}", Location(tag=pattern),
                             hint="--name 的写法如 \"{{ 行政村 }}_{{ 姓名 }}.docx\"：每个 {{ 要有配对的 }}。") from None
    entries, todo = [], {}
    for u in units:
        entry = manifest.Entry(u.key, ",".join(map(str, u.row_numbers)))
        entries.append(entry)
        prev = old.get(u.key)
        if prev is not None and manifest.intact(prev, out):
            allocator.reserve(prev.file)
            entries[-1] = prev
            continue
        try:
            wanted = compiled.render(u.context).strip()
        except Exception as exc:
            entry.status, entry.error = "failed", str(ReportgenError(
                f"文件名模板出错：{exc}", Location(row=u.row_numbers[0], tag=pattern),
                hint="请检查 --name 中的列名是否与数据表一致。"))
            continue
        if not wanted.lower().endswith(".docx"):
            wanted += ".docx"
        entry.file = allocator.allocate(wanted)
        path_inside(out, entry.file)
        todo[u.index] = u
    return entries, todo


def _execute(todo: dict[int, Unit], entries: list[manifest.Entry], out: Path, run: dict[str, Any],
             jobs: int | None, fail_fast: bool, progress: Callable[[int], None] | None,
             result: BatchResult) -> None:
    jobs = max(1, jobs or os.cpu_count() or 1)
    last_save = time.monotonic()

    def record(index: int, sha: str, error: str, note: str) -> bool:
        nonlocal last_save
        apply_outcome(entries[index], sha, error, note)
        result.written += not error
        if progress:
            progress(1)
        if time.monotonic() - last_save > SAVE_EVERY_SECONDS:
            manifest.save(out, run, entries)
            last_save = time.monotonic()
        return not (error and fail_fast)

    if jobs == 1 or len(todo) < 2:
        render_units(((u.index, u.context, str(out / entries[u.index].file)) for u in todo.values()), record)
        return
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)))
    pending: set[Future] = set()
    try:
        pending = {pool.submit(render_one, u.index, u.context, str(out / entries[u.index].file))
                   for u in todo.values()}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                if fut.cancelled():
                    continue
                try:
                    outcome = fut.result()
                except BrokenProcessPool:
                    continue  # handled below: unfinished units are marked failed
                if not record(*outcome):
                    for p in pending:
                        p.cancel()
                    pending = set()
                    break
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for u in todo.values():
            if entries[u.index].status == "pending":
                entries[u.index].status = "failed"
                entries[u.index].error = UNFINISHED


def _convert_pdfs(result: BatchResult, old: dict[str, manifest.Entry], merge: str | None, odd_page: bool) -> None:
    missing = finish.convert_pdfs(result.out_dir, result.entries, old)
    if missing:
        result.notes.append(f"{missing} 个文档未能转换为 PDF（见清单 manifest.csv）。")
    if merge and result.ok:
        result.merged_pdf = finish.merge_pdfs(result.out_dir, result.entries, Path(merge).with_suffix(".pdf").name,
                                              odd_page)


def _merge(result: BatchResult, merge: str, odd_page: bool) -> None:
    if not result.ok:
        result.notes.append(f"有 {len(result.failed)} 份未生成，未合并打印文件 {merge}（修正后用 --resume 重跑）。")
        return
    result.merged = finish.merge_documents(result.out_dir, result.entries, merge, odd_page)
