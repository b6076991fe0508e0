"""Build hook: put the repository's ``templates/`` and ``data_specs/`` into the wheel.

The folders stay at the top of the repository (where clerks and developers edit them); a wheel gets a
copy under ``reportgen/_resources/``, which ``reportgen.io.resources`` finds with ``importlib.resources``.
A copy, not symlinks: symlinks are lost on Windows checkouts and in zip files. Everything else is in
pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCE_FOLDERS = ("templates", "data_specs")
RESOURCE_SUFFIXES = {".docx", ".xlsx", ".yaml", ".yml"}


class BuildPyWithResources(build_py):
    """``build_py`` that also copies the resource folders into ``reportgen/_resources/``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository folders themselves
        target = Path(self.build_lib) / "reportgen" / "_resources"
        for folder in RESOURCE_FOLDERS:
            source = ROOT / folder
            if not source.is_dir():
                raise SystemExit(f"reportgen: resource folder {source} is missing; cannot build")
            for path in sorted(source.rglob("*")):
                if path.is_file() and path.suffix in RESOURCE_SUFFIXES and not path.name.startswith("~$"):
                    dest = target / folder / path.relative_to(source)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, dest)


setup(cmdclass={"build_py": BuildPyWithResources})
