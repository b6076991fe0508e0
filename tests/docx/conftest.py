"""The ``make_docx`` fixture: a real .docx template built in code (builders in tests/helpers)."""

from __future__ import annotations

from collections.abc import Callable

import docx
import pytest
from helpers.docx_builders import to_bytes


@pytest.fixture
def make_docx() -> Callable[..., bytes]:
    """``make_docx(*paragraph_texts, build=callback)`` → template bytes."""

    def build(*paragraphs: str, build: Callable | None = None) -> bytes:
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        if build is not None:
            build(document)
        return to_bytes(document)

    return build
