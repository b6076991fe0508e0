"""Problems that touch no figure do not block the figures; IDs stored as numbers still count; --strict."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.context import figures_for_exports
from reportgen.errors import ErrorGroup
from reportgen.samples import generate


@pytest.fixture(scope="module")
def numeric_ids(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("numeric"), persons=400, seed=11, mess={"numeric-ids"})


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("clean"), persons=400, seed=11)


def _set_cell(src, dst, header: str, row: int, value):
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    col = next(c.column for c in ws[1] if c.value == header)
    ws.cell(row=row, column=col, value=value)
    wb.save(dst)
    return dst


def test_ids_stored_as_numbers_give_the_same_figures_with_one_note_per_column(numeric_ids, clean):
    notes: list[str] = []
    figures = figures_for_exports(list(numeric_ids.paths.values()), notes=notes)
    assert figures == figures_for_exports(list(clean.paths.values()))
    poverty = [n for n in notes if n.startswith("建档立卡人口.xlsx")]
    assert len(poverty) == 3, notes  # 户编号, 人编号, 证件号码: one line each, not one per row
    assert any("证件号码" in n and "人数改按" in n and "设为“文本”格式" in n for n in poverty)
    assert any("户编号" in n and "户主" in n for n in poverty)
    assert any("人编号" in n and "不影响任何数字" in n for n in poverty)


def test_strict_makes_every_problem_fatal(numeric_ids, tmp_path):
    with pytest.raises(ErrorGroup, match="--strict") as caught:
        figures_for_exports([numeric_ids.paths["poverty"]], strict=True)
    assert len(caught.value.errors) < 10  # grouped by column and kind, not hundreds of lines
    result = CliRunner().invoke(main, ["figures", str(numeric_ids.paths["poverty"]), "--strict",
                                       "-o", str(tmp_path / "f.yaml")])
    assert result.exit_code == 1 and not (tmp_path / "f.yaml").exists()


def test_error_in_a_column_no_figure_reads_is_listed_not_fatal(clean, tmp_path):
    bad = _set_cell(clean.paths["poverty"], tmp_path / "建档立卡人口.xlsx", "人编号", 5, 1.5)
    exports = [bad, clean.paths["roster"]]
    result = CliRunner().invoke(main, ["figures", *map(str, exports), "-o", str(tmp_path / "f.yaml")])
    assert result.exit_code == 0, result.output
    assert "列「人编号」" in result.output and "第5行" in result.output and "不影响任何数字" in result.output
    assert figures_for_exports(exports) == figures_for_exports([clean.paths["poverty"], clean.paths["roster"]])


def test_error_in_a_column_a_figure_reads_still_stops_naming_the_figures(clean, tmp_path):
    bad = _set_cell(clean.paths["poverty"], tmp_path / "建档立卡人口.xlsx", "脱贫年度", 5, 2031)
    with pytest.raises(ErrorGroup, match="影响的数字：脱贫年度") as caught:
        figures_for_exports([bad, clean.paths["roster"]])
    assert any(e.location.row == 5 for e in caught.value.errors)
