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


def template_check(template: str | Path) -> tuple[list[str], list[ReportgenError]]:
    """(data names it reads, problems) of an uploaded Word or Excel template, checked without data like
    ``reportgen check`` (an Excel template: whether it loads)."""
    if Path(template).suffix.lower() == ".xlsx":
        from reportgen.xlsx import XlsxTemplate

        try:
            XlsxTemplate.load(template)
        except ReportgenError as exc:
            return [], [exc]
        return [], []
    problems = template_problems(template)
    if problems:
        return [], problems
    try:
        return template_variables(template), []
    except ReportgenError as exc:
        return [], [exc]


def parameter_names(variables: list[str]) -> list[str]:
    """The names a template reads that no export provides (not figures, charts or 报表): the parameters
    a form asks for."""
    from reportgen.context.figures import KEY_ORDER
    from reportgen.specs import builtin_specs

    roots = {*KEY_ORDER, *(s.name for s in builtin_specs()), "图表", "报表"}
    return [v for v in variables if "[]" not in v and v.split(".")[0] not in roots]
