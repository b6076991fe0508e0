"""run_batch / `reportgen batch`: names, manifest, resume after a crash, failures, merge, PDF."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from helpers.batch_docs import crashing_engine, party_template

from reportgen.batch import read_rows, run_batch
from reportgen.cli import main
from reportgen.samples import generate


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory):
    return generate(tmp_path_factory.mktemp("batch-samples"), persons=3000, seed=7)  # 70 流动人口 households


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return party_template(tmp_path / "责任书模板.docx")


def _docx_files(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.suffix == ".docx")


def test_households_one_document_each_with_manifest_and_merge(samples, template: Path, tmp_path: Path) -> None:
    rows = read_rows(samples.paths["migrants"])
    for r in rows:  # the party template's fields, from the household's own columns
        r.update(甲方=f"{r['乡(镇)']}人民政府", 甲方负责人="王某", 乙方=f"{r['家庭编号']}户", 乙方负责人=r["姓名"])
    out = tmp_path / "out"
    result = run_batch(template, rows, out_dir=out, per="家庭编号", jobs=2, merge="合并打印.docx",
                       name_pattern="{{行政村}}_{{姓名}}户_{{家庭编号}}.docx")
    households = list(dict.fromkeys(r["家庭编号"] for r in rows))
    assert result.ok and result.written == len(households) == 70  # 50 流入 + 20 流出 households
    first = {h: next(r for r in rows if r["家庭编号"] == h) for h in households}
    expected = [f"{first[h]['行政村']}_{first[h]['姓名']}户_{h}.docx" for h in households]
    assert [e.file for e in result.entries] == expected
    assert {p.name for p in _docx_files(out)} == {*expected, "合并打印.docx"}
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for e in data["entries"]:
        assert e["sha256"] == hashlib.sha256((out / e["file"]).read_bytes()).hexdigest()
        assert e["status"] == "ok" and e["key"].startswith("家庭编号=LD")
    assert len((out / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()) == 71
    h0 = households[0]
    doc = Document(out / expected[0])
    members = [r["姓名"] for r in rows if r["家庭编号"] == h0]
    assert f"户数：{len(members)}；成员：{'、'.join(members)}" in [p.text for p in doc.paragraphs]
    merged = Document(result.merged)
    assert len(merged.sections) == 70
    assert len(merged.styles) == len(doc.styles)
    assert sum(p.text.startswith("签订日期") for p in merged.paragraphs) == 70


def test_failing_row_reported_others_written(samples, template: Path, tmp_path: Path) -> None:
    rows = read_rows(samples.paths["parties"])
    del rows[5]["乙方负责人"]  # Excel row 7
    result = run_batch(template, rows, out_dir=tmp_path / "out", jobs=2, merge="合并.docx",
                       name_pattern="{{乡镇}}_{{行政村}}.docx")
    assert [e.rows for e in result.failed] == ["7"]
    assert "第7行" in result.failed[0].error and "乙方负责人" in result.failed[0].error
    assert result.written == len(rows) - 1 == len(_docx_files(tmp_path / "out"))
    assert result.merged is None and "未合并" in result.notes[0]


def test_hostile_values_stay_inside_and_unique(samples, template: Path, tmp_path: Path) -> None:
    rows = read_rows(samples.paths["parties"])[:8]
    hostile = ["../x", "a/b", "CON", "ctl\x01\x1f", "长" * 200, "同名", "同名", "..\\..\\win"]
    for r, v in zip(rows, hostile, strict=True):
        r["行政村"] = v
    out = tmp_path / "out"
    result = run_batch(template, rows, out_dir=out, jobs=1, name_pattern="{{行政村}}.docx")
    names = [e.file for e in result.entries]
    assert names[:4] == ["_x.docx", "a_b.docx", "_CON.docx", "ctl.docx"]
    assert names[5:] == ["同名.docx", "同名_2.docx", "_._win.docx"]
    assert len(names[4].encode()) <= 120 and names[4].endswith(".docx")
    # (the docx engine drops control characters from text, with a warning, so every row is written)
    assert sorted(p.name for p in _docx_files(out)) == sorted(e.file for e in result.entries if e.status == "ok")
    assert len(_docx_files(out)) >= 7
    assert result.ok and len(_docx_files(out)) == 8
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", "责任书模板.docx"])


@pytest.mark.parametrize("jobs", [1, 2])
def test_data_changed_on_its_way_in_is_noted_per_row_even_from_worker_processes(samples, template: Path,
                                                                                tmp_path: Path, jobs: int) -> None:
    """Regression: with --jobs 2 the engine's warnings (control characters removed) were lost in the
    worker processes, and with --jobs 1 they named no row."""
    rows = read_rows(samples.paths["parties"])[:4]
    rows[1]["行政村"] = "石门村\x07"
    rows[3]["行政村"] = "五里\x0b村"
    out = tmp_path / "out"
    result = run_batch(template, rows, out_dir=out, jobs=jobs, name_pattern="{{ loop_index }}.docx")
    assert result.ok and result.written == 4
    noted = [e for e in result.entries if e.note]
    assert [e.rows for e in noted] == [str(rows[1]["_row"]), str(rows[3]["_row"])]
    assert all("控制字符" in e.note for e in noted)
    [note] = [n for n in result.notes if "有改动" in n]
    assert note.startswith("2 份文档的数据在写入时有改动") and f"第{rows[1]['_row']}行（2.docx）" in note
    csv_text = (out / "manifest.csv").read_text(encoding="utf-8-sig")
    assert csv_text.splitlines()[0].endswith(",注意")
    assert sum("控制字符" in line for line in csv_text.splitlines()) == 2


def test_resume_after_worker_killed(samples, template: Path, tmp_path: Path) -> None:
    rows = read_rows(samples.paths["parties"])
    first = run_batch(template, rows, out_dir=tmp_path / "out", jobs=2, name_pattern="{{行政村}}.docx",
                      loader=crashing_engine)
    assert not first.ok  # the worker rendering Excel row 20 died
    assert all(Document(p) for p in _docx_files(tmp_path / "out"))  # what exists is complete
    kept = {e.file: (tmp_path / "out" / e.file).stat().st_mtime_ns for e in first.entries if e.status == "ok"}
    second = run_batch(template, rows, out_dir=tmp_path / "out", jobs=2, name_pattern="{{行政村}}.docx",
                       resume=True, loader=crashing_engine)
    assert second.ok and second.skipped == len(kept) and second.written == len(rows) - len(kept)
    files = _docx_files(tmp_path / "out")
    assert sorted(p.name for p in files) == sorted(e.file for e in second.entries)  # each once
    assert all(len(Document(p).paragraphs) > 5 for p in files)
    assert {f: (tmp_path / "out" / f).stat().st_mtime_ns for f in kept} == kept  # not rewritten
    assert not list((tmp_path / "out").glob(".~reportgen-*"))


def test_resume_redoes_a_damaged_file(samples, template: Path, tmp_path: Path) -> None:
    rows = read_rows(samples.paths["parties"])[:5]
    out = tmp_path / "out"
    run_batch(template, rows, out_dir=out, jobs=1, name_pattern="{{行政村}}.docx")
    victim = _docx_files(out)[2]
    victim.write_bytes(b"damaged")
    again = run_batch(template, rows, out_dir=out, jobs=1, name_pattern="{{行政村}}.docx", resume=True)
    assert (again.written, again.skipped) == (1, 4)
    assert Document(victim).paragraphs


def test_cli_reports_failure_and_exits_nonzero(samples, template: Path, tmp_path: Path) -> None:
    bad = tmp_path / "名单.csv"
    bad.write_text("行政村,甲方,甲方负责人,乙方,乙方负责人\n东村,甲,张,乙,李\n西村,甲,张,乙\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["batch", str(template), "--rows", str(bad), "--name", "{{行政村}}.docx",
                                    "-o", str(tmp_path / "out"), "--jobs", "1", "--quiet"])
    assert res.exit_code == 1
    assert "新生成 1 份" in res.output and "第3行" in res.output
    assert [p.name for p in _docx_files(tmp_path / "out")] == ["东村.docx"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_pdf_page_counts_and_merged_pdf(samples, template: Path, tmp_path: Path) -> None:
    from reportgen.output.pdf import page_count

    rows = read_rows(samples.paths["parties"])[:6]
    out = tmp_path / "out"
    result = run_batch(template, rows, out_dir=out, jobs=2, name_pattern="{{行政村}}.docx", pdf=True,
                       merge="合并.docx")
    assert [e.pages for e in result.entries] == [2] * 6
    assert all((out / e.pdf).is_file() for e in result.entries)
    assert page_count(result.merged_pdf) == 12
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["pages"] for e in manifest["entries"]] == [2] * 6


def test_cli_with_the_docx_engine_end_to_end(samples, template: Path, tmp_path: Path) -> None:
    rows_file = samples.paths["parties"]
    out = tmp_path / "out"
    args = ["batch", str(template), "--rows", str(rows_file), "--name", "{{乡镇}}_{{行政村}}_责任书.docx",
            "-o", str(out), "--jobs", "2", "--merge", "合并打印.docx", "--odd-page"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    rows = read_rows(rows_file)
    assert f"新生成 {len(rows)} 份" in res.output
    first = Document(out / f"{rows[0]['乡(镇)']}_{rows[0]['行政村']}_责任书.docx")
    assert first.paragraphs[0].text == f"{rows[0]['行政村']}防止返贫致贫工作责任书"
    assert f"乙方：{rows[0]['乙方']}（负责人：{rows[0]['乙方负责人']}）" in [p.text for p in first.paragraphs]
    merged = Document(out / "合并打印.docx")
    assert len(merged.sections) == len(rows)
    again = CliRunner().invoke(main, [*args, "--resume", "--quiet"])
    assert again.exit_code == 0 and f"跳过（已完成）{len(rows)} 份" in again.output
