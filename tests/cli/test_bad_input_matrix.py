"""Every CLI command against a matrix of bad inputs: a user mistake is exit 1 with a located message.

Missing, empty and directory-instead-of-file inputs, files that are not what their extension says, bad
YAML, bad template tags, DOCTYPEs and zip bombs, outputs that cannot be created and hostile names: each
must end in ``错误：`` followed by where the problem is, never in ``内部错误`` (exit 2, a defect) or a
traceback. A new command fails :func:`test_every_command_has_matrix_entries` until it gets its rows here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers.hostile_files import (
    PDF,
    docx_template,
    forge_size,
    patch_part,
    plain_zip,
    ratio_bomb,
    with_doctype,
    write,
    xlsx_template,
)

from reportgen.cli import main

_LOCATED = re.compile(r"错误：.*?(文件 |部件 |工作表 |键 |选项 |标签 |命令 |单元格|列「|第\d+行)", re.S)


@dataclass(frozen=True)
class World:
    """Good and bad inputs in one folder (built once)."""

    root: Path
    read_only: Path  # a folder nobody may write into

    def __getattr__(self, name: str) -> str:
        if name.startswith("ro_"):
            return str(self.read_only / {"docx": "out.docx", "xlsx": "out.xlsx", "yaml": "f.yaml", "dir": "out"}[name[3:]])
        return str(self.root / _FILES[name])


_FILES = {
    "docx": "good.docx", "xlsx": "good.xlsx", "data": "good.yaml", "rows": "rows.csv", "export": "export.csv",
    "roster": "roster.xlsx",
    "missing": "no/such/file.docx", "folder": "a folder", "a_file": "plain.txt",
    "empty_docx": "empty.docx", "empty_xlsx": "empty.xlsx", "empty_csv": "empty.csv", "empty_yaml": "empty.yaml",
    "pdf_docx": "pdf.docx", "xlsx_docx": "workbook.docx", "zip_docx": "other-zip.docx", "csv_xlsx": "text.xlsx",
    "docx_xlsx": "document.xlsx", "binary_csv": "binary.csv", "zip_csv": "workbook.csv", "text_pdf": "text.pdf",
    "bad_yaml": "bad.yaml", "tag_docx": "bad-tag.docx", "tag_xlsx": "bad-tag.xlsx",
    "doctype_docx": "doctype.docx", "doctype_xlsx": "doctype.xlsx", "bomb_docx": "bomb.docx",
    "bomb_xlsx": "bomb.xlsx", "ratio_xlsx": "ratio.xlsx",
    "out_docx": "out/out.docx", "out_xlsx": "out/out.xlsx", "out_dir": "out/batch",
    "under_file_docx": "plain.txt/out.docx", "under_file_xlsx": "plain.txt/out.xlsx",
    "under_file_yaml": "plain.txt/figures.yaml", "under_file_dir": "plain.txt/out",
    "long_docx": "x" * 300 + ".docx", "long_xlsx": "x" * 300 + ".xlsx", "long_dir": "y" * 300,
    "yaml": "figures.yaml",
    "pairs_self": "pairs-self.csv", "pairs_dup": "pairs-duplicate.csv", "pairs_kind": "pairs-unknown-kind.csv",
}
_PAIRS_HEAD = "帮扶单位,单位类型,受扶单位,受扶单位类型,受扶乡镇,受扶村,结对形式\n"
_PAIRS = {  # 结对帮扶名单 with one mistake each (the spec's own checks)
    "pairs-self.csv": _PAIRS_HEAD + "松阳区教育局,机关,松阳区教育局,机关,城关镇,,点对点全面结对\n",
    "pairs-duplicate.csv": _PAIRS_HEAD + "松阳区教育局,机关,长岭村,村,城关镇,长岭村,点对点全面结对\n" * 2,
    "pairs-unknown-kind.csv": _PAIRS_HEAD + "松阳区教育局,协会,长岭村,村,城关镇,长岭村,结对帮扶\n",
}


# 列名映射 wrong in one way each, over an export with two headers no spec column takes (the web page's check)
_COLUMN_MAPS = {"not-a-mapping": "[备注]", "header-not-in-exports": "{身份证号码: 证件号码}",
                "not-a-spec-column": "{备注: 没有这一列}", "unknown-registry": "{没有这种台账: {备注: 行政村}}",
                "header-is-another-column": "{村级基本情况: {行政村: 总户数}}",
                "column-has-its-header": "{村级基本情况: {备注: 行政村}}",
                "two-headers-one-column": "{村级基本情况: {备注: 总户数, 说明: 总户数}}"}
_ROSTER_EXTRA = "乡(镇),行政村,农业户籍人口,备注,说明\n城关镇,东村,300,,\n"

_PREVIOUS = {"missing-file": "[上年/建档立卡人口.xlsx]", "not-a-list": "3", "folder-without-exports": "../a folder",
             "export-empty": "[../empty.xlsx]", "export-is-text": "[../text.xlsx]"}


def _read_only(root: Path) -> Path:
    """A folder nobody may write into (root ignores permissions: a path the kernel refuses instead)."""
    if os.geteuid() == 0:
        return Path("/proc/reportgen-read-only")
    folder = root / "read-only"
    folder.mkdir(exist_ok=True)
    folder.chmod(0o500)
    return folder


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, sample_files) -> World:
    root = tmp_path_factory.mktemp("bad-inputs")
    write(root / "roster.xlsx", sample_files.paths["roster"].read_bytes())  # an export its spec matches
    good_docx = docx_template("{{ 名称 }}：{{ 村 }}")
    good_xlsx = xlsx_template({"A1": "{{ 名称 }}"})
    files = {
        "good.docx": good_docx, "good.xlsx": good_xlsx, "good.yaml": "名称: 张三\n村: 东村\n",
        "rows.csv": "名称,村\n张三,东村\n李四,西村\n", "export.csv": "姓名,村\n张三,东村\n",
        "plain.txt": "x", "empty.docx": b"", "empty.xlsx": b"", "empty.csv": b"", "empty.yaml": b"",
        "pdf.docx": PDF, "workbook.docx": good_xlsx, "other-zip.docx": plain_zip({"readme.txt": b"hi"}),
        "text.xlsx": "名称,村\n张三,东村\n", "document.xlsx": good_docx, "binary.csv": bytes(range(256)) * 8,
        "workbook.csv": good_xlsx, "text.pdf": "not a pdf", "bad.yaml": "名称: [张三,\n村: 东村\n",
        "bad-tag.docx": docx_template("{{ 名称 "), "bad-tag.xlsx": xlsx_template({"A1": "{{ 名称 "}),
        "doctype.docx": patch_part(good_docx, "word/document.xml", with_doctype),
        "doctype.xlsx": patch_part(good_xlsx, "xl/worksheets/sheet1.xml", with_doctype),
        "bomb.docx": forge_size(good_docx, "word/document.xml", 3_000_000_000),
        "bomb.xlsx": forge_size(good_xlsx, "xl/worksheets/sheet1.xml", 3_500_000_000),
        "ratio.xlsx": ratio_bomb(good_xlsx),
        **_PAIRS,
    }
    for name, data in files.items():
        write(root / name, data)
    (root / "a folder").mkdir()
    for name in ("empty.xlsx", "text.xlsx", "binary.csv"):  # a folder of exports that are all broken
        write(root / "bad-exports" / name, (root / name).read_bytes())
    write(root / "has-project" / "reportgen.yaml", "县: 青禾县\n")
    (root / "no-project").mkdir()
    for name, previous in _PREVIOUS.items():  # 上年 (last year's exports) wrong in one way each
        write(root / f"prev-{name}" / "reportgen.yaml",
              f"台账: {{村级基本情况: ../roster.xlsx}}\n上年: {previous}\nPDF: 否\n核对底稿: 否\n文档: [乡镇汇总]\n")
    write(root / "roster-extra.csv", _ROSTER_EXTRA)
    for name, column_map in _COLUMN_MAPS.items():
        write(root / f"map-{name}" / "reportgen.yaml", f"台账: {{村级基本情况: ../roster-extra.csv}}\n"
              f"列名映射: {column_map}\nPDF: 否\n核对底稿: 否\n文档: [乡镇汇总]\n")
    return World(root, _read_only(root))


def _matrix(w: World) -> dict[str, dict[str, list[str]]]:
    """command → case → argv. Each case holds exactly one mistake; the rest of the command line is good."""
    def render(t=w.docx, d=w.data, o=w.out_docx):
        return ["render", t, "--data", d, "-o", o]

    def fill(t=w.xlsx, o=w.out_xlsx, *extra):
        return ["fill", t, "--data", w.data, "-o", o, *extra]

    def batch(t=w.docx, r=w.rows, o=w.out_dir, *extra):
        return ["batch", t, "--rows", r, "-o", o, "-q", "--jobs", "1", *extra]

    templates = {"missing": w.missing, "empty": w.empty_docx, "pdf-named-docx": w.pdf_docx,
                 "xlsx-named-docx": w.xlsx_docx, "zip-of-something-else": w.zip_docx, "folder": w.folder,
                 "bad-tag": w.tag_docx, "doctype": w.doctype_docx, "zip-bomb": w.bomb_docx}
    exports = {"missing": w.missing, "empty-xlsx": w.empty_xlsx, "empty-csv": w.empty_csv, "csv-named-xlsx": w.csv_xlsx,
               "docx-named-xlsx": w.docx_xlsx, "binary-csv": w.binary_csv, "xlsx-named-csv": w.zip_csv,
               "folder": w.folder, "doctype-sheet": w.doctype_xlsx, "zip-bomb": w.bomb_xlsx,
               "ratio-bomb": w.ratio_xlsx}
    outputs_docx = {"parent-is-file": w.under_file_docx, "read-only": w.ro_docx, "name-too-long": w.long_docx,
                    "is-a-folder": w.folder}
    outputs_xlsx = {"parent-is-file": w.under_file_xlsx, "read-only": w.ro_xlsx, "name-too-long": w.long_xlsx,
                    "is-a-folder": w.folder}
    outputs_dir = {"is-a-file": w.a_file, "parent-is-file": w.under_file_dir, "read-only": w.ro_dir,
                   "name-too-long": w.long_dir}
    data = {"missing": w.missing, "bad-yaml": w.bad_yaml, "folder": w.folder, "binary": w.binary_csv}
    return {
        "render": {**{f"template-{k}": render(t=v) for k, v in templates.items()},
                   **{f"data-{k}": render(d=v) for k, v in data.items()},
                   **{f"output-{k}": render(o=v) for k, v in outputs_docx.items()}},
        "check": {f"template-{k}": ["check", v] for k, v in templates.items()},
        "vars": {f"template-{k}": ["vars", v] for k, v in templates.items()},
        "fill": {**{f"template-{k}": fill(v) for k, v in {
                     "missing": w.missing, "empty": w.empty_xlsx, "csv-named-xlsx": w.csv_xlsx,
                     "docx-named-xlsx": w.docx_xlsx, "folder": w.folder, "bad-tag": w.tag_xlsx,
                     "doctype": w.doctype_xlsx, "zip-bomb": w.bomb_xlsx, "ratio-bomb": w.ratio_xlsx}.items()},
                 **{f"data-{k}": ["fill", w.xlsx, "--data", v, "-o", w.out_xlsx] for k, v in data.items()},
                 **{f"export-{k}": ["fill", w.xlsx, "--export", v, "-o", w.out_xlsx] for k, v in exports.items()},
                 **{f"output-{k}": fill(w.xlsx, v) for k, v in outputs_xlsx.items()},
                 "no-data": ["fill", w.xlsx, "-o", w.out_xlsx]},
        "validate": {**{f"export-{k}": ["validate", v] for k, v in exports.items()},
                     "spec-bad-yaml": ["validate", w.export, "--spec", w.bad_yaml],
                     "spec-empty": ["validate", w.export, "--spec", w.empty_yaml],
                     "spec-folder": ["validate", w.export, "--spec", w.folder],
                     "unknown-kind": ["validate", w.export]},
        "figures": {**{f"export-{k}": ["figures", v, "-o", w.yaml] for k, v in exports.items()},
                    "spec-bad-yaml": ["figures", w.export, "--spec", w.bad_yaml, "-o", w.yaml],
                    "unknown-kind": ["figures", w.export, "-o", w.yaml],
                    # a 结对帮扶名单 with a self-pair, a repeated pair, an unknown 单位类型 (validate lists them as a report)
                    **{f"pairs-{k}": ["figures", getattr(w, f"pairs_{k}"), "-o", w.yaml] for k in ("self", "dup", "kind")},
                    "output-read-only": ["figures", w.roster, "-o", w.ro_yaml],
                    "output-parent-is-file": ["figures", w.roster, "-o", w.under_file_yaml],
                    "output-name-too-long": ["figures", w.roster, "-o", str(w.root / ("z" * 300 + ".yaml"))],
                    "output-is-a-folder": ["figures", w.roster, "-o", w.folder],
                    "output-not-yaml": ["figures", w.roster, "-o", w.out_docx],
                    "audit-not-xlsx": ["figures", w.roster, "-o", w.yaml, "--audit", w.out_docx],
                    "audit-parent-is-file": ["figures", w.roster, "-o", w.yaml, "--audit", w.under_file_xlsx],
                    "audit-is-a-folder": ["figures", w.roster, "-o", w.yaml, "--audit", w.folder],
                    "previous-missing": ["figures", w.roster, "-o", w.yaml, "--previous", w.missing]},
        "explain": {**{f"export-{k}": ["explain", v, "村级基本情况.行政村数"] for k, v in exports.items()},
                    "figures-without-sources": ["explain", w.data, "村级基本情况.行政村数"],
                    "figures-bad-yaml": ["explain", w.bad_yaml, "村级基本情况.行政村数"],
                    "unknown-figure": ["explain", w.roster, "村级基本情况.没有这个"],
                    "bad-path": ["explain", w.roster, "村级基本情况..行政村数"],
                    "registry-not-given": ["explain", w.roster, "建档立卡.户数"]},
        "batch": {**{f"template-{k}": batch(t=v) for k, v in templates.items()},
                  **{f"rows-{k}": batch(r=v) for k, v in exports.items()},
                  **{f"output-{k}": batch(o=v) for k, v in outputs_dir.items()},
                  "data-bad-yaml": batch(w.docx, w.rows, w.out_dir, "--data", w.bad_yaml),
                  "data-empty-spec": ["batch", w.docx, "--export", w.export, "--spec", w.empty_yaml, "-o",
                                      w.out_dir],
                  "name-bad-syntax": batch(w.docx, w.rows, w.out_dir, "--name", "{{ 名称 .docx"),
                  "per-unknown-column": batch(w.docx, w.rows, w.out_dir, "--per", "户编号"),
                  "set-without-equals": batch(w.docx, w.rows, w.out_dir, "--set", "年度"),
                  "rows-and-export": batch(w.docx, w.rows, w.out_dir, "--export", w.export),
                  "cluster-zero-workers": batch(w.docx, w.rows, w.out_dir, "--cluster", "local:0"),
                  "cluster-not-an-address": batch(w.docx, w.rows, w.out_dir, "--cluster", "调度器"),
                  "cluster-port-out-of-range": batch(w.docx, w.rows, w.out_dir, "--cluster", "tcp://10.0.0.5:99999"),
                  "partition-size-zero": batch(w.docx, w.rows, w.out_dir, "--cluster", "local", "--partition-size", "0"),
                  "partition-size-without-cluster": batch(w.docx, w.rows, w.out_dir, "--partition-size", "50"),
                  "url-output-without-cluster": batch(w.docx, w.rows, "s3://bucket/out"),
                  "url-output-with-merge": batch(w.docx, w.rows, "file:///tmp/x", "--cluster", "local:2", "--merge", "a"),
                  "url-output-with-pdf": batch(w.docx, w.rows, "file:///tmp/x", "--cluster", "local:2", "--pdf"),
                  "url-output-per-process": batch(w.docx, w.rows, "memory://out", "--cluster", "local:2"),
                  "url-output-unknown-protocol": batch(w.docx, w.rows, "nosuch://b/out", "--cluster", "local:2")},
        "templates": {"unknown-subcommand": ["templates", "nope"]},
        # init only surveys a folder (an empty or unreadable export is listed as 未使用 with its reason)
        "init": {"missing-folder": ["init", w.missing], "a-file": ["init", w.a_file],
                 "project-exists": ["init", str(w.root / "has-project")]},
        "build": {"missing-project": ["build", w.missing], "project-bad-yaml": ["build", w.bad_yaml],
                  "folder-without-project": ["build", str(w.root / "no-project")],
                  "output-is-a-file": ["build", str(w.root / "bad-exports"), "-o", w.a_file],
                  **{f"previous-{k}": ["build", str(w.root / f"prev-{k}"), "-o", w.out_dir] for k in _PREVIOUS},
                  **{f"column-map-{k}": ["build", str(w.root / f"map-{k}"), "-o", w.out_dir] for k in _COLUMN_MAPS}},
        "serve": {"host-without-token": ["serve", "--host", "0.0.0.0"], "port-out-of-range": ["serve", "--port", "0"],
                  "upload-limit-zero": ["serve", "--max-upload-mb", "0"]},
        "templates export": {"unknown-name": ["templates", "export", "没有这个", str(w.root / "t")],
                             **{f"output-{k}": ["templates", "export", "责任书", v] for k, v in outputs_dir.items()}},
        "check-layout": {**{f"file-{k}": ["check-layout", v] for k, v in templates.items() if k != "bad-tag"},
                         "xlsx": ["check-layout", w.xlsx], "text-named-pdf": ["check-layout", w.text_pdf]},
        "demo": {f"output-{k}": ["demo", "--out", v, "--persons", "10"] for k, v in outputs_dir.items()}
                | {"persons-too-few": ["demo", "--out", w.out_dir, "--persons", "5"]},
        "sample-data": {f"output-{k}": ["sample-data", "--out", v, "--persons", "10"] for k, v in outputs_dir.items()}
                       | {"mess-unknown": ["sample-data", "--out", w.out_dir, "--mess", "bogus"],
                          "persons-too-few": ["sample-data", "--out", w.out_dir, "--persons", "5"]},
    }


def _command_paths(group: click.Group, prefix: str = "") -> set[str]:
    found = set()
    for name, command in group.commands.items():
        found.add(f"{prefix}{name}")
        if isinstance(command, click.Group):
            found |= _command_paths(command, f"{prefix}{name} ")
    return found


_SHAPE = World(Path("/x"), Path("/y"))  # the matrix's shape, for collection (paths are not used)
_CASES = [(command, case) for command, cases in _matrix(_SHAPE).items() for case in cases]


def test_every_command_has_matrix_entries() -> None:
    matrix = _matrix(_SHAPE)
    assert set(matrix) == _command_paths(main), "每个命令（含子命令）都要在坏输入矩阵中有条目"
    assert all(len(cases) >= 1 for cases in matrix.values())


@pytest.mark.parametrize(("command", "case"), _CASES, ids=[f"{c}:{k}" for c, k in _CASES])
def test_bad_input_is_a_located_user_error(world: World, command: str, case: str) -> None:
    argv = _matrix(world)[command][case]
    result = CliRunner().invoke(main, argv)
    output = result.output
    assert "内部错误" not in output and "Traceback" not in output, output
    assert result.exit_code == 1, (result.exit_code, output)
    assert _LOCATED.search(output), output
