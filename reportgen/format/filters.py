"""Jinja filters, tests and globals registered in every reportgen environment (docx and xlsx engines).

The same functions are importable from ``reportgen.format`` for Python callers. The README (section
"Formatting filters") lists each one with examples; template authors rely on these names and signatures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportgen.format.change import change, growth
from reportgen.format.dates import cn_date, cn_year
from reportgen.format.joint import joint_layout
from reportgen.format.localized import fmt_currency, fmt_date, fmt_decimal, fmt_percent
from reportgen.format.masking import mask_bank, mask_id, mask_name, mask_phone
from reportgen.format.numbers import num, pct, span, wan, yi
from reportgen.format.numerals import cn_num, heading
from reportgen.format.rmb import rmb_contract, rmb_lower, rmb_upper
from reportgen.format.titles import title_breaks
from reportgen.format.wenhao import is_wenhao, wenhao

FILTERS: dict[str, Callable[..., Any]] = {
    # money
    "rmb_upper": rmb_upper,
    "rmb_contract": rmb_contract,
    "rmb": rmb_lower,
    # numerals and headings
    "cn_num": cn_num,
    "heading": heading,
    # dates
    "cn_year": cn_year,
    "cn_date": cn_date,
    # statistics (GB/T 15835)
    "num": num,
    "wan": wan,
    "yi": yi,
    "pct": pct,
    "span": span,
    "range": span,  # the name; filters and globals are separate namespaces, so no clash
    # 同比 (figures --previous): 增加35人 / 减少3人 / 持平, 增长1.7%
    "增减": change,
    "增幅": growth,
    # 发文字号
    "wenhao": wenhao,
    # 公文标题回行（GB/T 9704 §7.3.1：词意完整、梯形/菱形、末行不少于 3 字）
    "title_lines": title_breaks,
    # 联合行文：标志/署名 每行几个机关、字号（GB/T 9704 §7.2.4、§7.3.5：机关名称不断行）
    "joint_layout": joint_layout,
    # 公示 masks
    "mask_id": mask_id,
    "mask_phone": mask_phone,
    "mask_bank": mask_bank,
    "mask_name": mask_name,
    # Babel (locale-aware)
    "fmt_date": fmt_date,
    "fmt_decimal": fmt_decimal,
    "fmt_percent": fmt_percent,
    "fmt_currency": fmt_currency,
}

#: Filters whose default locale follows ``make_environment(locale=...)``.
LOCALE_FILTERS = ("fmt_date", "fmt_decimal", "fmt_percent", "fmt_currency")

#: ``{% if doc.文号 is wenhao %}``
TESTS: dict[str, Callable[..., bool]] = {"wenhao": is_wenhao}

#: ``{{ is_wenhao(x) }}`` for templates that prefer a function.
GLOBALS: dict[str, Any] = {"is_wenhao": is_wenhao}
