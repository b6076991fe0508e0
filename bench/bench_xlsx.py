"""Fill the same list template with reportgen and with xltpl in one run; print rows/s, peak memory, ratio.

    .venv/bin/python bench/bench_xlsx.py                 # 5,000 and 50,000 rows
    .venv/bin/python bench/bench_xlsx.py --rows 20000

The table is the same for both engines: a title row (``{{ title }}``), a header row, one repeated row of
10 columns (text, integers, decimals; 仿宋 font, thin borders) and a 填报单位 line below the list that
must move down. Only the way the loop is marked differs, each engine's documented way:

* reportgen: ``{%tr for row in rows %}`` at the start of A3 and ``{%tr endfor %}`` at the end of J3;
* xltpl 0.21: the cells hold only ``{{ row.cK }}``; the loop is in cell *comments*, ``beforerow{% for row
  in rows %}`` on A3 and ``aftercell{% endfor %}`` on J3. (Its in-cell form ``{%- for … %}`` is dropped
  by the 0.21 xlsx writer: ``Cell.to_tag`` emits only the before/after-cell part, so the ``endfor`` is
  left without its ``for``: "TemplateSyntaxError: Encountered unknown tag 'endfor'".)

Each engine runs in its own fresh process on identically generated data, so the peak RSS is its own;
"peak" is the process's max RSS, "+render" the growth over the RSS measured just before rendering (the
interpreter, libraries and the data list are in the baseline). Time covers load template + render +
save. Afterwards this process reopens both outputs with openpyxl and checks that every cell value is
the same and that the generated rows kept the template style, so the comparison is like for like.
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
ENGINES = ("reportgen", "xltpl")


def make_rows(n: int) -> list[dict]:
    return [{f"c{k}": (f"村{i % 97}-{k}" if k % 3 == 0 else (i * k) % 1000 if k % 3 == 1 else i * 0.01 + k)
             for k in range(COLS)} for i in range(n)]


def build_template(path: Path, engine: str) -> None:
    import openpyxl
    from openpyxl.comments import Comment
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
        cell = ws.cell(3, k + 1, text)
        cell.font, cell.border = Font(name="仿宋"), Border(left=thin, right=thin, top=thin, bottom=thin)
    if engine == "xltpl":
        ws.cell(3, 1).comment = Comment("beforerow{% for row in rows %}", "bench")
        ws.cell(3, COLS).comment = Comment("aftercell{% endfor %}", "bench")
    ws.cell(4, 1, "填报单位：")
    wb.save(path)


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(engine: str, rows: int, out: Path) -> dict:
    """Child process: fill ``rows`` rows with ``engine`` into ``out``; report time and memory."""
    data = {"title": "基准测试", "rows": make_rows(rows)}
    if engine == "reportgen":
        from reportgen.xlsx import XlsxTemplate
    else:
        from xltpl.writerx import BookWriter
    with tempfile.TemporaryDirectory() as tmp:
        tpl = Path(tmp) / "t.xlsx"
        build_template(tpl, engine)
        base_mb = _rss_mb()
        start = time.perf_counter()
        if engine == "reportgen":
            XlsxTemplate.load(tpl).render_to(out, data)
        else:
            writer = BookWriter(str(tpl))
            writer.render_book([{**data, "sheet_name": "清单"}])
            writer.save(str(out))
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"engine": engine, "rows": rows, "seconds": round(seconds, 3), "rows_per_s": round(rows / seconds),
            "peak_mb": round(peak_mb, 1), "render_mb": round(max(peak_mb - base_mb, 0.0), 1)}


def compare(paths: dict[str, Path], rows: int) -> str:
    """Check that both outputs hold the same values; returns a one-line verdict."""
    import openpyxl

    grids = {}
    for engine, path in paths.items():
        wb = openpyxl.load_workbook(path, read_only=True)
        ws = wb.worksheets[0]
        grids[engine] = [tuple(v for v in r[:COLS]) for r in ws.iter_rows(max_col=COLS, values_only=True)]
        wb.close()
    a, b = grids["reportgen"], grids["xltpl"]
    if len(a) != len(b):
        return f"DIFFERENT: {len(a)} vs {len(b)} rows"
    for i, (ra, rb) in enumerate(zip(a, b, strict=True), 1):
        ra, rb = tuple(ra) + (None,) * (COLS - len(ra)), tuple(rb) + (None,) * (COLS - len(rb))
        if any(x != y and not (isinstance(x, float) and isinstance(y, (int, float)) and abs(x - y) < 1e-9)
               for x, y in zip(ra, rb, strict=True)):
            return f"DIFFERENT at row {i}: {ra} vs {rb}"
    if a[-1][0] != "填报单位：" or len(a) != rows + 3:
        return f"DIFFERENT: expected {rows + 3} rows ending with 填报单位：, got {len(a)}"
    fonts = {}
    for engine, path in paths.items():  # style of the last generated row
        wb = openpyxl.load_workbook(path, read_only=True)
        cell = next(wb.worksheets[0].iter_rows(min_row=rows + 2, max_row=rows + 2, max_col=1))[0]
        fonts[engine] = (cell.font.name, cell.border.left.style)
        wb.close()
    if fonts["reportgen"] != fonts["xltpl"] or fonts["reportgen"] != ("仿宋", "thin"):
        return f"DIFFERENT styles: {fonts}"
    return f"same values in all {len(a):,} rows × {COLS} columns, same style on generated rows"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[5_000, 50_000])
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(run_one(args.engine, args.rows[0], args.out)))
        return
    for rows in args.rows:
        results = {}
        with tempfile.TemporaryDirectory() as tmp:
            outs = {engine: Path(tmp) / f"{engine}.xlsx" for engine in ENGINES}
            for engine in ENGINES:
                proc = subprocess.run([sys.executable, __file__, "--engine", engine, "--rows", str(rows),
                                       "--out", str(outs[engine])], capture_output=True, text=True)
                if proc.returncode != 0:
                    last = (proc.stderr.strip().splitlines() or ["?"])[-1]
                    print(f"{engine:10s} failed: {last}")
                    continue
                results[engine] = r = json.loads(proc.stdout.strip().splitlines()[-1])
                print(f"{engine:10s} {r['rows']:>7,} rows  {r['seconds']:7.2f} s  {r['rows_per_s']:>8,} rows/s  "
                      f"peak {r['peak_mb']:6.1f} MB (+render {r['render_mb']:6.1f} MB)", flush=True)
            if len(results) < 2:
                print("ratio not available: one engine failed (see above)")
                continue
            print(f"{'check':10s} {compare(outs, rows)}")
        ratio = results["reportgen"]["rows_per_s"] / results["xltpl"]["rows_per_s"]
        mem = results["xltpl"]["render_mb"] / max(results["reportgen"]["render_mb"], 0.1)
        print(f"{'ratio':10s} reportgen / xltpl rows/s = {ratio:.2f}×  (target ≥ 3×); "
              f"xltpl needs {mem:.1f}× the render memory\n", flush=True)


if __name__ == "__main__":
    main()
