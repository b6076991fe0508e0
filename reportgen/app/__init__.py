"""The application layer: the use cases the CLI (and any future web front end) call, one function each.

Engines below never import this package; the CLI above only parses options and calls it. Each use case
is its own module, imported by whoever needs it (so ``reportgen render`` does not load the PDF or
sample-data code):

- :mod:`~reportgen.app.demo`: ``run_demo`` (the whole job on sample data), ``demo_outputs``
- :mod:`~reportgen.app.builtins`: ``render_builtin`` / ``render_builtin_documents`` by name
- :mod:`~reportgen.app.documents`: ``render_document``, ``template_problems``, ``template_variables``
- :mod:`~reportgen.app.fill`: ``fill_template`` (Excel)
- :mod:`~reportgen.app.batch`: ``prepare_batch`` → ``BatchJob.run``
- :mod:`~reportgen.app.figures`: ``validate_export``, ``write_figures`` (``--audit``, ``--previous``),
  ``explain_figure``
- :mod:`~reportgen.app.audit`: ``write_audit_workbook`` (核对底稿.xlsx)
- :mod:`~reportgen.app.layout`: ``check_layout`` (convert with LibreOffice, then measure)
- :mod:`~reportgen.app.samples`: ``make_samples``
- :mod:`~reportgen.app.inputs`: ``gather_context`` (parameters < figures < --data files < --set)
- :mod:`~reportgen.app.render`: ``render_template`` (a built-in by name or a file, Word or Excel)
- :mod:`~reportgen.app.project` / :mod:`~reportgen.app.build`: ``init_project``, ``build_project``
- :mod:`~reportgen.app.plan`: a choice made on the web page as a project file, made by ``build``
- :mod:`~reportgen.app.exports`: ``summarize_export`` (registry, rows, year, problems and the figures they touch)
- :mod:`~reportgen.app.previews`: page images of finished documents
- :mod:`~reportgen.app.review`: the review copy (核对稿)
"""

__all__ = ["audit", "batch", "build", "builtins", "demo", "documents", "exports", "figures", "fill", "inputs", "layout",
           "plan", "previews", "project", "render", "review", "samples"]
