"""docxtpl's public API on reportgen's engine: change ``from docxtpl import …`` to
``from reportgen.compat.docxtpl import …`` and a docxtpl script renders the same document, compiled once
(cached by content), in reportgen's sandbox, with every value escaped. Differences that remain:
docs/migrating-from-docxtpl.md.
"""

from __future__ import annotations

import io
import os
from typing import IO, Any

from docx.shared import Cm, Emu, Inches, Mm, Pt
from jinja2 import Environment, StrictUndefined

from reportgen.compat.docxtpl_package import Replacements, crc_of, read_source
from reportgen.compat.docxtpl_values import (
    RP,
    InlineImage,
    Listing,
    R,
    RichText,
    RichTextParagraph,
    Subdoc,
    UrlId,
)
from reportgen.docx import DocxTemplate as _Engine
from reportgen.docx import JinjaExtras
from reportgen.io.files import atomic_write_bytes

TemplateSource = IO[bytes] | str | os.PathLike


class DocxTemplate:
    """A Word template used the docxtpl way: ``tpl = DocxTemplate(path); tpl.render(ctx); tpl.save(out)``."""

    HEADER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
    FOOTER_URI = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"

    def __init__(self, template_file: TemplateSource) -> None:
        self.template_file = template_file
        self.reset_replacements()
        self.is_rendered = False
        self.is_saved = False
        self.allow_missing_pics = False
        self._source: bytes | None = None
        self._rendered: bytes | None = None
        self._docx: Any = None  # python-docx Document, loaded only when a script asks for it
        self._docx_of_rendered = False
        self._urls = 0

    # -- the python-docx document docxtpl exposes ------------------------------------------------------
    def _template_bytes(self) -> bytes:
        if self._source is None:
            self._source = read_source(self.template_file)
        return self._source

    @property
    def docx(self) -> Any:
        """The template (or, after ``render``, the result) as a python-docx ``Document``."""
        if self._docx is None:
            import docx

            self._docx = docx.Document(io.BytesIO(self._rendered or self._template_bytes()))
            self._docx_of_rendered = self._rendered is not None
        return self._docx

    @docx.setter
    def docx(self, value: Any) -> None:
        self._docx = value
        self._docx_of_rendered = self.is_rendered

    def init_docx(self, reload: bool = True) -> None:
        if self._docx is None or (self.is_rendered and reload):
            self._docx = None
            self._rendered = None
            self.is_rendered = False
            _ = self.docx

    def get_docx(self) -> Any:
        return self.docx

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.docx, name)

    def _python_docx_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._docx.save(buffer)
        return buffer.getvalue()

    # -- rendering ---------------------------------------------------------------------------------------
    def render_init(self) -> None:
        """Start a render from the template again (as docxtpl does before each ``render``)."""
        if self.is_rendered:
            self._docx = None
        self._rendered = None
        self.is_rendered = False
        self.is_saved = False

    def _engine(self, jinja_env: Environment | None) -> _Engine:
        source = self._template_bytes()
        if self._docx is not None and not self._docx_of_rendered:  # the script changed the template's Document
            source = self._python_docx_bytes()
        strict = jinja_env is not None and isinstance(jinja_env.undefined, type) and \
            issubclass(jinja_env.undefined, StrictUndefined)
        extras = JinjaExtras.from_environment(jinja_env) if jinja_env is not None else None
        return _Engine.load(source, undefined="strict" if strict else "lenient", list_numbering="continue",
                            auto_paragraph_tags=False, jinja=extras, cell_merge="all")

    def render(self, context: dict[str, Any], jinja_env: Environment | None = None,
               autoescape: bool = False) -> None:
        """Render body, headers, footers, notes and document properties. Values are always escaped:
        ``autoescape`` is accepted for compatibility and changes nothing (see the migration guide)."""
        self.render_init()
        self._rendered = self._engine(jinja_env).render(dict(context))
        self._docx = None
        self.is_rendered = True

    def get_undeclared_template_variables(self, jinja_env: Environment | None = None,
                                          context: dict[str, Any] | None = None) -> set[str]:
        """Top-level names the template uses and the data must provide (minus those in ``context``)."""
        names = self._engine(jinja_env).undeclared_names()
        return names - set(context) if context is not None else names

    # -- objects for the context ---------------------------------------------------------------------------
    def new_subdoc(self, docpath: Any = None) -> Subdoc:
        return Subdoc(self, docpath)

    def build_url_id(self, url: str) -> UrlId:
        """An id for ``RichText(url_id=…)``; the relationship is made in whichever part the link lands."""
        self._urls += 1
        return UrlId(f"rIdUrl{self._urls}", url)

    # -- replacements ------------------------------------------------------------------------------------
    def reset_replacements(self) -> None:
        self._replacements = Replacements()

    @property
    def crc_to_new_media(self) -> dict[int, bytes]:
        return self._replacements.media

    @property
    def crc_to_new_embedded(self) -> dict[int, bytes]:
        return self._replacements.embedded

    @property
    def zipname_to_replace(self) -> dict[str, bytes]:
        return self._replacements.zipnames

    @property
    def pics_to_replace(self) -> dict[str, bytes]:
        return self._replacements.pics

    def replace_pic(self, embedded_file: str, dst_file: Any) -> None:
        """Swap the picture whose name, title or description is ``embedded_file`` (keeps its size)."""
        self._replacements.pics[embedded_file] = read_source(dst_file)

    def replace_media(self, src_file: Any, dst_file: Any) -> None:
        """Swap the media part whose content is ``src_file`` (found by CRC) for ``dst_file``."""
        self._replacements.media[crc_of(src_file)] = read_source(dst_file)

    def replace_embedded(self, src_file: Any, dst_file: Any) -> None:
        """Swap the embedded object (``word/embeddings/``) whose content is ``src_file``."""
        self._replacements.embedded[crc_of(src_file)] = read_source(dst_file)

    def replace_zipname(self, zipname: str, dst_file: Any) -> None:
        """Swap the package part named ``zipname`` (e.g. ``word/embeddings/Microsoft_Excel1.xlsx``)."""
        self._replacements.zipnames[zipname] = read_source(dst_file)

    # -- saving ---------------------------------------------------------------------------------------------
    def save(self, filename: TemplateSource, *args: Any, **kwargs: Any) -> None:
        """Write the rendered document (the template itself if nothing was rendered), replacements made.
        A path is written atomically; a file object receives the bytes at its position."""
        if self._docx is not None and (self._docx_of_rendered or not self.is_rendered):
            data = self._python_docx_bytes()  # the script edited the Document after rendering
        else:
            data = self._rendered if self._rendered is not None else self._template_bytes()
        data = self._replacements.apply(data, self.allow_missing_pics)
        if hasattr(filename, "write"):
            filename.write(data)
        else:
            atomic_write_bytes(filename, data)
        self.is_saved = True


__all__ = ["RP", "Cm", "DocxTemplate", "Emu", "Inches", "InlineImage", "Listing", "Mm", "Pt", "R", "RichText",
           "RichTextParagraph", "Subdoc"]
