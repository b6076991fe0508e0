"""Run every benchmark in this folder (``make bench``), each in its own process, and print its report.

Benchmarks compare reportgen with the reference tool (docxtpl, xltpl, docxcompose, openpyxl) in the same
run and print ratios; they are not part of the test suite and carry no thresholds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(p for p in HERE.glob("bench_*.py"))
    failed = 0
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        failed += subprocess.call([sys.executable, str(script), *sys.argv[1:]]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
