"""``DocxTemplate``: load (compile once, cached by content hash) and render many times.

A render runs each compiled part's Jinja template, fixes up the few parts that need it (merges, grids),
adds the parts and relationships rich values created, and writes a zip in which every untouched entry is
copied as its original compressed bytes.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from reportgen.docx import diagnostics
from reportgen.docx.jinja_extras import JinjaExtras
from reportgen.docx.loader import CompiledDocx, compile_docx
from reportgen.docx.runtime import _STATE, RenderState
from reportgen.errors import ErrorGroup, Location, ReportgenError
from reportgen.format.diagnostics import with_context_names
from reportgen.io.files import atomic_write_bytes
from reportgen.ooxml.namespaces import REL_COMMENTS

if TYPE_CHECKING:
    from reportgen.docx.review import Reviewer

Source = str | os.PathLike | bytes | IO[bytes]
_CACHE: OrderedDict[tuple, DocxTemplate] = OrderedDict()
_CACHE_SIZE = 32
_LOCK = threading.Lock()


def _read(source: Source) -> tuple[bytes, str | None]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), None
    if hasattr(source, "read"):
        return source.read(), getattr(source, "name", None)
    path = Path(source)
    try:
        return path.read_bytes(), str(path)
    except FileNotFoundError:
        raise ReportgenError("找不到模板文件", Location(file=str(path))) from None
    except OSError as exc:
        raise ReportgenError(f"无法读取模板文件：{exc.strerror}", Location(file=str(path))) from None


class DocxTemplate:
    """A compiled Word template. Thread-safe; picklable (re-loads from its bytes in the other process)."""

    def __init__(self, compiled: CompiledDocx, data: bytes, options: dict[str, Any]):
        self._compiled = compiled
        self._data = data
        self._options = options
        self._review_compiled: CompiledDocx | None = None  # compiled on the first review render

    # -- loading -----------------------------------------------------------------------------------
    @classmethod
    def load(cls, source: Source, *, undefined: Literal["strict", "lenient"] = "strict",
             script: str | None = None, convert_template_text: bool = False, all_errors: bool = False,
             list_numbering: Literal["restart", "continue"] = "restart", auto_paragraph_tags: bool = True,
             jinja: JinjaExtras | None = None, cell_merge: Literal["equal", "all"] = "equal") -> DocxTemplate:
        """Compile a template (or return the cached compilation of identical bytes and options).

        ``auto_paragraph_tags=False`` keeps the paragraph of a block tag written alone in it (as docxtpl
        does; by default such a paragraph disappears as with ``{%p``). ``jinja`` adds a caller's own
        filters, tests, globals and extensions (``JinjaExtras.from_environment(env)``) to the sandbox.
        ``cell_merge="all"`` gives ``{% vm %}``/``{% hm %}`` docxtpl's meaning (merge every cell of the
        loop) instead of merging neighbours with equal text.
        Raises ``ReportgenError`` (``ErrorGroup`` with ``all_errors``) naming each bad tag's location.
        """
        data, name = _read(source)
        options = {"undefined": undefined, "script": script, "convert_template_text": convert_template_text,
                   "all_errors": all_errors, "list_numbering": list_numbering,
                   "auto_paragraph_tags": auto_paragraph_tags, "jinja": jinja, "cell_merge": cell_merge}
        key = (hashlib.sha256(data).digest(), name, tuple(sorted(options.items())))
        with _LOCK:
            cached = _CACHE.get(key)
            if cached is not None:
                _CACHE.move_to_end(key)
                return cached
        compiled = compile_docx(data, name, **options)
        if compiled.errors:
            raise _as_error(compiled.errors, all_errors)
        template = cls(compiled, data, options)
        with _LOCK:
            _CACHE[key] = template
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        return template

    def __reduce__(self):
        return (_reload, (self._data, self._compiled.file, self._options))

    # -- inspection --------------------------------------------------------------------------------
    def variables(self) -> list[str]:
        """Names the template needs, nested like ``建档立卡.乡镇[].名称`` (sorted)."""
        from reportgen.docx.variables import template_variables

        return template_variables(self._compiled)

    def undeclared_names(self) -> set[str]:
        """Top-level names the template reads from the data (``jinja2.meta``; globals and loop names
        excluded), across every part: body, headers, footers, notes, document properties."""
        from jinja2 import meta

        env = self._compiled.environment
        names: set[str] = set()
        for source in self._compiled.sources:
            names |= meta.find_undeclared_variables(env.parse(source.source))
        return {name for name in names if not name.startswith("_rg")}

    def check(self) -> list[ReportgenError]:
        """Problems found without data (a loaded template has no syntax errors; see ``check_template``)."""
        return list(self._compiled.warnings)

    # -- rendering ---------------------------------------------------------------------------------
    def render(self, context: dict[str, Any], *, review: Reviewer | None = None) -> bytes:
        """The rendered .docx as bytes. With ``review`` (see :mod:`reportgen.docx.review`), the review
        copy: every value ``review.describe`` recognises is highlighted and carries a Word comment."""
        if review is not None:
            return self._render_review(context, review)
        return self._render(self._compiled, context)

    def _render(self, compiled: CompiledDocx, context: Any, finish=None) -> bytes:
        state = RenderState(rel_ids=compiled.rel_counts, max_docpr=compiled.max_docpr,
                            max_num=compiled.max_num, existing=compiled.names)
        token = _STATE.set(state)
        collected: list = []
        sink_token = diagnostics.UNDEFINED_SINK.set(collected) if compiled.collecting else None
        outputs: dict[str, bytes] = {}
        render = _render_part if finish is not None else None
        try:
            for part in compiled.parts:
                state.part = part.name
                try:
                    xml = part.template.render(context) if render is None else render(part.template, context)
                except Exception as exc:  # noqa: BLE001 - every error becomes a located one
                    with_context_names(exc, context)
                    raise self._runtime_error(exc, part, collected, compiled) from None
                if part.fixup:
                    from reportgen.docx.fixup import fix_part

                    outputs[part.name] = fix_part(xml, state)
                else:
                    outputs[part.name] = xml.encode("utf-8")
            if collected:
                for _, _, error in collected:
                    with_context_names(error, context)
                raise self._runtime_error(None, None, collected, compiled)
            if finish is not None:
                finish(state)
        finally:
            _STATE.reset(token)
            if sink_token is not None:
                diagnostics.UNDEFINED_SINK.reset(sink_token)
        return compiled.assemble(outputs, state)

    def _render_review(self, context: dict[str, Any], reviewer: Reviewer) -> bytes:
        from reportgen.docx import review

        with _LOCK:
            compiled = self._review_compiled
        if compiled is None:
            compiled = compile_docx(self._data, self._compiled.file, **self._options, review=True)
            with _LOCK:
                self._review_compiled = compiled
        if compiled.main_part and review.COMMENTS_PART in compiled.names:
            raise ReportgenError("模板本身已有批注，暂不能生成核对稿", Location(file=compiled.file),
                                 hint="在 Word 中删除模板里的批注（审阅 → 删除 → 删除文档中的所有批注）后再试")
        state = review.ReviewState(reviewer, compiled.main_part)

        def add_comments(render_state: RenderState) -> None:
            if not state.comments:
                return
            render_state.part = compiled.main_part
            render_state.add_part(review.COMMENTS_PART, review.comments_part(state.comments, reviewer.author,
                                                                            reviewer.initials),
                                  review.COMMENTS_TYPE)
            render_state.relate(REL_COMMENTS, review.COMMENTS_PART)

        token = review.set_review(state)
        try:
            return self._render(compiled, review.tracked_context(context, state), add_comments)
        finally:
            review.reset_review(token)

    def render_to(self, path: str | os.PathLike, context: dict[str, Any]) -> Path:
        """Render and write atomically (temp file in the same folder, then rename)."""
        return atomic_write_bytes(path, self.render(context))

    def _runtime_error(self, exc: BaseException | None, part, collected: list,
                       compiled: CompiledDocx | None = None) -> ReportgenError:
        compiled = compiled or self._compiled
        errors = []
        for filename, line, error in collected:
            source = compiled.by_filename.get(filename)
            if source is not None:
                errors.append(diagnostics.located(error, source.source, line, compiled.file))
        if exc is not None:
            line = diagnostics.runtime_line(exc, part.filename)
            errors.append(diagnostics.located(exc, part.source, line, compiled.file))
        return _as_error(errors, compiled.collecting)


def _render_part(template, context: Any) -> str:
    """Render one part over a tracked context used as is (``shared``): Jinja would copy a plain dict's
    top-level values at the start, and the reads of 县/年度 would be lost."""
    env = template.environment
    try:
        return env.concat(template.root_render_func(template.new_context(_Globals(template.globals, context),
                                                                          shared=True)))
    except Exception:
        env.handle_exception()


class _Globals(Mapping):
    """The context, then the template's globals (``range``, ``is_wenhao``…), without copying either."""

    __slots__ = ("_context", "_globals")

    def __init__(self, globals_: Mapping, context: Mapping):
        self._globals, self._context = globals_, context

    def __getitem__(self, key):
        if key in self._context:
            return self._context[key]
        return self._globals[key]

    def __contains__(self, key) -> bool:
        return key in self._context or key in self._globals

    def __iter__(self):
        return iter({**dict.fromkeys(self._globals), **dict.fromkeys(self._context)})

    def __len__(self) -> int:
        return len(set(self._globals) | set(self._context))

    def copy(self) -> dict:  # Jinja's traceback rewriting copies the context's variables
        return {**self._globals, **self._context}


def _as_error(errors: list[ReportgenError], all_errors: bool) -> ReportgenError:
    if len(errors) == 1 or not all_errors:
        return errors[0]
    return ErrorGroup(errors, f"模板中共有 {len(errors)} 处错误")


def _reload(data: bytes, name: str | None, options: dict[str, Any]) -> DocxTemplate:
    template = DocxTemplate.load(data, **options)
    template._compiled.file = name
    return template


def check_template(source: Source, **options: Any) -> list[ReportgenError]:
    """Every problem of a template found without data: syntax, balance, depth, unknown filters, typos."""
    data, name = _read(source)
    compiled = compile_docx(data, name, **{**options, "all_errors": True})
    return [*compiled.errors, *compiled.warnings]
