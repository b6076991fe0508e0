"""The one atomic writer: complete or absent, ordinary permissions, located errors, stale temps."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.docx_builders import to_bytes

from reportgen.cli import main
from reportgen.errors import ReportgenError
from reportgen.io.files import TEMP_PREFIX, atomic_write_bytes, atomic_writer, remove_stale_temps


def test_interrupted_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as stream:
        stream.write(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_files_get_ordinary_permissions_respecting_umask(tmp_path: Path) -> None:
    """Regression (#22): mkstemp made every output 0600, unreadable for colleagues on a shared machine."""
    old = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "a.docx", b"x")
        os.umask(0o077)
        atomic_write_bytes(tmp_path / "b.docx", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.docx").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.docx").stat().st_mode & 0o777 == 0o600


def test_rendered_document_is_readable_by_others(tmp_path: Path, make_docx_file) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "out.docx"
        result = CliRunner().invoke(main, ["render", str(make_docx_file), "--data", "-", "-o", str(out)],
                                    input="县: 青禾县\n")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o644


def test_parent_that_is_a_file_is_a_located_user_error(tmp_path: Path, make_docx_file) -> None:
    """Regression (#13): ``-o some/file.json/x/out.docx`` was "内部错误 NotADirectoryError", exit 2."""
    blocker = tmp_path / "file.json"
    blocker.write_text("{}", encoding="utf-8")
    out = blocker / "x" / "out.docx"
    result = CliRunner().invoke(main, ["render", str(make_docx_file), "--data", "-", "-o", str(out)],
                                input="县: 青禾县\n")
    assert result.exit_code == 1, result.output
    assert "内部错误" not in result.output
    assert "无法创建输出文件夹" in result.output and str(blocker) in result.output
    assert blocker.read_text(encoding="utf-8") == "{}"


def test_output_path_that_is_a_folder_is_a_located_user_error(tmp_path: Path) -> None:
    (tmp_path / "out.docx").mkdir()
    with pytest.raises(ReportgenError) as exc:
        atomic_write_bytes(tmp_path / "out.docx", b"x")
    assert "输出路径是一个已有的文件夹" in str(exc.value) and not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


_SLOW_WRITER = """
import sys, time
from reportgen.io.files import atomic_writer
with atomic_writer(sys.argv[1]) as stream:
    stream.write(b"new-" * 1000)
    stream.flush()
    print("writing", flush=True)
    time.sleep(60)
"""


def test_process_killed_mid_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(target)], stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"writing"  # the temp file is half written now
        temps = list(tmp_path.glob(f"{TEMP_PREFIX}*"))
        assert len(temps) == 1 and temps[0].stat().st_size == 4000
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    assert target.read_bytes() == b"old"  # never a partial target
    assert remove_stale_temps(tmp_path) == 1  # the one name scheme the clean-up knows
    assert sorted(tmp_path.iterdir()) == [target]


def test_temp_names_share_one_scheme(tmp_path: Path) -> None:
    seen = []
    for name in ("a.docx", "b.xlsx", "c.csv"):
        with atomic_writer(tmp_path / name) as stream:
            seen += [p.name for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]
            stream.write(b"x")
    assert len(seen) == 3 and all(n.startswith(TEMP_PREFIX) and n.endswith(".tmp") for n in seen)
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


@pytest.fixture
def make_docx_file(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("{{ 县 }}")
    path = tmp_path / "模板.docx"
    path.write_bytes(to_bytes(document))
    return path


def test_staging_folder_uses_the_scheme_and_stale_ones_are_cleared(tmp_path: Path) -> None:
    from reportgen.io.files import publish, staging_folder

    with staging_folder(tmp_path) as staging:
        assert staging.name.startswith(TEMP_PREFIX)
        (staging / "a.pdf").write_bytes(b"%PDF")
        publish(staging / "a.pdf", tmp_path / "a.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]
    left = tmp_path / f"{TEMP_PREFIX}deadbeef.tmp"  # a killed LibreOffice run's staging folder
    left.mkdir()
    (left / "half.pdf").write_bytes(b"%PD")
    assert remove_stale_temps(tmp_path) == 1 and not left.exists()


def test_name_too_long_is_refused_before_writing(tmp_path: Path) -> None:
    from reportgen.errors import ReportgenError
    from reportgen.io.files import atomic_writer

    target = tmp_path / ("名" * 100 + ".docx")  # 300 bytes of UTF-8: over NAME_MAX
    with pytest.raises(ReportgenError, match="文件名或路径太长") as caught, atomic_writer(target) as stream:
        stream.write(b"never")
    assert caught.value.location.file == str(target)
    assert list(tmp_path.iterdir()) == []


def test_folder_that_cannot_be_created_is_a_located_error(tmp_path: Path) -> None:
    from reportgen.errors import ReportgenError
    from reportgen.io.files import atomic_write_bytes

    with pytest.raises(ReportgenError, match="无法创建输出文件夹|没有权限"):
        atomic_write_bytes("/proc/reportgen-no/such/out.docx", b"x")
