"""Shares and breakdowns counted from distinct (value, key) pairs equal the row-group counts they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.measures import compute
from reportgen.specs import builtin_specs, find_spec

SPEC = find_spec("监测", builtin_specs())
KEYS = [c.key for c in SPEC.columns]
RISKS = [KEYS.index(SPEC.column(k).key) for k in ("风险1", "风险2", "风险3")] if SPEC.column("风险1") else []

values = st.one_of(st.none(), st.just(""), st.sampled_from(["因病", "因学", "因残", "其他"]))
rows = st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(["H1", "H2", "H3"])),
                          st.one_of(st.none(), st.sampled_from(["P1", "P2", "P3", "P4"])),
                          st.lists(values, min_size=3, max_size=3)), max_size=25)


def _table(drawn):
    hh, person = KEYS.index(SPEC.household_key), KEYS.index(SPEC.person_key)
    out = []
    for h, p, risks in drawn:
        row = [None] * len(KEYS)
        row[hh], row[person] = h, p
        for c, v in zip(RISKS, risks, strict=True):
            row[c] = v
        out.append(row)
    return out


@settings(max_examples=300, deadline=None)
@given(rows, st.sampled_from(["households", "persons", "rows"]))
def test_pair_counts_equal_group_counts(drawn, what):
    assert RISKS, "the 监测 spec names its risk columns 风险1…"
    table = _table(drawn)
    ev = compute.Evaluator(SPEC, KEYS, lambda *a: None)
    present, counts = ev._member_counts(table, RISKS, {what})
    groups = ev._members(table, RISKS)
    assert present == set(groups)
    assert {v: counts[what].get(v, 0) for v in groups} == {v: ev.measure(rows_, what) for v, rows_ in groups.items()}
    assert not set(counts[what]) - set(groups)
