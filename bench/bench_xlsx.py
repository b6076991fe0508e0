"""Fill the same list template with reportgen and with xltpl in one run; print rows/s and peak memory.

    .venv/bin/python bench/bench_xlsx.py [--rows 50000]

Each engine runs in its own fresh process (so peak RSS is its own): the template has a title, a header
row and one repeated row of 10 columns (text, integers, decimals); the data is generated the same way
for both. Peak memory is the child's max RSS (includes the interpreter and the data list).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLS = 10


def make_rows(n: int) -> list[dict]:
    return [{f"c{k}": (f"村{i % 97}-{k}" if k % 3 == 0 else (i * k) % 1000 if k % 3 == 1 else i * 0.01 + k)
             for k in range(COLS)} for i in range(n)]


def build_template(path: Path, engine: str) -> None:
    import openpyxl
    from openpyxl.styles import Border, Font, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "清单"
    ws["A1"] = "{{ title }}"
    ws.append([f"列{k}" for k in range(COLS)])
    thin = Side(style="thin")
    for k in range(COLS):
        text = f"{{{{ row.c{k} }}}}"
        if engine == "reportgen":
            text = ("{%tr for row in rows %}" if k == 0 else "") + text + ("{%tr endfor %}" if k == COLS - 1 else "")
        else:  # xltpl (README, v0.9+): '{%-' goes before the row, '{%+' after the cell
            text = ("{%- for row in rows %}" if k == 0 else "") + text + ("{%+ endfor %}" if k == COLS - 1 else "")
        cell = ws.cell(3, k + 1, text)
        cell.font, cell.border = Font(name="仿宋"), Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.cell(4, 1, "填报单位：")
    wb.save(path)


def run_one(engine: str, rows: int) -> dict:
    data = {"title": "基准测试", "rows": make_rows(rows)}
    with tempfile.TemporaryDirectory() as tmp:
        tpl, out = Path(tmp) / "t.xlsx", Path(tmp) / "o.xlsx"
        build_template(tpl, engine)
        start = time.perf_counter()
        if engine == "reportgen":
            from reportgen.xlsx import XlsxTemplate

            XlsxTemplate.load(tpl).render_to(out, data)
        else:
            from xltpl.writerx import BookWriter

            writer = BookWriter(str(tpl))
            writer.render_book([{**data, "sheet_name": "清单"}])
            writer.save(str(out))
        seconds = time.perf_counter() - start
        import openpyxl

        ws = openpyxl.load_workbook(out, read_only=True).worksheets[0]
        written = sum(1 for r in ws.iter_rows(min_row=3, values_only=True) if len(r) > 1 and r[1] is not None)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"engine": engine, "rows": rows, "written": written, "seconds": round(seconds, 3),
            "rows_per_s": round(rows / seconds), "peak_mb": round(peak_mb, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--engine", choices=["reportgen", "xltpl"])
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(run_one(args.engine, args.rows)))
        return
    results = {}
    for engine in ("reportgen", "xltpl"):
        proc = subprocess.run([sys.executable, __file__, "--engine", engine, "--rows", str(args.rows)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{engine:10s} failed: {last}")
            continue
        results[engine] = json.loads(proc.stdout.strip().splitlines()[-1])
        r = results[engine]
        print(f"{engine:10s} {r['rows']:>7,} rows  {r['seconds']:7.2f} s  {r['rows_per_s']:>8,} rows/s  "
              f"peak {r['peak_mb']:6.1f} MB  (rows written: {r['written']:,})")
    if len(results) < 2:
        print("ratio not available: one engine failed (see above)")
        return
    ratio = results["reportgen"]["rows_per_s"] / results["xltpl"]["rows_per_s"]
    print(f"reportgen / xltpl rows/s = {ratio:.2f}×  (target ≥ 3×)")


if __name__ == "__main__":
    main()
