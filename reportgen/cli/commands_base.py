"""Foundation commands: ``demo`` and ``sample-data``."""

from __future__ import annotations

from pathlib import Path

import click

from reportgen.cli.params import FilePath
from reportgen.samples import MESS_KINDS


def _echo_paths(paths: list[Path], base: Path) -> None:
    for p in paths:
        try:
            shown = p.relative_to(base)
        except ValueError:
            shown = p
        click.echo(f"  {shown}")


@click.command("sample-data")
@click.option("--out", "out_dir", type=FilePath(file_okay=False, path_type=Path), required=True,
              help="输出文件夹（不存在则创建）。")
@click.option("--persons", type=click.IntRange(min=10), default=3000, show_default=True,
              help="建档立卡人口数（200000 也可在一分钟内生成）。")
@click.option("--seed", type=int, default=2024, show_default=True, help="随机种子：相同种子生成完全相同的文件。")
@click.option("--year", type=int, default=2024, show_default=True, help="数据年度。")
@click.option("--mess", default="", metavar="KIND,…",
              help=f"模拟真实导出表的问题，逗号分隔或 all：{', '.join(MESS_KINDS)}。")
@click.option("--wide", is_flag=True, help="防返贫监测表扩展到 170 余列（与真实系统导出一样宽）。")
def sample_data(out_dir: Path, persons: int, seed: int, year: int, mess: str, wide: bool) -> None:
    """生成合成样例台账（虚构的青禾县，身份证号为合成号码，非真实个人信息）。"""
    from reportgen.app.samples import make_samples

    result = make_samples(out_dir, persons=persons, seed=seed, year=year, mess=mess, wide=wide)
    click.echo(f"已生成 {len(result.all())} 个文件到 {out_dir}：")
    _echo_paths(result.all(), out_dir)


@click.command("demo")
@click.option("--out", "out_dir", type=FilePath(file_okay=False, path_type=Path), default=Path("demo-output"),
              show_default=True, help="输出文件夹。")
@click.option("--persons", type=click.IntRange(min=10), default=3000, show_default=True, help="样例人口数。")
@click.option("--seed", type=int, default=2024, show_default=True, help="随机种子。")
def demo(out_dir: Path, persons: int, seed: int) -> None:
    """用内置样例数据跑一遍完整流程：样例台账 → 数据 → 全部文档。"""
    from reportgen.app.demo import run_demo

    report = run_demo(out_dir, persons=persons, seed=seed, progress=click.echo)
    click.echo(f"完成：共写出 {len(report.paths)} 个文件到 {out_dir}")
    _echo_paths(report.paths, out_dir)
    for note in report.notes:
        click.secho(f"注意：{note}", fg="yellow")


COMMANDS = [demo, sample_data]
