"""The wheel a user installs carries everything: built from the repository, installed in a fresh venv.

Slow (builds a wheel and a venv, ~1 min) but run in CI: it is the only proof that ``pip install`` gives
a working ``reportgen`` with its built-in templates and data specs (``reportgen/_resources/``).
The venv has no system site-packages and runs outside the repository, so nothing leaks in from here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str | Path], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the built wheel, the bin folder of a fresh venv where only that wheel and its deps are installed)."""
    work = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", ROOT, "-w", work / "dist"], cwd=work)
    wheel = next((work / "dist").glob("reportgen-*.whl"))
    _run([sys.executable, "-m", "venv", "--without-pip", work / "venv"], cwd=work)
    bindir = work / "venv" / ("Scripts" if os.name == "nt" else "bin")
    _run([sys.executable, "-m", "pip", "--python", bindir / "python", "install", "--quiet", wheel], cwd=work)
    return wheel, bindir


def test_wheel_carries_templates_and_specs(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates/docx", "templates/xlsx", "data_specs"):
        expected = {f"reportgen/_resources/{folder}/{p.name}" for p in (ROOT / folder).iterdir() if p.is_file()}
        assert expected and expected <= names, sorted(expected - names)


def test_installed_package_finds_its_resources_outside_the_repository(installed: tuple[Path, Path],
                                                                     tmp_path: Path) -> None:
    _, bindir = installed
    code = ("import reportgen, reportgen.specs as s, reportgen.builtin as b;"
            "print(reportgen.__file__); print(s.BUILTIN_DIR); print(b.TEMPLATE_DIR);"
            "print(len(s.builtin_specs()))")
    out = _run([bindir / "python", "-c", code], cwd=tmp_path).stdout.splitlines()
    venv = bindir.parent.resolve()
    assert all(Path(line).resolve().is_relative_to(venv) for line in out[:3]), out
    assert out[1].endswith(os.path.join("_resources", "data_specs")), out
    assert int(out[3]) == len(list((ROOT / "data_specs").glob("*.yaml")))


def test_installed_demo_runs(installed: tuple[Path, Path], tmp_path: Path) -> None:
    """Regression: an installed ``reportgen demo`` ended in "内部错误 … RecursionError" (no data_specs)."""
    _, bindir = installed
    result = _run([bindir / "reportgen", "demo", "--out", "d", "--persons", "200"], cwd=tmp_path)
    assert "完成" in result.stdout
    assert (tmp_path / "d" / "文档" / "工作总结.docx").is_file()
    assert (tmp_path / "d" / "报表" / "巩固拓展脱贫攻坚成果乡镇汇总表.xlsx").is_file()


def test_installed_init_and_build_on_messy_sample_exports(installed: tuple[Path, Path], tmp_path: Path) -> None:
    """The issue's "done when": sample-data --mess all, init, build — from the installed wheel only."""
    _, bindir = installed
    exe = bindir / "reportgen"
    _run([exe, "sample-data", "--out", "exp", "--mess", "all", "--persons", "300"], cwd=tmp_path)
    _run([exe, "init", "exp"], cwd=tmp_path)
    project = tmp_path / "exp" / "reportgen.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("PDF: 自动", "PDF: 否"), encoding="utf-8")
    result = _run([exe, "build", project, "-o", "out"], cwd=tmp_path)
    assert "未能生成 0 项" in result.stdout, result.stdout + result.stderr
    for rel in ("文档/工作总结.docx", "文档/印发通知.docx", "报表/巩固拓展脱贫攻坚成果乡镇汇总表.xlsx",
                "责任书/责任书_合并打印.docx", "合同书/合同书_合并打印.docx", "构建报告.md"):
        assert (tmp_path / "out" / rel).is_file(), rel
