"""Fixtures of the docxtpl differential tests: a picture on disk and the full template rendered by both."""

from __future__ import annotations

from collections.abc import Callable

import docx
import pytest
from helpers.docx_builders import to_bytes
from helpers.docxtpl_diff import Both, build_full_template, full_context, full_env, png, render_both


@pytest.fixture(scope="session")
def picture_file(tmp_path_factory) -> tuple[bytes, str]:
    data = png(40, 20)
    path = tmp_path_factory.mktemp("compat") / "logo.png"
    path.write_bytes(data)
    return data, str(path)


@pytest.fixture(scope="session")
def full(picture_file) -> Both:
    data, path = picture_file
    return render_both(build_full_template(data), full_context(data, path), jinja_env_factory=full_env)


@pytest.fixture
def make_template() -> Callable[..., bytes]:
    """``make_template(*paragraph_texts)`` → template bytes."""

    def build(*paragraphs: str) -> bytes:
        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        return to_bytes(document)

    return build
