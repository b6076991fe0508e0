"""Fixtures for the web page tests: an app with small limits, a client with a session, sample exports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from reportgen.samples import generate  # noqa: E402
from reportgen.web import Settings, create_app  # noqa: E402
from reportgen.web.uploads import Limits  # noqa: E402

SMALL = Limits(max_file_bytes=2 * 1024 * 1024, max_files_per_request=10, max_files_per_session=12,
               max_unpacked_bytes=64 * 1024 * 1024)


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    generate(folder, persons=300, seed=2024)
    return folder


class Client(TestClient):
    """A TestClient that knows its session's CSRF token (read from the page, as the browser does)."""

    csrf = ""

    def open_session(self) -> Client:
        page = self.get("/upload")
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
        return self

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        return self.post(url, data={"csrf": self.csrf, **(data or {})}, **kwargs)

    def upload(self, *paths: Path, url: str = "/upload", field: str = "files"):
        files = [(field, (p.name, p.read_bytes())) for p in paths]
        return self.post(url, data={"csrf": self.csrf}, files=files)


@pytest.fixture
def app():
    return create_app(Settings(limits=SMALL))


@pytest.fixture
def client_for():
    """Make a client for another app (own settings); use it as a context manager."""
    return lambda app, **kw: Client(app, **{"base_url": "http://127.0.0.1", **kw})


@pytest.fixture
def client(app):
    with Client(app, base_url="http://127.0.0.1") as c:
        yield c.open_session()
