"""The make run in a background thread, so the page can show progress while batches run."""

from __future__ import annotations

import threading

from reportgen.errors import ReportgenError
from reportgen.web import usecases
from reportgen.web.usecases import Choice, ProblemRow
from reportgen.web.workspace import Job, Session, new_id


def plan_for(session: Session) -> Choice:
    """The session's choices (what the project file will say) for :func:`usecases.make_documents`."""
    exports = {}
    for upload in session.exports.values():
        if isinstance(upload.info, usecases.ExportInfo):
            exports.setdefault(upload.info.spec, upload.path)
    templates = []
    for tid in session.chosen_templates:
        upload = session.templates.get(tid)
        if upload and isinstance(upload.info, usecases.TemplateInfo) and upload.info.ok:
            templates.append((upload.name, upload.path, session.params.get(tid, {})))
    previous = [u.path for u in session.previous.values() if isinstance(u.info, usecases.ExportInfo)]
    return Choice(exports, list(session.documents), dict(session.params), templates, pdf=session.pdf,
                  exclude_bad_rows=session.exclude_bad_rows, review=session.review, previous=previous,
                  column_map=dict(session.column_map), scope=session.scope, county=session.county,
                  specs=session.spec_paths())


def start(session: Session) -> Job:
    """Start making the session's documents; returns at once with the job to poll."""
    session.clear_outputs()
    staged = session.stage()
    plan = plan_for(session)
    plan.exports = {k: staged[p] for k, p in plan.exports.items()}
    plan.templates = [(name, staged[p], params) for name, p, params in plan.templates]
    plan.previous = [staged[p] for p in plan.previous]
    plan.specs = [staged[p] for p in plan.specs]
    job = Job(message="准备中 …")
    session.job = job
    names = {**session.names(), **{str(p): p.name for p in staged.values()}}

    def run() -> None:
        try:
            job.total = usecases.plan_size(plan)
            session.out.mkdir(parents=True, exist_ok=True)
            job.result = usecases.make_documents(plan, session.project, session.out, job.advance, names)
            session.register_outputs()
            for document, pages in job.result.previews.items():
                ids = [new_id() for _ in pages]
                session.previews.update(zip(ids, pages, strict=True))
                if ids:
                    session.preview_groups.append((document.name, ids))
            job.done, job.state, job.message = job.total, "done", "完成"
        except ReportgenError as exc:
            job.failure = usecases.problem_rows(exc, names)
            job.state, job.message = "failed", "未能生成：请看下面的错误"
        except Exception as exc:  # a defect: say so plainly, keep the server running
            job.failure = [ProblemRow("错误", f"内部错误（reportgen 的缺陷）：{type(exc).__name__}: {exc}")]
            job.state, job.message = "failed", "内部错误"

    threading.Thread(target=run, name=f"reportgen-make-{session.folder.name}", daemon=True).start()
    return job
