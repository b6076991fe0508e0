"""``reportgen init`` + ``reportgen build``: a report project from a folder of exports."""

from __future__ import annotations

import shutil

import pytest
import yaml
from click.testing import CliRunner
from helpers.docx_text import docx_text as text_of

from reportgen.cli import main
from reportgen.samples import MESS_KINDS, generate


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exp")
    generate(folder, persons=300, seed=5, mess=set(MESS_KINDS))
    result = CliRunner().invoke(main, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    path = folder / "reportgen.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("PDF: 自动", "PDF: 否"), encoding="utf-8")
    return folder


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_init_recognises_every_export_and_writes_a_commented_project(project):
    text = (project / "reportgen.yaml").read_text(encoding="utf-8")
    settings = yaml.safe_load(text)
    assert set(settings["台账"]) == {"建档立卡", "监测", "留守儿童", "流动人口", "村级基本情况", "任务分工", "责任书",
                                      "结对帮扶"}
    assert settings["县"] == "青禾县" and settings["年度"] == 2024
    assert "# 未使用 建档立卡人口_GBK.csv" in text and "# 要生成的文档" in text
    assert settings["文档"][:3] == ["工作总结", "情况报告", "印发通知"]
    assert settings["排除含错误的行"] == "是" and "排除了 " in text  # the deliberate bad values, said so
    again = CliRunner().invoke(main, ["init", str(project)])
    assert again.exit_code == 1 and "项目文件已存在" in again.output


def test_build_makes_everything_with_the_figures_of_reportgen_figures_and_skips_unchanged(project, tmp_path):
    out = tmp_path / "out"
    run("build", project / "reportgen.yaml", "-o", out)
    for rel in ("文档/工作总结.docx", "文档/情况报告.docx", "文档/印发通知.docx", "文档/流动人口情况汇报.docx",
                "报表/巩固拓展脱贫攻坚成果乡镇汇总表.xlsx",
                "报表/脱贫人口分年度统计表.xlsx", "报表/农村留守儿童监护情况统计表.xlsx", "报表/实施方案任务分工表.xlsx",
                "责任书/责任书_合并打印.docx", "合同书/合同书_合并打印.docx", "构建报告.md",
                "文档/结对帮扶实施方案.docx", "报表/结对帮扶情况统计表.xlsx", "结对帮扶协议书/结对帮扶协议书_合并打印.docx"):
        assert (out / rel).is_file(), rel
    settings = yaml.safe_load((project / "reportgen.yaml").read_text(encoding="utf-8"))
    exports = [project / f for f in settings["台账"].values()]
    run("figures", *exports, "--exclude-bad-rows", "-o", tmp_path / "f.yaml")
    assert (tmp_path / "f.yaml").read_bytes() == (out / "figures.yaml").read_bytes()
    assert "建档立卡人口.xlsx" in (out / "构建报告.md").read_text(encoding="utf-8")

    second = run("build", project, "-o", out)
    assert "未变 14 项" in second.output and "生成 0 项" in second.output


def test_township_project_and_traditional_document(project, tmp_path):
    folder = tmp_path / "town"
    shutil.copytree(project, folder)
    settings = yaml.safe_load((folder / "reportgen.yaml").read_text(encoding="utf-8"))
    settings.update({"范围": "城关镇", "落款": "", "批量": [],
                     "文档": ["工作总结", {"模板": "工作总结", "文件名": "工作總結.docx", "文字": "繁体"}, "乡镇汇总"]})
    (folder / "reportgen.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    run("build", folder, "-o", tmp_path / "out")
    text = text_of(tmp_path / "out" / "文档" / "工作总结.docx")
    assert "城关镇2024年巩固拓展脱贫攻坚成果工作总结" in text and "全镇共有" in text and "城关镇人民政府" in text
    assert "工作總結" in text_of(tmp_path / "out" / "文档" / "工作總結.docx")
