"""The batch part of ``reportgen demo``: one 责任书 per village from the sample 签订名单, merged for printing."""

from __future__ import annotations

from pathlib import Path

from reportgen.batch.runner import BatchResult, Loader, docx_engine, run_batch
from reportgen.batch.units import read_rows

PARTIES_FILE = "责任书签订名单.xlsx"
NAME_PATTERN = "{{ 乡镇 }}_{{ 行政村 }}_责任书.docx"
MERGED_NAME = "责任书_合并打印.docx"


def demo_outputs(sample_dir: str | Path, template: str | Path, out_dir: str | Path, *, pdf: bool | None = None,
                 jobs: int | None = None, year: int = 2024, loader: Loader = docx_engine) -> BatchResult:
    """Write one 责任书 per row of ``sample_dir/责任书签订名单.xlsx`` into ``out_dir`` plus a merged print
    file; PDFs too when LibreOffice is installed (``pdf=None``) or when asked. ``result.outputs``,
    ``result.merged`` and ``result.merged_pdf`` list what was written.

    Each row is also available as ``书`` and the template's side file (``责任书.yaml``) is merged in,
    which is how the built-in ``templates/docx/责任书.docx`` expects its data."""
    if pdf is None:
        from reportgen.output.pdf import find_soffice

        pdf = find_soffice() is not None
    rows = read_rows(Path(sample_dir) / PARTIES_FILE)
    shared: dict = {"年度": year}
    side = Path(template).with_suffix(".yaml")
    if side.is_file():
        import yaml

        shared.update(yaml.safe_load(side.read_text(encoding="utf-8")) or {})
    return run_batch(template, rows, out_dir=out_dir, per="row", name_pattern=NAME_PATTERN, jobs=jobs,
                     merge=MERGED_NAME, pdf=pdf, loader=loader, shared=shared, row_name="书")
