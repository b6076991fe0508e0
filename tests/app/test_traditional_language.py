"""A Traditional render is tagged as Traditional Chinese (zh-TW / zh-HK), not zh-CN, so Word proofs it
as Traditional and picks Traditional fallback fonts (and reportgen's own Traditional font aliases apply)."""

from __future__ import annotations

import re
import zipfile

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.context import dump_figures, figures_for_exports

PARTS = ("word/styles.xml", "word/settings.xml", "word/document.xml", "docProps/core.xml")


@pytest.fixture(scope="module")
def figures_file(sample_files, tmp_path_factory):
    path = tmp_path_factory.mktemp("fig") / "figures.yaml"
    dump_figures(figures_for_exports(list(sample_files.paths.values())), path)
    return path


def _render(figures_file, out, *args):
    result = CliRunner().invoke(main, ["render", *args, "--data", str(figures_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _languages(path) -> dict[str, set[str]]:
    """Every language tag per part: w:lang / w:themeFontLang attributes and dc:language."""
    with zipfile.ZipFile(path) as z:
        found = {}
        for part in PARTS:
            xml = z.read(part).decode("utf-8")
            tags = set()
            for element in re.findall(r"<w:(?:lang|themeFontLang)\b[^>]*>", xml):
                tags.update(re.findall(r'w:(?:val|eastAsia|bidi)="([^"]+)"', element))
            tags.update(re.findall(r"<dc:language>([^<]*)</dc:language>", xml))
            found[part] = tags
        return found


@pytest.mark.parametrize(("template", "script", "tag"), [("工作总结", "traditional", "zh-TW"), ("工作总结", "tw", "zh-TW"),
                                                          ("印发通知", "hk", "zh-HK")])
def test_traditional_render_carries_no_zh_cn(figures_file, tmp_path, template, script, tag):
    out = _render(figures_file, tmp_path / f"{script}.docx", template, "--script", script)
    languages = _languages(out)
    assert not any("zh-CN" in tags for tags in languages.values()), languages
    assert tag in languages["word/styles.xml"] and tag in languages["word/settings.xml"], languages
    assert languages["docProps/core.xml"] == {tag}
    with zipfile.ZipFile(out) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    assert f'w:eastAsia="{tag}"' in styles and 'w:val="en-US"' in styles  # Latin text stays en-US


def test_simplified_render_keeps_zh_cn(figures_file, tmp_path):
    languages = _languages(_render(figures_file, tmp_path / "s.docx", "工作总结"))
    assert "zh-CN" in languages["word/styles.xml"] and "zh-TW" not in languages["word/styles.xml"]


@pytest.mark.validator
def test_traditional_render_passes_the_open_xml_gate(figures_file, tmp_path):
    from helpers.ooxml_gate import assert_word_valid, require_validator

    require_validator()
    assert_word_valid(_render(figures_file, tmp_path / "hk.docx", "印发通知", "--script", "hk"))


@pytest.mark.libreoffice
def test_tagged_traditional_text_keeps_28_characters_a_line(figures_file, tmp_path):
    """zh-TW selects the Traditional font aliases on Linux; 仿宋 must still set GB/T 9704's 28 字 a line
    (cwTeXFangSong first gave 30: its glyphs advance 0.92 字)."""
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("需要 LibreOffice（soffice）：make system-deps")
    from reportgen.app.layout import check_layout

    report = check_layout(_render(figures_file, tmp_path / "tw.docx", "工作总结", "--script", "tw"), tmp_path / "pdf")
    lines = next(c for c in report.checks if c.name == "满行字数")
    assert lines.ok and lines.measured.startswith("28 字"), report.table()
