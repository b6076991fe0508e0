"""版记 on an even page (GB/T 9704 §7.4) in what ``reportgen render`` and ``reportgen batch`` write, as
``demo`` does: documents with a 版记 are converted with LibreOffice and, where the 版记 lands on an odd
page, get the blank page before it (:mod:`reportgen.layout.parity`). Without LibreOffice the step
cannot be made, and a note says so, naming the documents to look at before printing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from reportgen.layout.parity import has_record, records_on_even_pages
from reportgen.output.pdf import PdfConverter, find_soffice

NO_LIBREOFFICE = ("未安装 LibreOffice，无法核对版记是否在偶数页（GB/T 9704 §7.4）：{names}；双面打印前请在 Word 中查看，"
                  "版记在奇数页时在版记前加一空白页（安装 LibreOffice：make system-deps 或 "
                  "sudo apt-get install libreoffice-writer-nogui）")


def place_records(documents: Sequence[Path], notes: list[str] | None = None) -> list[Path]:
    """Put the 版记 of each document that has one on an even page; returns the documents that got the
    blank page (a note for each goes into ``notes``)."""
    with_record = [Path(p) for p in documents if has_record(p)]
    if not with_record:
        return []
    if find_soffice() is None:
        if notes is not None:
            shown = "、".join(p.name for p in with_record[:5]) + ("…" if len(with_record) > 5 else "")
            notes.append(NO_LIBREOFFICE.format(names=shown))
        return []
    changed: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="reportgen-record-") as pdf_dir, PdfConverter() as converter:
        records_on_even_pages(with_record, converter, pdf_dir, changed)
    if notes is not None:
        notes.extend(f"{p.name}：版记原在奇数页，已在版记前加一空白页（无页码），版记在偶数末页" for p in changed)
    return changed
