"""Use case ``reportgen batch``: read the list (a plain table, or an export with its spec), gather the
shared values (the built-in's parameters, the ``--data`` files in order, then ``--set``) and run the batch.

:func:`prepare_batch` reads everything first, so every data mistake is reported before any document is
written; :meth:`BatchJob.run` then makes the documents (the CLI draws its progress bar in between).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.app.inputs import gather_context
from reportgen.app.record import place_records
from reportgen.batch import BatchResult, Loader, docx_engine, manifest, read_rows, run_batch
from reportgen.builtin.catalog import resolve_template
from reportgen.context import rows_for_export
from reportgen.layout.parity import has_record


@dataclass
class BatchJob:
    """A batch ready to run: the template, its rows, the shared values and run_batch's options."""

    template: Path
    rows: list[dict[str, Any]]
    shared: dict[str, Any]
    options: dict[str, Any] = field(default_factory=dict)
    loader: Loader = docx_engine
    notes: list[str] = field(default_factory=list)  # rows left out of the list (合计, blank), by file and row

    @property
    def total(self) -> int:
        """How many documents the batch makes (rows, or distinct values of ``per``)."""
        per = self.options.get("per", "row")
        return len(self.rows) if per in ("row", "行") else len({str(r.get(per)) for r in self.rows})

    def run(self, progress: Callable[[int], None] | None = None,
            partition_progress: Callable[[int, int], None] | None = None) -> BatchResult:
        """Make the documents; with ``cluster`` in the options, ``partition_progress(done, total)`` follows
        the Dask partitions."""
        extra = {"partition_progress": partition_progress} if self.options.get("cluster") else {}
        if not has_record(self.template):
            return run_batch(self.template, self.rows, shared=self.shared, progress=progress, loader=self.loader,
                             **self.options, **extra)
        if self.options.get("cluster"):  # the partitions' manifests and print files are made on the workers
            result = run_batch(self.template, self.rows, shared=self.shared, progress=progress, loader=self.loader,
                               **self.options, **extra)
            result.notes.append("集群批量不调整版记所在页：双面印刷前请确认版记在偶数页（或不加 --cluster 运行）")
            return result
        return self._run_with_records(progress)

    def _run_with_records(self, progress: Callable[[int], None] | None) -> BatchResult:
        """A template with a 版记 (GB/T 9704 §7.4): render the documents, put each 版记 on an even page
        (reportgen.app.record), record the changed files' checksums, then make the PDFs and the merged
        file from the final documents (a resumed run_batch that renders nothing again)."""
        if self.options.get("pdf"):
            from reportgen.output.pdf import require_soffice

            require_soffice()  # as run_batch does: fail before rendering, not after
        first = run_batch(self.template, self.rows, shared=self.shared, progress=progress, loader=self.loader,
                          **{**self.options, "pdf": False})
        changed = place_records(first.outputs, first.notes)
        if changed:
            fixed = {p.resolve() for p in changed}
            for entry in first.entries:
                if entry.status == "ok" and (first.out_dir / entry.file).resolve() in fixed:
                    entry.sha256 = manifest.sha256_file(first.out_dir / entry.file)
            run, _old = manifest.load(first.out_dir)
            manifest.save(first.out_dir, run, first.entries)
        if not self.options.get("pdf") and not (changed and self.options.get("merge")):
            return first  # nothing made from the documents is out of date
        final = run_batch(self.template, self.rows, shared=self.shared, loader=self.loader,
                          **{**self.options, "resume": True})
        final.written, final.skipped = first.written, first.skipped
        final.notes = [*first.notes, *(n for n in final.notes if n not in first.notes)]
        return final


def prepare_batch(template: str | Path, *, rows_file: str | Path | None = None, sheet: str | None = None,
                  export_file: str | Path | None = None, spec: str | Path | None = None,
                  data_files: Sequence[str | Path] = (), sets: Sequence[str] = (),
                  data_file: str | Path | None = None, constants: dict[str, Any] | None = None,
                  lenient: bool = False, **options: Any) -> BatchJob:
    """Read the rows (``rows_file`` or ``export_file`` + ``spec``) and the shared values; ``options`` are
    :func:`reportgen.batch.run_batch`'s (out_dir, per, name_pattern, jobs, resume, merge, pdf …).

    ``lenient``: missing values and None print empty (with a warning) instead of failing that document.
    合计/blank rows the list reader leaves out are named in ``BatchJob.notes``.
    ``cluster`` (``local``, ``local:4``, ``tcp://host:8786``) is checked here, before the list is read.
    """
    _check_cluster_options(options)
    template_path, params = resolve_template(template)  # a .docx, or a built-in by name (责任书)
    notes: list[str] = []
    rows = read_rows(rows_file, sheet, notes) if rows_file else rows_for_export(export_file, spec)
    files = [*([data_file] if data_file else []), *data_files]
    shared = {**gather_context(params_file=params, data_files=files, sets=sets, need_data=False), **(constants or {})}
    loader = functools.partial(docx_engine, undefined="lenient") if lenient else docx_engine
    return BatchJob(template_path, rows, shared, options, loader, notes)


def _check_cluster_options(options: dict[str, Any]) -> None:
    """Refuse what a cluster run cannot do before anything is read: a bad address, Dask missing, a cloud URL."""
    from reportgen.batch import cluster as dask_cluster
    from reportgen.batch import remote
    from reportgen.errors import Location, ReportgenError

    out = str(options.get("out_dir") or "")
    remote.refuse_folded(out)
    if remote.is_url(out):
        if options.get("cluster"):
            dask_cluster.check_address(options["cluster"])
        remote.check_output(out, cluster=options.get("cluster"), merge=options.get("merge"),
                            pdf=bool(options.get("pdf")))
    if options.get("cluster"):
        dask_cluster.check_address(options["cluster"])
    elif options.get("partition_size"):
        raise ReportgenError("--partition-size 只在 --cluster 时使用。", Location(option="--partition-size"),
                             hint="加上 --cluster local:2 之类的集群地址，或去掉 --partition-size。")
