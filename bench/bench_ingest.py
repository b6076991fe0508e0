"""Ingest + aggregate a wide (171-column) 防返贫监测 export: reportgen vs openpyxl read-only + plain Python.

The file is generated once and cached in ``bench/.cache/`` (``--persons 2000000`` gives ~196,000
monitoring rows), by a child process. Each side then runs in a FRESH interpreter started by a parent
that never generated or loaded the file, and reports its own peak memory: VmHWM from /proc/self/status
read at its end (exec starts a new address space, so nothing of the parent is counted; ``ru_maxrss``
would carry the parent's high-water mark across exec); the reader's helper process, when it starts, is
sampled the same way and its peak added (benchlib.ChildPeaks). CPU seconds include the helper. Both sides
compute the same figures (户数, 人数, 风险已消除, per-乡镇 counts, 风险类型), checked equal.

    .venv/bin/python bench/bench_ingest.py              # full size (generation ~15 min the first time)
    .venv/bin/python bench/bench_ingest.py --persons 200000   # ~20,000 rows, quick look
    .venv/bin/python bench/bench_ingest.py --reader calamine  # reportgen with the previous reader
    .venv/bin/python bench/bench_ingest.py --reader stream1   # the streaming reader without its helper process
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from benchlib import CACHE, ChildPeaks, cpu_seconds, peak_mb

SEED = 11


def wide_file(persons: int) -> Path:
    folder = CACHE / f"monitor-wide-p{persons}-s{SEED}"
    path = folder / "防返贫监测对象.xlsx"
    if not path.exists():
        from reportgen.samples import generate

        print(f"generating {path} (once) …", flush=True)
        generate(folder, persons=persons, seed=SEED, wide=True, only={"monitor"})
    return path


def run_reportgen(path: Path) -> dict:
    from reportgen.ingest import load_table

    if os.environ.get("BENCH_READER") == "calamine":  # the reader before issue #17, for comparison
        from reportgen.ingest import readers

        readers.StreamSource = _no_stream
    if os.environ.get("BENCH_READER") == "stream1":  # the streaming reader without its helper process
        from reportgen.ingest import xlsxscan

        xlsxscan.HELPER_FROM_BYTES = 1 << 62
    from reportgen.measures import compute_registry
    from reportgen.specs import builtin_specs, find_spec

    spec = find_spec("监测", builtin_specs())
    start = time.perf_counter()
    table = load_table(path, spec)
    loaded = time.perf_counter()
    figures = compute_registry(spec, table.keys, table.rows, lambda *a: None)
    return {
        "stages": f"read+type {loaded - start:.1f} s, indicators {time.perf_counter() - loaded:.1f} s",
        "rows": len(table.rows), "columns": len(table.layout.headers), "户数": figures["户数"],
        "人数": figures["人数"], "风险已消除户数": figures["风险已消除户数"],
        "乡镇户数": {t["名称"]: t["户数"] for t in figures["乡镇"]},
        "风险类型": {r["名称"]: r["户数"] for r in figures["风险类型"]},
    }


def _no_stream(*_args):
    from reportgen.ingest.xlsxstream import Unsupported

    raise Unsupported("calamine asked for")


def run_openpyxl(path: Path) -> dict:
    """What a careful script would do: read-only openpyxl, headers by name, sets for distinct counts."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = list(next(rows))
    col = {h: i for i, h in enumerate(header)}
    hh, town, pid, cleared = col["户编号"], col["乡(镇)"], col["证件号码"], col["风险是否已消除"]
    risks = [col[f"致贫/返贫风险{k}"] for k in range(1, 6)]
    households, persons, cleared_hh = set(), set(), set()
    town_hh: dict[str, set] = defaultdict(set)
    risk_hh: dict[str, set] = defaultdict(set)
    n = 0
    for r in rows:
        n += 1
        code = str(r[hh])
        households.add(code)
        persons.add(str(r[pid]))
        town_hh[r[town]].add(code)
        if r[cleared] == "是":
            cleared_hh.add(code)
        for k in risks:
            value = r[k]
            if value:
                risk_hh["缺劳动力" if value == "缺劳力" else value].add(code)
    wb.close()
    return {
        "rows": n, "columns": len(header), "户数": len(households), "人数": len(persons),
        "风险已消除户数": len(cleared_hh), "乡镇户数": {t: len(v) for t, v in town_hh.items()},
        "风险类型": {k: len(v) for k, v in risk_hh.items()},
    }


def side(name: str, path: Path) -> None:
    children = ChildPeaks()
    start, cpu = time.perf_counter(), cpu_seconds()
    result = (run_reportgen if name == "reportgen" else run_openpyxl)(path)
    result["seconds"] = time.perf_counter() - start
    result["cpu"] = cpu_seconds() - cpu
    result["helper_mb"] = children.stop()
    result["peak_mb"] = peak_mb() + result["helper_mb"]
    print(json.dumps(result, ensure_ascii=False))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=2_000_000, help="建档立卡 persons (monitoring rows ≈ 10%%)")
    ap.add_argument("--reader", choices=["stream", "stream1", "calamine"], default="stream",
                    help="reportgen's .xlsx reader (stream1: without the helper process)")
    ap.add_argument("--side", choices=["reportgen", "openpyxl", "generate"], help=argparse.SUPPRESS)
    ap.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args, _ = ap.parse_known_args()
    if args.side == "generate":
        print(wide_file(args.persons))
        return 0
    if args.side:
        side(args.side, args.path)
        return 0
    path = Path(subprocess.run([sys.executable, __file__, "--side", "generate", "--persons", str(args.persons)],
                               check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    results = {}
    env = dict(os.environ, BENCH_READER=args.reader)
    for name in ("reportgen", "openpyxl"):
        out = subprocess.run([sys.executable, __file__, "--side", name, "--path", str(path)],
                             check=True, capture_output=True, text=True, env=env).stdout
        results[name] = json.loads(out.strip().splitlines()[-1])
    ours, ref = results["reportgen"], results["openpyxl"]
    same = all(ours[k] == ref[k] for k in ("rows", "户数", "人数", "风险已消除户数", "乡镇户数", "风险类型"))
    print(f"file: {path.name}, {ours['rows']:,} rows × {ours['columns']} columns, "
          f"{path.stat().st_size / 1e6:.0f} MB; reportgen reader: {args.reader}")
    for name, r in results.items():
        stages = f"  ({r['stages']})" if "stages" in r else ""
        helper = f" (helper process {r['helper_mb']:.0f} MB included)" if r["helper_mb"] else ""
        print(f"{name:10s} {r['seconds']:7.1f} s  CPU {r['cpu']:6.1f} s  {r['rows'] / r['seconds']:9,.0f} rows/s  "
              f"peak {r['peak_mb']:6.0f} MB{helper}{stages}")
    print(f"ratio: reportgen is {ref['seconds'] / ours['seconds']:.1f}× faster (CPU: {ref['cpu'] / ours['cpu']:.1f}×); "
          f"peaks: reportgen {ours['peak_mb']:.0f} MB, openpyxl {ref['peak_mb']:.0f} MB; figures agree: {same}; "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
