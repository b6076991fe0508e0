"""`reportgen batch --cluster`: the same documents as the local batch, rendered by Dask partitions.

One LocalCluster (2 worker processes) serves the module: tests pass its scheduler address, which is also
how a real cluster is named. Its scheduler gives up on a partition whose worker died (allowed-failures 0),
so a killed worker shows as failed rows that ``--resume`` then completes.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import sys
from pathlib import Path

import dask
import pytest
from click.testing import CliRunner
from distributed import LocalCluster
from docx import Document
from helpers.batch_docs import crashing_engine, party_template

from reportgen.app.batch import prepare_batch
from reportgen.batch import cluster, manifest, read_rows, run_batch
from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.samples import generate

NAME = "{{乡镇}}_{{行政村}}.docx"


@pytest.fixture(scope="module")
def scheduler():
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                         silence_logs=50) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    samples = generate(tmp_path_factory.mktemp("cluster-samples"), persons=300, seed=7)
    return read_rows(samples.paths["parties"])[:16]


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return party_template(tmp_path / "责任书模板.docx")


def _hashes(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.glob("*.docx"))}


def _documents(result) -> dict[str, str]:
    return {e.file: e.sha256 for e in result.entries}


def test_same_documents_as_the_local_batch(scheduler, rows, template: Path, tmp_path: Path) -> None:
    local = run_batch(template, rows, out_dir=tmp_path / "local", jobs=1, name_pattern=NAME)
    parts = []
    result = run_batch(template, rows, out_dir=tmp_path / "cluster", cluster=scheduler, partition_size=5,
                       name_pattern=NAME, merge="合并打印.docx", partition_progress=lambda d, t: parts.append((d, t)))
    assert result.ok and result.written == len(rows) == 16
    assert _documents(result) == _documents(local)  # same names, same SHA-256
    merged = ["合并打印_001.docx", "合并打印_002.docx", "合并打印_003.docx", "合并打印_004.docx"]
    assert _hashes(tmp_path / "cluster") == {**_hashes(tmp_path / "local"), **_hashes(tmp_path / "cluster")}
    assert sorted(_hashes(tmp_path / "cluster")) == sorted([*_documents(local), *merged])
    assert [p.name for p in result.merged_parts] == merged
    assert [len(Document(p).sections) for p in result.merged_parts] == [5, 5, 5, 1]
    assert parts[0] == (0, 4) and parts[-1] == (4, 4)
    data = json.loads((tmp_path / "cluster" / "manifest.json").read_text(encoding="utf-8"))
    assert [e["key"] for e in data["entries"]] == [e.key for e in local.entries]  # assembled in list order
    assert data["run"]["partition_size"] == 5
    assert len(list((tmp_path / "cluster" / manifest.PARTS_FOLDER).glob("part-*.json"))) == 4


def test_killed_worker_then_resume_completes_without_duplicates(scheduler, rows, template: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "out"
    victim = rows[13]["_row"]  # the second unit of the fourth partition (units 12–15)
    loader = functools.partial(crashing_engine, marker=str(tmp_path / "crashed"), row=victim)
    first = run_batch(template, rows, out_dir=out, cluster=scheduler, partition_size=4, name_pattern=NAME,
                      loader=loader)
    assert (tmp_path / "crashed").exists()  # the worker rendering that row was killed mid-partition
    failed = {e.rows for e in first.failed}  # its partition, and any other the scheduler had queued on it
    assert {str(r["_row"]) for r in rows[12:16]} <= failed and all("--resume" in e.error for e in first.failed)
    assert len(failed) < len(rows) and len(failed) % 4 == 0  # whole partitions, the others kept
    assert (out / first.entries[12].file).is_file()  # written before the kill; redone in place, not copied
    second = run_batch(template, rows, out_dir=out, cluster=scheduler, partition_size=4, name_pattern=NAME,
                       loader=loader, resume=True)
    # the killed partition is redone; another partition lost with the worker may have finished its files
    # (its part complete on disk) and is then kept, so at most len(failed) are written again
    assert second.ok and second.written + second.skipped == len(rows)
    assert 1 <= second.written <= len(failed)
    reference = run_batch(template, rows, out_dir=tmp_path / "local", jobs=1, name_pattern=NAME)
    assert _hashes(out) == _hashes(tmp_path / "local") == _documents(reference)  # each file once, intact
    assert not list(out.glob(".~reportgen-*"))


def test_resume_redoes_only_missing_or_damaged_files(scheduler, rows, template: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch(template, rows, out_dir=out, cluster=scheduler, partition_size=8, name_pattern=NAME)
    # A partition cut short: one file gone, one damaged, one written but not yet recorded in its part.
    part = out / manifest.PARTS_FOLDER / "part-00001.json"
    data = json.loads(part.read_text(encoding="utf-8"))
    gone, damaged, unrecorded = (data["entries"][i]["file"] for i in (0, 3, 5))
    (out / gone).unlink()
    (out / damaged).write_bytes(b"PK-half")
    data["entries"][5].update(status="pending", sha256="")
    part.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (out / "manifest.json").unlink()
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}
    again = run_batch(template, rows, out_dir=out, cluster=scheduler, partition_size=8, name_pattern=NAME, resume=True)
    assert again.ok and again.written == 3 and again.skipped == 13
    assert _hashes(out) == _documents(first) == _documents(again)  # no 「_2」 copies, same bytes
    rewritten = {n for n, t in before.items() if (out / n).stat().st_mtime_ns != t}
    assert rewritten == {damaged, unrecorded}


def test_failed_row_located_and_fail_fast(scheduler, rows, template: Path, tmp_path: Path) -> None:
    bad = [dict(r) for r in rows[:6]]
    del bad[4]["乙方负责人"]
    result = run_batch(template, bad, out_dir=tmp_path / "out", cluster=scheduler, partition_size=3,
                       name_pattern=NAME, merge="合并.docx", fail_fast=True)
    row = bad[4]["_row"]
    assert [e.rows for e in result.failed if "乙方负责人" in e.error] == [str(row)]
    assert result.failed[0].error.startswith(f"第{row}行：")
    assert all("--resume" in e.error for e in result.failed if "乙方负责人" not in e.error)  # stopped, not lost
    assert [p.name for p in result.merged_parts] in (["合并_001.docx"], [])  # the failed partition: no print file
    assert any("未合并打印文件 合并_002.docx" in n for n in result.notes)


def test_cli_local_cluster(rows, template: Path, tmp_path: Path) -> None:
    names = tmp_path / "名单.csv"
    columns = [c for c in rows[0] if not c.startswith("_")]
    with names.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([columns, *([r[c] for c in columns] for r in rows[:6])])
    out = tmp_path / "out"
    args = ["batch", str(template), "--rows", str(names), "--name", NAME, "-o", str(out), "--merge", "合并.docx"]
    result = CliRunner().invoke(main, [*args, "--cluster", "local:2", "--partition-size", "3"])
    assert result.exit_code == 0, result.output
    assert "新生成 6 份" in result.output and "2/2 个分区完成" in result.output
    assert {p.name for p in out.glob("合并_*.docx")} == {"合并_001.docx", "合并_002.docx"}
    local = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "local"), "-q"])
    assert local.exit_code == 0, local.output
    assert {n: h for n, h in _hashes(out).items() if not n.startswith("合并")} == \
        {n: h for n, h in _hashes(tmp_path / "local").items() if not n.startswith("合并")}


@pytest.mark.validator
def test_cluster_outputs_pass_the_validity_gate(scheduler, rows, tmp_path: Path) -> None:
    from helpers.ooxml_gate import assert_word_valid, require_validator

    require_validator()
    samples = tmp_path / "名单.csv"
    columns = [c for c in rows[0] if not c.startswith("_")]
    with samples.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([columns, *([r[c] for c in columns] for r in rows[:4])])
    job = prepare_batch("责任书", rows_file=samples, sets=["年度=2024"], row_name="书", out_dir=tmp_path / "out",
                        name_pattern=NAME, merge="合并打印.docx", cluster=scheduler, partition_size=2)
    result = job.run()
    assert result.ok and len(result.merged_parts) == 2
    assert_word_valid(result.merged_parts[1])  # its documents are byte-identical to the local batch's


@pytest.mark.parametrize("address", ["local:0", "local:x", "local:999", "nohost", "tcp://host:99999", "http//x:1"])
def test_bad_cluster_address_is_located(tmp_path: Path, template: Path, address: str) -> None:
    with pytest.raises(ReportgenError) as err:
        run_batch(template, [{"行政村": "甲"}], out_dir=tmp_path / "out", cluster=address)
    assert "--cluster" in str(err.value) and address in str(err.value)
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_unreachable_scheduler_is_a_user_error(monkeypatch, rows, template: Path, tmp_path: Path) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ReportgenError, match="连接不上集群调度器 tcp://127.0.0.1:9"):
        run_batch(template, rows[:2], out_dir=tmp_path / "out", cluster="tcp://127.0.0.1:9", name_pattern=NAME)


def test_without_dask_the_message_says_what_to_install(monkeypatch, template: Path, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` now fails as if not installed
    names = tmp_path / "名单.csv"
    names.write_text("行政村\n甲村\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(template), "--rows", str(names), "-o", str(tmp_path / "out"),
                                       "--cluster", "local:2"])
    assert result.exit_code == 1, result.output
    assert 'pip install "reportgen[cluster]"' in result.output and "选项 --cluster" in result.output
    assert not (tmp_path / "out").exists()


def test_fsspec_url_output_same_documents_and_resume(scheduler, rows, template: Path, tmp_path: Path) -> None:
    """``-o file:///…`` goes through fsspec exactly as ``s3://…`` would: staged, uploaded, then recorded."""
    out = tmp_path / "remote"
    url = out.as_uri()
    local = run_batch(template, rows, out_dir=tmp_path / "local", jobs=1, name_pattern=NAME)
    result = run_batch(template, rows, out_dir=url, cluster=scheduler, partition_size=8, name_pattern=NAME)
    assert result.ok and result.written == 16 and result.url == url
    assert _documents(result) == _documents(local) == _hashes(out)  # same names and SHA-256, uploaded
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [e["sha256"] for e in data["entries"]] == [e.sha256 for e in local.entries]
    assert (out / "manifest.csv").is_file() and len(list((out / manifest.PARTS_FOLDER).glob("part-*.json"))) == 2
    assert not [p for p in out.rglob("*") if p.name.startswith(".~reportgen-")]  # no temporary keys left
    gone = local.entries[9].file
    (out / gone).unlink()
    (out / ".~reportgen-0123456789abcdef.tmp").write_bytes(b"PK-half")  # an upload a killed run left
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}
    again = run_batch(template, rows, out_dir=url, cluster=scheduler, partition_size=8, name_pattern=NAME, resume=True)
    assert again.ok and again.written == 1 and again.skipped == 15
    assert _hashes(out) == _documents(local)
    assert {n for n, t in before.items() if (out / n).stat().st_mtime_ns != t} == set()  # only the gone one made
    assert not list(out.glob(".~reportgen-*"))


@pytest.mark.parametrize(("url", "extra", "message"), [
    ("memory://out", [], "内存文件系统"),
    ("s3://bucket/out", [], "pip install s3fs"),
    ("s3://bucket/out", ["--merge", "合并.docx"], "不能用 --merge"),
    ("s3://bucket/out", None, "只有集群批量"),
])
def test_url_outputs_that_cannot_work_are_located(monkeypatch, template: Path, tmp_path: Path, url: str,
                                                 extra: list[str] | None, message: str) -> None:
    import fsspec

    def missing(protocol: str):
        raise ImportError(f"Install {protocol}fs")

    monkeypatch.setattr(fsspec, "get_filesystem_class", missing)  # as if s3fs were not installed
    names = tmp_path / "名单.csv"
    names.write_text("行政村\n甲村\n", encoding="utf-8")
    cluster_args = [] if extra is None else ["--cluster", "local:2", *extra]
    result = CliRunner().invoke(main, ["batch", str(template), "--rows", str(names), "-o", url, *cluster_args])
    assert result.exit_code == 1, result.output
    assert message in result.output and url in result.output.replace("\n", "")


def test_url_folded_by_path_is_refused(template: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ReportgenError, match="少了一个斜杠"):
        run_batch(template, [{"行政村": "甲"}], out_dir=Path("s3://bucket/out"), cluster="local:2")
    assert not (tmp_path / "s3:").exists()  # no local folder named 「s3:」
