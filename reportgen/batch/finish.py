"""After the documents: PDFs (one LibreOffice per call), the merged print file and the merged PDF.

The local runner calls these once for the whole list; a cluster partition calls them for its own slice,
so nobody prints (or converts) one 10⁶-page file.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.batch import manifest
from reportgen.io.files import atomic_writer
from reportgen.output.names import path_inside, safe_filename


def docx_name(merge: str) -> str:
    """The merged file's name: only a name (it always goes into the output folder), made safe."""
    name = Path(str(merge).replace("\\", "/")).name
    return safe_filename(name if name.lower().endswith(".docx") else f"{name}.docx")


def convert_pdfs(out_dir: Path, entries: list[manifest.Entry], old: dict[str, manifest.Entry]) -> int:
    """Convert the ok entries' documents into ``out_dir/pdf`` (those unchanged since ``old`` are kept);
    records each PDF and its page count in its entry. Returns how many could not be converted."""
    from reportgen.output.pdf import PdfConverter, page_count

    todo = []
    for e in entries:
        if e.status != "ok":
            continue
        prev = old.get(e.key)
        if prev and prev.sha256 == e.sha256 and prev.pdf and prev.pages and (out_dir / prev.pdf).is_file():
            e.pdf, e.pages = prev.pdf, prev.pages
            continue
        todo.append(e)
    if not todo:
        return 0
    by_source = {(out_dir / e.file).resolve(): e for e in todo}
    with PdfConverter() as conv:
        done = conv.convert(list(by_source), out_dir / "pdf")
    for src, pdf_path in done.items():
        entry = by_source[src]
        entry.pdf = pdf_path.relative_to(out_dir.resolve()).as_posix()
        entry.pages = page_count(pdf_path)
    for src, err in conv.failures.items():
        if src in by_source:
            by_source[src].error = f"PDF 转换失败：{err}"
    return len(todo) - len(done)


def merge_pdfs(out_dir: Path, entries: list[manifest.Entry], name: str, odd_page: bool) -> Path | None:
    """One PDF of the entries' PDFs in order (``None`` when one is missing), in ``out_dir/pdf``."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for e in entries:
        if not e.pdf:
            return None
        writer.append(str(out_dir / e.pdf))
        if odd_page and len(writer.pages) % 2:
            writer.add_blank_page()
    target = path_inside(out_dir / "pdf", name)
    with atomic_writer(target) as stream:
        writer.write(stream)
    return target


def merge_documents(out_dir: Path, entries: list[manifest.Entry], name: str, odd_page: bool) -> Path:
    """The print file: the entries' documents as sections of one .docx named ``name`` in ``out_dir``."""
    from reportgen.output.merge import merge_docx

    return merge_docx([out_dir / e.file for e in entries], path_inside(out_dir, name), odd_page=odd_page)
