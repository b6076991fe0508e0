"""``build_project`` reports reading progress (「读取 文件：已读 n / total 行」) from the reader's callback,
throttled per file with the last message always sent; ``reportgen build`` prints the lines (#17 item 4)."""

from __future__ import annotations

import re

from click.testing import CliRunner

import reportgen.app.reading as reading
import reportgen.ingest.xlsxparts as xlsxparts
from reportgen.app.build import build_project
from reportgen.app.reading import ReadingMessage, reading_messages
from reportgen.cli import main

READ = re.compile(r"读取 (.+)：已读 ([\d,]+) / ([\d,]+) 行")


def _project(folder, samples) -> str:
    """The exports the audit workbook (核对底稿, the one output) traces its figures to."""
    path = folder / "reportgen.yaml"
    exports = {"建档立卡": "poverty", "村级基本情况": "roster", "监测": "monitor"}
    listed = ", ".join(f"{name}: {samples.paths[key]}" for name, key in exports.items())
    path.write_text(f"台账: {{{listed}}}\n年度: 2024\nPDF: 否\n", encoding="utf-8")
    return str(path)


def _counts(messages: list[str], name: str) -> list[tuple[int, int]]:
    found = [READ.fullmatch(m) for m in messages]
    return [(int(m[2].replace(",", "")), int(m[3].replace(",", ""))) for m in found if m and m[1] == name]


def test_build_reports_rows_read_up_to_the_total(sample_files, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsxparts, "CHUNK", 1 << 14)  # small pieces: several reader calls for 1,500 rows
    monkeypatch.setattr(reading, "INTERVAL", 0)  # every call becomes a message
    export = sample_files.paths["poverty"]
    messages: list[str] = []
    build_project(_project(tmp_path, sample_files), tmp_path / "out", progress=messages.append)
    counts = _counts(messages, export.name)
    assert len(counts) >= 2, messages
    assert all(done <= total for done, total in counts)
    assert [d for d, _ in counts] == sorted(set(d for d, _ in counts))  # rising, each count said once
    assert counts[-1][0] == counts[-1][1] >= 1500  # ends at the total
    assert all(isinstance(m, ReadingMessage) for m in messages if READ.fullmatch(m))
    assert messages.index("读取台账、校验并计算数字 …") < messages.index(next(m for m in messages if READ.fullmatch(m)))


def test_reading_messages_are_throttled_per_file_and_keep_the_last():
    now = [0.0]
    sent: list[str] = []
    update = reading_messages(sent.append, clock=lambda: now[0])
    for done in range(1000, 10_001, 1000):  # ten calls within 0.09 s of one file
        update("甲.xlsx", done, 10_000)
        now[0] += 0.01
    update("甲.xlsx", 10_000, 10_000)  # the reader repeats its last count: not said twice
    update("乙.xlsx", 5, 10)  # another file is not held back by the first
    now[0] += 1
    update("甲.xlsx", 2000, 10_000)  # read again (another pass): said again
    assert sent == ["读取 甲.xlsx：已读 1,000 / 10,000 行", "读取 甲.xlsx：已读 10,000 / 10,000 行",
                    "读取 乙.xlsx：已读 5 / 10 行", "读取 甲.xlsx：已读 2,000 / 10,000 行"]


def test_reportgen_build_prints_the_reading_lines(sample_files, tmp_path):
    export = sample_files.paths["poverty"]
    result = CliRunner().invoke(main, ["build", _project(tmp_path, sample_files), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(READ.fullmatch(line) and export.name in line for line in lines), result.output
