"""发文字号 (document numbers) per GB/T 9704 §7.2.4: ``高民发〔2024〕10号``.

六角括号 〔 U+3014 and 〕 U+3015 around a 4-digit year, the 序号 without leading zeros or 第, no 字.
"""

from __future__ import annotations

import re
from typing import Any

from reportgen.errors import ReportgenError
from reportgen.format.coerce import to_int

WENHAO = re.compile(r"^(?P<code>[\u4e00-\u9fff]+)〔(?P<year>\d{4})〕(?P<no>[1-9]\d*)号$")


def is_wenhao(text: Any) -> bool:
    """True when ``text`` is a well-formed 发文字号 (``高民发〔2024〕10号``; not ``[2024]``, ``010号``, ``第10号``)."""
    return isinstance(text, str) and WENHAO.match(text.strip()) is not None


def wenhao(code: Any, year: Any, number: Any) -> str:
    """``"高民发"|wenhao(2024, 10)`` → ``高民发〔2024〕10号``; ``"010"`` is written ``10``.

    A year or 序号 that cannot be right (``24``, ``0``) or a 代字 that is not Chinese is an error, so a
    wrong 文号 never reaches a printed document.
    """
    agency = str(code or "").strip()
    if agency.endswith("字"):
        agency_hint = "机关代字后不加“字”（不写 X财发字〔1992〕第36号）"
    else:
        agency_hint = "机关代字应为汉字，例如 高民发"
    year_n = to_int(year, "发文年份")
    if isinstance(number, str):
        number = number.strip().removeprefix("第").removesuffix("号")
    number_n = to_int(number, "发文序号")
    text = f"{agency}〔{year_n}〕{number_n}号"
    if not is_wenhao(text) or agency.endswith("字"):
        raise ReportgenError(
            f"发文字号「{text}」不合规范",
            hint=f"形如 高民发〔2024〕10号：年份4位、序号从1起不补零；{agency_hint}",
        )
    return text
