"""Rich values for template data: styled text, images, hyperlinks, page breaks, included documents.

Each is a ``RichValue``: it writes its own run- or paragraph-level XML and, through the render's
``RenderState``, adds the parts and relationships it needs (see docs/docx.md, "Rich objects").
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from reportgen.docx.runtime import EmitContext, RichValue
from reportgen.errors import ReportgenError
from reportgen.ooxml.namespaces import A_NS, NSMAP, PIC_NS, R_NS, REL_HYPERLINK, W_NS, WP_NS, w
from reportgen.ooxml.order import RPR_ORDER, replace_child
from reportgen.ooxml.xml import parse_fragment

_DECLARATIONS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NSMAP.items())
_XMLNS = re.compile(r' xmlns:\w+="[^"]*"')


class Length(int):
    """A length in EMU (English Metric Units), as DrawingML wants it."""


def Mm(value: float) -> Length:  # noqa: N802 - reads like a unit, as in python-docx
    return Length(round(value * 36000))


def Cm(value: float) -> Length:  # noqa: N802
    return Length(round(value * 360000))


@dataclass
class _Segment:
    text: str
    style: dict[str, Any]


def _rpr(base: str, style: dict[str, Any]) -> str:
    """The tag's own run properties with the style's properties overriding them."""
    if not style:
        return base
    # ``base`` comes without namespace declarations (w14:… children too): declare Word's prefixes around it
    root = parse_fragment(f'<w:rPr {_DECLARATIONS}>{base[base.find(">") + 1 : base.rfind("<")]}</w:rPr>'
                          if base else f'<w:rPr xmlns:w="{W_NS}"/>')

    def put(name: str, attrs: dict[str, str] | None = None) -> None:
        replace_child(root, name, RPR_ORDER, {w(k): v for k, v in (attrs or {}).items()})

    for flag, names in (("bold", ("b", "bCs")), ("italic", ("i", "iCs")), ("strike", ("strike",))):
        if flag in style:
            for name in names:
                put(name, None if style[flag] else {"val": "0"})
    if style.get("underline"):
        put("u", {"val": "single" if style["underline"] is True else str(style["underline"])})
    if style.get("color"):
        put("color", {"val": str(style["color"]).lstrip("#").upper()})
    if style.get("highlight"):
        put("highlight", {"val": str(style["highlight"])})
    if style.get("size"):
        half_points = str(round(float(style["size"]) * 2))
        put("sz", {"val": half_points})
        put("szCs", {"val": half_points})
    if style.get("font") or style.get("east_asia"):
        fonts = {}
        if style.get("font"):
            fonts.update(ascii=style["font"], hAnsi=style["font"])
        if style.get("east_asia") or style.get("font"):
            fonts["eastAsia"] = style.get("east_asia") or style["font"]
        put("rFonts", fonts)
    if style.get("style"):
        put("rStyle", {"val": str(style["style"])})
    return _XMLNS.sub("", etree.tostring(root, encoding="unicode"))


class RichText(RichValue):
    """Styled text: ``RichText("合计", bold=True, color="C00000", size=16, east_asia="黑体")``.

    Style keys: bold, italic, underline, strike, color (hex), highlight, size (points), font, east_asia,
    style (character style id), url (makes the segment a hyperlink). ``\\n`` is a line break, ``\\f`` a
    page break. Unstyled properties come from the run the tag was typed in.
    """

    def __init__(self, text: str = "", **style: Any):
        self.segments: list[_Segment] = []
        if text:
            self.add(text, **style)

    def add(self, text: Any, **style: Any) -> RichText:
        self.segments.append(_Segment(str(text), style))
        return self

    def run_xml(self, ctx: EmitContext) -> str:
        out = []
        for segment in self.segments:
            style = dict(segment.style)
            url = style.pop("url", None)
            run = f'<w:r>{_rpr(ctx.rpr, style)}<w:t xml:space="preserve">{ctx.text(segment.text)}</w:t></w:r>'
            if url:
                rid = ctx.state.relate(REL_HYPERLINK, str(url), external=True)
                run = f'<w:hyperlink xmlns:r="{R_NS}" r:id="{rid}">{run}</w:hyperlink>'
            out.append(run)
        return "".join(out)


def sized(value: Any, size: float | None) -> RichText:
    """The Jinja filter ``sized``: ``{{ 机关|sized(布局.字号) }}`` writes the value at ``size`` pt, keeping
    the rest of the run's formatting (a size computed from the data, e.g. by ``joint_layout``)."""
    text = "" if value is None else str(value)
    return RichText(text, size=size) if size else RichText(text)


def Hyperlink(text: str, url: str, **style: Any) -> RichText:  # noqa: N802 - a value constructor
    """A clickable link (blue and underlined unless ``color``/``underline`` say otherwise)."""
    style.setdefault("color", "0563C1")
    style.setdefault("underline", True)
    return RichText(text, url=url, **style)


class PageBreak(RichValue):
    """A page break: ``{{ 分页 }}`` inside text, or ``{{p 分页 }}`` as its own paragraph."""

    def run_xml(self, ctx: EmitContext) -> str:
        return '<w:r><w:br w:type="page"/></w:r>'


def _image_info(data: bytes) -> tuple[str, str, int, int, float]:
    """(extension, content type, width px, height px, dpi) of a PNG or JPEG."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width, height = struct.unpack(">II", data[16:24])
        dpi = 96.0
        index = data.find(b"pHYs")
        if 0 < index < 4096:
            x_ppm, _, unit = struct.unpack(">IIB", data[index + 4 : index + 13])
            if unit == 1 and x_ppm:
                dpi = x_ppm * 0.0254
        return "png", "image/png", width, height, dpi
    if data[:2] == b"\xff\xd8":
        index = 2
        while index + 9 < len(data):
            if data[index] != 0xFF:
                index += 1
                continue
            marker, length = data[index + 1], struct.unpack(">H", data[index + 2 : index + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[index + 5 : index + 9])
                return "jpeg", "image/jpeg", width, height, 96.0
            index += 2 + length
    raise ReportgenError("图片格式不支持（只支持 PNG 和 JPEG）", hint="请把图片另存为 .png 或 .jpg")


@dataclass
class InlineImage(RichValue):
    """A picture in the text: ``InlineImage("logo.png", width=Mm(30))`` (height keeps the aspect ratio)."""

    image: str | Path | bytes
    width: int | None = None
    height: int | None = None
    description: str = ""
    _data: bytes | None = field(default=None, init=False, repr=False)

    def data(self) -> bytes:
        if self._data is None:
            if isinstance(self.image, bytes | bytearray):
                self._data = bytes(self.image)
            else:
                try:
                    self._data = Path(self.image).read_bytes()
                except OSError as exc:
                    raise ReportgenError(f"无法读取图片文件 {self.image}：{exc.strerror}") from None
        return self._data

    def run_xml(self, ctx: EmitContext) -> str:
        data = self.data()
        ext, ctype, px_w, px_h, dpi = _image_info(data)
        natural_w, natural_h = round(px_w * 914400 / dpi), round(px_h * 914400 / dpi)
        cx, cy = self.width, self.height
        if cx is None and cy is None:
            cx, cy = natural_w, natural_h
        elif cy is None:
            cy = round(cx * natural_h / max(natural_w, 1))
        elif cx is None:
            cx = round(cy * natural_w / max(natural_h, 1))
        return picture_run(ctx, data, ext, ctype, cx, cy, self.description)


def picture_run(ctx: EmitContext, data: bytes, ext: str, ctype: str, cx: int, cy: int, description: str = "",
                link: str | None = None) -> str:
    """A run holding an inline picture of ``cx`` × ``cy`` EMU (stored once per render), clickable when
    ``link`` is a URL."""
    rid = ctx.state.add_media(data, ext, ctype)
    pid = ctx.state.next_docpr_id()
    name = f"图片 {pid}"
    descr = ctx.text(description, breaks=False)
    click = ""
    if link:
        link_rid = ctx.state.relate(REL_HYPERLINK, str(link), external=True)
        click = f'<a:hlinkClick xmlns:a="{A_NS}" xmlns:r="{R_NS}" r:id="{link_rid}"/>'
    docpr = (f'<wp:docPr id="{pid}" name="{name}" descr="{descr}">{click}</wp:docPr>' if click
             else f'<wp:docPr id="{pid}" name="{name}" descr="{descr}"/>')
    cnvpr = f'<pic:cNvPr id="0" name="{name}">{click}</pic:cNvPr>' if click else f'<pic:cNvPr id="0" name="{name}"/>'
    return (
        f'<w:r>{ctx.rpr}<w:drawing><wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/>{docpr}'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A_NS}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{PIC_NS}"><pic:pic xmlns:pic="{PIC_NS}">'
        f'<pic:nvPicPr>{cnvpr}<pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip xmlns:r="{R_NS}" r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        f"</wp:inline></w:drawing></w:r>"
    )


__all__ = ["Cm", "Hyperlink", "InlineImage", "Length", "Mm", "PageBreak", "RichText"]
