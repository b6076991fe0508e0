"""Use case ``reportgen demo``: the main job end to end on the embedded sample data.

sample registries → figures (data specs + measures) and the audit workbook → county tables (.xlsx) →
documents (.docx) with their review copies (核对稿) → a batch
of 责任书 with one merged print file → PDFs when LibreOffice is installed. Each stage is called through its
public entry point, so the demo is also the integration check a newcomer runs first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.app.audit import write_audit_workbook
from reportgen.app.builtins import deep_merge, load_params, migrant_households, render_builtin
from reportgen.app.figures import SOURCE
from reportgen.app.review import review_path
from reportgen.batch import BatchResult, Loader, docx_engine, read_rows, run_batch
from reportgen.builtin import BUILTINS
from reportgen.context import compute_figures, dump_figures, rows_for_export
from reportgen.context.scope import document_context
from reportgen.io.data import load_mapping
from reportgen.layout.parity import records_on_even_pages
from reportgen.output.pdf import PdfConverter, find_soffice
from reportgen.samples import generate
from reportgen.xlsx.builtin import render_builtin_tables

# Built-in documents rendered once from the whole figures context (per-party ones go through batch).
SINGLE_DOCUMENTS = ("工作总结", "情况报告", "印发通知", "结对帮扶实施方案", "流动人口情况汇报")
PARTIES_FILE = "责任书签订名单.xlsx"
PARTIES_NAME_PATTERN = "{{ 乡镇 }}_{{ 行政村 }}_责任书.docx"
PARTIES_MERGED_NAME = "责任书_合并打印.docx"
AUDIT_NAME = "核对底稿.xlsx"
AGREEMENT_NAME_PATTERN = "{{ 乡镇 }}_{{ 受扶单位 }}_{{ 帮扶单位 }}_协议书.docx"


@dataclass
class DemoReport:
    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def run_demo(out_dir: str | Path, persons: int = 3000, seed: int = 2024,
             progress: Callable[[str], None] = lambda _msg: None) -> DemoReport:
    """Write sample exports and every document reportgen can make into ``out_dir``."""
    out = Path(out_dir)
    report = DemoReport()
    progress("生成样例台账 …")
    samples = generate(out / "exports", persons=persons, seed=seed)
    report.paths += samples.all()

    progress("读取台账、校验并计算指标 …")
    figure_set = compute_figures(list(samples.paths.values()))
    figures = figure_set.figures
    figures_path = out / "figures.yaml"
    dump_figures(figures, figures_path, [f"{SOURCE}{Path(p).resolve()}" for p in samples.paths.values()])
    report.paths.append(figures_path)

    progress("写出核对底稿（每个数字的定义、台账行和复算公式）…")
    report.paths.append(write_audit_workbook(figure_set, out / AUDIT_NAME))

    progress("填写县级统计报表（.xlsx）…")
    report.paths += render_builtin_tables(document_context(figures, "报表"), out / "报表")

    progress("生成公文（工作总结、情况报告、印发通知 + 实施方案、结对帮扶实施方案、流动人口情况汇报）…")
    documents = []
    for name in SINGLE_DOCUMENTS:
        context = deep_merge(figures, load_params(BUILTINS[name]))
        documents.append(render_builtin(name, context, out / "文档" / f"{name}.docx", review=figure_set))
    report.paths += documents
    report.paths += [review_path(p) for p in documents]  # 核对稿: every value highlighted and commented

    has_pdf = find_soffice() is not None
    if not has_pdf:
        report.notes.append("未安装 LibreOffice，跳过 PDF 输出（安装：make system-deps 或 "
                            "sudo apt-get install libreoffice-writer-nogui）")
    else:
        progress("转换 PDF（LibreOffice）…")
        with PdfConverter() as converter:  # a 版记 that lands on an odd page gets the blank page before it
            report.paths += list(records_on_even_pages(documents, converter, out / "文档" / "pdf").values())

    progress("批量生成责任书（每村一份，合并打印文件）…")
    parties = demo_outputs(samples.paths["parties"].parent, BUILTINS["责任书"].docx, out / "责任书",
                           pdf=has_pdf, year=figures.get("年度") or 2024)
    report.paths += _batch_paths(parties, report)

    progress("批量生成流动人口合同书（每户一份）…")
    households = migrant_households(rows_for_export(samples.paths["migrants"]))
    contracts = run_batch(BUILTINS["合同书"].docx, households, out_dir=out / "合同书", row_name="户",
                          shared=deep_merge({"年度": figures.get("年度")}, load_params(BUILTINS["合同书"])),
                          name_pattern="{{ 行政村 }}_{{ 家庭编号 }}_{{ 户主 }}_合同书.docx",
                          merge="合同书_合并打印.docx")
    report.paths += _batch_paths(contracts, report)

    progress("批量生成结对帮扶协议书（每对一份）…")
    agreements = run_batch(BUILTINS["结对帮扶协议书"].docx, figures["结对安排"]["对子"], out_dir=out / "结对帮扶协议书",
                           row_name="对", shared=deep_merge({k: figures.get(k) for k in ("县", "年度", "范围")},
                                                            load_params(BUILTINS["结对帮扶协议书"])),
                           name_pattern=AGREEMENT_NAME_PATTERN, merge="结对帮扶协议书_合并打印.docx")
    report.paths += _batch_paths(agreements, report)
    return report


def _batch_paths(result: BatchResult, report: DemoReport) -> list[Path]:
    """Files a batch wrote (documents, manifest, merged print file and PDFs); failures become notes."""
    paths = [*result.outputs, result.out_dir / "manifest.csv", result.out_dir / "manifest.json"]
    paths += [p for p in (result.merged, result.merged_pdf) if p]
    paths += [result.out_dir / e.pdf for e in result.entries if e.pdf]
    report.notes += result.notes
    for entry in result.failed:
        report.notes.append(f"{result.out_dir.name}：{entry.key}（行 {entry.rows}）未生成：{entry.error}")
    return [p for p in paths if p.exists()]


def demo_outputs(sample_dir: str | Path, template: str | Path, out_dir: str | Path, *, pdf: bool | None = None,
                 jobs: int | None = None, year: int = 2024, loader: Loader = docx_engine) -> BatchResult:
    """The batch part of the demo: one 责任书 per row of ``sample_dir/责任书签订名单.xlsx`` into ``out_dir``
    plus a merged print file; PDFs too when LibreOffice is installed (``pdf=None``) or when asked.

    Each row is also available as ``书`` and the template's side file (``责任书.yaml``) is merged in,
    which is how the built-in ``templates/docx/责任书.docx`` expects its data."""
    if pdf is None:
        pdf = find_soffice() is not None
    rows = read_rows(Path(sample_dir) / PARTIES_FILE)
    shared: dict = {"年度": year}
    side = Path(template).with_suffix(".yaml")
    if side.is_file():
        shared.update(load_mapping(side, what="参数文件"))
    return run_batch(template, rows, out_dir=out_dir, per="row", name_pattern=PARTIES_NAME_PATTERN, jobs=jobs,
                     merge=PARTIES_MERGED_NAME, pdf=pdf, loader=loader, shared=shared, row_name="书")
