"""docxtpl's value classes (``RichText``, ``RichTextParagraph``, ``Listing``, ``InlineImage``, ``Subdoc``) as
reportgen rich values: same constructors, keyword arguments and XML meaning as docxtpl, but every text is
escaped and every property written in schema order, so the output stays valid whatever the data holds.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from markupsafe import escape

from reportgen.docx import EmitContext, Include, RichValue, picture_run
from reportgen.errors import ReportgenError
from reportgen.ooxml.namespaces import R_NS, REL_HYPERLINK

_UNDERLINES = {"single", "double", "thick", "dotted", "dash", "dotDash", "dotDotDash", "wave"}


class UrlId(str):
    """What ``DocxTemplate.build_url_id(url)`` returns: an id that becomes a relationship of the part the
    link is rendered in (body, header…), created once per render."""

    url: str

    def __new__(cls, rid: str, url: str) -> UrlId:
        value = super().__new__(cls, rid)
        value.url = url
        return value


def _attr(value: Any) -> str:
    return str(escape(str(value)))


def _run_properties(style=None, color=None, highlight=None, size=None, subscript=None, superscript=None,
                    bold=False, italic=False, underline=False, strike=False, font=None, rtl=False,
                    lang=None) -> str:
    """docxtpl's run properties, in the order the schema requires (docxtpl's own order is not)."""
    props = []
    if style:
        props.append(f'<w:rStyle w:val="{_attr(style)}"/>')
    if font:
        region = ""
        if ":" in font:
            area, font = font.split(":", 1)
            region = f' w:{area}="{_attr(font)}"' if area in ("eastAsia", "ascii", "hAnsi", "cs") else ""
        name = _attr(font)
        props.append(f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:cs="{name}"{region}/>')
    if bold:
        props.append("<w:b/><w:bCs/>" if rtl else "<w:b/>")
    if italic:
        props.append("<w:i/><w:iCs/>" if rtl else "<w:i/>")
    if strike:
        props.append("<w:strike/>")
    if color:
        props.append(f'<w:color w:val="{_attr(str(color).lstrip("#"))}"/>')
    if size:
        half_points = round(float(size))  # docxtpl's size is in half-points, as in w:sz
        props.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    if underline:
        kind = underline if underline in _UNDERLINES else "single"
        props.append(f'<w:u w:val="{kind}"/>')
    if highlight:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{_attr(str(highlight).lstrip("#"))}"/>')
    if subscript:
        props.append('<w:vertAlign w:val="subscript"/>')
    elif superscript:
        props.append('<w:vertAlign w:val="superscript"/>')
    if rtl:
        props.append("<w:rtl/>")
    if lang:
        props.append(f'<w:lang w:val="{_attr(lang)}"/>')
    return f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""


class RichText(RichValue):
    """Styled text for ``{{r rt }}`` (or ``{{ rt }}``): ``RichText("red", color="FF0000", bold=True, size=28)``.

    Keyword arguments as docxtpl: style, color, highlight (a fill colour), size (half-points), subscript,
    superscript, bold, italic, underline, strike, font (``"eastAsia:黑体"`` for a region), url_id, rtl, lang.
    Like docxtpl, the runs carry only these properties, not those of the tag's run.
    """

    def __init__(self, text: Any = None, **text_prop: Any):
        self.pieces: list[tuple[str, str, str | None]] = []  # (text, rPr XML, url id)
        if text:
            self.add(text, **text_prop)

    def add(self, text: Any, style=None, color=None, highlight=None, size=None, subscript=None, superscript=None,
            bold=False, italic=False, underline=False, strike=False, font=None, url_id=None, rtl=False,
            lang=None) -> None:
        if isinstance(text, RichText):
            self.pieces.extend(text.pieces)
            return
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="ignore")
        elif not isinstance(text, str):
            text = str(text)
        rpr = _run_properties(style, color, highlight, size, subscript, superscript, bold, italic, underline,
                              strike, font, rtl, lang)
        self.pieces.append((text, rpr, url_id))

    def run_xml(self, ctx: EmitContext) -> str:
        out = []
        for text, rpr, url_id in self.pieces:
            run = f'<w:r>{rpr}<w:t xml:space="preserve">{ctx.text(text)}</w:t></w:r>'
            if url_id:
                rid = (ctx.state.relate(REL_HYPERLINK, url_id.url, external=True) if isinstance(url_id, UrlId)
                       else _attr(url_id))
                run = f'<w:hyperlink xmlns:r="{R_NS}" r:id="{rid}" w:tgtFrame="_blank">{run}</w:hyperlink>'
            out.append(run)
        return "".join(out)

    def __str__(self) -> str:
        return "".join(text for text, _, _ in self.pieces)


class RichTextParagraph(RichValue):
    """Paragraphs of rich text for ``{{p rp }}``: ``RichTextParagraph().add(RichText(…), parastyle="Title")``."""

    def __init__(self, text: Any = None, **text_prop: Any):
        self.paragraphs: list[tuple[RichText, str | None]] = []
        if text:
            self.add(text, **text_prop)

    def add(self, text: Any, parastyle: str | None = None) -> None:
        self.paragraphs.append((text if isinstance(text, RichText) else RichText(text), parastyle))

    def run_xml(self, ctx: EmitContext) -> str:
        raise ReportgenError("RichTextParagraph 要用 {{p 名称 }}（独占一个段落）", ctx.location,
                             hint="把标签改成 {{p …}} 并单独放在一个段落里")

    def paragraph_xml(self, ctx: EmitContext) -> str:
        out = []
        for rich, parastyle in self.paragraphs:
            ppr = f'<w:pPr><w:pStyle w:val="{_attr(parastyle)}"/></w:pPr>' if parastyle else ""
            out.append(f"<w:p>{ppr}{rich.run_xml(ctx)}</w:p>")
        return "".join(out) or "<w:p/>"

    def __str__(self) -> str:
        return "\n".join(str(rich) for rich, _ in self.paragraphs)


class Listing(RichValue):
    r"""Text keeping the tag's formatting, where ``\n`` is a line break, ``\t`` a tab, ``\f`` a page break
    and ``\a`` a new paragraph (with the tag's paragraph properties)."""

    def __init__(self, text: Any):
        self.text = text.decode("utf-8", errors="ignore") if isinstance(text, bytes) else str(text)

    def run_xml(self, ctx: EmitContext) -> str:
        runs = [f'<w:r>{ctx.rpr}<w:t xml:space="preserve">{ctx.text(part)}</w:t></w:r>'
                for part in self.text.split("\a")]
        separator = f"</w:p><w:p>{ctx.ppr}" if ctx.in_paragraph else "<w:r><w:br/></w:r>"
        return separator.join(runs)

    def __str__(self) -> str:
        return self.text


def _read(source: Any) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        return source.read()
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise ReportgenError(f"无法读取图片文件 {source}：{exc.strerror}") from None


class InlineImage(RichValue):
    """``InlineImage(tpl, "logo.png", width=Mm(30))``: size, formats (PNG, JPEG, GIF, BMP, TIFF) and the
    natural size without width/height computed by python-docx, exactly as docxtpl does; ``anchor`` is a
    URL the picture links to."""

    def __init__(self, tpl: Any, image_descriptor: Any, width: int | None = None, height: int | None = None,
                 anchor: str | None = None):
        self.tpl, self.image_descriptor = tpl, image_descriptor
        self.width, self.height, self.anchor = width, height, anchor
        self._image: tuple[bytes, str, str, int, int] | None = None

    def _measure(self) -> tuple[bytes, str, str, int, int]:
        if self._image is None:
            from docx.image.exceptions import UnrecognizedImageError
            from docx.image.image import Image

            data = _read(self.image_descriptor)
            try:
                image = Image.from_blob(data)
            except UnrecognizedImageError:
                raise ReportgenError("图片格式不支持（支持 PNG、JPEG、GIF、BMP、TIFF）",
                                     hint="请把图片另存为 .png 或 .jpg") from None
            cx, cy = image.scaled_dimensions(self.width, self.height)
            self._image = (data, image.ext, image.content_type, int(cx), int(cy))
        return self._image

    def run_xml(self, ctx: EmitContext) -> str:
        data, ext, ctype, cx, cy = self._measure()
        return picture_run(ctx, data, ext, ctype, cx, cy, link=self.anchor)


class Subdoc(RichValue):
    """``tpl.new_subdoc()``: a python-docx ``Document`` (every method of it works on the Subdoc) inserted with
    ``{{p subdoc }}`` through reportgen's ``Include``: text, tables, pictures and links come along."""

    def __init__(self, tpl: Any, docpath: Any = None):
        import docx

        self.tpl = tpl
        self.subdocx = docx.Document(docpath)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "subdocx":
            raise AttributeError(name)
        return getattr(self.subdocx, name)

    def _include(self) -> Include:
        buffer = io.BytesIO()
        self.subdocx.save(buffer)
        return Include(buffer.getvalue())

    def run_xml(self, ctx: EmitContext) -> str:
        return self._include().run_xml(ctx)

    def paragraph_xml(self, ctx: EmitContext) -> str:
        return self._include().paragraph_xml(ctx)


R = RichText
RP = RichTextParagraph
