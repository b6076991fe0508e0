"""GB 11643-1999 citizen ID numbers: the mod-11 check digit, the birth date they carry, ages in 周岁.

Shared by the sample generator (to make valid synthetic IDs), ingest (to check exports) and measures
(育龄妇女: women aged 15–49 at the report date).
"""

from __future__ import annotations

import re
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    """The 18th character for the first 17 digits (ISO 7064 MOD 11-2)."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"need 17 digits, got {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def is_valid_id(value: str) -> bool:
    """True for an 18-character ID whose check digit is right (lower-case x accepted)."""
    value = value.strip().upper()
    return bool(_ID_RE.match(value)) and check_digit(value[:17]) == value[17]


def birth_date(value: str) -> date | None:
    """The birth date written in an 18-digit ID (digits 7–14), or None when it is not a real date."""
    value = str(value or "").strip()
    if len(value) != 18 or not value[6:14].isdigit():
        return None
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def age_on(birth: date, on: date) -> int:
    """Age in 周岁 on day ``on``: whole years, one more on each birthday."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
