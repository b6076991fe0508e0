"""``reportgen templates`` lists built-ins; ``templates export`` copies one for editing."""

from __future__ import annotations

from click.testing import CliRunner
from docx import Document

from reportgen.app.builtins import migrant_households
from reportgen.builtin import BUILTINS
from reportgen.cli import main


def test_list_shows_description_and_data():
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 0
    for b in BUILTINS.values():
        assert b.name in result.output and b.data in result.output


def test_export_copies_docx_and_params(tmp_path):
    result = CliRunner().invoke(main, ["templates", "export", "责任书", str(tmp_path)])
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "责任书.docx"))
    assert "目标责任书" in doc.paragraphs[0].text
    assert (tmp_path / "责任书.yaml").read_text(encoding="utf-8").count("公文:") == 1


def test_export_unknown_name_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["templates", "export", "不存在", str(tmp_path)])
    assert result.exit_code == 1 and "没有名为「不存在」的内置模板" in result.output


def test_migrant_households_pair_husband_and_wife():
    rows = [{"家庭编号": "LD1", "乡(镇)": "城关镇", "行政村": "柳湾村", "姓名": "张伟", "性别": "男", "与户主关系": "户主"},
            {"家庭编号": "LD1", "乡(镇)": "城关镇", "行政村": "柳湾村", "姓名": "刘芳", "性别": "女", "与户主关系": "配偶"},
            {"家庭编号": "LD1", "乡(镇)": "城关镇", "行政村": "柳湾村", "姓名": "张乐", "性别": "男", "与户主关系": "子女"},
            {"家庭编号": "LD2", "乡(镇)": "河西镇", "行政村": "杏林村", "姓名": "赵强", "性别": "男", "与户主关系": "户主"}]
    homes = migrant_households(rows)
    assert [(h["夫"], h["妻"], h["人数"]) for h in homes] == [("张伟", "刘芳", 3), ("赵强", "", 1)]
