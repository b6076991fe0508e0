"""Built-ins by name (render/fill/batch), merged --data, township scope, year, whole-document Traditional."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner
from helpers.docx_text import docx_text as text_of

from reportgen.cli import main
from reportgen.context import dump_figures, figures_for_exports


@pytest.fixture(scope="module")
def figures_file(sample_files, tmp_path_factory):
    path = tmp_path_factory.mktemp("fig") / "figures.yaml"
    dump_figures(figures_for_exports(list(sample_files.paths.values())), path)
    return path


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_render_builtin_by_name_with_its_parameters_and_merged_data(figures_file, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("公文: {成文日期: 2024-12-31}\n", encoding="utf-8")
    run("render", "工作总结", "--data", figures_file, "--data", extra, "--set", "公文.落款=某某局",
        "-o", tmp_path / "总结.docx")
    text = text_of(tmp_path / "总结.docx")
    assert "某某局" in text and "2024年12月31日" in text  # --set over files over the template parameters
    assert "青禾县2024年巩固拓展脱贫攻坚成果工作总结" in text and "None" not in text


def test_render_builtin_from_exports_for_one_township(sample_files, tmp_path):
    exports = [a for k in ("poverty", "roster", "monitor") for a in ("--export", sample_files.paths[k])]
    run("render", "工作总结", *exports, "--scope", "城关镇", "--year", "2024", "-o", tmp_path / "镇.docx")
    text = text_of(tmp_path / "镇.docx")
    assert "城关镇2024年巩固拓展脱贫攻坚成果工作总结" in text
    assert "全镇共有建档立卡贫困户" in text and "全县" not in text
    assert "城关镇人民政府" in text and "青禾县乡村振兴局" not in text  # the 镇's own 落款
    town = figures_for_exports([sample_files.paths[k] for k in ("poverty", "roster")])["建档立卡"]["乡镇"][0]
    assert f"{town['户数']}户{town['人数']}人，分布在{town['行政村数']}个行政村" in text


def test_unknown_year_stops_and_asks(sample_files, tmp_path):
    result = CliRunner().invoke(main, ["render", "工作总结", "--export", str(sample_files.paths["poverty"]),
                                       "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 1 and "不知道年度" in result.output and "--year" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_traditional_converts_the_whole_document_unless_values_only(figures_file, tmp_path):
    run("render", "工作总结", "--data", figures_file, "--script", "traditional", "-o", tmp_path / "t.docx")
    text = text_of(tmp_path / "t.docx")
    assert "工作總結" in text and "基本情況" in text and "贫困" not in text
    run("render", "工作总结", "--data", figures_file, "--script", "traditional", "--values-only",
        "-o", tmp_path / "v.docx")
    assert "基本情况" in text_of(tmp_path / "v.docx")


def test_fill_builtin_table_by_name_and_export_every_builtin(figures_file, tmp_path):
    run("fill", "乡镇汇总", "--data", figures_file, "-o", tmp_path / "汇总.xlsx")
    assert (tmp_path / "汇总.xlsx").is_file()
    for name in ("工作总结", "乡镇汇总", "任务分工"):
        run("templates", "export", name, tmp_path / "mine")
    assert {p.name for p in (tmp_path / "mine").iterdir()} >= {"工作总结.docx", "工作总结.yaml", "乡镇汇总.xlsx",
                                                              "报表参数.yaml", "任务分工.xlsx"}
    data = yaml.safe_load((tmp_path / "mine" / "工作总结.yaml").read_text(encoding="utf-8"))
    assert "公文" in data


def test_a_template_already_in_traditional_stays_as_it_is(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("{{ 縣 }}年度工作總結：鞏固拓展脫貧攻堅成果，後續發展。")
    document.save(tmp_path / "繁.docx")
    (tmp_path / "d.yaml").write_text("縣: 青禾县\n", encoding="utf-8")
    run("render", tmp_path / "繁.docx", "--data", tmp_path / "d.yaml", "--script", "traditional",
        "-o", tmp_path / "out.docx")
    assert "青禾縣年度工作總結：鞏固拓展脫貧攻堅成果，後續發展。" in text_of(tmp_path / "out.docx")
