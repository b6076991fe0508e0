"""`batch --cluster`: documents/s on a Dask LocalCluster with 1 and 2 workers against the local process
pool, for the same rows, and the overhead of one partition.

    .venv/bin/python bench/bench_cluster.py [--n 400]

The rows are the sample 责任书签订名单 repeated to N (built-in 责任书 template, one .docx per row). Each
cluster is started once and warmed up (workers import reportgen and compile the template) before it is
timed; its start-up time is printed separately. Overhead per partition: the same N documents in N
one-document partitions against N/20-document partitions, on one worker. Needs ``reportgen[cluster]``.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportgen.app.batch import prepare_batch  # noqa: E402
from reportgen.batch import run_batch  # noqa: E402
from reportgen.samples import generate  # noqa: E402

NAME = "{{乡镇}}_{{行政村}}_{{ loop_index }}.docx"


def make_rows(root: Path, n: int) -> tuple[Path, list[dict], dict]:
    files = generate(root / "样例", persons=300, seed=11)
    job = prepare_batch("责任书", rows_file=files.paths["parties"], sets=["年度=2024"], out_dir=root / "unused")
    rows = [{**job.rows[i % len(job.rows)], "_row": i + 2} for i in range(n)]
    return job.template, rows, job.shared


def timed(template: Path, rows: list[dict], shared: dict, out: Path, **options) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    result = run_batch(template, rows, out_dir=out, shared=shared, row_name="书", name_pattern=NAME, **options)
    elapsed = time.perf_counter() - start
    assert result.ok and result.written == len(rows), result.failed[:1]
    return elapsed


def _pdf_rate(template: Path, rows: list[dict], shared: dict, root: Path, address: str) -> float | None:
    """docs/s of one worker making the .docx, its PDF (one LibreOffice per partition) and the merged PDF."""
    if not rows or not shutil.which("soffice"):
        return None
    t = timed(template, rows, shared, root / "pdf", cluster=address, partition_size=len(rows), pdf=True,
              merge="合并打印.docx")
    print(f"with --pdf --merge: {len(rows)} documents in one partition on 1 worker: {t:.1f} s = {len(rows) / t:.1f} docs/s")
    return len(rows) / t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400, help="documents per run")
    parser.add_argument("--pdf-n", type=int, default=40, help="documents per run with --pdf (0: skip)")
    args, _ = parser.parse_known_args()
    try:
        from distributed import LocalCluster
    except ImportError:
        print('skipped: Dask is not installed (pip install "reportgen[cluster]")')
        return 0
    n = args.n
    root = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    try:
        template, rows, shared = make_rows(root, n)
        report = []
        for jobs in (1, 2):
            t = timed(template, rows, shared, root / "local", jobs=jobs)
            report.append((f"local process pool, --jobs {jobs}", t, n / t))
        size = max(1, n // 20)
        per_worker: dict[int, float] = {}
        for workers in (1, 2):
            started = time.perf_counter()
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                              silence_logs=logging.ERROR) as cluster:
                startup = time.perf_counter() - started
                address = cluster.scheduler_address
                timed(template, rows[: 2 * workers], shared, root / "warm", cluster=address, partition_size=1)
                t = timed(template, rows, shared, root / "cluster", cluster=address, partition_size=size)
                per_worker[workers] = n / t / workers
                report.append((f"LocalCluster, {workers} worker(s), {n // size} partitions "
                               f"(start-up {startup:.1f} s, not counted)", t, n / t))
                if workers == 1:
                    small = timed(template, rows, shared, root / "cluster", cluster=address, partition_size=1)
                    overhead = (small - t) / (n - n // size)
                    pdf_rate = _pdf_rate(template, rows[: args.pdf_n], shared, root, address)
        print(f"{n} documents (built-in 责任书, one per row) on {os.cpu_count()} CPU(s)\n")
        print("| run | s | docs/s |\n|---|---|---|")
        for label, t, rate in report:
            print(f"| {label} | {t:.1f} | {rate:.1f} |")
        print(f"\ndocs/s per worker: 1 worker {per_worker[1]:.1f}, 2 workers {per_worker[2]:.1f}")
        print(f"overhead per partition (1 worker, {n} one-document partitions vs {n // size} of {size}): "
              f"{overhead * 1000:.0f} ms")
        for what, rate in (("docx only", per_worker[1]), ("docx + PDF", pdf_rate)):
            if rate:
                print(f"10^7 documents, {what}, at {rate:.1f} docs/s per worker: {1e7 / rate / 3600:.0f} "
                      f"worker-hours (= {1e7 / rate / 3600 / 100:.1f} h on 100 workers)")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
