"""`reportgen render` and `reportgen batch` put the 版记 on an even last page (GB/T 9704 §7.4) as demo does,
and say so when LibreOffice is missing instead of skipping the step silently."""

from __future__ import annotations

import csv
import hashlib
import shutil

import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.context import dump_figures, figures_for_exports

ODD = "版记原在奇数页，已在版记前加一空白页"
MISSING = "未安装 LibreOffice，无法核对版记是否在偶数页"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="需要 LibreOffice（soffice）")


@pytest.fixture(scope="module")
def data(sample_files, tmp_path_factory):
    """The figures, and one 任务分工 row: the built-in 印发通知's 版记 then lands on page 5 (odd)."""
    folder = tmp_path_factory.mktemp("data")
    dump_figures(figures_for_exports(list(sample_files.paths.values())), folder / "figures.yaml")
    task = {"序号": 1, "工作任务": "落实重点工作，建立工作台账，按月调度推进", "牵头单位": "县民政局",
            "责任单位": "各乡镇人民政府", "完成时限": "2024年12月底前"}
    (folder / "tasks.yaml").write_text(yaml.safe_dump({"任务分工": [task]}, allow_unicode=True), encoding="utf-8")
    (folder / "rows.csv").write_text("序号,名称\n1,甲\n2,乙\n", encoding="utf-8")
    return folder


def _invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def _pages(pdf) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


@needs_soffice
@pytest.mark.libreoffice
def test_render_adds_the_blank_page_and_says_so(data, tmp_path):
    from reportgen.app.layout import check_layout

    out = tmp_path / "通知.docx"
    output = _invoke("render", "印发通知", "--data", data / "figures.yaml", "--data", data / "tasks.yaml", "-o", out)
    assert f"通知.docx：{ODD}" in output
    report = check_layout(out, tmp_path / "pdf")
    record = next(c for c in report.checks if c.name == "版记页与页码")
    assert record.ok and report.pages % 2 == 0 and f"版记在第 {report.pages} 页" in record.measured, report.table()


@needs_soffice
@pytest.mark.libreoffice
def test_batch_pdfs_merge_and_manifest_are_made_from_the_final_documents(data, tmp_path):
    out = tmp_path / "批量"
    output = _invoke("batch", "印发通知", "--rows", data / "rows.csv", "--data", data / "figures.yaml",
                     "--data", data / "tasks.yaml", "-o", out, "--pdf", "--merge", "合并.docx", "-q")
    assert f"1.docx：{ODD}" in output and f"2.docx：{ODD}" in output
    with (out / "manifest.csv").open(encoding="utf-8-sig") as stream:
        entries = list(csv.DictReader(stream))
    for entry in entries:
        docx = out / entry["输出文件"]
        assert entry["SHA-256"] == hashlib.sha256(docx.read_bytes()).hexdigest()  # the file with the blank page
        assert int(entry["页数"]) % 2 == 0 and _pages(out / entry["PDF 文件"]) == int(entry["页数"])
    assert _pages(out / "pdf" / "合并.pdf") == sum(int(e["页数"]) for e in entries)
    again = _invoke("batch", "印发通知", "--rows", data / "rows.csv", "--data", data / "figures.yaml",
                    "--data", data / "tasks.yaml", "-o", out, "--pdf", "--resume", "-q")
    assert "跳过（已完成）2 份" in again and ODD not in again  # resumed: the fixed files are intact


def test_without_libreoffice_render_and_batch_say_the_step_was_not_made(data, tmp_path, monkeypatch):
    monkeypatch.setattr("reportgen.app.record.find_soffice", lambda: None)
    output = _invoke("render", "印发通知", "--data", data / "figures.yaml", "-o", tmp_path / "通知.docx")
    assert MISSING in output and "通知.docx" in output and (tmp_path / "通知.docx").is_file()
    output = _invoke("batch", "印发通知", "--rows", data / "rows.csv", "--data", data / "figures.yaml",
                     "-o", tmp_path / "批量", "-q")
    assert MISSING in output and "1.docx、2.docx" in output


def test_a_document_without_a_record_is_not_converted(data, tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("no 版记: nothing to convert")

    monkeypatch.setattr("reportgen.app.record.PdfConverter", refuse)
    monkeypatch.setattr("reportgen.app.record.find_soffice", lambda: None)
    output = _invoke("render", "工作总结", "--data", data / "figures.yaml", "-o", tmp_path / "总结.docx")
    assert MISSING not in output
