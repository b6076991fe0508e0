"""Formatting shared by both engines: the sandboxed Jinja environment, Chinese filters, script conversion."""

from reportgen.format.change import change, growth
from reportgen.format.dates import cn_date, cn_year, parse_date
from reportgen.format.environment import make_environment
from reportgen.format.localized import fmt_currency, fmt_date, fmt_decimal, fmt_percent
from reportgen.format.masking import mask_bank, mask_id, mask_name, mask_phone
from reportgen.format.numbers import num, pct, span, wan, yi
from reportgen.format.numerals import cn_num, heading
from reportgen.format.rmb import rmb_contract, rmb_lower, rmb_upper
from reportgen.format.scope import scope_words, with_scope
from reportgen.format.script import convert_text
from reportgen.format.titles import title_breaks, title_lines
from reportgen.format.wenhao import is_wenhao, wenhao

__all__ = [
    "make_environment",
    "convert_text",
    "scope_words",
    "with_scope",
    "rmb_upper",
    "rmb_contract",
    "rmb_lower",
    "cn_num",
    "heading",
    "cn_year",
    "cn_date",
    "parse_date",
    "num",
    "wan",
    "yi",
    "pct",
    "span",
    "change",
    "growth",
    "wenhao",
    "is_wenhao",
    "title_lines",
    "title_breaks",
    "mask_id",
    "mask_phone",
    "mask_bank",
    "mask_name",
    "fmt_date",
    "fmt_decimal",
    "fmt_percent",
    "fmt_currency",
]
