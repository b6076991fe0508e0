"""A Traditional render names fonts that have Traditional glyphs (reportgen.format.script.TRADITIONAL_FONTS):
no 仿宋_GB2312/楷体_GB2312/方正小标宋简体 is left in styles, runs, tables, headers/footers, the 红头 or the
charts, so Word/WPS draw no character from a fallback face. A Simplified render is left as it was."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.context import dump_figures, figures_for_exports
from reportgen.docx.loader import retag_fonts
from reportgen.format.script import FONT_ALT_NAMES, TRADITIONAL_FONTS, font_plan

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MAINLAND = {"仿宋_GB2312", "楷体_GB2312", "方正小标宋简体"}  # GB2312 builds: no 貧/戶/檔/與
_SLOT = re.compile(r'<w:rFonts\b[^>]*>|<a:(?:latin|ea|cs)\b[^>]*>')
_NAME = re.compile(r'(?:w:(?:ascii|hAnsi|eastAsia|cs)|typeface)="([^"]*)"')


@pytest.fixture(scope="module")
def figures_file(sample_files, tmp_path_factory):
    path = tmp_path_factory.mktemp("fig") / "figures.yaml"
    dump_figures(figures_for_exports(list(sample_files.paths.values())), path)
    return path


def _run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


def _render(figures_file, out: Path, template: str, *args: str) -> Path:
    _run("render", template, *args, "--data", str(figures_file), "-o", str(out))
    return out


def _fonts_by_part(path: Path) -> dict[str, set[str]]:
    """Every font a run, style or DrawingML text names, per XML part."""
    with zipfile.ZipFile(path) as z:
        return {name: {f for element in _SLOT.findall(z.read(name).decode("utf-8")) for f in _NAME.findall(element)}
                for name in z.namelist() if name.endswith(".xml")}


@pytest.mark.parametrize(("template", "script"), [("工作总结", "traditional"), ("工作总结", "tw"),
                                                  ("印发通知", "hk"), ("印发通知", "tw")])
def test_traditional_render_names_the_planned_fonts(figures_file, tmp_path, template, script):
    out = _render(figures_file, tmp_path / f"{script}.docx", template, "--script", script)
    plan = font_plan(script)
    by_part = _fonts_by_part(out)
    used = set().union(*by_part.values())
    assert not used & set(plan), {part: fonts & set(plan) for part, fonts in by_part.items() if fonts & set(plan)}
    assert not used & MAINLAND
    assert plan["仿宋_GB2312"] in by_part["word/styles.xml"]  # the body style
    assert plan["方正小标宋简体"] in used  # the title (and, in 印发通知, the 红头 标志)
    if template == "工作总结":  # the chart's text too
        assert by_part["word/charts/chart1.xml"] & set(plan.values())
    if template == "印发通知":
        assert plan["宋体"] in by_part["word/styles.xml"]  # the page numbers' style
    with zipfile.ZipFile(out) as z:
        table = z.read("word/fontTable.xml").decode("utf-8")
    body = plan["仿宋_GB2312"]
    alt = FONT_ALT_NAMES[body]
    assert f'<w:font w:name="{body}"><w:altName w:val="{alt}"/></w:font>' in table  # found by either name


def test_each_script_has_its_regional_fonts():
    assert font_plan("tw")["仿宋_GB2312"] == "標楷體"  # 政府文書格式參考規範: 中文採楷書
    assert font_plan("hk")["仿宋_GB2312"] == "細明體_HKSCS"
    assert font_plan("traditional")["仿宋_GB2312"] == "仿宋"  # GBK: same role, Traditional glyphs
    assert font_plan("traditional")["方正小标宋简体"] == "方正小标宋_GBK"
    assert "黑体" not in font_plan("traditional")  # SimHei is GBK already: kept
    assert font_plan(None) == font_plan("simplified") == {}
    assert font_plan("tw", template_text_converted=False) == font_plan("traditional")
    assert set(TRADITIONAL_FONTS) >= MAINLAND


def test_values_only_render_keeps_fonts_holding_both_scripts(figures_file, tmp_path):
    """--values-only leaves the template's text Simplified: 標楷體 (Big5) lacks 贫/户, so GBK fonts are used."""
    out = _render(figures_file, tmp_path / "v.docx", "工作总结", "--script", "tw", "--values-only")
    used = set().union(*_fonts_by_part(out).values())
    assert "仿宋" in used and "標楷體" not in used and not used & MAINLAND


def test_simplified_render_leaves_fonts_and_untagged_parts_alone(figures_file, tmp_path):
    out = _render(figures_file, tmp_path / "s.docx", "工作总结")
    template = TEMPLATES / "docx" / "工作总结.docx"
    with zipfile.ZipFile(template) as t, zipfile.ZipFile(out) as o:
        for part in ("word/styles.xml", "word/fontTable.xml", "word/theme/theme1.xml", "word/numbering.xml"):
            if part in t.namelist():
                assert o.read(part) == t.read(part), part  # byte-identical
        assert set(_SLOT.findall(o.read("word/document.xml").decode())) <= set(
            _SLOT.findall(t.read("word/document.xml").decode()))
    used = set().union(*_fonts_by_part(out).values())
    assert "仿宋_GB2312" in used and not used & {"標楷體", "仿宋", "細明體_HKSCS"}


def test_retag_fonts_renames_every_slot_and_nothing_else():
    plan = font_plan("tw")
    raw = ('<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" '
           'w:cs="黑体"/></w:rPr><w:t>仿宋_GB2312</w:t><a:ea typeface="方正小标宋简体"/>'
           '<w:fonts><w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/></w:font></w:fonts>').encode()
    out = retag_fonts(raw, plan).decode()
    assert ('<w:rFonts w:ascii="標楷體" w:hAnsi="Times New Roman" w:eastAsia="標楷體" w:cs="微軟正黑體"/>'
            in out)
    assert "<w:t>仿宋_GB2312</w:t>" in out  # text is text
    assert '<a:ea typeface="標楷體"/>' in out
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/></w:font>' in out  # kept, unused
    assert out.count('<w:font w:name="標楷體"><w:altName w:val="DFKai-SB"/></w:font>') == 1
    assert retag_fonts(raw, {}) is raw


def _xlsx_fonts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return re.findall(r'<name val="([^"]*)"', z.read("xl/styles.xml").decode("utf-8"))


def test_filled_workbook_uses_the_same_fonts(figures_file, tmp_path):
    template = TEMPLATES / "xlsx" / "乡镇汇总.xlsx"
    _run("fill", str(template), "--data", str(figures_file), "--script", "tw", "-o", str(tmp_path / "tw.xlsx"))
    _run("fill", str(template), "--data", str(figures_file), "-o", str(tmp_path / "s.xlsx"))
    _run("fill", str(template), "--data", str(figures_file), "--script", "tw", "--values-only",
         "-o", str(tmp_path / "v.xlsx"))
    original = _xlsx_fonts(tmp_path / "s.xlsx")
    assert {"仿宋", "黑体"} <= set(original)
    plan = font_plan("tw")
    assert _xlsx_fonts(tmp_path / "tw.xlsx") == [plan.get(name, name) for name in original]  # same order
    assert _xlsx_fonts(tmp_path / "v.xlsx") == original  # 仿宋/黑体 are GBK: both scripts


@pytest.mark.validator
def test_traditional_outputs_pass_the_open_xml_gate(figures_file, tmp_path):
    from helpers.ooxml_gate import assert_all_valid, require_validator

    require_validator()
    docx = _render(figures_file, tmp_path / "tw.docx", "印发通知", "--script", "tw")
    summary = _render(figures_file, tmp_path / "t.docx", "工作总结", "--script", "traditional")
    xlsx = tmp_path / "tw.xlsx"
    _run("fill", str(TEMPLATES / "xlsx" / "乡镇汇总.xlsx"), "--data", str(figures_file), "--script", "tw",
         "-o", str(xlsx))
    assert_all_valid([docx, summary, xlsx])
