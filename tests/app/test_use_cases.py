"""The use cases called directly (the CLI tests drive the same functions through options)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.app.batch import prepare_batch
from reportgen.app.fill import fill_template
from reportgen.app.layout import check_layout
from reportgen.errors import ReportgenError
from reportgen.xlsx.build_templates import TEMPLATES_DIR


def test_fill_without_any_data_says_which_option_to_use(tmp_path: Path) -> None:
    with pytest.raises(ReportgenError) as exc:
        fill_template(TEMPLATES_DIR / "乡镇汇总.xlsx", tmp_path / "out.xlsx")
    assert "--data" in str(exc.value) and "--export" in str(exc.value)
    assert not (tmp_path / "out.xlsx").exists()


def test_check_layout_of_a_missing_file_is_located(tmp_path: Path) -> None:
    with pytest.raises(ReportgenError) as exc:
        check_layout(tmp_path / "无.docx")
    assert "文件不存在" in str(exc.value) and "无.docx" in str(exc.value)


def test_prepare_batch_reads_rows_and_shared_values_before_writing(tmp_path: Path) -> None:
    rows = tmp_path / "名单.csv"
    rows.write_text("行政村,乡(镇)\n东村,城关镇\n西村,城关镇\n南村,河西镇\n", encoding="utf-8")
    shared = tmp_path / "共用.yaml"
    shared.write_text("年度: 2024\n县名: 青禾县\n", encoding="utf-8")
    job = prepare_batch(tmp_path / "模板.docx", rows_file=rows, data_file=shared, constants={"县名": "白河县"},
                        out_dir=tmp_path / "out", per="乡(镇)")
    assert [r["行政村"] for r in job.rows] == ["东村", "西村", "南村"]
    assert job.shared == {"年度": 2024, "县名": "白河县"}  # --set wins over the --data file
    assert job.total == 2  # one document per 乡(镇)
    assert not (tmp_path / "out").exists()
