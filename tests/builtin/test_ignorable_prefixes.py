"""Regression (issue 13): the built-in 印发通知 kept ``mc:Ignorable="w14 wp14"`` but lost the declarations."""

from __future__ import annotations

import zipfile

from reportgen.app.builtins import render_builtin_documents
from reportgen.ooxml.namespaces import MC_NS
from reportgen.ooxml.xml import parse_xml


def test_every_rendered_part_declares_the_prefixes_it_marks_ignorable(figures, tmp_path):
    checked = 0
    for path in render_builtin_documents(figures, tmp_path / "out"):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if not name.endswith(".xml"):
                    continue
                root = parse_xml(z.read(name), name, str(path))
                ignorable = (root.get(f"{{{MC_NS}}}Ignorable") or "").split()
                missing = [p for p in ignorable if p not in root.nsmap]
                assert not missing, (path.name, name, missing)
                checked += bool(ignorable)
    assert checked >= 5
