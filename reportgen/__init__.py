"""reportgen: registry exports → 工作总结, 实施方案, 责任书 and county reporting tables."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reportgen")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
