"""The 结对帮扶名单 spec's checks: aliases and variants, unknown 单位类型/结对形式/重点任务, a unit paired with
itself, a pair listed twice, and a 受扶村 the roster does not know — each located at its row and column."""

from __future__ import annotations

from click.testing import CliRunner

from reportgen.cli import main
from reportgen.context import compute_figures
from reportgen.ingest import ERROR, load_table
from reportgen.specs import builtin_specs

HEAD = "序号,帮扶方,单位类型,帮扶地,受扶单位,受扶单位类型,受扶乡镇,受扶村,结对形式,联系人,电话,重点任务,签订日期\n"


def _row(n: int, helper: str, helped: str, *, kind: str = "机关", form: str = "点对点全面结对",
         tasks: str = "产业发展、智力支援", village: str | None = None) -> str:
    village = helped if village is None else village
    return f"{n},{helper},{kind},松阳区,{helped},村,城关镇,{village},{form},张三,13800000000,{tasks},2024-03-0{n}\n"


def _table(tmp_path, *rows: str):
    path = tmp_path / "结对.csv"
    path.write_text(HEAD + "".join(rows), encoding="utf-8")
    return load_table(path, None, None, builtin_specs())


def _errors(table) -> list[tuple[int, str, str]]:
    return [(i.location.row, i.location.column, i.message) for i in table.issues if i.level == ERROR]


def test_a_clean_list_with_alias_header_and_variants_has_no_errors(tmp_path):
    table = _table(tmp_path, _row(1, "松阳区教育局", "长岭村", kind="部门", form="点对点"),
                   _row(2, "松阳区财政局", "西沟村", form="重点带动"))
    assert table.spec.name == "结对帮扶" and _errors(table) == []
    kinds = table.keys.index("单位类型"), table.keys.index("结对形式")
    assert [(r[kinds[0]], r[kinds[1]]) for r in table.rows] == [("机关", "点对点全面结对"), ("机关", "重点带动精准结对")]


def test_unknown_type_form_and_task_are_located_errors(tmp_path):
    table = _table(tmp_path, _row(1, "松阳区商务局", "长岭村", kind="协会", form="结对帮扶", tasks="招商引资"))
    found = {(row, column) for row, column, _m in _errors(table)}
    assert found == {(2, "单位类型"), (2, "结对形式"), (2, "重点任务")}


def test_a_self_pair_is_an_error_at_its_row(tmp_path):
    table = _table(tmp_path, _row(1, "松阳区教育局", "长岭村"), _row(2, "松阳区财政局", "松阳区 财政局", village=""))
    [(row, column, message)] = _errors(table)
    assert (row, column) == (3, "受扶单位") and "自己与自己结对" in message


def test_a_repeated_pair_is_an_error_naming_the_first_row(tmp_path):
    table = _table(tmp_path, _row(1, "松阳区教育局", "长岭村"), _row(2, "松阳区财政局", "西沟村"),
                   _row(3, "松阳区教育局", "长岭村", form="区域内统筹结对"))
    [(row, column, message)] = _errors(table)
    assert (row, column) == (4, "受扶单位") and "与第2行重复" in message


def test_figures_refuse_a_list_with_a_self_pair_and_name_the_row(tmp_path):
    path = tmp_path / "结对.csv"
    path.write_text(HEAD + _row(1, "松阳区教育局", "长岭村") + _row(2, "松阳区教育局", "松阳区教育局"), encoding="utf-8")
    result = CliRunner().invoke(main, ["figures", str(path), "-o", str(tmp_path / "f.yaml")])
    assert result.exit_code == 1, result.output
    assert "第3行" in result.output and "自己与自己结对" in result.output


def test_a_village_the_roster_does_not_know_is_a_note_at_its_row(tmp_path, sample_files):
    path = tmp_path / "结对.csv"
    path.write_text(HEAD + _row(1, "松阳区教育局", "没有这个村"), encoding="utf-8")
    notes: list[str] = []
    figures = compute_figures([path, sample_files.paths["roster"]], notes=notes).figures
    assert any("第2行" in n and "「没有这个村」不是村级基本情况中城关镇的行政村" in n for n in notes)
    roster_villages = figures["村级基本情况"]["行政村数"]
    assert figures["结对帮扶"]["结对村数"] == 1 and len(figures["结对安排"]["未结对村"]) == roster_villages
