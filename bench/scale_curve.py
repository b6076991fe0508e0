"""Scale curve of ``reportgen figures``: wall time and peak memory at 20 k, 200 k and 2 M monitoring rows.

The wide 171-column generator needs the whole county in memory (3.3 GB and ~25 min for 196,000 rows
on the shared machine), so 2 M rows of it are out of reach. The curve therefore uses a NARROW export
(the 30 columns of the 防返贫监测 spec, the real system's base layout): a 20,000-row county from
``reportgen.samples`` repeated 1×, 10× and 100×, each copy with its own 户编号/人编号/证件号码 (valid
check digits), written straight as sheet XML with a shared-strings table as Excel does. The wide
exports of bench_ingest.py (19,379 and 196,147 rows) are measured too when they are cached.

Each ``reportgen figures`` runs as a child of a parent that did nothing else; its peak is the child's
own ``ru_maxrss`` from ``os.wait4`` (the parent's size at fork, ~20 MB, is the floor).

    .venv/bin/python bench/scale_curve.py            # generates once into bench/.cache, then measures
    .venv/bin/python bench/scale_curve.py --only 20000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from benchlib import CACHE, ChildPeaks, col_letter

BASE_PERSONS = 200_000  # → about 19,400 monitoring rows
SIZES = {"20000": 1, "200000": 10, "2000000": 100}


def narrow_file(copies: int) -> Path:
    path = CACHE / f"monitor-narrow-x{copies}" / "防返贫监测对象.xlsx"
    if not path.exists():
        subprocess.run([sys.executable, __file__, "--make", str(copies)], check=True)
    return path


def make(copies: int) -> None:
    """Write the narrow export of ``copies`` × the base county (run in its own process)."""
    from reportgen.cnid import check_digit
    from reportgen.samples import build_county, tables

    table = tables(build_county(BASE_PERSONS, 11))["monitor"]
    headers = table.headers
    idx = {h: i for i, h in enumerate(headers)}
    ids = [idx["户编号"], idx["人编号"]]
    card = idx["证件号码"]
    path = CACHE / f"monitor-narrow-x{copies}" / "防返贫监测对象.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    strings: dict[str, int] = {}
    letters = [col_letter(i) for i in range(len(headers))]
    tmp = path.with_suffix(".tmp")
    start = time.perf_counter()
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in _static_parts().items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
                    b'openxmlformats.org/spreadsheetml/2006/main">')
            last = copies * len(table.rows) + 1
            f.write(f'<dimension ref="A1:{letters[-1]}{last}"/><sheetData>'.encode())
            f.write(_row(1, headers, letters, strings))
            n = 1
            for k in range(copies):
                prefix = f"99{k:04d}"
                region = f"{110000 + k:06d}"
                for values in table.rows:
                    row = list(values)
                    for i in ids:
                        if row[i]:
                            row[i] = prefix + str(row[i])[6:]
                    if row[card] and len(str(row[card])) == 18:
                        first = region + str(row[card])[6:17]
                        row[card] = first + check_digit(first)
                    n += 1
                    f.write(_row(n, row, letters, strings))
            f.write(b"</sheetData></worksheet>")
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.'
                    f'openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{len(strings)}">'.encode())
            for s in strings:
                f.write(f"<si><t>{escape(s)}</t></si>".encode())
            f.write(b"</sst>")
    tmp.replace(path)
    print(f"wrote {path} ({n - 1:,} rows) in {time.perf_counter() - start:.0f} s", flush=True)


def _row(n: int, values: list, letters: list[str], strings: dict[str, int]) -> bytes:
    cells = []
    for letter, v in zip(letters, values, strict=False):
        if v is None or v == "":
            continue
        if isinstance(v, bool):
            cells.append(f'<c r="{letter}{n}" t="b"><v>{int(v)}</v></c>')
        elif isinstance(v, int | float):
            cells.append(f'<c r="{letter}{n}"><v>{v!r}</v></c>')
        else:
            i = strings.setdefault(str(v), len(strings))
            cells.append(f'<c r="{letter}{n}" t="s"><v>{i}</v></c>')
    return f'<row r="{n}">{"".join(cells)}</row>'.encode()


def _static_parts() -> dict[str, str]:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="监测对象名单" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    }


def measure(path: Path, out: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of ``reportgen figures PATH`` in a child process; the peak adds
    the reader's helper process (a grandchild) to the child's own."""
    exe = Path(sys.executable).with_name("reportgen")
    start = time.perf_counter()
    proc = subprocess.Popen([str(exe), "figures", str(path), "-o", str(out), "--quiet", "--exclude-bad-rows"],
                            stdout=subprocess.DEVNULL)
    helper = ChildPeaks(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    helper_mb = helper.stop()
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"reportgen figures failed on {path}")
    waited = usage.ru_maxrss / 1024  # wait4 gives the larger of the child's and its helper's peaks
    own = waited if waited > helper_mb else helper.own
    return seconds, usage.ru_utime + usage.ru_stime, own + helper_mb


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--make", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--only", help="comma-separated sizes: 20000,200000,2000000")
    args = ap.parse_args()
    if args.make:
        make(args.make)
        return 0
    sizes = args.only.split(",") if args.only else list(SIZES)
    files = [(f"narrow ×{SIZES[s]}", narrow_file(SIZES[s])) for s in sizes]
    for persons in ("200000", "2000000"):
        wide = CACHE / f"monitor-wide-p{persons}-s11" / "防返贫监测对象.xlsx"
        if wide.exists() and not args.only:
            files.append(("wide (171 columns)", wide))
    print("| export | rows | file | `reportgen figures` wall | CPU | peak memory | CPU µs per row |")
    print("|---|---|---|---|---|---|---|")
    for label, path in files:
        rows = _rows(path)
        seconds, cpu, peak = measure(path, CACHE / "figures.yaml")
        print(f"| {label} | {rows:,} | {path.stat().st_size / 1e6:.0f} MB | {seconds:.1f} s | {cpu:.1f} s | "
              f"{peak:.0f} MB | {cpu / rows * 1e6:.0f} |", flush=True)
    return 0


def _rows(path: Path) -> int:
    """Data rows of the export, counted in a separate process (this parent stays small)."""
    code = ("import sys; from pathlib import Path; from reportgen.ingest.xlsxstream import SheetStream\n"
            "with SheetStream(Path(sys.argv[1])) as s: print(s.total_rows - 1)")
    return int(subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True,
                              text=True).stdout)


if __name__ == "__main__":
    sys.exit(main())
