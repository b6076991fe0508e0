"""Per-session temporary workspaces: every upload and output lives in one folder, known by ids only.

A request never names a file: uploads are stored as ``<random id><checked extension>`` and outputs are
listed once by the server and handed out by id. To make documents, the uploads are linked into
``project/`` under their uploaded file names (last component only, checked, made unique) beside the
project file, so what the documents, 核对稿 and 核对底稿 cite is the name the user knows. A workspace is deleted when its session is reset, when
it has been idle too long, and when the server stops.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.web.usecases import ExportInfo, MakeResult, ProblemRow, TemplateInfo

PREVIOUS_FOLDER = "上年"  # where a project keeps last year's exports
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def new_id() -> str:
    return secrets.token_hex(8)


@dataclass
class Upload:
    id: str
    name: str  # the uploaded name, for display only
    path: Path
    size: int
    info: ExportInfo | TemplateInfo | None = None
    error: list[ProblemRow] = field(default_factory=list)  # could not be read at all


@dataclass
class Job:
    """A make run in a background thread; the page polls its progress."""

    total: int = 1
    done: int = 0
    message: str = ""
    state: str = "running"  # running | done | failed
    result: MakeResult | None = None
    failure: list[ProblemRow] = field(default_factory=list)

    def advance(self, n: int, message: str) -> None:
        self.done = min(self.total, self.done + n)
        self.message = message

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "done": self.done, "total": self.total, "message": self.message,
                "percent": int(100 * self.done / max(self.total, 1))}


@dataclass
class Session:
    id: str
    csrf: str
    folder: Path
    exports: dict[str, Upload] = field(default_factory=dict)
    templates: dict[str, Upload] = field(default_factory=dict)
    previous: dict[str, Upload] = field(default_factory=dict)  # last year's exports (上年台账), for 同比
    specs: dict[str, Upload] = field(default_factory=dict)  # own spec files (数据规格), used when uploaded
    project_notes: list[ProblemRow] = field(default_factory=list)  # what opening a reportgen.yaml said
    rejected: list[Upload] = field(default_factory=list)  # refused by the last upload, shown with errors
    figures_cache: tuple | None = None  # (key, figures or None, problems, notes)
    documents: list[str] = field(default_factory=list)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # built-in name or upload id → values
    chosen_templates: list[str] = field(default_factory=list)
    pdf: bool = False
    review: bool = True  # a 核对稿 beside each document
    exclude_bad_rows: bool = False
    column_map: dict[str, Any] = field(default_factory=dict)  # 列名映射, as the project file writes it
    mapping_notes: list[ProblemRow] = field(default_factory=list)  # what the last mapping change said
    scope: str = ""  # 范围: "" the whole county, or one 乡镇
    county: str = ""  # 县, when the exports do not name it
    towns_cache: tuple | None = None  # (key, the 乡镇 of the whole county)
    documents_saved: bool = False
    job: Job | None = None
    outputs: dict[str, Path] = field(default_factory=dict)  # id → file in out/
    previews: dict[str, Path] = field(default_factory=dict)  # id → PNG
    preview_groups: list[tuple[str, list[str]]] = field(default_factory=list)  # document → preview ids
    last_seen: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def inputs(self) -> Path:
        return self.folder / "in"

    @property
    def out(self) -> Path:
        return self.folder / "out" / "reportgen"

    def spec_paths(self) -> list[Path]:
        """The own spec files (数据规格) every export is read with, in upload order."""
        return [u.path for u in self.specs.values() if u.path.is_file()]

    def names(self) -> dict[str, str]:
        """Stored file name → uploaded name, to show errors with the names the user knows."""
        uploads = [*self.exports.values(), *self.templates.values(), *self.previous.values(), *self.specs.values()]
        return {**{str(u.path): u.name for u in uploads}, **{u.path.name: u.name for u in uploads}}

    def store(self, name: str, suffix: str, data: bytes) -> Upload:
        """Write an upload under a fresh id (the user's name is never used as a path)."""
        upload_id = new_id()
        path = self.inputs / f"{upload_id}{suffix}"
        self.inputs.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return Upload(upload_id, name, path, len(data))

    @property
    def project(self) -> Path:
        """Where a make run's project lives: reportgen.yaml and the files under the names it gives them."""
        return self.folder / "project"

    def file_names(self) -> dict[Path, str]:
        """Stored upload → the file name a project file gives it: the uploaded name when it is a plain
        file name (never a path, a dot file or a reserved device name), made unique; else its id. Last
        year's exports go in ``上年/`` (they often have this year's names)."""
        out = self._unique_names([*self.exports.values(), *self.templates.values(), *self.specs.values()], "")
        out.update(self._unique_names(list(self.previous.values()), PREVIOUS_FOLDER + "/"))
        return out

    @staticmethod
    def _unique_names(uploads: list[Upload], folder: str) -> dict[Path, str]:
        taken: set[str] = set()
        out: dict[Path, str] = {}
        for u in uploads:
            if not u.path.is_file():
                continue  # a refused upload, listed with its errors only
            suffix = u.path.suffix
            stem = u.name[: -len(suffix)] if u.name.lower().endswith(suffix) else ""
            plain = stem and not stem.startswith(".") and stem.split(".")[0].upper() not in _RESERVED
            name = f"{stem[:60]}{suffix}" if plain else f"{u.id}{suffix}"
            n = 2
            while name.lower() in taken:
                name, n = f"{stem[:60] if plain else u.id}（{n}）{suffix}", n + 1
            taken.add(name.lower())
            out[u.path] = folder + name
        return out

    def stage(self) -> dict[Path, Path]:
        """Link every upload into :attr:`project` under :meth:`file_names`, so the documents, 核对稿 and
        核对底稿 name the files the user knows; stored upload → staged file."""
        shutil.rmtree(self.project, ignore_errors=True)
        self.project.mkdir(parents=True)
        staged = {}
        for stored, name in self.file_names().items():
            target = self.project / name
            if target.parent not in (self.project, self.project / PREVIOUS_FOLDER):  # never another path
                raise ValueError(name)
            target.parent.mkdir(exist_ok=True)
            try:
                os.link(stored, target)
            except OSError:
                shutil.copyfile(stored, target)
            staged[stored] = target
        return staged

    def clear_outputs(self) -> None:
        shutil.rmtree(self.folder / "out", ignore_errors=True)
        self.outputs.clear()
        self.previews.clear()
        self.preview_groups.clear()
        self.job = None

    def register_outputs(self) -> None:
        """Give every file the make run wrote an id (the download page links to ids only)."""
        order = {"文档": 0, "报表": 1}

        def key(path: Path) -> tuple:
            parts = path.relative_to(self.out).parts
            return (order.get(parts[0], 2) if len(parts) > 1 else 3, parts)

        self.outputs = {new_id(): p for p in sorted(self.out.rglob("*"), key=key)
                        if p.is_file() and not p.name.startswith(".")}  # not build's .reportgen-build.json

    def review_files(self) -> list[tuple[str, str]]:
        """(id, path) of the files for checking the figures: 核对底稿.xlsx and each document's 核对稿."""
        return [(i, p.relative_to(self.out).as_posix()) for i, p in self.outputs.items()
                if p.name == "核对底稿.xlsx" or "（核对稿）" in p.name]

    def running(self) -> bool:
        return self.job is not None and self.job.state == "running"


class SessionStore:
    """All live sessions of one server, each with its own folder under one temporary root."""

    def __init__(self, idle_seconds: float = 4 * 3600):
        self.root = Path(tempfile.mkdtemp(prefix="reportgen-web-"))
        self.idle_seconds = idle_seconds
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()

    def get(self, session_id: str | None) -> Session | None:
        self.sweep()
        with self._lock:
            session = self._sessions.get(session_id or "")
        if session is not None:
            session.last_seen = time.monotonic()
        return session

    def create(self) -> Session:
        session_id = secrets.token_urlsafe(32)
        folder = self.root / new_id()
        folder.mkdir(mode=0o700)
        session = Session(session_id, secrets.token_urlsafe(32), folder)
        with self._lock:
            self._sessions[session_id] = session
        return session

    def drop(self, session: Session) -> None:
        with self._lock:
            self._sessions.pop(session.id, None)
        shutil.rmtree(session.folder, ignore_errors=True)

    def sweep(self) -> None:
        """Delete sessions idle for longer than ``idle_seconds`` (never one whose job is running)."""
        now = time.monotonic()
        with self._lock:
            stale = [s for s in self._sessions.values()
                     if now - s.last_seen > self.idle_seconds and not s.running()]
        for session in stale:
            self.drop(session)

    def close(self) -> None:
        """Delete every workspace (server shutdown)."""
        with self._lock:
            self._sessions.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    def __len__(self) -> int:
        return len(self._sessions)
