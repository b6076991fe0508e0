"""Figures checked against values computed here, independently, from the generated files (openpyxl)."""

from __future__ import annotations

from collections import defaultdict

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.context import figures_for_exports, rows_for_export
from reportgen.errors import ErrorGroup


def sheet_rows(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.fixture(scope="module")
def figures(sample_files):
    return figures_for_exports(list(sample_files.paths.values()))


@pytest.fixture(scope="module")
def poverty(sample_files):
    return sheet_rows(sample_files.paths["poverty"])


@pytest.fixture(scope="module")
def roster(sample_files):
    return sheet_rows(sample_files.paths["roster"])


def test_poverty_counts_rates_and_income(figures, poverty, roster):
    f = figures["建档立卡"]
    households = {r["户编号"] for r in poverty}
    poor = [r for r in poverty if r["脱贫属性"] == "未脱贫"]
    agri = sum(r["农业户籍人口"] for r in roster)
    assert f["户数"] == len(households)
    assert f["人数"] == len({r["证件号码"] for r in poverty}) == len(poverty)
    assert f["未脱贫户数"] == len({r["户编号"] for r in poor})
    assert f["未脱贫人数"] == len(poor)
    assert f["已脱贫人数"] + f["未脱贫人数"] == f["人数"]
    assert f["农业户籍人口"] == agri
    assert f["贫困发生率"] == pytest.approx(len(poor) / agri, abs=1e-6)
    first = {}
    for r in poverty:  # household fields once per 户, weighted by 人数
        first.setdefault(r["户编号"], r)
    mean = sum(r["人均纯收入"] * r["人数"] for r in first.values()) / sum(r["人数"] for r in first.values())
    assert f["人均纯收入"] == pytest.approx(mean, abs=0.01)
    assert figures["县"] == "青禾县" and figures["年度"] == 2024


def test_year_series_causes_and_multi_valued_health(figures, poverty):
    f = figures["建档立卡"]
    years = [y["年度"] for y in f["脱贫年度"]]
    assert years == list(range(2014, 2021))
    running = 0
    for item in f["脱贫年度"]:
        people = [r for r in poverty if r["脱贫年度"] == item["年度"]]
        assert item["人数"] == len(people)
        assert item["户数"] == len({r["户编号"] for r in people})
        running += item["人数"]
        assert item["累计人数"] == running
    causes = defaultdict(set)
    for r in poverty:
        causes[r["主要致贫原因"]].add(r["户编号"])
    top = f["致贫原因"][0]
    assert top["户数"] == max(len(v) for v in causes.values()) == len(causes[top["名称"]])
    assert top["占比"] == pytest.approx(top["户数"] / f["户数"], abs=1e-6)
    assert [c["户数"] for c in f["致贫原因"]] == sorted((c["户数"] for c in f["致贫原因"]), reverse=True)
    health = defaultdict(int)
    for r in poverty:
        for part in r["健康状况"].replace("，", ",").split(","):
            health[part] += 1
    assert {h["名称"]: h["人数"] for h in f["健康状况"]} == dict(health)


def test_towns_in_roster_order_with_totals(figures, poverty, roster):
    f = figures["建档立卡"]
    towns = list(dict.fromkeys(r["乡(镇)"] for r in roster))
    assert [t["名称"] for t in f["乡镇"]] == towns
    for t in f["乡镇"]:
        people = [r for r in poverty if r["乡(镇)"] == t["名称"]]
        assert t["人数"] == len(people)
        assert t["行政村数"] == sum(1 for r in roster if r["乡(镇)"] == t["名称"])
        agri = sum(r["农业户籍人口"] for r in roster if r["乡(镇)"] == t["名称"])
        poor = sum(1 for r in people if r["脱贫属性"] == "未脱贫")
        assert t["贫困发生率"] == pytest.approx(poor / agri, abs=1e-6)
        assert [v["名称"] for v in t["村"]] == [r["行政村"] for r in roster if r["乡(镇)"] == t["名称"]]
        assert sum(v["人数"] for v in t["村"]) == t["人数"]
    total = f["合计"]
    assert total["名称"] == "合计" and set(total) == set(f["乡镇"][0]) - {"村"}
    for key in ("户数", "人数", "已脱贫人数", "未脱贫户数", "行政村数", "农业户籍人口"):
        assert total[key] == sum(t[key] for t in f["乡镇"]) == f[key]


def test_monitoring_children_migrants_and_summary(figures, sample_files):
    rows = sheet_rows(sample_files.paths["monitor"])
    m = figures["监测"]
    households = {r["户编号"] for r in rows}
    cleared = {r["户编号"] for r in rows if r["风险是否已消除"] == "是"}
    assert (m["户数"], m["人数"]) == (len(households), len(rows))
    assert m["风险已消除户数"] == len(cleared)
    assert m["风险消除率"] == pytest.approx(len(cleared) / len(households), abs=1e-6)
    risks = defaultdict(set)
    for r in rows:
        for k in range(1, 6):
            if r[f"致贫/返贫风险{k}"]:
                risks[r[f"致贫/返贫风险{k}"]].add(r["户编号"])
    assert {x["名称"]: x["户数"] for x in m["风险类型"]} == {k: len(v) for k, v in risks.items()}
    assert [c["名称"] for c in m["类别"]] == ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]

    kids = sheet_rows(sample_files.paths["children"])
    c = figures["留守儿童"]
    assert c["人数"] == len(kids) and c["寄宿人数"] == sum(1 for r in kids if r["是否寄宿"] == "是")
    assert c["乡镇"][0]["监护类型"]["无人监护"] == sum(
        1 for r in kids if r["乡(镇)"] == c["乡镇"][0]["名称"] and r["监护类型"] == "无人监护")
    mig = sheet_rows(sample_files.paths["migrants"])
    assert figures["流动人口"]["户数"] == len({r["家庭编号"] for r in mig})

    summary = figures["乡镇汇总"]
    b = figures["建档立卡"]
    assert [s["名称"] for s in summary] == [t["名称"] for t in b["乡镇"]]
    assert summary[0]["监测户数"] == m["乡镇"][0]["户数"]
    assert summary[0]["建档立卡人数"] == b["乡镇"][0]["人数"]
    assert figures["乡镇汇总合计"]["监测人数"] == m["人数"]


def test_parties_rows_keep_template_keys_and_public_masks(figures, sample_files):
    parties = figures["责任书"]
    raw = sheet_rows(sample_files.paths["parties"])
    assert len(parties) == len(raw)
    assert parties[0]["工作经费"] == raw[0]["工作经费（元）"]
    assert parties[0]["签订日期"].isoformat() == "2024-03-15"
    assert [t["序号"] for t in figures["任务分工"]] == list(range(1, len(figures["任务分工"]) + 1))
    rows = rows_for_export(sample_files.paths["poverty"], public=True)
    plain = rows_for_export(sample_files.paths["poverty"])
    ident, phone = plain[0]["证件号码"], plain[0]["联系电话"]
    assert rows[0]["证件号码"] == ident[:6] + "********" + ident[-4:]
    assert rows[0]["联系电话"] == phone[:3] + "****" + phone[-4:]
    assert rows[0]["健康状况"] != plain[0]["健康状况"]


def test_errors_stop_figures_unless_bad_rows_are_excluded(bad_files, defects):
    paths = list(bad_files.paths.values())
    with pytest.raises(ErrorGroup) as exc:
        figures_for_exports(paths)
    assert len(exc.value.errors) == 2
    assert exc.value.errors[0].location.row == defects[0]["row"]
    f = figures_for_exports(paths, exclude_bad_rows=True)
    assert f["建档立卡"]["人数"] == 1498


def test_figures_command_writes_readable_yaml(sample_files, tmp_path):
    out = tmp_path / "figures.yaml"
    result = CliRunner().invoke(main, ["figures", *map(str, sample_files.paths.values()), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "建档立卡:\n  户数:" in text  # Chinese as is, keys in document order
    assert yaml.safe_load(text)["建档立卡"]["人数"] == 1500


def test_validate_command_exit_codes(sample_files, bad_files):
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(sample_files.paths["children"])])
    assert ok.exit_code == 0 and "错误 0 处" in ok.output
    bad = runner.invoke(main, ["validate", str(bad_files.paths["poverty"])])
    assert bad.exit_code == 1 and "第1003行 › 列「脱贫年度」: 「2031」超出范围（2014–2020）" in bad.output
    warn_only = runner.invoke(main, ["validate", str(bad_files.paths["monitor"]), "--strict"])
    assert warn_only.exit_code == 0  # 提示 (normalised values) never fail


def test_strict_fails_on_warnings_only(tmp_path):
    path = tmp_path / "流动人口.csv"
    path.write_text("乡(镇),行政村,家庭编号,姓名,身份证号,流入时间,流入原因\n"
                    "城关镇,柳湾村,LD000001,张三,11010519491231002X,2023-05-01,旅居\n", encoding="utf-8")
    runner = CliRunner()
    relaxed = runner.invoke(main, ["validate", str(path)])
    assert relaxed.exit_code == 0, relaxed.output
    assert "[警告] 文件 流动人口.csv › 工作表 流动人口 › 第2行 › 列「流入原因」: 「旅居」不是可选值" in relaxed.output
    assert runner.invoke(main, ["validate", str(path), "--strict"]).exit_code == 1
