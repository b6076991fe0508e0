"""Use case ``reportgen check-layout``: convert a .docx with LibreOffice, then measure the PDF.

The conversion (``output.pdf``) and the measuring (``layout.check``) are separate packages; joining them
here keeps ``output`` and ``layout`` from importing each other.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from reportgen.errors import Location, ReportgenError
from reportgen.io.untrusted import describe_content, read_head
from reportgen.layout.check import LayoutReport, measure_layout
from reportgen.ooxml.package import Package
from reportgen.output.pdf import convert_to_pdf


def check_layout(path: str | Path, pdf_dir: str | Path | None = None) -> LayoutReport:
    """Render ``path`` (.docx) to PDF and measure it; ``pdf_dir`` keeps the PDF (else a temp dir)."""
    src = Path(path)
    if not src.is_file():
        raise ReportgenError("文件不存在。", Location(file=str(src)))
    suffix = src.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise ReportgenError(f"只能检查 .docx 或 .pdf 文件（收到「{suffix or src.name}」）", Location(file=str(src)),
                             hint="版式检查针对 Word 公文；Excel 表格不适用")
    if suffix == ".pdf":
        head = read_head(src, 8)
        if not head.startswith(b"%PDF"):
            raise ReportgenError(f"文件不是 PDF：内容是{describe_content(head)}", Location(file=str(src)))
        return measure_layout(src, src)
    pkg = Package.open(src)  # the same checks as a template: empty, not a .docx, zip bomb, DOCTYPE
    if pkg.main not in pkg.by_name:
        raise ReportgenError(f"文件不是有效的 Word 文档：缺少正文部件 {pkg.main}", Location(file=str(src)))
    for part in pkg.names:
        if pkg.is_xml(part):
            pkg.read(part)  # refuses a DOCTYPE before LibreOffice sees the file
    out = Path(pdf_dir) if pdf_dir else Path(tempfile.mkdtemp(prefix="reportgen-layout-"))
    return measure_layout(src, convert_to_pdf(src, out))
