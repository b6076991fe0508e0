"""Use case: the audit workbook (核对底稿.xlsx) — every figure, its definition, its rows and a formula.

Sheet 指标 lists each figure under the path templates use, its value, an Excel formula that recomputes it
from the detail sheet, a 一致/不一致 check, the row count, the definition and the source; its last column
links to the rows. Detail sheets (明细-<台账>) hold the export's own columns and Excel row numbers, in
blocks: one block per filter (e.g. 脱贫属性为「已脱贫」), its rows ordered by 乡镇 and 村 so that every
乡镇/村 figure with that filter is one contiguous range of the block. Distinct counts use
``SUMPRODUCT(--(MATCH(key,key,0)=ROW(key)-k))``: MATCH compares text exactly, whereas COUNTIF turns an
18-digit 证件号码 into a 15-digit number and would merge different people.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.context import FigureSet, define, spec_form
from reportgen.context.definitions import age_words, condition_words
from reportgen.context.privacy import mask_value
from reportgen.context.registry import LoadedRegistry
from reportgen.measures.trace import Trace
from reportgen.specs import PUBLIC_MASKED, Spec
from reportgen.xlsx.audit import MAX_ROWS, Formula, Link, Sheet, Title, cell_range, write_workbook

SUMMARY = "指标"
SUMMARY_HEAD = ["指标（模板中的写法）", "数值", "Excel 复算", "核对", "行数", "定义", "数据规格中的写法", "来源", "明细"]
LEAVES = ("count", "sum", "mean", "first")


@dataclass
class Placed:
    """Where a leaf trace's rows are: sheet, first and last Excel row (1-based), the detail columns."""

    sheet: str
    first: int
    last: int
    columns: dict[str, int]  # column key → 0-based column of the detail sheet (the key: its 去重编号)


class _Details:
    """Lays out the detail sheets of one registry: blocks of rows, one per filter."""

    def __init__(self, reg: LoadedRegistry, public: bool):
        self.reg, self.public = reg, public
        spec, layout = reg.spec, reg.table.layout
        self.present = [c for c in spec.columns if c.key in layout.index]
        self.head = ["Excel 行号", *(layout.shown[layout.index[c.key]] for c in self.present)]
        self.columns = {c.key: i + 1 for i, c in enumerate(self.present)}
        self.surrogate: dict[str, dict[Any, str]] = {}
        if public:
            for key in (spec.household_key, spec.person_key):
                col = spec.column(key) if key else None
                if col is not None and col.privacy in PUBLIC_MASKED and col.key in self.columns:
                    self.columns[col.key] = len(self.head)
                    self.head.append(f"去重编号（代替已隐去的{col.name}）")
                    self.surrogate[col.key] = {}
        self.index = {id(r): i for i, r in enumerate(reg.table.rows)}
        self.numbers = reg.table.row_numbers
        self.sheets: list[Sheet] = []
        self.blocks: dict[tuple, tuple[list[list], dict[int, int], Placed]] = {}
        g = spec.groups
        keys = reg.table.keys
        self.town = keys.index(g.town) if g else None
        self.village = keys.index(g.village) if g and g.village else None
        self.rank: dict[Any, int] = {}
        for r in reg.table.rows:  # 乡镇/村 ranks in registry order
            self._order(r)
        self.at = [keys.index(c.key) for c in self.present]
        self.surrogate_at = [keys.index(k) for k in self.surrogate]

    def _order(self, row: list) -> tuple:
        town = row[self.town] if self.town is not None else None
        village = row[self.village] if self.village is not None else None
        return (self.rank.setdefault(town, len(self.rank)) if town is not None else 1 << 30,
                self.rank.setdefault((town, village), len(self.rank)), self.index[id(row)])

    def place(self, t: Trace, group: tuple, rows_of_group: list[list]) -> Placed:
        if group not in self.blocks:
            block = sorted(rows_of_group, key=self._order)
            self.blocks[group] = (block, {id(r): i for i, r in enumerate(block)}, self._write(block, group))
        block, where, placed = self.blocks[group]
        found = sorted(where[id(r)] for r in t.rows or [])
        if found and found[-1] - found[0] + 1 == len(found):
            return Placed(placed.sheet, placed.first + found[0], placed.first + found[-1], placed.columns)
        if not found:
            return Placed(placed.sheet, 0, -1, placed.columns)
        return self.place(t, (*group, "own", id(t)), list(t.rows or []))

    def _write(self, block: list[list], group: tuple) -> Placed:
        needed = len(block) + 3
        if not self.sheets or len(self.sheets[-1].rows) + needed > MAX_ROWS:
            name = f"明细-{self.reg.spec.name}"[:28] + (f"-{len(self.sheets) + 1}" if self.sheets else "")
            self.sheets.append(Sheet(name, widths={0: 9}))
        sheet = self.sheets[-1]
        if sheet.rows:
            sheet.rows.append([])
        sheet.rows.append(Title(f"▶ {group[1]}（{len(block)} 行，按乡镇、村排列）"))
        sheet.header_rows.add(len(sheet.rows))
        sheet.rows.append(list(self.head))
        first = len(sheet.rows) + 1
        for row in block:
            sheet.rows.append(self._cells(row))
        return Placed(sheet.name, first, first + len(block) - 1, self.columns)

    def _cells(self, row: list) -> list[Any]:
        out: list[Any] = [self.numbers[self.index[id(row)]]]
        for c, i in zip(self.present, self.at, strict=True):
            value = row[i]
            if isinstance(value, list):
                value = "、".join(str(v) for v in value)
            if self.public and c.privacy in PUBLIC_MASKED:
                value = mask_value(value, c.privacy)
            out.append(value)
        for codes, i in zip(self.surrogate.values(), self.surrogate_at, strict=True):
            value = row[i]
            out.append(None if value is None else codes.setdefault(value, f"K{len(codes) + 1:06d}"))
        return out


class AuditBook:
    """Builds the sheets of the audit workbook from a :class:`FigureSet`."""

    def __init__(self, figure_set: FigureSet, public: bool = False):
        self.fs = figure_set
        self.specs = {s.name: s for s in figure_set.specs}
        self.details = {name: _Details(reg, public) for name, reg in figure_set.registries.items()}
        self.groups: dict[tuple, list[list]] = {}

    def sheets(self) -> list[Sheet]:
        traced = [(path, value, self.fs.trace(path)) for path, value in self.fs.paths()]
        for _, _, t in traced:  # first gather every group's rows, then lay out blocks
            for leaf in _leaves(t):
                rows = self.groups.setdefault(_group(leaf, self.specs[leaf.registry]), [])
                rows.extend(leaf.rows or [])
        for key, rows in self.groups.items():
            self.groups[key] = list({id(r): r for r in rows}.values())
        summary = Sheet(SUMMARY, rows=[list(SUMMARY_HEAD)], header_rows={0}, freeze=(1, 1),
                        widths={0: 36, 1: 12, 2: 12, 3: 7, 4: 7, 5: 60, 6: 40, 7: 28, 8: 18})
        for n, (path, value, t) in enumerate(traced, start=2):
            summary.rows.append(self._summary_row(n, path, value, t))
        return [summary, *(s for d in self.details.values() for s in d.sheets)]

    def _summary_row(self, n: int, path: str, value: Any, t: Trace) -> list[Any]:
        leaves = _leaves(t)
        placed = [self._place(leaf) for leaf in leaves]
        rows = {id(r) for leaf in leaves for r in leaf.rows or []}
        link = next((Link(p.sheet, p.first, f"{p.sheet} 第{p.first}–{p.last}行") for p in placed if p.last >= p.first),
                    None)
        reg = self.fs.registries[leaves[0].registry] if leaves else self.fs.registries[t.registry]
        source = f"{Path(reg.table.file).name} › {reg.table.sheet}"
        return [path, value, Formula(self._expr(t), value), Formula(f'IF(B{n}=C{n},"一致","不一致")', "一致"),
                len(rows), define(t, self.specs), spec_form(t, self.specs), source, link]

    def _place(self, leaf: Trace) -> Placed:
        group = _group(leaf, self.specs[leaf.registry])
        return self.details[leaf.registry].place(leaf, group, self.groups[group])

    def _expr(self, t: Trace) -> str:
        if t.kind == "ratio":
            num, den = (self._expr(p) for _, p in t.parts)
            return f'IF(OR(({den})="",({den})=0),"",ROUND(({num})/({den}),6))'
        if t.kind == "cumulative":
            return "+".join(f"({self._expr(p)})" for _, p in t.parts)
        if t.kind in ("from", "param"):
            if t.parts:
                return self._expr(t.parts[0][1])
            return '""' if t.value is None else (f'"{t.value}"' if isinstance(t.value, str) else repr(t.value))
        p = self._place(t)
        if p.last < p.first:
            return "0" if t.kind in ("count", "sum") else '""'
        if t.kind == "first":
            return cell_range(p.sheet, p.columns[t.column], p.first, p.first)
        if t.kind == "count":
            if t.key is None:
                return f"ROWS({cell_range(p.sheet, 0, p.first, p.last)})"
            key = cell_range(p.sheet, p.columns[t.key], p.first, p.last)
            distinct = f'SUMPRODUCT(({key}<>"")*(IFERROR(MATCH({key},{key},0),0)=ROW({key})-{p.first - 1}))'
            return f"{distinct}+COUNTBLANK({key})" if t.measure == "persons" else distinct
        values = cell_range(p.sheet, p.columns[t.column], p.first, p.last)
        if t.kind == "sum":
            return f"ROUND(SUM({values}),2)"
        if t.weight:
            weight = cell_range(p.sheet, p.columns[t.weight], p.first, p.last)
            return f"ROUND(SUMPRODUCT({values},{weight})/SUM({weight}),2)"
        return f"ROUND(AVERAGE({values}),2)"


def _leaves(t: Trace) -> list[Trace]:
    if t.kind in LEAVES and t.rows is not None:
        return [t]
    return [leaf for _, part in t.parts for leaf in _leaves(part)]


def _group(t: Trace, spec: Spec) -> tuple:
    """Traces with the same group differ only by 乡镇/村: their rows share one block."""
    words = "、".join(condition_words(spec, t) + age_words(spec, t))
    what = f"「{spec.name}」{words or '全部行'}"
    if t.kind != "count":
        used = f"「{spec.column(t.column).name}」" + (f"和「{spec.column(t.weight).name}」" if t.weight else "")
        what += f"{'，每户第一行' if t.per_household else ''}，{used}不为空的行"
    conditions = tuple((keys, tuple(map(repr, values))) for keys, values in t.conditions)
    conditions += (("age", repr(t.age)),) if t.age is not None else ()
    return (t.registry, what, conditions, t.kind == "count", t.column, t.weight, t.per_household)


def write_audit_workbook(figure_set: FigureSet, output: str | Path, *, public: bool = False) -> Path:
    """Write the audit workbook of ``figure_set`` to ``output`` (.xlsx)."""
    return write_workbook(output, AuditBook(figure_set, public).sheets(), title="核对底稿")
