"""rows_for_export keeps each row's Excel row number, so batch errors point at the right line."""

from __future__ import annotations

from reportgen.context import rows_for_export
from reportgen.samples import generate


def test_row_numbers_count_two_header_rows(tmp_path):
    files = generate(tmp_path, persons=60, seed=5, mess={"header2"})
    rows = rows_for_export(files.paths["poverty"])
    assert [r["_row"] for r in rows[:3]] == [3, 4, 5]  # two header rows, data from row 3
    assert rows[-1]["_row"] == len(rows) + 2


def test_row_numbers_one_header_row(sample_files):
    rows = rows_for_export(sample_files.paths["parties"])
    assert [r["_row"] for r in rows] == list(range(2, len(rows) + 2))
