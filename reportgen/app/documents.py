"""Use cases for one Word template: render it with a data file, check it, list the data it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from reportgen.docx import DocxTemplate, check_template
from reportgen.errors import ReportgenError
from reportgen.io.data import load_mapping


def render_document(template: str | Path, data: str | Path, output: str | Path, *,
                    undefined: Literal["strict", "lenient"] = "strict", script: str | None = None,
                    convert_template_text: bool = False, all_errors: bool = False) -> Path:
    """Render ``template`` with the mapping in ``data`` (YAML/JSON file, ``-`` for stdin) into ``output``."""
    context = load_mapping(data)
    tpl = DocxTemplate.load(template, undefined=undefined, script=script,
                            convert_template_text=convert_template_text and script is not None,
                            all_errors=all_errors)
    return tpl.render_to(output, context)


def template_problems(template: str | Path) -> list[ReportgenError]:
    """Every problem :func:`reportgen.docx.check_template` finds without data."""
    return check_template(str(template))


def template_variables(template: str | Path) -> list[str]:
    """The data names a template needs (nested, e.g. ``乡镇[].名称``)."""
    return list(DocxTemplate.load(str(template), undefined="lenient").variables())
