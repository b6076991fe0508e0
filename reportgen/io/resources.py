"""Where the built-in templates and data specs are, installed or in a source checkout.

The repository keeps them in ``templates/`` and ``data_specs/``; a wheel carries a copy in
``reportgen/_resources/`` (``setup.py`` copies it at build time), found through ``importlib.resources``.
An editable install or a plain checkout has no copy and reads the repository folders.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from reportgen.errors import Location, ReportgenError

_CHECKOUT_ROOT = Path(__file__).resolve().parents[2]


def resource_dir(*parts: str) -> Path:
    """The folder ``parts`` (e.g. ``"templates", "docx"``) of the built-in resources."""
    installed = resources.files("reportgen").joinpath("_resources", *parts)
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return _CHECKOUT_ROOT.joinpath(*parts)


def require_resource_dir(*parts: str, pattern: str = "*") -> Path:
    """``resource_dir`` that must hold files matching ``pattern``: a clear error instead of an empty list."""
    folder = resource_dir(*parts)
    if not any(folder.glob(pattern)):
        raise ReportgenError(f"找不到 reportgen 自带的文件（{'/'.join(parts)}/{pattern}）",
                             Location(file=str(folder)),
                             hint="安装包不完整：请重新安装 reportgen（pip install --force-reinstall reportgen）")
    return folder
