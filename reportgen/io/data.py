"""The one data-file loader: YAML or JSON (a file, or standard input as ``-``) → a mapping.

Every place that reads a mapping a person wrote (``--data``, template parameters, data specs, the
batch side file) goes through :func:`load_mapping`, so the rules are the same everywhere:

- an empty file is ``{}``; the top level must be a mapping;
- safe loading only: custom tags (``!foo``, ``!!python/…``) are refused, aliases are bounded
  (a "billion laughs" file is refused before anything expands it);
- every mistake is a :class:`~reportgen.errors.ReportgenError` with the file, line and column and a fix
  in Chinese: full-width colons and quotes, tabs, bad indentation, impossible dates, JSON syntax.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import Location, ReportgenError

MAX_BYTES = 100 * 1024 * 1024  # a figures file for a whole county is a few MB
MAX_ALIASES = 10_000
MAX_EXPANDED_NODES = 2_000_000  # values reachable through aliases, counted as if copied

_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[^\s:：#\"'“”‘’][^:：]*?\s*：")
_FULLWIDTH_QUOTES = "“”‘’"
_INDENT_HINT = "同一层的键要左侧对齐，只用空格缩进；每个「名称: 值」的冒号是半角「:」，后面跟一个空格。"


class _Refused(Exception):
    """Raised inside the YAML loader with a position; turned into a located error by the caller."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader with bounded aliases, located date errors and a full-width colon check."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise _Refused(self.peek_event().start_mark, f"别名（*名称）超过 {MAX_ALIASES} 个，已拒绝读取。",
                               "数据文件中不要用大量 YAML 别名（&/*），直接写出各个值。")
        return super().compose_node(parent, index)

    def compose_mapping_node(self, anchor):  # noqa: ANN001 - PyYAML hook
        node = super().compose_mapping_node(anchor)
        for key, value in node.value:
            # ``公文:`` followed by an indented ``落款：…`` reads as one string, not a mapping: say so.
            if (isinstance(value, yaml.ScalarNode) and value.style is None
                    and value.start_mark.line > key.start_mark.line and _FULLWIDTH_KEY.match(value.value)):
                raise _Refused(value.start_mark, "YAML 格式错误：这里用了全角冒号「：」，整段被当成了一句文字。",
                               "把全角冒号「：」改成半角「: 」（冒号后加一个空格）。")
        return node


def _timestamp(loader: _SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise _Refused(node.start_mark, f"YAML 格式错误：日期「{node.value}」不存在。",
                       "请改正日期（如 2025-02-28）；若要原样保留文字，请加引号：\"2025-02-30\"。") from None


def _undefined(loader: _SafeLoader, node: yaml.Node) -> Any:
    raise _Refused(node.start_mark, f"YAML 格式错误：不支持标签「{node.tag}」。",
                   "数据文件只能写普通的值（文字、数字、日期、列表、映射）；请删去以 ! 开头的标签。")


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_SafeLoader.add_constructor(None, _undefined)


def load_mapping(source: str | Path, *, what: str = "数据文件") -> dict[str, Any]:
    """The mapping in a YAML or JSON file (``.json`` → JSON, otherwise YAML), or in stdin for ``-``."""
    name = str(source)
    if name == "-":
        return parse_mapping(sys.stdin.read(), name="<标准输入>", what=what)
    path = Path(source)
    where = Location(file=name)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ReportgenError(f"{what}太大（超过 {MAX_BYTES // 1024 // 1024} MB），已拒绝读取。", where)
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReportgenError(f"找不到{what}。", where, hint="请检查文件名和路径。") from None
    except IsADirectoryError:
        raise ReportgenError(f"{what}应是一个文件，这里给的是文件夹。", where) from None
    except UnicodeDecodeError:
        raise ReportgenError(f"{what}不是 UTF-8 编码。", where,
                             hint="用记事本或 WPS 打开，另存为时选择 UTF-8 编码。") from None
    except OSError as exc:
        raise ReportgenError(f"无法读取{what}：{exc.strerror}", where) from None
    return parse_mapping(text, name=name, json_format=path.suffix.lower() == ".json", what=what)


def parse_mapping(text: str, *, name: str, json_format: bool = False, what: str = "数据文件") -> dict[str, Any]:
    """Parse ``text`` (named ``name`` in messages) as JSON or YAML; the top level must be a mapping."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return {}
    data = _parse_json(text, name) if json_format else _parse_yaml(text, name)
    if data is None:
        return {}
    if not isinstance(data, dict):
        first = next((i for i, line in enumerate(text.splitlines()) if line.strip()), 0)
        line = text.splitlines()[first]
        if isinstance(data, str) and _FULLWIDTH_KEY.match(line):
            raise ReportgenError("YAML 格式错误：这一行用了全角冒号「：」，整个文件被当成了一句文字。",
                                 Location(file=name, row=first + 1, context=line.strip()),
                                 hint="把全角冒号「：」改成半角「: 」（冒号后加一个空格）。")
        raise ReportgenError(f"{what}的最外层应是「名称: 值」的映射（现在是{_kind(data)}）。", Location(file=name),
                             hint="每行写一项，如「县: 青禾县」。")
    return data


def _kind(value: Any) -> str:
    return "列表" if isinstance(value, list) else "一段文字" if isinstance(value, str) else "单个值"


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        line = text.splitlines()[exc.lineno - 1] if text.splitlines() else ""
        hint = "JSON 的名称和文字都用半角双引号 \"…\"，项与项之间用半角逗号，最后一项后不加逗号。"
        if any(q in line for q in _FULLWIDTH_QUOTES) or "：" in line or "，" in line:
            hint = "这一行有全角标点：把「：」「，」「“ ”」改成半角的「:」「,」「\"」。"
        raise ReportgenError(f"JSON 格式错误：{_json_problem(exc.msg)}",
                             Location(file=name, row=exc.lineno, col=exc.colno, context=line.strip()),
                             hint=hint) from None
    except RecursionError:
        raise ReportgenError("JSON 格式错误：嵌套层数过多，已拒绝读取。", Location(file=name)) from None


_JSON_PROBLEMS = (
    ("Expecting ',' delimiter", "缺少逗号「,」"),
    ("Expecting ':' delimiter", "缺少冒号「:」"),
    ("Expecting property name", "名称要用半角双引号括起来（或最后一项后多了逗号）"),
    ("Expecting value", "这里缺少值（或多了逗号）"),
    ("Unterminated string", "文字缺少结尾的双引号"),
    ("Extra data", "数据结束后还有多余的内容"),
    ("Invalid control character", "文字中有控制字符（如 Tab 或换行）"),
    ("Invalid \\escape", "文字中有无效的反斜杠转义"),
)


def _json_problem(msg: str) -> str:
    return next((text for prefix, text in _JSON_PROBLEMS if msg.startswith(prefix)), f"无法解析（{msg}）")


def _parse_yaml(text: str, name: str) -> Any:
    loader = None
    try:
        loader = _SafeLoader(text)
        data = loader.get_single_data()
    except _Refused as exc:
        raise _located(text, name, exc.mark, exc.message, exc.hint) from None
    except yaml.MarkedYAMLError as exc:
        raise _diagnose(text, name, exc) from None
    except yaml.YAMLError as exc:  # reader errors: characters YAML does not allow
        position = getattr(exc, "position", None)
        row = text.count("\n", 0, position) + 1 if position is not None else None
        raise ReportgenError("YAML 格式错误：文件中有不允许的控制字符。", Location(file=name, row=row),
                             hint="请删去不可见的特殊字符（可复制到记事本中重新保存）。") from None
    except RecursionError:
        raise ReportgenError("YAML 格式错误：嵌套层数过多，已拒绝读取。", Location(file=name)) from None
    finally:
        if loader is not None:
            loader.dispose()
    if loader.alias_count:
        _check_expansion(data, name)
    return data


def _located(text: str, name: str, mark: yaml.Mark | None, message: str, hint: str) -> ReportgenError:
    lines = text.splitlines()
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    return ReportgenError(message, Location(file=name, row=mark.line + 1 if mark else None,
                                            col=mark.column + 1 if mark else None, context=line.strip() or None),
                          hint=hint)


def _diagnose(text: str, name: str, exc: yaml.MarkedYAMLError) -> ReportgenError:
    """Turn PyYAML's English into the likely mistake, at the line where the person must look."""
    lines = text.splitlines()
    problem, context = exc.problem_mark, exc.context_mark
    near = [m.line for m in (context, problem) if m is not None]
    if problem is not None and problem.line > 0:
        near.append(problem.line - 1)
    near += range((problem.line if problem else len(lines) - 1) + 1)
    for n in dict.fromkeys(near):
        if n < len(lines) and _FULLWIDTH_KEY.match(lines[n]):
            mark = yaml.Mark(name, 0, n, lines[n].index("："), None, None)
            return _located(text, name, mark, "YAML 格式错误：这一行用了全角冒号「：」。",
                            "把全角冒号「：」改成半角「: 」（冒号后加一个空格）。")
    where = problem or context
    line = lines[where.line] if where is not None and where.line < len(lines) else ""
    if "\t" in line or "'\\t'" in str(exc.problem):
        tab = yaml.Mark(name, 0, where.line, line.find("\t") if "\t" in line else where.column, None, None)
        return _located(text, name, tab, "YAML 格式错误：这一行用了 Tab 键缩进。", "YAML 只能用空格缩进：把 Tab 换成空格。")
    if "another document" in str(exc.problem):
        return _located(text, name, where, "YAML 格式错误：一个文件里只能有一份数据（这里又出现了 ---）。",
                        "删去第二个「---」及其后的内容，或把它们合并到同一份数据中。")
    if any(q in line for q in _FULLWIDTH_QUOTES):
        return _located(text, name, where, "YAML 格式错误：这一行用了全角引号。",
                        "把全角引号「“ ”」「‘ ’」改成半角「\"」，或去掉引号。")
    return _located(text, name, where, f"YAML 格式错误：缩进或冒号有误（{exc.problem or exc.context}）。",
                    _INDENT_HINT)


def _check_expansion(data: Any, name: str) -> None:
    """Refuse data whose aliases would expand past :data:`MAX_EXPANDED_NODES` values (billion laughs)."""
    sizes: dict[int, int] = {}

    def size(value: Any) -> int:
        if not isinstance(value, dict | list):
            return 1
        known = sizes.get(id(value))
        if known is not None:
            return known
        sizes[id(value)] = MAX_EXPANDED_NODES + 1  # a cycle (*a inside &a) counts as too big
        items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
        total = 1
        for item in items:
            total += size(item)
            if total > MAX_EXPANDED_NODES:
                break
        sizes[id(value)] = total
        return total

    if size(data) > MAX_EXPANDED_NODES:
        raise ReportgenError("YAML 格式错误：别名（&/*）展开后的数据过大，已拒绝读取。", Location(file=name),
                             hint="数据文件中不要层层引用别名，直接写出各个值。")
