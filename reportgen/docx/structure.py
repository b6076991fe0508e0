"""Block statements must balance, and each block must open and close at the same XML depth.

A block whose ``{% for %}`` sits in a run and whose ``{% endfor %}`` sits in a table row would make Jinja
cut the XML in a way that cannot be well-formed. Checking the element path of all the markers of a block
(relative to their common ancestor) is what makes the output well-formed *by construction*.
"""

from __future__ import annotations

from lxml import etree

from reportgen.docx.markers import Emission, iter_markers
from reportgen.docx.tokenizer import Tag, block_role
from reportgen.errors import Location, ReportgenError
from reportgen.ooxml.namespaces import W_T, W_TR

_HINT_LEVEL = ("跨段落的块请把开始和结束标签各自单独成段（或写成 {%p …%}）；"
               "跨表格行的块用 {%tr …%}；同一段落内的块两端都要在普通文字里")


def check_blocks(emissions: list[Emission], root: etree._Element) -> list[ReportgenError]:
    """Unbalanced or mis-nested blocks, and blocks whose ends sit at different XML depths, as located errors."""
    errors: list[ReportgenError] = []
    stack: list[tuple[str, list]] = []
    for node, index in iter_markers(root):
        emission = emissions[index]
        if emission.role is None:
            continue
        role, keyword = emission.role
        if role == "open":
            stack.append((keyword, [(node, emission)]))
        elif role == "middle":
            if not stack or stack[-1][0] not in {"elif": {"if"}, "else": {"if", "for"}}[keyword]:
                errors.append(ReportgenError(f"{emission.tag.raw} 前面没有对应的 {{% if %}}", emission.location))
                continue
            stack[-1][1].append((node, emission))
        else:
            if not stack:
                errors.append(ReportgenError(f"{emission.tag.raw} 前面没有对应的 {{% {keyword} %}}",
                                             emission.location, hint="检查标签是否多写了一个结束标签，或开始标签写错了"))
                continue
            open_keyword, members = stack.pop()
            if open_keyword != keyword:
                first = members[0][1]
                errors.append(ReportgenError(
                    f"{first.tag.raw} 应以 {{% end{open_keyword} %}} 结束，却遇到了 {emission.tag.raw}",
                    emission.location, hint="块的开始与结束必须成对、按顺序嵌套"))
                continue
            members.append((node, emission))
            errors.extend(_check_depth(members))
    for keyword, members in stack:
        first = members[0][1]
        errors.append(ReportgenError(f"{first.tag.raw} 没有结束（缺少 {{% end{keyword} %}}）", first.location,
                                     hint=where_to_close(first.tag, first.location, keyword)))
    return errors


def where_to_close(tag: Tag, where: Location, keyword: str) -> str:
    """Where the missing end tag goes: at the opener's level, so the fix does not cause "不在同一层级"."""
    end = f"end{keyword}"
    if tag.prefix == "tr":
        return (f"在表格{where.table}中要重复的最后一行之后另起一行（开始标签在第{where.row}行），"
                f"该行只写 {{%tr {end} %}}")
    if tag.prefix == "tc":
        return f"在第{where.row}行中要重复的最后一个单元格之后的单元格里写 {{%tc {end} %}}"
    if tag.prefix == "p":
        return (f"在要重复的最后一个段落之后另起一段（开始标签在第{where.paragraph}段），该段只写 {{%p {end} %}}；"
                "不要写在表格里或其他段落的文字中")
    return (f"在第{where.paragraph}段里、{tag.raw} 之后的文字中写 {{% {end} %}}（同一段落内）；"
            f"要重复多个段落时，把开始标签单独成段，并在最后一个要重复的段落之后另起一段写 {{%p {end} %}}")


def lone_row_statement(tag: Tag, text: str, paragraph: etree._Element, where: Location) -> ReportgenError | None:
    """A block statement without ``tr`` that is all the text of a table row: a warning with the fix.

    Written so, the statement owns only its paragraph and the row stays: the output gets an empty row
    for the opening and one for the closing tag (after every item of a ``for``).
    """
    if tag.prefix or tag.kind != "stmt" or block_role(tag) is None or text.strip() != tag.raw.strip():
        return None
    row = next(paragraph.iterancestors(W_TR), None)
    if row is None or "".join(t.text or "" for t in row.iter(W_T)).strip() != tag.raw.strip():
        return None
    fixed = "{%tr " + tag.code + " %}"
    return ReportgenError(f"{tag.raw} 单独占了一个表格行却没有写 tr，生成的表格会多出空行（循环时每项后面一行）",
                          where, hint=f"改为 {fixed}，整行随块重复或删除")


def _path(node: etree._Element) -> list[etree._Element]:
    return list(reversed(list(node.iterancestors())))


def _check_depth(members: list) -> list[ReportgenError]:
    paths = [_path(node) for node, _ in members]
    common = 0
    while all(len(p) > common for p in paths) and all(p[common] is paths[0][common] for p in paths):
        common += 1
    shapes = [[e.tag for e in p[common:]] for p in paths]
    if any(shape != shapes[0] for shape in shapes):
        first, other = members[0][1], next(m[1] for m, s in zip(members, shapes, strict=True) if s != shapes[0])
        return [ReportgenError(f"{first.tag.raw} 和 {other.tag.raw} 不在同一层级，生成的文档会损坏",
                               other.location, hint=_HINT_LEVEL)]
    return []
