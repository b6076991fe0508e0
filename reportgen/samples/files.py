"""Deterministic synthetic registries for a fictional county (青禾县), for demos, tests and benchmarks.

``generate(out_dir, persons=..., seed=...)`` writes one .xlsx per registry. The same arguments give the
same bytes. ``mess`` adds what real exports do wrong (see :data:`MESS_KINDS`); the deliberate bad
values are listed in ``_defects.json`` so tests can check that ingest reports each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import reportgen.samples.columns as columns
import reportgen.samples.pairing as pairing
from reportgen.errors import Location, ReportgenError
from reportgen.io.files import ensure_folder
from reportgen.samples.pairing import pairing_rows
from reportgen.samples.registries import SampleCounty, build_county
from reportgen.samples.writer import (
    MESS_KINDS,
    Defect,
    Table,
    excel_row,
    with_total_row,
    write_defects,
    write_table_csv,
    write_xlsx,
)

# Registry key → (file name, sheet name). File names are what ``reportgen demo`` writes.
FILES: dict[str, tuple[str, str]] = {
    "poverty": ("建档立卡人口.xlsx", "已脱贫人口名单"),
    "monitor": ("防返贫监测对象.xlsx", "监测对象名单"),
    "children": ("农村留守儿童.xlsx", "留守儿童信息"),
    "migrants": ("流动人口.xlsx", "流动人口登记"),
    "roster": ("村级基本情况.xlsx", "行政村"),
    "tasks": ("实施方案任务分工.xlsx", "任务分工"),
    "parties": ("责任书签订名单.xlsx", "签订名单"),
    "pairs": ("结对帮扶名单.xlsx", "结对名单"),
}
GBK_CSV_NAME = "建档立卡人口_GBK.csv"
DEFECTS_NAME = "_defects.json"


@dataclass
class SampleFiles:
    """What :func:`generate` wrote: registry key → path, plus the CSV and defects list if any."""

    paths: dict[str, Path]
    extra: list[Path]
    county: SampleCounty

    def all(self) -> list[Path]:
        return [*self.paths.values(), *self.extra]


def _wide_monitor(table: Table) -> Table:
    """Widen the monitoring export to the 170+ columns of a real one (read by header name, not position)."""
    extra = []
    for m in columns.MONITOR_WIDE_MEASURES:
        extra += [f"{m}（是否享受）", f"{m}（项目名称）", f"{m}（金额）", f"{m}（开始时间）", f"{m}（结束时间）",
                  f"{m}（实施单位）", f"{m}（备注）", f"{m}（资金来源）"]
    extra += [f"风险消除后{h}" for h in columns.MONITOR_WIDE_AFTER]
    extra += [f"风险消除后是否{x}" for x in ("义务教育阶段适龄儿童少年失学辍学", "住房损毁", "家庭成员未参加基本医疗保险", "饮水设施损毁")]
    width = len(extra)
    rows = []
    for i, row in enumerate(table.rows):
        pad = [("是" if (i + j) % 3 == 0 else "否") if j % 8 == 0 else ((i * 7 + j * 13) % 5000 if j % 8 == 2 else "")
               for j in range(width)]
        rows.append(row + pad)
    return Table(table.sheet, table.headers + extra, rows, table.groups)


def tables(county: SampleCounty, wide: bool = False, seed: int = 2024) -> dict[str, Table]:
    """The registries of ``county`` as writable tables, keyed like :data:`FILES`."""
    t = {
        "poverty": Table(FILES["poverty"][1], columns.POVERTY, county.poverty, columns.POVERTY_GROUPS),
        "monitor": Table(FILES["monitor"][1], columns.MONITOR_BASE, county.monitor, columns.MONITOR_GROUPS),
        "children": Table(FILES["children"][1], columns.CHILDREN, county.children),
        "migrants": Table(FILES["migrants"][1], columns.MIGRANTS, county.migrants),
        "roster": Table(FILES["roster"][1], columns.ROSTER, county.roster),
        "tasks": Table(FILES["tasks"][1], columns.TASKS, county.tasks),
        "parties": Table(FILES["parties"][1], columns.PARTIES, county.parties),
        "pairs": Table(FILES["pairs"][1], pairing.HEADERS, pairing_rows(county, seed)),
    }
    if wide:
        t["monitor"] = _wide_monitor(t["monitor"])
    return t


def _inject_bad_values(table: Table, file: str, mess: set[str]) -> list[Defect]:
    """Put a few wrong values at fixed places of the 建档立卡 table and say where they are."""
    rows, n = table.rows, len(table.rows)
    if n < 10:
        return []
    col = {h: i for i, h in enumerate(table.headers)}
    from reportgen.samples.writer import column_header

    plan = [
        (n // 7, "证件号码", "bad-check-digit"),
        (n // 5, "主要致贫原因", "enum-variant"),  # 缺劳动力 → 缺劳力
        (n // 3, "主要致贫原因", "enum-variant"),  # 其它 → 其他
        (n // 2, "主要致贫原因", "unknown-enum"),
        (n * 2 // 3, "脱贫年度", "out-of-range"),
    ]
    values = {0: None, 1: "缺劳动力", 2: "其它", 3: "因懒致贫", 4: 2031}
    defects = []
    for k, (i, name, kind) in enumerate(plan):
        c = col[name]
        if kind == "bad-check-digit":
            good = rows[i][c]
            bad = good[:17] + ("0" if good[17] != "0" else "1")
            rows[i][c] = bad
        else:
            rows[i][c] = values[k]
        defects.append(Defect(file, table.sheet, excel_row(table, i, mess), column_header(table, name, mess),
                              str(rows[i][c]), kind))
    return defects


def generate(
    out_dir: str | Path,
    persons: int = 3000,
    seed: int = 2024,
    year: int = 2024,
    mess: set[str] | frozenset[str] = frozenset(),
    wide: bool = False,
    only: set[str] | None = None,
) -> SampleFiles:
    """Write the sample registries into ``out_dir`` and return their paths."""
    unknown = set(mess) - set(MESS_KINDS)
    if unknown:
        raise ReportgenError(f"未知的 mess 选项：{'、'.join(sorted(unknown))}；可选：{'、'.join(MESS_KINDS)}",
                             Location(option="--mess"))
    if persons < 10:
        raise ReportgenError(f"--persons 至少为 10（收到 {persons}）", Location(option="--persons"))
    out = ensure_folder(out_dir)
    county = build_county(persons, seed, year)
    all_tables = tables(county, wide, seed)
    defects: list[Defect] = []
    if "bad-values" in mess:
        defects = _inject_bad_values(all_tables["poverty"], FILES["poverty"][0], set(mess))
    if "total-row" in mess:
        all_tables["parties"] = with_total_row(all_tables["parties"])
    paths: dict[str, Path] = {}
    for key, table in all_tables.items():
        if only and key not in only:
            continue
        path = out / FILES[key][0]
        write_xlsx(path, table, set(mess))
        paths[key] = path
    extra: list[Path] = []
    if "gbk-csv" in mess:
        csv_path = out / GBK_CSV_NAME
        write_table_csv(csv_path, all_tables["poverty"], "gbk", set(mess) - {"header2"})
        extra.append(csv_path)
    if defects:
        write_defects(out / DEFECTS_NAME, defects)
        extra.append(out / DEFECTS_NAME)
    return SampleFiles(paths, extra, county)

