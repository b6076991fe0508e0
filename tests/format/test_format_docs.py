"""Every `{{ … }}` → `…` example in the README renders exactly as documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.format import make_environment

DOC = Path(__file__).resolve().parents[2] / "README.md"  # the filters are documented in the README
EXAMPLE = re.compile(r"^- `(\{\{.*\}\})` → `(.*)`$")
EXAMPLES = [m.groups() for line in DOC.read_text(encoding="utf-8").splitlines() if (m := EXAMPLE.match(line))]


def test_the_doc_has_examples_for_every_filter():
    from reportgen.format.filters import FILTERS

    assert len(EXAMPLES) > 80
    documented = {name for source, _ in EXAMPLES for name in FILTERS if f"|{name}" in source}
    assert documented == set(FILTERS)


@pytest.mark.parametrize(("source", "expected"), EXAMPLES, ids=[s for s, _ in EXAMPLES])
def test_documented_example(source, expected):
    assert make_environment().from_string(source).render() == expected
