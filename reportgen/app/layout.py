"""Use case ``reportgen check-layout``: convert a .docx with LibreOffice, then measure the PDF.

The conversion (``output.pdf``) and the measuring (``layout.check``) are separate packages; joining them
here keeps ``output`` and ``layout`` from importing each other.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from reportgen.errors import Location, ReportgenError
from reportgen.layout.check import LayoutReport, measure_layout
from reportgen.output.pdf import convert_to_pdf


def check_layout(path: str | Path, pdf_dir: str | Path | None = None) -> LayoutReport:
    """Render ``path`` (.docx) to PDF and measure it; ``pdf_dir`` keeps the PDF (else a temp dir)."""
    src = Path(path)
    if not src.is_file():
        raise ReportgenError("文件不存在。", Location(file=str(src)))
    if src.suffix.lower() == ".pdf":
        return measure_layout(src, src)
    out = Path(pdf_dir) if pdf_dir else Path(tempfile.mkdtemp(prefix="reportgen-layout-"))
    return measure_layout(src, convert_to_pdf(src, out))
