"""``Include``: insert the body of another .docx (``{{p 附件 }}``), carrying its images and links along."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from reportgen.docx import package
from reportgen.docx.ooxml import (
    R_NS,
    REL_HYPERLINK,
    REL_IMAGE,
    REL_OFFICE_DOCUMENT,
    W_NS,
    WP_NS,
    parse_xml,
    w,
)
from reportgen.docx.runtime import EmitContext, RichValue
from reportgen.errors import ReportgenError

_REL_ATTRS = (f"{{{R_NS}}}embed", f"{{{R_NS}}}id", f"{{{R_NS}}}link")
_CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif",
                  "bmp": "image/bmp", "emf": "image/x-emf", "wmf": "image/x-wmf"}


class Include(RichValue):
    """Another document's body, inserted where ``{{p 名称 }}`` stands. Styles are matched by id (the
    including template's styles win); numbering of the included lists is not carried over."""

    def __init__(self, source: str | Path | bytes):
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        self._entries = {e.name: e for e in package.read_entries(data, None if isinstance(source, bytes)
                                                                  else str(source))}
        main = next((t for _, rt, t, _ in package.relationships(self._entries["_rels/.rels"].data())
                     if rt == REL_OFFICE_DOCUMENT), "word/document.xml")
        self._main = package.resolve_target("", main)
        self._body = parse_xml(self._entries[self._main].data()).find(w("body"))
        rels = self._entries.get(package.rels_name(self._main))
        self._rels = {rid: (rt, t, mode) for rid, rt, t, mode in package.relationships(rels.data() if rels else None)}

    def run_xml(self, ctx: EmitContext) -> str:
        raise ReportgenError("插入子文档要用 {{p 名称 }}（独占一个段落）", ctx.location,
                             hint="把标签改成 {{p …}} 并单独放在一个段落里")

    def paragraph_xml(self, ctx: EmitContext) -> str:
        out = []
        for element in self._body:
            if element.tag == w("sectPr"):
                continue
            element = etree.fromstring(etree.tostring(element))  # a private copy per render
            for node in element.iter():
                for attr in _REL_ATTRS:
                    rid = node.get(attr)
                    if rid is not None:
                        node.set(attr, self._relink(rid, ctx))
            for docpr in element.iter(f"{{{WP_NS}}}docPr"):
                docpr.set("id", str(ctx.state.next_docpr_id()))
            out.append(etree.tostring(element, encoding="unicode"))
        return "".join(out) or f'<w:p xmlns:w="{W_NS}"/>'

    def _relink(self, rid: str, ctx: EmitContext) -> str:
        rel_type, target, mode = self._rels.get(rid, ("", "", None))
        if rel_type == REL_HYPERLINK and mode == "External":
            return ctx.state.relate(REL_HYPERLINK, target, external=True)
        if rel_type == REL_IMAGE and mode != "External":
            name = package.resolve_target(self._main, target)
            ext = name.rsplit(".", 1)[-1].lower()
            return ctx.state.add_media(self._entries[name].data(), ext, _CONTENT_TYPES.get(ext, "image/" + ext))
        raise ReportgenError(f"子文档中含有暂不支持插入的对象（{rel_type.rsplit('/', 1)[-1] or rid}）", ctx.location,
                             hint="子文档目前支持文字、表格、图片和网址链接")
