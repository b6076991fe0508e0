"""``reportgen serve``: a local web page that takes a clerk from exports to a zip of documents.

``create_app(settings)`` builds the Starlette application; every call into the library goes through
:mod:`reportgen.web.usecases`. See docs/web.md.
"""

from reportgen.web.pages import Settings
from reportgen.web.server import create_app

__all__ = ["create_app", "Settings"]
