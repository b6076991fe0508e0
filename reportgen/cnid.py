"""GB 11643-1999 citizen ID numbers: the mod-11 check digit.

Shared by the sample generator (to make valid synthetic IDs) and ingest (to check exports).
"""

from __future__ import annotations

import re

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
