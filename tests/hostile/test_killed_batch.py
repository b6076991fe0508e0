"""A batch killed with SIGKILL (the parent, or one worker) leaves no partial file, and ``--resume`` finishes it.

The batch runs as a real ``reportgen batch`` process in its own session. The test waits (no time limit
on correctness, only a generous overall timeout) until some documents exist, kills, and then checks that
every .docx present is a complete zip, that the manifest (if any) is whole JSON, and that a ``--resume``
run makes exactly the missing documents and clears the temporary files the kill left behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers.hostile_files import docx_template, write

from reportgen.io.files import TEMP_PREFIX

ROWS = 160
PARAGRAPHS = "{% for i in range(400) %}第{{ i }}段：{{ 名称 }}，{{ 村 }}。{% endfor %}"


@pytest.fixture
def job(tmp_path: Path) -> list[str]:
    template = write(tmp_path / "t.docx", docx_template("{{ 名称 }}", PARAGRAPHS))
    rows = write(tmp_path / "名单.csv", "名称,村\n" + "".join(f"户{i},村{i % 7}\n" for i in range(ROWS)))
    return ["batch", str(template), "--rows", str(rows), "--name", "{{ 名称 }}.docx", "-o", str(tmp_path / "out"),
            "-q", "--jobs", "2"]


def _start(argv: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "reportgen.cli.group", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)


def _wait_for_documents(out: Path, proc: subprocess.Popen, count: int = 4) -> None:
    deadline = time.monotonic() + 300  # a safety net for a hung run, not a performance threshold
    while len(list(out.glob("*.docx"))) < count:
        assert proc.poll() is None, "the batch ended before it could be interrupted"
        assert time.monotonic() < deadline, "no documents appeared"
        time.sleep(0.02)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(t) for t in text]
    return found


def _assert_nothing_partial(out: Path) -> int:
    documents = list(out.glob("*.docx"))
    for path in documents:
        with zipfile.ZipFile(path) as z:  # a partial file is not a zip (its directory is at the end)
            assert z.testzip() is None and "word/document.xml" in z.namelist(), path
    manifest = out / "manifest.json"
    if manifest.exists():
        json.loads(manifest.read_text(encoding="utf-8"))
    return len(documents)


def _resume(argv: list[str], out: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "reportgen.cli.group", *argv, "--resume"], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "内部错误" not in done.stderr
    assert len(list(out.glob("*.docx"))) == ROWS
    assert not list(out.glob(f"{TEMP_PREFIX}*"))
    _assert_nothing_partial(out)
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["entries"]
    assert len(entries) == ROWS and all(e["status"] == "ok" for e in entries)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_parent_killed_mid_batch_then_resume(job: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _start(job)
    _wait_for_documents(out, proc)
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its workers, as a closed laptop lid would
    proc.wait(timeout=60)
    written = _assert_nothing_partial(out)
    assert written < ROWS
    _resume(job, out)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_worker_killed_mid_batch_is_reported_then_resume(job: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _start(job)
    _wait_for_documents(out, proc)
    workers = _children(proc.pid)
    assert workers, "the batch runs its documents in worker processes"
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = proc.communicate(timeout=600)
    text = stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, text
    assert "内部错误" not in text and "Traceback" not in text and "--resume" in text
    _assert_nothing_partial(out)
    _resume(job, out)
