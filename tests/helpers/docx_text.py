"""The visible text of a written .docx, one paragraph per line (for asserting on rendered documents)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path


def docx_text(path: str | Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))
