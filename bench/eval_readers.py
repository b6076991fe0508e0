"""Side-by-side evaluation of ways to read only the spec's columns of a wide .xlsx export (issue #17).

Each approach runs in a FRESH interpreter (its own subprocess); its peak memory is that process's
VmHWM from /proc/self/status, read at its end, so nothing the parent did counts. Every approach returns
the same thing: for each data row, the values of the spec's columns (blank cells as None), checked
equal across approaches by a digest.

    .venv/bin/python bench/eval_readers.py bench/.cache/monitor-wide-p200000-s11/防返贫监测对象.xlsx
    .venv/bin/python bench/eval_readers.py FILE --only stream,calamine

Approaches:
  calamine   python-calamine: whole sheet into its grid, then the columns picked row by row (main today)
  fastexcel  fastexcel 0.21 with use_columns (Arrow; needs pyarrow)
  expat      xml.parsers.expat, buffer_text, Python callbacks per element
  iterparse  lxml.etree.iterparse(tag=row), Python loop over each row's cells
  stream1    reportgen.ingest's streaming reader in one process (zlib stream + C regex scanner for the kept
             columns, columnar, GC paused)
  stream     the same with its helper process scanning pieces too (peak: both processes added)
  narrowcal  the kept columns' cells cut out of the sheet XML in C (one findall, one join), written as a
             narrow temporary .xlsx, parsed by python-calamine
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from benchlib import ChildPeaks, col_letter, cpu_seconds, peak_mb

APPROACHES = ("calamine", "fastexcel", "expat", "iterparse", "stream1", "stream", "narrowcal")
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def spec_columns(path: Path) -> list[int]:
    """Column indices the 防返贫监测 spec maps (found from the header rows only)."""
    from reportgen.ingest.headers import detect
    from reportgen.ingest.xlsxstream import SheetStream
    from reportgen.specs import builtin_specs, find_spec

    spec = find_spec("监测", builtin_specs())
    with SheetStream(path) as sheet:
        layout = detect(sheet.head, [], spec)
    return sorted(layout.index.values())


def _blank(v):
    return None if v is None or v == "" else v


def run_calamine(path: Path, cols: list[int]) -> list[tuple]:
    import python_calamine

    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    ws = wb.get_sheet_by_index(0)
    return [tuple(_blank(row[c]) if c < len(row) else None for c in cols) for row in ws.iter_rows()][1:]


def run_fastexcel(path: Path, cols: list[int]) -> list[tuple]:
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    sheet = reader.load_sheet(0, use_columns=cols, header_row=None, skip_rows=1, dtypes="string")
    data = sheet.to_arrow().to_pydict()
    return [tuple(_blank(v) for v in r) for r in zip(*data.values(), strict=True)]


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    from lxml import etree

    out = []
    with z.open("xl/sharedStrings.xml") as f:
        for _, si in etree.iterparse(f, tag=NS + "si", resolve_entities=False, no_network=True, huge_tree=True):
            out.append("".join(t.text or "" for t in si.iter(NS + "t")))
            si.clear()
    return out


def _value(t: str | None, text: str, sst: list[str]):
    if t == "s":
        return sst[int(text)]
    if t in ("str", "inlineStr"):
        return text
    if t == "b":
        return text == "1"
    return float(text)


def _split_ref(ref: str) -> tuple[int, int]:
    i = 0
    while ref[i].isalpha():
        i += 1
    col = 0
    for ch in ref[:i]:
        col = col * 26 + ord(ch) - 64
    return col - 1, int(ref[i:])


def run_expat(path: Path, cols: list[int]) -> list[tuple]:
    import xml.parsers.expat

    z = zipfile.ZipFile(path)
    sst = _shared_strings(z)
    pos = {c: k for k, c in enumerate(cols)}
    rows: list[tuple] = []
    state = {"vals": None, "k": None, "t": None, "text": None}
    width = len(cols)

    def start(name, attrs):
        if name == "c":
            col, _ = _split_ref(attrs["r"])
            state["k"] = pos.get(col)
            state["t"] = attrs.get("t")
        elif name == "row":
            state["vals"] = [None] * width
        elif name in ("v", "t") and state["k"] is not None:
            state["text"] = ""

    def chars(data):
        if state["text"] is not None:
            state["text"] += data

    def end(name):
        if name == "c" and state["k"] is not None and state["text"] is not None:
            state["vals"][state["k"]] = _value(state["t"], state["text"], sst)
            state["text"] = None
        elif name == "row":
            rows.append(tuple(state["vals"]))

    p = xml.parsers.expat.ParserCreate()
    p.buffer_text = True
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, chars
    with z.open("xl/worksheets/sheet1.xml") as f:
        p.ParseFile(f)
    return [r for r in rows[1:] if any(v is not None and v != "" for v in r)]


def run_iterparse(path: Path, cols: list[int]) -> list[tuple]:
    from lxml import etree

    z = zipfile.ZipFile(path)
    sst = _shared_strings(z)
    pos = {col_letter(c): k for k, c in enumerate(cols)}
    width = len(cols)
    rows = []
    c_tag, v_tag = NS + "c", NS + "v"
    with z.open("xl/worksheets/sheet1.xml") as f:
        for _, row in etree.iterparse(f, tag=NS + "row", resolve_entities=False, no_network=True, huge_tree=True):
            vals = [None] * width
            n = row.get("r")
            for c in row.iterchildren(c_tag):
                ref = c.get("r")
                k = pos.get(ref[: len(ref) - len(n)])
                if k is None:
                    continue
                v = c.find(v_tag)
                if v is not None:
                    vals[k] = _value(c.get("t"), v.text or "", sst)
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            rows.append(tuple(vals))
    return [r for r in rows[1:] if any(v is not None and v != "" for v in r)]


def run_stream(path: Path, cols: list[int]) -> list[tuple]:
    from reportgen.ingest.xlsxscan import paused_gc
    from reportgen.ingest.xlsxstream import SheetStream

    with paused_gc(), SheetStream(path) as sheet:
        _, columns, _ = sheet.columns(cols, 1)
        return [tuple(_blank(v) for v in vals) for vals in zip(*columns, strict=True)]


def run_stream1(path: Path, cols: list[int]) -> list[tuple]:
    from reportgen.ingest import xlsxscan

    xlsxscan.HELPER_FROM_BYTES = 1 << 62
    return run_stream(path, cols)


def run_narrowcal(path: Path, cols: list[int]) -> list[tuple]:
    """Cut the kept cells out in C, write them as a narrow sheet, let python-calamine parse that."""
    import os
    import re
    import tempfile

    from reportgen.ingest.xlsxparts import prefetch, read_part, split_at
    from reportgen.ingest.xlsxscan import REST, _trie
    from reportgen.ingest.xlsxstream import SheetStream, col_letters

    keep = re.compile(rb'<row\b[^>]*>|</row>|<c r="(?:' + _trie([col_letters(c) for c in cols]) + rb')\d+"'
                      + REST.replace(b"(", b"(?:", 1), re.S)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    try:
        with SheetStream(path) as sheet, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for name in sheet.zip.namelist():
                if name != sheet.part:
                    out.writestr(name, sheet.zip.read(name))
            with out.open(sheet.part, "w", force_zip64=True) as f:
                f.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData>')
                error = RuntimeError("row too large")
                for piece in split_at(prefetch(read_part(sheet, sheet.part)), b"</row>", error):
                    f.write(b"".join(keep.findall(piece)))
                f.write(b"</sheetData></worksheet>")
        return run_calamine(Path(tmp), cols)
    finally:
        os.unlink(tmp)


def child(approach: str, path: Path, cols: list[int]) -> None:
    helper = ChildPeaks()
    start, cpu = time.perf_counter(), cpu_seconds()
    rows = globals()[f"run_{approach}"](path, cols)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    peak = peak_mb() + helper.stop()  # before the digest below, which builds a large string of its own
    digest = hashlib.sha256(repr([tuple(_norm(v) for v in r) for r in rows]).encode()).hexdigest()[:12]
    print(json.dumps({"approach": approach, "seconds": seconds, "cpu": cpu, "peak_mb": peak, "rows": len(rows),
                      "digest": digest}))


def _norm(v):
    """fastexcel with dtypes=string gives '12.0' for 12.0: compare through one form."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, str) and v.endswith(".0") and v[:-2].lstrip("-").isdigit():
        return v[:-2]
    return str(v) if v is not None else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--only", default=",".join(APPROACHES))
    ap.add_argument("--child")
    ap.add_argument("--cols")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.path, [int(c) for c in args.cols.split(",")])
        return 0
    cols = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r});"
                           f"import eval_readers as e; from pathlib import Path;"
                           f"print(','.join(map(str, e.spec_columns(Path({str(args.path)!r})))))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    print(f"{args.path.name}: {len(cols.split(','))} spec columns")
    for name in args.only.split(","):
        proc = subprocess.run([sys.executable, __file__, str(args.path), "--child", name, "--cols", cols],
                              capture_output=True, text=True)
        if proc.returncode:
            print(f"{name:10s} failed: {proc.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"{name:10s} {r['seconds']:7.2f} s (cpu {r['cpu']:6.2f} s)  peak {r['peak_mb']:7.0f} MB  rows {r['rows']:,}  digest {r['digest']}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
