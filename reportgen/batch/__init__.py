"""Batch generation: one 责任书/合同书 per row, village or household, plus one print-ready file.

``run_batch(template, rows, out_dir=…, per=…, name_pattern=…)`` renders in a process pool, writes
each file atomically with a manifest (``manifest.csv``/``.json``), resumes after interruptions, and
optionally merges everything into one .docx and converts to PDF with one LibreOffice.
"""

from reportgen.batch.runner import BatchResult, Loader, Render, docx_engine, run_batch
from reportgen.batch.units import Unit, make_units, read_rows

__all__ = ["BatchResult", "Loader", "Render", "Unit", "docx_engine", "make_units", "read_rows", "run_batch"]
