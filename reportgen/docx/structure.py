"""Block statements must balance, and each block must open and close at the same XML depth.

A block whose ``{% for %}`` sits in a run and whose ``{% endfor %}`` sits in a table row would make Jinja
cut the XML in a way that cannot be well-formed. Checking the element path of all the markers of a block
(relative to their common ancestor) is what makes the output well-formed *by construction*.
"""

from __future__ import annotations

from lxml import etree

from reportgen.docx.markers import Emission, iter_markers
from reportgen.errors import ReportgenError

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
                                     hint="在块结束的位置加上结束标签"))
    return errors


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
