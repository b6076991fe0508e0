"""Compile a whole .docx: pick the parts that hold tags, compile each to a Jinja template, precompute
everything a render needs (relationship counters, max ids, the settings change for fields)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Template, TemplateSyntaxError

from reportgen.docx import diagnostics
from reportgen.docx.compiler import CompiledSource, PartCompiler
from reportgen.docx.emitters import EMITTER_NAMES, part_globals
from reportgen.docx.jinja_extras import JinjaExtras
from reportgen.docx.markers import BLOCK_CLOSE, BLOCK_OPEN, COMMENT_CLOSE, COMMENT_OPEN, VAR_CLOSE, VAR_OPEN
from reportgen.docx.numbering import add_restarted_nums
from reportgen.docx.rich import sized
from reportgen.docx.runtime import RenderState, finalize_hook
from reportgen.errors import Location, ReportgenError
from reportgen.format import make_environment
from reportgen.format.script import FONT_ALT_NAMES, converter, font_plan, language_tag
from reportgen.ooxml.archive import Entry, deflated, stored, write_zip
from reportgen.ooxml.namespaces import (
    CT_CORE,
    CT_DOCUMENT,
    CT_DOCUMENT_MACRO,
    CT_NUMBERING,
    CT_SETTINGS,
    CT_STYLES,
    CT_TEMPLATE,
    CT_TEMPLATE_MACRO,
    W_NS,
    WORD_PART_TYPES,
    w,
)
from reportgen.ooxml.numbering import max_num_id, style_numbering
from reportgen.ooxml.order import SETTINGS_ORDER, insert_in_order
from reportgen.ooxml.package import Package, add_content_types, add_rels, rels_name
from reportgen.ooxml.xml import parse_xml, serialize

MAIN_PART_TYPES = frozenset({CT_DOCUMENT, CT_TEMPLATE, CT_DOCUMENT_MACRO, CT_TEMPLATE_MACRO})
_DOCPR = re.compile(rb"<wp:docPr\b[^>]*?\sid=\"(\d+)\"")
_RG_RID = re.compile(rb'Id="rIdRg(\d+)"')


_FULL_WIDTH_BRACE = "｛".encode()  # a tag typed with full-width braces is reported, not skipped


@dataclass
class CompiledPart:
    name: str
    filename: str
    source: CompiledSource
    template: Template
    fixup: bool


@dataclass
class CompiledDocx:
    file: str | None
    entries: list[Entry]
    parts: list[CompiledPart] = field(default_factory=list)
    errors: list[ReportgenError] = field(default_factory=list)
    warnings: list[ReportgenError] = field(default_factory=list)
    replaced: dict[str, Entry] = field(default_factory=dict)  # static changes (settings.xml)
    rel_counts: dict[str, int] = field(default_factory=dict)
    max_docpr: int = 0
    max_num: int = 0
    names: set[str] = field(default_factory=set)
    numbering_part: str | None = None
    main_part: str | None = None
    collecting: bool = False
    sources: list[CompiledSource] = field(default_factory=list)
    environment: Any = None  # the Jinja environment the parts were compiled in
    language: str | None = None  # zh-TW / zh-HK for a Traditional render: parts added while rendering
    fonts: dict[str, str] = field(default_factory=dict)  # (charts) are retagged like the template's

    @property
    def by_filename(self) -> dict[str, CompiledPart]:
        return {p.filename: p for p in self.parts}

    def assemble(self, outputs: dict[str, bytes], state: RenderState) -> bytes:
        """The output zip: rendered parts deflated, package bookkeeping updated, the rest copied raw."""
        rels = {rels_name(part): (part, items) for part, items in state.new_rels.items()}
        result = []
        for entry in self.entries:
            name = entry.name
            if name in outputs:
                entry = deflated(name, outputs[name], entry.date_time)
            elif name == "[Content_Types].xml" and state.new_parts:
                overrides = {n: ct for n, (_, ct) in state.new_parts.items()
                             if n.rsplit(".", 1)[-1].lower() not in state.new_defaults}
                entry = deflated(name, add_content_types(entry.data(), state.new_defaults, overrides),
                                 entry.date_time)
            elif name in rels:
                source, items = rels.pop(name)
                entry = deflated(name, add_rels(entry.data(), items, source), entry.date_time)
            elif name == self.numbering_part and state.new_nums:
                entry = deflated(name, add_restarted_nums(entry.data(), state.new_nums, name), entry.date_time)
            elif name in self.replaced:
                entry = self.replaced[name]
            result.append(entry)
        for name, (source, items) in rels.items():
            result.append(deflated(name, add_rels(None, items, source)))
        for name, (data, ctype) in state.new_parts.items():
            if name not in self.names and ctype.endswith("xml"):
                if self.language is not None:
                    data = retag_fonts(retag_language(data, self.language), self.fonts)
                result.append(deflated(name, data))
            elif name not in self.names:
                result.append(stored(name, data))
        return write_zip(result)


def make_docx_environment(undefined: str, script: str | None, collecting: bool, jinja: JinjaExtras | None = None):
    env = make_environment(undefined=undefined, script=script, finalize=finalize_hook)  # type: ignore[arg-type]
    env = env.overlay(block_start_string=BLOCK_OPEN, block_end_string=BLOCK_CLOSE,
                      variable_start_string=VAR_OPEN, variable_end_string=VAR_CLOSE,
                      comment_start_string=COMMENT_OPEN, comment_end_string=COMMENT_CLOSE,
                      line_statement_prefix=None, line_comment_prefix=None)
    env.filters["sized"] = sized  # a run-level size needs a rich value, so it is the docx engine's filter
    if collecting:
        env.undefined = diagnostics.CollectingUndefined
    if jinja is not None:
        env = jinja.apply(env)
    env.filters.update(dict.fromkeys(EMITTER_NAMES, _placeholder))  # so tags compile on their own (check)
    return env


def _placeholder(value: Any, *args: Any) -> Any:
    return value


def compile_docx(data: bytes, file: str | None, *, undefined: str = "strict", script: str | None = None,
                 convert_template_text: bool = False, all_errors: bool = False,
                 list_numbering: str = "restart", auto_paragraph_tags: bool = True,
                 jinja: JinjaExtras | None = None, cell_merge: str = "equal", review: bool = False) -> CompiledDocx:
    """Compile every part that holds tags; ``review`` compiles the variant that tracks where each value
    came from (:mod:`reportgen.docx.review`), used only by ``DocxTemplate.render(..., review=…)``."""
    pkg = Package(data, file)
    entries, by_name, overrides = pkg.entries, pkg.by_name, pkg.overrides
    if pkg.main not in by_name:
        raise ReportgenError(f"文件不是有效的 Word 文档：缺少正文部件 {pkg.main}", Location(file=file),
                             hint="请用 Word/WPS 打开后另存为 .docx 再试")
    compiled = CompiledDocx(file, entries, names=set(by_name))
    compiled.collecting = all_errors and undefined == "strict"
    env = make_docx_environment(undefined, script, compiled.collecting, jinja)
    compiled.environment = env
    convert = converter(script)
    text_convert = convert if convert_template_text else None
    lang = language_tag(script)
    fonts = compiled.fonts = font_plan(script, convert_template_text)
    compiled.language = lang
    has_fields = False
    styles = next((e for e in entries if overrides.get(e.name) == CT_STYLES), None)
    numbered_styles = (style_numbering(pkg.parse(styles.name)) if styles is not None and list_numbering == "restart"
                       else {})
    for entry in entries:
        if not pkg.is_xml(entry.name):
            continue
        raw = pkg.read(entry.name)  # refuses a DOCTYPE even in a part that is only copied
        ctype = overrides.get(entry.name)
        if lang is not None and (retagged := retag_fonts(retag_language(raw, lang), fonts)) != raw:
            raw = retagged  # compiled parts render from it; copied ones (styles, settings) are replaced
            compiled.replaced[entry.name] = deflated(entry.name, raw, entry.date_time)
        if ctype in MAIN_PART_TYPES:
            compiled.main_part = entry.name
        if ctype == CT_NUMBERING:
            compiled.numbering_part = entry.name
            compiled.max_num = max_num_id(parse_xml(raw, entry.name, file))
        if ctype not in WORD_PART_TYPES and ctype != CT_CORE:
            continue
        if ctype in WORD_PART_TYPES:
            compiled.max_docpr = max([compiled.max_docpr, *(int(m) for m in _DOCPR.findall(raw))])
            has_fields = has_fields or b"fldChar" in raw or b"fldSimple" in raw
        if b"{" not in raw and _FULL_WIDTH_BRACE not in raw and text_convert is None:
            continue
        source = _compile_part(entry.name, raw, ctype, list_numbering, text_convert, file, compiled,
                               numbered_styles, auto_paragraph_tags, cell_merge)
        if source is not None:
            compiled.warnings.extend(w.__class__(w.message, w.location.with_(file=file), w.hint)
                                     for w in source.warnings)
        if source is not None and source.errors:
            if all_errors:  # also report every tag's own syntax errors in the same run
                known = {e.location.tag for e in compiled.errors}
                compiled.errors.extend(e for e in _diagnose_each(env, source, file) if e.location.tag not in known)
            continue
        if source is None or not source.emissions and not source.changed and text_convert is None:
            continue
        compiled.sources.append(source)
        part_env = env.overlay()
        part_env.filters = {**env.filters, **part_globals(source, convert)}
        if review:
            from reportgen.docx.review import mark_sources, review_filters

            source.source = mark_sources(source.source, VAR_OPEN)
            part_env.filters.update(review_filters(dict(part_env.filters), source.run_props, source.para_props,
                                                   entry.name))
        template = _jinja_compile(part_env, source, file, compiled, all_errors)
        if template is None:
            continue
        rels_data = by_name.get(rels_name(entry.name))
        compiled.rel_counts[entry.name] = max(
            [0, *(int(m) for m in _RG_RID.findall(rels_data.data()))] if rels_data else [0])
        fixup = source.needs_fixup or (("docPr" in source.source or "bookmarkStart" in source.source) and
                                       any(e.role == ("open", "for") for e in source.emissions))
        compiled.parts.append(CompiledPart(entry.name, _filename(entry.name), source, template, fixup))
    if has_fields:
        _request_field_update(compiled, by_name, overrides)
    return compiled


def _filename(part: str) -> str:
    return f"docx:{part}"


def _compile_part(name, raw, ctype, list_numbering, text_convert, file, compiled,
                  numbered_styles, auto_paragraph_tags=True, cell_merge="equal") -> CompiledSource | None:
    try:
        root = parse_xml(raw, name, file)
    except ReportgenError as exc:  # malformed XML, or a DOCTYPE/ENTITY declaration
        compiled.errors.append(exc)
        return None
    compiler = PartCompiler(name, root, list_numbering=list_numbering, convert_text=text_convert,
                            style_numbering=numbered_styles, auto_paragraph_tags=auto_paragraph_tags,
                            cell_merge=cell_merge)
    if ctype == CT_CORE:
        source = compiler.compile_core()
    else:
        if root.nsmap.get("w") != W_NS:
            compiled.errors.append(ReportgenError("模板部件没有使用标准的 w: 命名空间前缀，暂不支持",
                                                  Location(file=file, part=name),
                                                  hint="用 Word 或 WPS 打开模板并另存为 .docx 后再试"))
            return None
        source = compiler.compile_word()
    compiled.errors.extend(e.__class__(e.message, e.location.with_(file=file), hint=e.hint) for e in source.errors)
    return source


def _jinja_compile(env, source: CompiledSource, file, compiled: CompiledDocx, all_errors: bool) -> Template | None:
    filename = _filename(source.part)
    try:
        code = env.compile(source.source, name=source.part, filename=filename)
        return env.template_class.from_code(env, code, env.make_globals(None), None)
    except TemplateSyntaxError as exc:
        if all_errors:
            compiled.errors.extend(_diagnose_each(env, source, file) or
                                   [diagnostics.located(exc, source, exc.lineno, file)])
        else:
            compiled.errors.append(diagnostics.located(exc, source, exc.lineno, file))
        return None


def _diagnose_each(env, source: CompiledSource, file) -> list[ReportgenError]:
    """Compile every tag on its own so one run reports all syntax errors, each with its location."""
    errors = []
    for emission in source.emissions:
        code, role = emission.code, emission.role
        if role is not None and role[0] == "close":
            continue
        if role is not None and role[0] == "open":
            code += f"{BLOCK_OPEN} end{role[1]} {BLOCK_CLOSE}"
        elif role is not None:
            code = f"{BLOCK_OPEN} if 1 {BLOCK_CLOSE}{code}{BLOCK_OPEN} endif {BLOCK_CLOSE}"
        try:
            env.compile(code)
        except TemplateSyntaxError as exc:
            message, hint = diagnostics.translate(exc)
            errors.append(ReportgenError(message, emission.location.with_(file=file), hint=hint))
    return errors


def _request_field_update(compiled: CompiledDocx, by_name: dict, overrides: dict[str, str]) -> None:
    """Ask Word to refresh fields (TOC, PAGE, cross references) when the document is opened."""
    name = next((n for n, ct in overrides.items() if ct == CT_SETTINGS and n in by_name), None)
    if name is None:
        return
    entry = compiled.replaced.get(name, by_name[name])
    root = parse_xml(entry.data(), name, compiled.file)
    if root.find(w("updateFields")) is not None:
        return
    insert_in_order(root, root.makeelement(w("updateFields"), {w("val"): "true"}), SETTINGS_ORDER)
    compiled.replaced[name] = deflated(name, serialize(root), entry.date_time)




_LANG_ELEMENT = re.compile(rb"<w:(?:lang|themeFontLang)\b[^>]*>|<dc:language>[^<]*</dc:language>"
                           rb"|<a:(?:rPr|defRPr|endParaRPr)\b[^>]*>")  # DrawingML: charts
_SIMPLIFIED_TAG = re.compile(rb"\bzh[-_]CN\b|\bzh-Hans(?:-CN)?\b", re.IGNORECASE)


def retag_language(raw: bytes, tag: str) -> bytes:
    """``raw`` with every Simplified Chinese language tag (``w:lang``/``w:themeFontLang`` attributes, the
    core properties' ``dc:language``) set to ``tag`` (zh-TW, zh-HK): a Traditional render keeps no zh-CN,
    so Word proofs it as Traditional and picks Traditional fallback fonts."""
    if b"zh" not in raw and b"ZH" not in raw:
        return raw
    new = tag.encode()
    return _LANG_ELEMENT.sub(lambda m: _SIMPLIFIED_TAG.sub(new, m.group(0)), raw)


# a font named in a run or style (w:rFonts) or in DrawingML text (charts, shapes)
_FONT_ELEMENT = re.compile(rb"<w:rFonts\b[^>]*>|<a:(?:latin|ea|cs)\b[^>]*>")
_FONT_ATTRIBUTE = re.compile(rb'\b(w:(?:ascii|hAnsi|eastAsia|cs)|typeface)="([^"]*)"')
_FONTS_END = b"</w:fonts>"


def retag_fonts(raw: bytes, plan: dict[str, str]) -> bytes:
    """``raw`` with every font of ``plan`` (mainland name → Traditional font) replaced where a run, a style,
    a header, a table or a text box names it (reportgen.format.script.TRADITIONAL_FONTS says why). The
    font table keeps the mainland entries (unused now) and gets one, with its other name, for each font
    the plan brings in."""
    if not plan:
        return raw
    encoded = {old.encode(): new.encode() for old, new in plan.items()}

    def attribute(m: re.Match) -> bytes:
        new = encoded.get(m.group(2))
        return m.group(0) if new is None else m.group(1) + b'="' + new + b'"'

    raw = _FONT_ELEMENT.sub(lambda m: _FONT_ATTRIBUTE.sub(attribute, m.group(0)), raw)
    if _FONTS_END in raw:  # the font table: Word looks fonts up by either name
        have = set(re.findall(rb'<w:font\b[^>]*\bw:name="([^"]*)"', raw))
        added = b"".join(_font_entry(name) for name in dict.fromkeys(encoded.values()) if name not in have)
        raw = raw.replace(_FONTS_END, added + _FONTS_END, 1)
    return raw


def _font_entry(name: bytes) -> bytes:
    alt = FONT_ALT_NAMES.get(name.decode())
    alt_xml = f'<w:altName w:val="{alt}"/>'.encode() if alt else b""
    return b'<w:font w:name="' + name + b'">' + alt_xml + b"</w:font>"
