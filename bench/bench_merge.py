"""Merge N two-page contracts into one print file: reportgen.output.merge_docx vs docxcompose, same run.

    .venv/bin/python bench/bench_merge.py [--n 1000] [--compose-n 200]

docxcompose re-scans the growing document on every append (its issue #78), so by default it runs on a
smaller N and its time for the full N is extrapolated from its per-document rate at that N (which
*under*-estimates it, since its per-document cost rises). Prints seconds, documents/s and the ratio.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from docx import Document
from docx.shared import Inches

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportgen.output.merge import merge_docx  # noqa: E402


def contract(i: int) -> bytes:
    """A two-page 责任书: header, numbered clauses, a table, a logo, a page break."""
    from tests.helpers.batch_docs import tiny_png  # same fixture as the tests

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = f"青禾县防止返贫致贫责任书（第{i + 1}份）"
    doc.add_heading(f"第{i + 1}村防止返贫致贫工作责任书", 1)
    for k in range(12):
        doc.add_paragraph(f"责任条款{k + 1}：按月排查监测对象，落实帮扶措施，及时消除风险。" * 3, style="List Number")
    table = doc.add_table(rows=6, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}-{c}"
    doc.add_picture(io.BytesIO(tiny_png()), width=Inches(0.6))
    doc.add_page_break()
    for k in range(10):
        doc.add_paragraph(f"第二页说明{k + 1}：" + "双方共同遵守。" * 8)
    doc.add_paragraph("甲方（盖章）：        乙方（盖章）：")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def bench_reportgen(docs: list[bytes], out: Path) -> float:
    start = time.perf_counter()
    merge_docx(docs, out)
    return time.perf_counter() - start


def bench_docxcompose(docs: list[bytes], out: Path) -> float:
    from docxcompose.composer import Composer

    start = time.perf_counter()
    composer = Composer(Document(io.BytesIO(docs[0])))
    for data in docs[1:]:
        composer.append(Document(io.BytesIO(data)))
    composer.save(str(out))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--compose-n", type=int, default=200, help="documents for docxcompose (0 = same as --n)")
    args = parser.parse_args()
    compose_n = args.compose_n or args.n
    template = contract(0)
    docs = [contract(i) for i in range(min(args.n, 20))]
    docs = [docs[i % len(docs)] if i >= len(docs) else docs[i] for i in range(args.n)]
    print(f"input: {args.n} two-page contracts, {len(template) // 1024} KB each")
    with tempfile.TemporaryDirectory() as tmp:
        ours = bench_reportgen(docs, Path(tmp) / "ours.docx")
        merged = Document(Path(tmp) / "ours.docx")
        print(f"reportgen merge_docx : {args.n:5d} docs in {ours:7.2f} s = {args.n / ours:8.1f} docs/s "
              f"({len(merged.sections)} sections, {len(merged.styles)} styles)")
        small = bench_reportgen(docs[:compose_n], Path(tmp) / "ours_small.docx")
        print(f"reportgen merge_docx : {compose_n:5d} docs in {small:7.2f} s = {compose_n / small:8.1f} docs/s")
        try:
            theirs = bench_docxcompose(docs[:compose_n], Path(tmp) / "theirs.docx")
        except ImportError:
            print("docxcompose not installed (pip install -e '.[bench]'); no comparison")
            return
        print(f"docxcompose          : {compose_n:5d} docs in {theirs:7.2f} s = {compose_n / theirs:8.1f} docs/s")
        print(f"ratio at N={compose_n}: reportgen is {theirs / small:.1f}x faster")
        if compose_n < args.n:
            extrapolated = theirs / compose_n * args.n
            print(f"docxcompose at N={args.n}: >= {extrapolated:.1f} s (extrapolated linearly from N={compose_n}; "
                  f"its per-document cost grows, so the real time is higher) -> ratio >= {extrapolated / ours:.1f}x")


if __name__ == "__main__":
    main()
