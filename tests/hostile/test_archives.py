"""Zip bombs, oversized parts, too many parts and DOCTYPEs in templates and exports, through the CLI.

The limits are checked on the zip's central directory before any parser (openpyxl, calamine, the docx
engine) sees the file, so a bomb that claims gigabytes is refused without decompressing anything.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from helpers.hostile_files import (
    docx_template,
    forge_size,
    many_parts,
    patch_part,
    ratio_bomb,
    with_doctype,
    write,
    xlsx_template,
)

from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.ingest import read_sheet
from reportgen.ingest.readers import open_sheet
from reportgen.io.untrusted import LIMITS, SPREADSHEET_LIMITS, declares_doctype

SHEET = "xl/worksheets/sheet1.xml"


def _xlsx() -> bytes:
    return xlsx_template({"A1": "{{ 名称 }}", "A2": "值"})


def _run(*argv: str):
    result = CliRunner().invoke(main, list(argv))
    assert "内部错误" not in result.output and "Traceback" not in result.output, result.output
    return result


BOMBS = {
    "part-claims-3.5GB": (lambda data, part: forge_size(data, part, 3_500_000_000), "超过上限"),
    "ratio-1000": (lambda data, part: ratio_bomb(data), "压缩比"),
    "10001-parts": (lambda data, part: many_parts(data), "个部件"),
}


@pytest.mark.parametrize("bomb", BOMBS, ids=list(BOMBS))
def test_bombs_in_an_excel_template_are_refused_by_fill(tmp_path, bomb):
    make, words = BOMBS[bomb]
    template = write(tmp_path / "模板.xlsx", make(_xlsx(), SHEET))
    data = write(tmp_path / "d.yaml", "名称: 张三\n")
    result = _run("fill", str(template), "--data", str(data), "-o", str(tmp_path / "out.xlsx"))
    assert result.exit_code == 1 and words in result.output and "模板.xlsx" in result.output
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("bomb", BOMBS, ids=list(BOMBS))
@pytest.mark.parametrize("command", ["validate", "figures", "batch"])
def test_bombs_in_an_export_are_refused_before_the_reader(tmp_path, bomb, command):
    make, words = BOMBS[bomb]
    export = write(tmp_path / "台账.xlsx", make(_xlsx(), SHEET))
    argv = {"validate": ["validate", str(export)],
            "figures": ["figures", str(export), "-o", str(tmp_path / "f.yaml")],
            "batch": ["batch", str(write(tmp_path / "t.docx", docx_template("{{ 名称 }}"))), "--rows", str(export),
                      "-o", str(tmp_path / "out"), "-q"]}[command]
    result = _run(*argv)
    assert result.exit_code == 1 and words in result.output and "台账.xlsx" in result.output


@pytest.mark.parametrize("bomb", BOMBS, ids=list(BOMBS))
def test_bombs_in_a_word_template_are_refused(tmp_path, bomb):
    make, words = BOMBS[bomb]
    template = write(tmp_path / "模板.docx", make(docx_template("{{ 名称 }}"), "word/document.xml"))
    data = write(tmp_path / "d.yaml", "名称: 张三\n")
    result = _run("render", str(template), "--data", str(data), "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 1 and words in result.output


def test_both_reader_entry_points_are_guarded(tmp_path):
    """The guard sits at the entry of the readers, so a new reader behind them is covered too."""
    bomb = write(tmp_path / "bomb.xlsx", forge_size(_xlsx(), SHEET, 3_500_000_000))
    for read in (read_sheet, open_sheet):
        with pytest.raises(ReportgenError, match="超过上限") as caught:
            read(bomb)
        assert caught.value.location.part == SHEET


def test_limits_are_documented_values():
    assert (LIMITS.max_parts, LIMITS.max_part_size, LIMITS.max_total_size, LIMITS.max_ratio) == (
        10_000, 256 << 20, 1024 << 20, 200)
    assert (SPREADSHEET_LIMITS.max_part_size, SPREADSHEET_LIMITS.max_total_size) == (2048 << 20, 3072 << 20)


DOCTYPE_PARTS = ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml", "xl/styles.xml",
                 "xl/_rels/workbook.xml.rels"]


@pytest.mark.parametrize("part", DOCTYPE_PARTS)
def test_doctype_in_any_part_of_an_excel_template_is_refused(tmp_path, part):
    template = write(tmp_path / "模板.xlsx", patch_part(_xlsx(), part, with_doctype))
    data = write(tmp_path / "d.yaml", "名称: 张三\n")
    result = _run("fill", str(template), "--data", str(data), "-o", str(tmp_path / "out.xlsx"))
    assert result.exit_code == 1 and "DOCTYPE" in result.output and f"部件 {part}" in result.output
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("part", DOCTYPE_PARTS)
def test_doctype_in_any_part_of_an_export_is_refused(tmp_path, part):
    export = write(tmp_path / "台账.xlsx", patch_part(_xlsx(), part, with_doctype))
    result = _run("validate", str(export))
    assert result.exit_code == 1 and "DOCTYPE" in result.output and f"部件 {part}" in result.output


def test_doctype_after_a_comment_in_a_copied_word_part_is_refused(tmp_path):
    """A comment holding ``<a`` before the DOCTYPE does not end the prolog (it used to hide the DOCTYPE
    from the check made on parts that are only copied, such as styles)."""
    template = write(tmp_path / "t.docx", patch_part(docx_template("{{ 名称 }}"), "word/styles.xml", with_doctype))
    data = write(tmp_path / "d.yaml", "名称: 张三\n")
    result = _run("render", str(template), "--data", str(data), "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 1 and "部件 word/styles.xml" in result.output


@pytest.mark.parametrize(("head", "complete", "verdict"), [
    (b'<?xml version="1.0"?>\n<!DOCTYPE x>', True, True),
    (b"<?xml?><!-- <a> --><!DOCTYPE x><x/>", True, True),
    (b"\xef\xbb\xbf<?xml?><!ENTITY a 'b'>", True, True),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'.encode("utf-16"), True, True),
    (b'<?xml version="1.0"?><worksheet>', True, False),
    (b"<?xml?><!-- still a comment", False, None),
    (b"<?xml?>", False, None),
])
def test_prolog_scan(head, complete, verdict):
    assert declares_doctype(head, complete) is verdict
