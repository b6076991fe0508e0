"""``--cluster``: render a batch on a Dask distributed cluster, one task per partition of the list.

``local`` / ``local:N`` start a LocalCluster of N worker processes (default: the CPU count) for tests and
big single machines; anything else is the address ``dask scheduler`` printed (``tcp://10.0.0.5:8786``).
The client reads the list, allocates every file name (so names equal the local batch's) and sends each
partition to a worker with the template's bytes (scattered once); :func:`partition.run_partition` does
the rest. Workers must reach the output folder at the same path (a shared file system) and run the same
reportgen. Dask is optional: ``pip install "reportgen[cluster]"``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from reportgen.batch import manifest, remote
from reportgen.batch.partition import UNFINISHED, Loader, PartitionTask, run_partition
from reportgen.batch.units import Unit
from reportgen.errors import Location, MissingDependencyError, ReportgenError

INSTALL_HINT = 'pip install "reportgen[cluster]"'
_WHERE = Location(option="--cluster")
_ADDRESS_HINT = ("写 local（本机，按 CPU 核数启动工作进程）、local:4（本机 4 个工作进程），"
                 "或调度器地址，如 tcp://10.0.0.5:8786（dask scheduler 启动时显示的地址）。")
_REMOTE = re.compile(r"(?:(?:tcp|tls)://)?(?:[A-Za-z0-9][A-Za-z0-9.\-]*|\[[0-9A-Fa-f:.]+\]):(\d{1,5})")
MAX_LOCAL_WORKERS = 256
CONNECT_TIMEOUT = "20s"


def parse_address(address: str) -> tuple[str, int | None]:
    """``("local", N or None)`` or ``("remote", None)``; anything else is a located user error."""
    text = str(address).strip()
    if text == "local":
        return "local", None
    local = re.fullmatch(r"local:(\d+)", text)
    if local and 1 <= int(local.group(1)) <= MAX_LOCAL_WORKERS:
        return "local", int(local.group(1))
    remote = None if text.startswith("local") else _REMOTE.fullmatch(text)
    if remote and 1 <= int(remote.group(1)) <= 65535:
        return "remote", None
    raise ReportgenError(f"集群地址写错了：「{text}」。", _WHERE, hint=_ADDRESS_HINT
                         + (f"本机工作进程数为 1–{MAX_LOCAL_WORKERS}。" if text.startswith("local") else ""))


def require_dask() -> None:
    """Refuse ``--cluster`` clearly when the optional Dask extra is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise MissingDependencyError("未安装 Dask 分布式引擎（dask.distributed），不能用 --cluster。", _WHERE,
                                     hint=f"请运行 {INSTALL_HINT}；或去掉 --cluster，在本机批量生成。") from None


def check_address(address: str) -> None:
    """Everything that can be refused before output is written: the address and the Dask install."""
    parse_address(address)
    require_dask()


def default_partition_size(units: int) -> int:
    """About 64 partitions for a county list, at most 1,000 documents each for a province (so each
    partition's print file stays printable and a lost worker redoes little)."""
    return max(20, min(1000, -(-units // 64)))


def partition_merge_names(merge: str | None, units: int, size: int) -> tuple[str, ...]:
    """Each partition's print file: ``合并打印_001.docx`` …; the name itself when there is one partition."""
    if not merge or not units:
        return ()
    count = -(-units // size)
    if count == 1:
        return (merge,)
    stem, width = Path(merge).stem, max(3, len(str(count)))
    return tuple(f"{stem}_{k + 1:0{width}d}.docx" for k in range(count))


def execute(address: str, template: Path, loader: Loader, todo: dict[int, Unit], result: Any, run: dict[str, Any],
            *, size: int, resume: bool, fail_fast: bool, merge_names: tuple[str, ...], pdf: bool, odd_page: bool,
            progress: Callable[[int], None] | None = None,
            partition_progress: Callable[[int, int], None] | None = None) -> None:
    """Render ``todo`` on the cluster at ``address``, updating ``result`` (a BatchResult) as partitions end."""
    entries, out = result.entries, result.out_dir
    count = -(-len(entries) // size) if entries else 0
    target = result.url or str(out)  # an fsspec URL (batch.remote) or the shared folder
    if not resume:  # a fresh run: earlier partitions' manifests must not be taken for this run's
        if result.url:
            remote.open_store(result.url).remove(f"{manifest.PARTS_FOLDER}/part-*.json")
        for old in (out / manifest.PARTS_FOLDER).glob("part-*.json"):
            old.unlink(missing_ok=True)
    buckets: dict[int, list[Unit]] = {}
    for u in todo.values():
        buckets.setdefault(u.index // size, []).append(u)
    tasks = []
    for k, units in sorted(buckets.items()):
        span = min(size, len(entries) - k * size)
        merge = merge_names[k] if merge_names and len(units) == span else None
        if merge_names and merge is None:
            result.notes.append(f"分区 {k + 1} 有 {span - len(units)} 份未生成，未合并打印文件 {merge_names[k]}。")
        tasks.append(PartitionTask(k, target, run, template.name,
                                   [(u.index, asdict(entries[u.index]), u.context) for u in units],
                                   resume=resume, fail_fast=fail_fast, merge=merge, pdf=pdf, odd_page=odd_page))
    done = count - len(tasks)
    if partition_progress:
        partition_progress(done, count)
    try:
        if tasks:
            with _connect(address) as client:
                done = _run_tasks(client, tasks, template, loader, result, fail_fast, progress,
                                  partition_progress, done, count)
    finally:
        for e in entries:
            if e.status == "pending":
                e.status, e.error = "failed", UNFINISHED
    if len(merge_names) == 1 and result.merged_parts:  # one partition: its print file is the print file
        result.merged = result.merged_parts[0]
        result.merged_pdf = result.merged_pdf_parts[0] if result.merged_pdf_parts else None
    result.notes.append(f"集群：{done}/{count} 个分区完成（每个分区至多 {size} 份）。")


def _run_tasks(client: Any, tasks: list[PartitionTask], template: Path, loader: Loader, result: Any,
               fail_fast: bool, progress: Callable[[int], None] | None,
               partition_progress: Callable[[int, int], None] | None, done: int, count: int) -> int:
    from distributed import as_completed

    shipped = client.scatter(template.read_bytes(), broadcast=True)  # each worker compiles it once
    futures = {client.submit(run_partition, task, shipped, loader, pure=False): task for task in tasks}
    for fut in as_completed(list(futures)):
        task = futures[fut]
        try:
            outcome = fut.result()
        except Exception as exc:  # a worker lost too often (KilledWorker), the scheduler gone, a disk error
            reason = str(exc) if isinstance(exc, ReportgenError) else f"{type(exc).__name__}: {exc}"
            for index, _, _ in task.units:
                entry = result.entries[index]
                entry.status, entry.error = "failed", f"{UNFINISHED}（分区 {task.number + 1}：{reason}）"
        else:
            for index, data in outcome.entries:
                result.entries[index] = manifest.Entry(**data)
            result.written += outcome.written
            result.skipped += outcome.skipped
            result.notes.extend(outcome.notes)
            if outcome.merged:
                result.merged_parts.append(result.out_dir / outcome.merged)
            if outcome.merged_pdf:
                result.merged_pdf_parts.append(result.out_dir / outcome.merged_pdf)
        done += 1
        if progress:
            progress(len(task.units))
        if partition_progress:
            partition_progress(done, count)
        if fail_fast and any(result.entries[i].status != "ok" for i, _, _ in task.units):
            for other in futures:
                other.cancel()
            break
    result.merged_parts.sort()
    result.merged_pdf_parts.sort()
    return done


@contextlib.contextmanager
def _connect(address: str) -> Iterator[Any]:
    """A client of a fresh LocalCluster (``local[:N]``) or of the scheduler at ``address``."""
    from distributed import Client, LocalCluster

    kind, workers = parse_address(address)
    if kind == "local":
        with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                          dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ReportgenError(f"连接不上集群调度器 {address}：{exc}", _WHERE,
                             hint="请确认调度器已启动（dask scheduler）、地址和端口正确、本机能访问它。") from None
    with client:
        yield client
