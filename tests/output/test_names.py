"""Safe names from hostile registry values, and atomic writes that leave nothing half written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.errors import ReportgenError
from reportgen.output.names import NameAllocator, path_inside, safe_filename

BAD = set('/\\:*?"<>|')


@pytest.mark.parametrize(("value", "expected"), [
    ("../x.docx", "_x.docx"),
    ("a/b.docx", "a_b.docx"),
    ("CON.docx", "_CON.docx"),
    ("com1", "_com1"),
    ("a\x00b\x07c.docx", "abc.docx"),
    ("..", "未命名"),
    ("", "未命名"),
    ("青禾镇:东村*?.docx", "青禾镇_东村__.docx"),
])
def test_hostile_values(value: str, expected: str) -> None:
    assert safe_filename(value) == expected


def test_long_names_cut_on_a_character_keeping_the_extension() -> None:
    name = safe_filename("张" * 200 + ".docx")
    assert name.endswith(".docx") and len(name.encode("utf-8")) <= 120
    assert name[:-5] == "张" * ((120 - 5) // 3)


@given(st.text(max_size=300))
def test_any_text_gives_a_usable_name(value: str) -> None:
    name = safe_filename(value + ".docx")
    assert name and len(name.encode("utf-8")) <= 120
    assert not BAD & set(name) and ".." not in name
    assert all(ord(ch) >= 32 for ch in name)
    assert name not in (".", "..") and not name.startswith((".", " "))


def test_duplicates_numbered_case_insensitively() -> None:
    names = NameAllocator()
    got = [names.allocate(n) for n in ["张三.docx", "张三.docx", "张三.docx", "A.docx", "a.docx"]]
    assert got == ["张三.docx", "张三_2.docx", "张三_3.docx", "A.docx", "a_2.docx"]
    long = [names.allocate("李" * 60 + ".docx") for _ in range(3)]
    assert len(set(long)) == 3 and all(len(n.encode()) <= 120 for n in long)


def test_path_inside_refuses_escape(tmp_path: Path) -> None:
    assert path_inside(tmp_path, "a.docx") == (tmp_path / "a.docx").resolve()
    with pytest.raises(ReportgenError):
        path_inside(tmp_path, "../evil.docx")
