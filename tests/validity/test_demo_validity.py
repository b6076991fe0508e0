"""Everything ``reportgen demo`` writes opens in Word/Excel: documents, county tables (chart included),
batch members, merged print files and the sample exports, checked by the Open XML SDK and the gate."""

from __future__ import annotations

import io
import zipfile

import pytest
from helpers.ooxml_gate import assert_word_valid
from validity_cases import DEMO_KINDS, demo_file

pytestmark = pytest.mark.validator


@pytest.mark.parametrize("kind", DEMO_KINDS)
def test_demo_output_is_valid(demo_out, kind):
    assert_word_valid(demo_file(demo_out, kind))


@pytest.mark.parametrize("name", ["工作总结", "情况报告"])
def test_embedded_chart_workbook_is_valid(demo_out, name, tmp_path):
    """The workbook behind a chart's "编辑数据" is a package of its own: the SDK does not look inside."""
    with zipfile.ZipFile(demo_out / "文档" / f"{name}.docx") as z:
        embedded = [n for n in z.namelist() if n.startswith("word/embeddings/") and n.endswith(".xlsx")]
        assert embedded, "the document has no chart workbook"
        for index, part in enumerate(embedded):
            path = tmp_path / f"chart{index}.xlsx"
            path.write_bytes(io.BytesIO(z.read(part)).getvalue())
            assert_word_valid(path)


def test_county_table_chart_part_is_present(demo_out):
    """The 分年度 table carries its chart, so the validation above covers a chart part."""
    with zipfile.ZipFile(demo_out / "报表" / "脱贫人口分年度统计表.xlsx") as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())
