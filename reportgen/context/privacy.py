"""Masking for public (公示) output: 证件号码, 联系电话, 银行账号 and 健康状况 are never shown in full.

Uses the shared masks of :mod:`reportgen.format` so documents and figures mask the same way.
"""

from __future__ import annotations

from typing import Any

from reportgen.format import mask_bank, mask_id, mask_name, mask_phone
from reportgen.specs import PUBLIC_MASKED, Spec

HEALTH_MASK = "**"


def mask_value(value: Any, privacy: str) -> Any:
    """The public form of one value of privacy class ``privacy`` (blank stays blank)."""
    if value in (None, "", []):
        return value
    if privacy == "id":
        return mask_id(value)
    if privacy == "phone":
        return mask_phone(value)
    if privacy == "bank":
        return mask_bank(value)
    if privacy == "health":
        return HEALTH_MASK
    if privacy == "name":
        return mask_name(value)
    return value


def mask_record(record: dict[str, Any], spec: Spec, classes: frozenset[str] = PUBLIC_MASKED) -> dict[str, Any]:
    """A copy of ``record`` with every column of a masked privacy class masked."""
    out = dict(record)
    for col in spec.columns:
        if col.privacy in classes and col.key in out:
            out[col.key] = mask_value(out[col.key], col.privacy)
    return out
