"""The data a template needs, as nested names (``建档立卡.乡镇[].名称``), read from Jinja's AST.

Loop variables are resolved to the list they iterate (``t.名称`` inside ``for t in 乡镇`` is
``乡镇[].名称``); names set inside the template, ``loop`` and globals are not data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jinja2 import nodes

if TYPE_CHECKING:
    from reportgen.docx.loader import CompiledDocx

_METHODS = {"items", "values", "keys", "get"}


class _Walker:
    def __init__(self, globals_: set[str]):
        self.globals = globals_
        self.found: set[str] = set()

    def path(self, node: nodes.Node, scope: dict[str, str | None]) -> str | None:
        """Dotted data path of an expression rooted at a name, or None."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name.startswith("_rg") or node.name in self.globals or node.name == "loop":
                return None
            return node.name
        if isinstance(node, nodes.Getattr):
            base = self.path(node.node, scope)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, nodes.Getitem):
            self.visit(node.arg, scope)
            base = self.path(node.node, scope)
            if base is None:
                return None
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return f"{base}.{node.arg.value}"
            return f"{base}[]"
        return None

    def visit(self, node: nodes.Node, scope: dict[str, str | None]) -> None:
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            found = self.path(node, scope)
            if found:
                self.found.add(found)
            elif not isinstance(node, nodes.Name):
                self.visit(node.node, scope)
            return
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr) and node.node.attr in _METHODS:
            found = self.path(node.node.node, scope)
            if found:
                self.found.add(found)
            for child in [*node.args, *node.kwargs]:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            base = self.path(node.iter, scope)
            if isinstance(node.iter, nodes.Call) and isinstance(node.iter.node, nodes.Getattr):
                base = self.path(node.iter.node.node, scope)
            inner = dict(scope)
            for target in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) \
                    else [node.target]:
                inner[target.name] = f"{base}[]" if base else None
            for child in [*(node.test and [node.test] or []), *node.body, *node.else_]:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            if isinstance(node, nodes.Assign):
                self.visit(node.node, scope)
            for target in node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) \
                    else [node.target]:
                scope[target.name] = None
            return
        if isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                self.visit(value, scope)
                if isinstance(target, nodes.Name):
                    inner[target.name] = self.path(value, scope)
            for child in node.body:
                self.visit(child, inner)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)


def template_variables(compiled: CompiledDocx) -> list[str]:
    from reportgen.docx.loader import make_docx_environment

    env = make_docx_environment("strict", None, False)
    walker = _Walker(set(env.globals))
    for source in compiled.sources:
        walker.visit(env.parse(source.source), {})
    names = walker.found
    return sorted(n for n in names if not any(o != n and (o.startswith(n + ".") or o.startswith(n + "["))
                                              for o in names))
