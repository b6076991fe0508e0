"""Issue 22, bullet 5: every option a message or a document suggests exists on that command, and every
example in ``--help`` runs as written.

Messages are collected from the source: each string literal (docstrings aside) that names an option is
attributed to the commands whose runs can show it (``REACHES``); a module that names an option and is not
in the table fails the test, so a new hint cannot skip the check.
"""

from __future__ import annotations

import ast
import re
import shlex
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main

ROOT = Path(__file__).resolve().parents[2]
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
# source (file or folder under reportgen/) → commands whose messages come from it
REACHES = {
    "app/fill.py": ["fill"],
    "app/inputs.py": ["render", "fill"],  # batch calls it without exports, data files or --scope
    "app/batch.py": ["batch"],
    "app/figures.py": ["figures"],
    "app/review.py": ["figures"],  # the 核对稿 comments point to "figures --audit"
    "app/project.py": ["build"],  # the reportgen.yaml init writes names build --review
    "batch/": ["batch"],
    "output/files.py": ["batch"],
    "output/names.py": ["batch"],
    "docx/": ["render", "batch"],
    "format/": ["render", "batch", "fill"],
    "xlsx/": ["fill"],
    "ingest/": ["validate", "figures", "fill", "batch"],
    "specs/": ["validate", "figures", "fill", "batch"],
    "context/": ["figures"],  # --exclude-bad-rows is offered only where the command has it (exclude_option)
    "samples/": ["sample-data"],  # demo calls the generator with fixed, valid arguments
}
NOT_MESSAGES = {"output/pdf.py",  # LibreOffice's own command line
                "io/resources.py"}  # a pip option (pip install --force-reinstall), not a reportgen one


def _strings(path: Path) -> set[str]:
    """Options named in the string literals of ``path`` (docstrings are for developers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return {opt for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docs for opt in OPTION.findall(n.value)}


@cache
def _options(command: str) -> frozenset[str]:
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return frozenset(OPTION.findall(result.output))


def _hints() -> list[tuple[str, str, list[str]]]:
    out = []
    for path in sorted((ROOT / "reportgen").rglob("*.py")):
        rel = path.relative_to(ROOT / "reportgen").as_posix()
        if rel.startswith("cli/") or rel in NOT_MESSAGES:
            continue
        found = _strings(path)
        if not found:
            continue
        commands = next((cmds for prefix, cmds in REACHES.items() if rel.startswith(prefix)), None)
        assert commands is not None, f"{rel} names {sorted(found)}: add it to REACHES"
        out += [(rel, opt, commands) for opt in sorted(found)]
    return out


@pytest.mark.parametrize(("source", "option", "commands"), _hints(), ids=lambda v: str(v))
def test_every_option_a_message_suggests_exists_on_its_commands(source, option, commands):
    lacking = [c for c in commands if option not in _options(c) | _options("")]
    assert not lacking, f"{source} suggests {option}, which `reportgen {' / '.join(lacking)}` does not have"


def test_cli_help_texts_name_only_their_own_options():
    from reportgen.cli import (
        commands_base,
        commands_batch,
        commands_data,
        commands_docx,
        commands_templates,
        commands_xlsx,
    )

    for module in (commands_base, commands_batch, commands_data, commands_docx, commands_templates, commands_xlsx):
        declared = {opt for c in module.COMMANDS for p in c.params for opt in (*p.opts, *p.secondary_opts)}
        mine = declared | _options("")  # hidden options (kept for old scripts) are declared, not in --help
        assert _strings(Path(module.__file__)) <= mine, module.__name__


def _documented_commands() -> list[tuple[str, str]]:
    """(where, command line) of every ``reportgen …`` command in the README and docs/."""
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8").replace("\\\n", " ")
        for line in text.splitlines():
            for match in re.finditer(r"reportgen ([a-z][a-z-]+)((?: +[^|`#\n]*)?)", line):
                found.append((path.name, f"{match.group(1)}{match.group(2)}"))
    return found


def test_readme_and_docs_commands_use_existing_options():
    commands = {c for c in main.commands}
    for where, line in _documented_commands():
        name = line.split()[0]
        if name not in commands:
            continue  # prose such as "reportgen never does"
        missing = set(OPTION.findall(line)) - _options(name) - _options("")
        assert not missing, f"{where}: `reportgen {line}` uses {sorted(missing)}"


def _help_examples() -> list[tuple[str, str]]:
    out = []
    for name in ["", *sorted(main.commands)]:
        text = CliRunner().invoke(main, [name, "--help"] if name else ["--help"]).output.replace("\\\n", " ")
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("reportgen ") and "--" in line:
                out.append((name or "reportgen", re.sub(r"\s{2,}\S.*$", "", line) if not name else line))
    return out


def test_help_examples_run_as_written(tmp_path, monkeypatch):
    examples = _help_examples()
    assert any("batch" in line for _, line in examples) and any("sample-data" in line for _, line in examples)
    folder = tmp_path / "样例"
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for where, line in examples:
        args = shlex.split(line)[1:]
        if args[0] == "demo":
            continue  # the same command runs in tests/app/test_demo.py::test_demo_runs_end_to_end_and_every_output_reopens
        if "DIR" in args:  # the top-level help's synopses: a folder name, and a small county to be quick
            args = [str(folder) if a == "DIR" else a for a in args] + ["--persons", "60"]
        if args[0] == "batch" and not (folder / "责任书.docx").exists():
            monkeypatch.chdir(folder)  # as the example says: in a sample-data folder, template exported
            assert runner.invoke(main, ["templates", "export", "责任书", "."]).exit_code == 0
        if "figures.yaml" in args and not (folder / "figures.yaml").exists():  # what `reportgen figures` writes
            exports = sorted(str(p) for p in folder.glob("*.xlsx"))
            made = runner.invoke(main, ["figures", *exports, "-o", str(folder / "figures.yaml")])
            assert made.exit_code == 0, made.output
        result = runner.invoke(main, args)
        assert result.exit_code == 0, f"{where}: {line}\n{result.output}"
        assert "失败 0 份" in result.output or args[0] != "batch"


def _runnable(command: str, output: str) -> None:
    """Every option the output suggests exists on ``command``."""
    missing = set(OPTION.findall(output)) - _options(command) - _options("")
    assert not missing, f"`reportgen {command}` suggests {sorted(missing)}:\n{output}"


def test_batch_messages_suggest_only_batch_options(tmp_path):
    """An export with errors and a template with a missing name: both used to suggest options batch lacks."""
    import docx

    from reportgen.samples import generate

    bad_files = generate(tmp_path / "in", persons=60, seed=3, mess={"bad-values"}, only={"poverty"})

    template = tmp_path / "t.docx"
    document = docx.Document()
    document.add_paragraph("{{ 乙方 }}{{ 没有这一列 }}")
    document.save(template)
    runner = CliRunner()
    bad = runner.invoke(main, ["batch", str(template), "--export", str(bad_files.paths["poverty"]), "-o",
                               str(tmp_path / "a"), "-q"])
    assert bad.exit_code == 1 and "请先运行 reportgen validate" in bad.output
    assert "--exclude-bad-rows" not in bad.output
    _runnable("batch", bad.output)
    rows = tmp_path / "名单.csv"
    rows.write_text("乙方\n甲村\n", encoding="utf-8")
    undefined = runner.invoke(main, ["batch", str(template), "--rows", str(rows), "-o", str(tmp_path / "b"), "-q"])
    assert undefined.exit_code == 1 and "--lenient" in undefined.output, undefined.output
    _runnable("batch", undefined.output)
    lenient = runner.invoke(main, ["batch", str(template), "--rows", str(rows), "-o", str(tmp_path / "c"), "-q",
                                   "--lenient"])
    assert lenient.exit_code == 0 and "新生成 1 份" in lenient.output, lenient.output
