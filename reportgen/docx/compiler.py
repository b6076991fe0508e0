"""Compile one XML part into ONE Jinja source (lexer → parser → compiler, as Jinja itself is split).

Tags are found in the text layer of each paragraph (``textlayer``), moved into the run where they start,
and replaced by processing-instruction markers ``<?rg N?>``; structural tags (``{%p``, ``{%tr``…) replace
the element they own. The serialised XML is then cut at the markers: literal XML between them becomes
Jinja template data, each marker becomes the tag's Jinja code. Values pass through ``_rg_*`` *filters* (called
directly, unlike sandboxed function calls) that escape them. Jinja's delimiters are switched to control
characters, which XML 1.0 forbids in a document, so no text of the template can ever be mistaken for code.
"""

from __future__ import annotations

import bisect
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from lxml import etree

from reportgen.docx import merging, textlayer
from reportgen.docx.markers import BLOCK_CLOSE, BLOCK_OPEN, VAR_CLOSE, VAR_OPEN, Emission
from reportgen.docx.numbering import mark_restarts
from reportgen.docx.structure import check_blocks, lone_row_statement
from reportgen.docx.tokenizer import Tag, block_role, literal_tags, tokenize
from reportgen.errors import Location, ReportgenError
from reportgen.ooxml.namespaces import RG_NS, W_P, W_PPR, W_R, W_RPR, W_T, W_TC, W_TR, XML_SPACE, w
from reportgen.ooxml.order import TC_ORDER, TCPR_ORDER, ensure_child, insert_in_order
from reportgen.ooxml.xml import XML_DECLARATION

_MARKER = re.compile(r"<\?rg (\d+)\?>")
_XMLNS = re.compile(r' xmlns:\w+="[^"]*"')


@dataclass
class CompiledSource:
    part: str
    source: str
    emissions: list[Emission]
    tag_lines: list[int]  # first Jinja line of each emission, ascending
    run_props: list[str]  # rPr XML (without xmlns) per rich-capable tag
    para_props: list[str]  # pPr XML per rich-capable tag
    slot_locations: list[Location]
    slot_in_paragraph: list[bool] = field(default_factory=list)  # tag's run is a direct child of a w:p
    needs_fixup: bool = False
    has_fields: bool = False
    changed: bool = False  # the XML differs from the template's even without emissions (comments, literals)
    errors: list[ReportgenError] = field(default_factory=list)
    warnings: list[ReportgenError] = field(default_factory=list)

    def emission_at_line(self, lineno: int | None) -> Emission | None:
        """The tag a Jinja line number belongs to (the last emission starting at or before it)."""
        if lineno is None or not self.emissions:
            return None
        index = bisect.bisect_right(self.tag_lines, lineno) - 1
        return self.emissions[index] if index >= 0 else None


def _inner_xml(element: etree._Element | None) -> str:
    return "" if element is None else _XMLNS.sub("", etree.tostring(element, encoding="unicode"))


_FULL_WIDTH_TAG = re.compile(r"[{｛][{｛%％][^{}｛｝]*?[%％}｝][}｝]")
_HALF_WIDTH = str.maketrans({"｛": "{", "｝": "}", "％": "%"})


class PartCompiler:
    """Turns one parsed part (``word`` paragraphs or ``core`` property text) into a ``CompiledSource``."""

    def __init__(self, part: str, root: etree._Element, *, list_numbering: str = "restart",
                 convert_text: Callable[[str], str] | None = None,
                 style_numbering: dict[str, tuple[str, str]] | None = None, auto_paragraph_tags: bool = True,
                 cell_merge: str = "equal"):
        self.auto_paragraph_tags = auto_paragraph_tags
        self.cell_merge = cell_merge
        self.style_numbering = style_numbering or {}
        self.part = part
        self.root = root
        self.list_numbering = list_numbering
        self.convert_text = convert_text
        self.emissions: list[Emission] = []
        self.run_props: list[str] = []
        self.para_props: list[str] = []
        self.slot_locations: list[Location] = []
        self.slot_in_paragraph: list[bool] = []
        self.errors: list[ReportgenError] = []
        self.warnings: list[ReportgenError] = []  # the template works but the output is not what was meant
        self.needs_fixup = False
        self._placeholders: dict[str, str] = {}  # marker text → tcPr child it becomes (schema order)
        self.changed = False
        self._run_cuts: list[etree._ProcessingInstruction] = []  # markers of {{r / {%r tags

    # -- helpers -------------------------------------------------------------------------------------
    def error(self, message: str, location: Location, hint: str | None = None) -> None:
        self.errors.append(ReportgenError(message, location, hint=hint))

    def emit(self, code: str, location: Location, tag: Tag | None = None) -> etree._ProcessingInstruction:
        role = block_role(tag) if tag is not None and tag.kind == "stmt" else None
        self.emissions.append(Emission(code, location, tag, role))
        return etree.ProcessingInstruction("rg", str(len(self.emissions) - 1))

    def rich_slot(self, run: etree._Element | None, paragraph: etree._Element | None,
                  location: Location) -> int:
        """Index of the (rPr, pPr) a rich value rendered by this tag inherits."""
        self.slot_locations.append(location)
        self.slot_in_paragraph.append(run is not None and paragraph is not None and run.getparent() is paragraph)
        self.run_props.append(_inner_xml(run.find(W_RPR)) if run is not None else "")
        self.para_props.append(_inner_xml(paragraph.find(W_PPR)) if paragraph is not None else "")
        return len(self.run_props) - 1

    def _full_width_tags(self, layer, paragraph, text: str) -> None:
        """A tag typed with the Chinese IME's full-width braces (｛｛ 户数 ｝｝) is text to Word: say so."""
        if "｛" not in text and "｝" not in text:
            return
        for match in _FULL_WIDTH_TAG.finditer(text):
            raw = match.group(0)
            if not any(c in raw for c in "｛｝％"):
                continue
            fixed = raw.translate(_HALF_WIDTH)
            self.error(f"标签用了全角括号：「{raw}」，不会被填写", layer.location(self.part, paragraph, raw, text),
                       hint=f"改成半角括号：{fixed}（输入法切换到半角或英文后输入 {{ }}）")

    # -- word parts ----------------------------------------------------------------------------------
    def compile_word(self) -> CompiledSource:
        if merging.has_merge_tags(self.root):
            merging.merge_paragraph_tags(self.root)
            self.changed = True
        layer = textlayer.TextLayer(self.root)
        owners: dict[etree._Element, list] = {}
        for paragraph in layer.paragraphs:
            texts = layer.texts.get(paragraph)
            if not texts:
                continue
            text = "".join(t.text or "" for t in texts)
            self._full_width_tags(layer, paragraph, text)
            if "{" not in text and "_}" not in text:
                continue
            tags, unclosed = tokenize(text)
            for item in unclosed:
                self.error(f"标签没有结束：「{item.raw}」，应写成 {item.expected}",
                           layer.location(self.part, paragraph, item.raw, text),
                           hint="一个标签必须在同一段落内写完；检查是否漏了结束符号，或标签被回车分成了两段")
            for tag in tags:  # before promotion: the tag as written
                lone = lone_row_statement(tag, text, paragraph,
                                          layer.location(self.part, paragraph, tag.raw, text))
                if lone is not None:
                    self.warnings.append(lone)
            if self.auto_paragraph_tags:
                tags = [_promote(tag, text) for tag in tags]
            markers: dict[int, etree._ProcessingInstruction | str | None] = {}
            for tag in tags:
                location = layer.location(self.part, paragraph, tag.raw, text)
                t_elem = layer.text_at(texts, tag.start)
                markers[tag.start] = self._handle_tag(tag, location, paragraph, t_elem, owners)
            if "_" in text:
                literals = literal_tags(text, tags)
                if literals:
                    markers.update((literal.start, literal.code) for literal in literals)
                    tags = sorted([*tags, *literals], key=lambda tag: tag.start)
            self.changed = self.changed or bool(tags)
            layer.rewrite(texts, tags, markers)
        for pi in self._run_cuts:
            _cut_run_at(pi)
            if pi.target == "rg-cut" and pi.getparent() is not None:
                _drop(pi)
        self._replace_owners(owners)
        self.errors.extend(check_blocks(self.emissions, self.root))
        if self.list_numbering == "restart" and not self.errors:
            mark_restarts(self.root, self.emissions, self.style_numbering, self.emit)
        if self.convert_text is not None:
            textlayer.convert_literal_text(self.root, self.convert_text)
        has_fields = self.root.find(f".//{w('fldChar')}") is not None or \
            self.root.find(f".//{w('fldSimple')}") is not None
        return self._finish(has_fields)

    def _handle_tag(self, tag: Tag, location: Location, paragraph, t_elem, owners):
        run = t_elem.getparent()
        if tag.is_cell_action:
            self._cell_action(tag, location, t_elem)
            return None
        if tag.prefix == "r":
            return self._run_tag(tag, location, paragraph, run)
        if tag.prefix == "":
            if tag.kind == "comment":
                return None
            if tag.kind == "var":
                slot = self.rich_slot(run, paragraph, location)
                return self.emit(f"{VAR_OPEN}\n({tag.code})|_rg_t({slot}){VAR_CLOSE}", location, tag)
            return self.emit(f"{BLOCK_OPEN}\n{tag.code}{BLOCK_CLOSE}", location, tag)
        owner_tag = {"p": W_P, "tr": W_TR, "tc": W_TC}[tag.prefix]
        owner = next(t_elem.iterancestors(owner_tag), None)
        if owner is None:
            where = {"tr": "表格行", "tc": "表格单元格", "r": "文字", "p": "段落"}[tag.prefix]
            self.error(f"标签 {tag.raw} 必须写在{where}里", location)
            return None
        if tag.kind == "var":
            if tag.prefix not in ("p", "r"):
                self.error(f"{{{{{tag.prefix} …}}}} 不是有效的写法", location, hint="只能用 {{p …}} 或 {{r …}}")
                return None
            slot = self.rich_slot(run, paragraph, location)
            func = "_rg_p" if tag.prefix == "p" else "_rg_r"
            pi = self.emit(f"{VAR_OPEN}\n({tag.code})|{func}({slot}){VAR_CLOSE}", location, tag)
        elif tag.kind == "stmt":
            pi = self.emit(f"{BLOCK_OPEN}\n{tag.code}{BLOCK_CLOSE}", location, tag)
        else:
            pi = None
        owners.setdefault(owner, []).append((pi, location))
        return None

    def _run_tag(self, tag: Tag, location: Location, paragraph, run) -> etree._ProcessingInstruction | None:
        """``{{r x }}`` / ``{%r … %}``: the tag gets a run of its own (as in docxtpl, the text around it in the
        same run stays, with its formatting); ``{#r … #}`` goes with the run it is cut into."""
        if tag.kind == "comment":
            pi = etree.ProcessingInstruction("rg-cut")
        elif tag.kind == "var":
            slot = self.rich_slot(run, paragraph, location)
            pi = self.emit(f"{VAR_OPEN}\n({tag.code})|_rg_r({slot}){VAR_CLOSE}", location, tag)
        else:
            pi = self.emit(f"{BLOCK_OPEN}\n{tag.code}{BLOCK_CLOSE}", location, tag)
        self._run_cuts.append(pi)
        return pi

    def _cell_action(self, tag: Tag, location: Location, t_elem) -> None:
        cell = next(t_elem.iterancestors(W_TC), None)
        if cell is None:
            self.error(f"标签 {tag.raw} 只能写在表格单元格里", location)
            return
        keyword = tag.keyword
        argument = tag.code[len(keyword):].strip()
        tcpr = ensure_child(cell, "tcPr", TC_ORDER)
        self.needs_fixup = self.needs_fixup or keyword in ("vm", "hm")
        if keyword in ("vm", "hm"):
            marker = etree.Element(f"{{{RG_NS}}}{keyword}", nsmap={"rg": RG_NS})
            if self.cell_merge == "all":
                marker.set("all", "1")  # docxtpl: every cell of the loop merges, whatever its text
            tcpr.append(marker)
            return
        if not argument:
            self.error(f"标签 {tag.raw} 缺少参数", location,
                       hint="写成 {% colspan 2 %} 或 {% cellbg 'FF0000' %}")
            return
        name = "gridSpan" if keyword == "colspan" else "shd"
        for old in tcpr.findall(w(name)):
            tcpr.remove(old)
        func = "_rg_colspan" if keyword == "colspan" else "_rg_cellbg"
        pi = self.emit(f"{VAR_OPEN}\n({argument})|{func}{VAR_CLOSE}", location, tag)
        insert_in_order(tcpr, pi, TCPR_ORDER, name, placeholders=self._placeholders)
        self._placeholders[pi.text] = name
        self.needs_fixup = True

    def _replace_owners(self, owners: dict) -> None:
        depth = {W_R: 0, W_P: 1, W_TC: 2, W_TR: 3}
        for owner in sorted(owners, key=lambda e: depth[e.tag]):
            entries = owners[owner]
            lost = [e for e in owner.iter() if isinstance(e, etree._ProcessingInstruction)
                    or (isinstance(e.tag, str) and e.tag.startswith(f"{{{RG_NS}}}"))]
            if lost:
                self.error(f"标签 {entries[0][1].tag} 会删除它所在的整个{_OWNER_NAME[owner.tag]}，"
                           "但那里还有其他标签", entries[0][1],
                           hint="把其他标签移到别的段落/行，或去掉前缀（p/tr/tc/r）")
                continue
            parent = owner.getparent()
            index = parent.index(owner)
            for offset, (pi, _location) in enumerate(e for e in entries if e[0] is not None):
                parent.insert(index + offset, pi)
            if parent.tag == W_TC or owner.tag == W_TC:
                self.needs_fixup = True  # a cell may lose all its paragraphs; a column loop changes the grid
            parent.remove(owner)

    # -- core properties -----------------------------------------------------------------------------
    def compile_core(self) -> CompiledSource:
        for element in list(self.root.iter()):
            if not isinstance(element.tag, str) or not element.text or "{" not in element.text:
                continue
            text = element.text
            tags, unclosed = tokenize(text)
            name = etree.QName(element).localname
            base = Location(part=f"{self.part}（文档属性 {name}）", context=text[:80])
            for item in unclosed:
                self.error(f"标签没有结束：「{item.raw}」", base.with_(tag=item.raw))
            pos, pieces = 0, []
            for tag in tags:
                pieces.append(text[pos : tag.start])
                pos = tag.end
                location = base.with_(tag=tag.raw)
                if tag.kind == "comment":
                    self.changed = True
                    continue
                if tag.prefix or tag.is_cell_action:
                    self.error(f"文档属性中不能使用 {tag.raw}", location)
                    continue
                self.changed = True
                code = (f"{VAR_OPEN}\n({tag.code})|_rg_x{VAR_CLOSE}" if tag.kind == "var"
                        else f"{BLOCK_OPEN}\n{tag.code}{BLOCK_CLOSE}")
                pieces.append(self.emit(code, location, tag))
            pieces.append(text[pos:])
            element.text = pieces[0]
            last = None
            for piece in pieces[1:]:
                if isinstance(piece, str):
                    if last is None:
                        element.text = (element.text or "") + piece
                    else:
                        last.tail = (last.tail or "") + piece
                else:
                    element.append(piece)
                    last = piece
        self.errors.extend(check_blocks(self.emissions, self.root))
        return self._finish(False)

    # -- output --------------------------------------------------------------------------------------
    def _finish(self, has_fields: bool) -> CompiledSource:
        xml = XML_DECLARATION + etree.tostring(self.root, encoding="unicode")
        pieces = _MARKER.split(xml)
        out: list[str] = []
        lines: list[int] = []
        line = 1
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                out.append(piece)
                line += piece.count("\n")
            else:
                code = self.emissions[int(piece)].code
                lines.append(line + 1)  # every code is "<opener>\n<expression>": the expression's line
                out.append(code)
                line += code.count("\n")
        # markers are numbered in creation order, the source in document order: re-order the table
        order = [int(p) for p in pieces[1::2]]
        emissions = [self.emissions[i] for i in order]
        return CompiledSource(self.part, "".join(out), emissions, lines, self.run_props, self.para_props,
                              self.slot_locations, self.slot_in_paragraph,
                              self.needs_fixup, has_fields, self.changed, self.errors, self.warnings)


def _cut_run_at(pi: etree._ProcessingInstruction) -> None:
    """Split the run holding marker ``pi`` (inside its ``w:t``) in two, with the marker between them; a
    half left with no content is dropped."""
    t = pi.getparent()
    run = t.getparent() if t is not None else None
    if run is None or run.tag != W_R or run.getparent() is None:
        return
    after = etree.Element(W_T)
    after.set(XML_SPACE, "preserve")
    after.text, pi.tail = pi.tail, None
    for sibling in list(pi.itersiblings()):
        after.append(sibling)
    t.remove(pi)
    second = etree.Element(W_R, dict(run.attrib))
    rpr = run.find(W_RPR)
    if rpr is not None:
        second.append(copy.deepcopy(rpr))
    second.append(after)
    for sibling in list(t.itersiblings()):
        second.append(sibling)
    parent = run.getparent()
    index = parent.index(run)
    parent.insert(index + 1, pi)
    parent.insert(index + 2, second)
    for half in (run, second):
        if all(c.tag == W_RPR or (c.tag == W_T and not c.text and len(c) == 0) for c in half):
            parent.remove(half)


def _drop(node: etree._Element) -> None:
    """Remove a node, keeping the text that follows it."""
    parent, previous = node.getparent(), node.getprevious()
    if node.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


_OWNER_NAME = {W_P: "段落", W_R: "文字片段", W_TC: "单元格", W_TR: "表格行"}


def _promote(tag: Tag, text: str) -> Tag:
    """A statement or comment alone in its paragraph owns the paragraph (no empty line is left behind)."""
    if tag.prefix or tag.kind == "var" or tag.is_cell_action:
        return tag
    if text.strip() != tag.raw.strip():
        return tag
    return replace(tag, prefix="p")
