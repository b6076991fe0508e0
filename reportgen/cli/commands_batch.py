"""CLI commands for the batch stage (each command parses options and calls one library function)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from reportgen.cli.params import FilePath, FolderOrUrl


@click.command("batch")
@click.argument("template")
@click.option("--rows", "rows_file", type=FilePath(exists=True, dir_okay=False, path_type=Path),
              help="名单表格（.xlsx/.xls/.csv，第一行为列名），每行一份或按 --per 分组。")
@click.option("--sheet", default=None, help="--rows 表格中的工作表名（默认第一个）。")
@click.option("--export", "export_file", type=FilePath(exists=True, dir_okay=False, path_type=Path),
              help="台账导出表（配合 --spec 读取并清洗），代替 --rows。")
@click.option("--spec", default=None, metavar="名称|文件.yaml",
              help="数据规格：自带规格的名称（如 责任书签订名单）或 YAML 文件（配合 --export）。")
@click.option("--per", default="row", show_default=True, metavar="列名|row",
              help="每行一份（row），或按某列分组每组一份（如 户编号、家庭编号、行政村）；"
                   "组内各行在模板中为 rows / 成员。")
@click.option("--name", "name_pattern", default="{{ loop_index }}.docx", show_default=True,
              help='文件名模板，如 "{{行政村}}_{{乙方负责人}}_责任书.docx"；不安全字符自动替换，重名自动编号。')
@click.option("-o", "--out", "out_dir", type=FolderOrUrl(file_okay=False, path_type=Path), required=True,
              help="输出文件夹（所有文件只写在这里）。")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help=f"并行进程数（默认为 CPU 核数，本机 {os.cpu_count()}）。")
@click.option("--resume", is_flag=True, help="续做：跳过清单中已完成且校验一致的文件，重做失败或缺失的。")
@click.option("--fail-fast", is_flag=True, help="遇到第一份出错就停止（默认跳过出错的行继续）。")
@click.option("--merge", default=None, metavar="文件名.docx",
              help="另外合并成一个打印文件（放在输出文件夹中），每份从新的一页开始。")
@click.option("--odd-page", is_flag=True, help="合并时每份从奇数页开始（双面打印）。")
@click.option("--pdf", is_flag=True, help="用 LibreOffice 转为 PDF（输出到 OUT/pdf/，清单记录页数）。")
@click.option("--set", "constants", multiple=True, metavar="名称=值",
              help="所有文档共用的值（名单中没有的），可多次使用，如 --set 年度=2024 --set 县名=青禾县。")
@click.option("--data", "data_files", multiple=True, type=FilePath(exists=True, dir_okay=False, path_type=Path),
              help="共用值的 YAML 文件，可重复（后面的覆盖前面的），与 --set 一起并入每份文档；"
                   "内置模板（如 责任书）自带的参数最先合并。")
@click.option("--as", "row_name", default=None, metavar="名称",
              help="每行数据在模板中的名称，如 --as 书 时模板写 {{ 书.甲方 }}（默认直接用列名）。")
@click.option("--lenient", is_flag=True, help="数据中缺少的值或空值（None）留空并提示（默认报错，该份不生成）。")
@click.option("--cluster", default=None, metavar="local[:N]|地址",
              help="在 Dask 集群上生成：local（本机，按 CPU 核数）、local:4（本机 4 个工作进程）或调度器地址 "
                   "tcp://主机:8786；每个分区自带清单、合并打印文件和 PDF，可分别续做。需 pip install \"reportgen[cluster]\"。")
@click.option("--partition-size", type=click.IntRange(min=1), default=None, metavar="N",
              help="--cluster 时每个分区的份数（默认约为总数的 1/64，20–1000）；续做时请保持不变。")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度条，只输出结果（适合脚本）。")
def batch(template: str, rows_file: Path | None, sheet: str | None, export_file: Path | None,
          spec: str | None, per: str, name_pattern: str, out_dir: Path, jobs: int | None, resume: bool,
          fail_fast: bool, merge: str | None, odd_page: bool, pdf: bool, constants: tuple[str, ...],
          data_files: tuple[Path, ...], row_name: str | None, lenient: bool, cluster: str | None,
          partition_size: int | None, quiet: bool) -> None:
    """批量生成责任书/合同书：名单中每行（或每户、每村）生成一份 .docx。

    \b
    例（在 reportgen sample-data --out 样例 生成的文件夹中，先 reportgen templates export 责任书 . 取出模板）：
      reportgen batch 责任书.docx --rows 责任书签订名单.xlsx --as 书 --data 责任书.yaml \\
          --set 年度=2024 --name "{{乡镇}}_{{行政村}}_责任书.docx" -o 责任书 --merge 合并打印.docx
      reportgen batch 责任书.docx --export 责任书签订名单.xlsx --as 书 --data 责任书.yaml \\
          --set 年度=2024 --name "{{乡镇}}_{{行政村}}_责任书.docx" -o 责任书 --resume

    列名含括号时可去掉括号使用：乡(镇) → {{乡镇}}，工作经费（元） → {{工作经费}}；也可写 {{ row['乡(镇)'] }}。
    完成后输出文件夹中有 manifest.csv / manifest.json（每份的数据行、文件、SHA-256、页数、状态、错误）。
    """
    from reportgen.app.batch import prepare_batch

    if bool(rows_file) == bool(export_file):
        raise click.UsageError("请给出 --rows 名单表格，或 --export 台账与 --spec 数据规格（二选一）。")
    job = prepare_batch(template, rows_file=rows_file, sheet=sheet, export_file=export_file, spec=spec,
                        data_files=data_files, sets=constants, row_name=row_name, out_dir=out_dir, per=per,
                        name_pattern=name_pattern, jobs=jobs, resume=resume, fail_fast=fail_fast, merge=merge,
                        odd_page=odd_page, pdf=pdf, lenient=lenient,
                        **({"cluster": cluster, "partition_size": partition_size} if cluster or partition_size else {}))
    for note in job.notes:
        click.secho(f"注意：{note}", fg="yellow", err=True)
    if quiet:
        result = job.run()
    else:
        started, done, parts = time.monotonic(), 0, ""
        with click.progressbar(length=job.total, label="生成中", show_pos=True, show_percent=True, show_eta=True,
                               item_show_func=lambda text: text, file=sys.stderr) as bar:

            def progress(n: int) -> None:
                nonlocal done
                done += n
                bar.update(n, f"{done / max(time.monotonic() - started, 1e-6):.1f} 份/秒{parts}")

            def partition_progress(finished: int, total: int) -> None:
                nonlocal parts
                parts = f"，分区 {finished}/{total}"

            result = job.run(progress, partition_progress)
    click.echo(f"完成：新生成 {result.written} 份，跳过（已完成）{result.skipped} 份，失败 {len(result.failed)} 份 → {out_dir}")
    if result.merged:
        click.echo(f"合并打印文件：{result.merged}")
    if result.merged_pdf:
        click.echo(f"合并 PDF：{result.merged_pdf}")
    if len(result.merged_parts) > 1:
        click.echo(f"各分区的合并打印文件：{len(result.merged_parts)} 个（{result.merged_parts[0].name} …）")
    if len(result.merged_pdf_parts) > 1:
        click.echo(f"各分区的合并 PDF：{len(result.merged_pdf_parts)} 个（pdf/{result.merged_pdf_parts[0].name} …）")
    for entry in result.failed:
        click.secho(f"失败：{entry.error}", fg="red", err=True)
    for note in result.notes:
        click.secho(f"注意：{note}", fg="yellow", err=True)
    if result.failed:
        raise click.exceptions.Exit(1)


COMMANDS: list = [batch]
