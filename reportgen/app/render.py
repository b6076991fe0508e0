"""Render one Word template or fill one Excel template, a built-in by name or a file, from gathered data.

A built-in gets what ``reportgen demo`` gives it: its parameters, ``范围``, a known year, and the native
charts (``图表``). ``script`` converts the whole document (template text and values); ``values_only``
converts only the values, as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportgen.app.inputs import gather_context
from reportgen.builtin.catalog import resolve_template
from reportgen.errors import Location, ReportgenError


def render_template(ref: str | Path, out: str | Path, *, data_files=(), exports=(), specs=(), sets=(),
                    year: int | None = None, scope: str | None = None, exclude_bad_rows: bool = False,
                    max_excluded: str | float = "5%", script: str | None = None,
                    values_only: bool = False, lenient: bool = False, all_errors: bool = False,
                    notes: list[str] | None = None, review: bool = False) -> Path:
    """Render ``ref`` (a .docx/.xlsx file or a built-in name) to ``out``; returns the written path.

    ``review`` also writes ``NAME（核对稿）.docx`` (:mod:`reportgen.app.review`), its comments tracing each
    value to its rows when the figures come from ``exports`` or a figures.yaml naming its exports.
    A document with a 版记 gets it on an even page (:mod:`reportgen.app.record`; ``notes`` say how)."""
    template, params = resolve_template(ref)
    builtin = params is not None or not Path(ref).is_file()
    context = gather_context(params_file=params, exports=exports, specs=specs, data_files=data_files, sets=sets,
                             year=year, scope=scope, exclude_bad_rows=exclude_bad_rows, max_excluded=max_excluded,
                             notes=notes)
    suffix = template.suffix.lower()
    if suffix == ".xlsx":
        return fill_context(template, out, context, script=script, lenient=lenient, builtin=builtin,
                            values_only=values_only)
    if suffix != ".docx":
        raise ReportgenError("模板应为 .docx 或 .xlsx", Location(file=str(template)))
    figures = None
    if review:
        from reportgen.app.review import figure_set_for

        figures = figure_set_for(exports=exports, specs=specs, data_files=data_files, year=year, scope=scope,
                                 exclude_bad_rows=exclude_bad_rows)
    path = render_context(template, out, context, script=script, values_only=values_only, lenient=lenient,
                          all_errors=all_errors, builtin=builtin, review=figures if figures else review)
    _place_record(path, notes)
    return path


def _place_record(path: Path, notes: list[str] | None) -> None:
    """版记 on an even page (reportgen.app.record); what it did or could not do goes into ``notes`` (or,
    for a caller that passed none, a warning)."""
    import warnings

    from reportgen.app.record import place_records

    said: list[str] = []
    place_records([path], said)
    if notes is not None:
        notes.extend(said)
    for note in said if notes is None else ():
        warnings.warn(note, stacklevel=3)


def render_context(template: Path, out: str | Path, context: dict[str, Any], *, script: str | None = None,
                   values_only: bool = False, lenient: bool = False, all_errors: bool = False,
                   builtin: bool = False, review=None, review_errors: list[ReportgenError] | None = None) -> Path:
    """Render a Word template with a ready context (built-ins: year checked, charts added); ``review``
    (a FigureSet, or True without one) also writes the review copy. A review copy that cannot be made
    (the template has comments of its own) is appended to ``review_errors`` when given, else raised;
    the document itself is written either way."""
    from reportgen.app.builtins import figure_charts
    from reportgen.context.scope import document_context
    from reportgen.docx import DocxTemplate

    if builtin:
        context = document_context(context, template.stem)
        if "图表" not in context:
            charts = figure_charts(context)
            context = {**context, "图表": charts} if charts else context
    tpl = DocxTemplate.load(template, undefined="lenient" if lenient else "strict", script=script,
                            convert_template_text=script is not None and not values_only, all_errors=all_errors)
    path = tpl.render_to(out, context)
    if review is not None and review is not False:
        from reportgen.app.review import write_review_copy

        try:
            write_review_copy(tpl, context, out, None if review is True else review)
        except ReportgenError as exc:
            if review_errors is None:
                raise
            review_errors.append(exc)
    return path


def fill_context(template: Path, out: str | Path, context: dict[str, Any], *, script: str | None = None,
                 lenient: bool = False, builtin: bool = False, values_only: bool = False) -> Path:
    """Fill an Excel template with a ready context (built-ins: year checked, 报表 defaults).

    With ``script`` the template's own text is converted too, unless ``values_only`` (as for Word)."""
    from reportgen.context.scope import document_context
    from reportgen.xlsx import XlsxTemplate
    from reportgen.xlsx.builtin import load_params

    if builtin:
        context = document_context(context, template.stem)
        context = {**context, "报表": {**load_params(), **(context.get("报表") or {})}}
    return XlsxTemplate.load(template, undefined="lenient" if lenient else "strict", script=script,
                             convert_template_text=not values_only).render_to(out, context)


__all__ = ["render_template", "render_context", "fill_context"]
