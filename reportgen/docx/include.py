"""``Include``: insert the body of another .docx (``{{p 附件 }}``), carrying its images and links along."""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from reportgen.docx.runtime import EmitContext, RichValue
from reportgen.errors import ReportgenError
from reportgen.ooxml.namespaces import IMAGE_TYPES, R_NS, REL_HYPERLINK, REL_IMAGE, W_NS, WP_NS, w
from reportgen.ooxml.package import Package

_REL_ATTRS = (f"{{{R_NS}}}embed", f"{{{R_NS}}}id", f"{{{R_NS}}}link")


class Include(RichValue):
    """Another document's body, inserted where ``{{p 名称 }}`` stands. Styles are matched by id (the
    including template's styles win); numbering of the included lists is not carried over."""

    def __init__(self, source: str | Path | bytes):
        self._package = Package.open(source)
        self._main = self._package.main
        self._body = self._package.parse(self._main).find(w("body"))
        self._rels = {r.rid: r for r in self._package.rels(self._main)}

    def run_xml(self, ctx: EmitContext) -> str:
        raise ReportgenError("插入子文档要用 {{p 名称 }}（独占一个段落）", ctx.location,
                             hint="把标签改成 {{p …}} 并单独放在一个段落里")

    def paragraph_xml(self, ctx: EmitContext) -> str:
        out = []
        for element in self._body:
            if element.tag == w("sectPr"):
                continue
            element = copy.deepcopy(element)  # a private copy per render
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
        rel = self._rels.get(rid)
        if rel is not None and rel.type == REL_HYPERLINK and rel.external:
            return ctx.state.relate(REL_HYPERLINK, rel.target, external=True)
        if rel is not None and rel.type == REL_IMAGE and not rel.external:
            ext = rel.target.rsplit(".", 1)[-1].lower()
            return ctx.state.add_media(self._package.read(rel.target), ext, IMAGE_TYPES.get(ext, "image/" + ext))
        raise ReportgenError(f"子文档中含有暂不支持插入的对象（{rel.kind if rel else rid}）", ctx.location,
                             hint="子文档目前支持文字、表格、图片和网址链接")
