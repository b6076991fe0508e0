"""The one gate for input files a person hands us: what a file really is, and zip packages within limits.

Templates (.docx, .xlsx) and registry exports (.xlsx, .csv) come from e-mail and USB sticks. Before a
parser sees one, :func:`check_package_file` refuses what would make it crash, hang or read too much:

- an empty file, or a file whose content is not what its extension says (a PDF named .docx, a CSV saved
  as .xlsx, an old .xls, an Excel workbook given as a Word template) — :func:`describe_content` and
  :func:`office_kind` name what it really is;
- a zip whose central directory promises too many parts, too large parts or an abnormal compression ratio
  (a "zip bomb"); only the directory is read, so the check costs neither time nor memory;
- an XML part whose prolog declares a DOCTYPE (entities: "billion laughs", external files): only the
  prolog of each part is decompressed, chunk by chunk.

The .docx engine reads the same limits when it decompresses parts (:mod:`reportgen.ooxml.archive`), and the
streaming .xlsx reader checks each part it inflates against :data:`SPREADSHEET_LIMITS` and the DOCTYPE rule
here (:mod:`reportgen.ingest.xlsxparts`): one set of limits for every reader.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Location, ReportgenError

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a package may hold. Real files are far below each: a 300-page report is a few MB; a
    196,000-row × 171-column export's sheet is about 1 GB uncompressed at a ratio near 10."""

    max_parts: int = 10_000
    max_part_size: int = 256 * _MB  # uncompressed, per part
    max_total_size: int = 1024 * _MB  # uncompressed, all parts
    max_ratio: int = 200  # uncompressed / compressed, for parts above ratio_from bytes
    ratio_from: int = 4 * _MB
    kind: str = ".docx"  # what the file should be, for messages
    resave: str = "请用 Word/WPS 打开后另存为 .docx 再试"


LIMITS = Limits()
SPREADSHEET_LIMITS = Limits(max_part_size=2048 * _MB, max_total_size=3072 * _MB, kind=".xlsx",
                            resave="请用 Excel/WPS 打开后另存为 .xlsx 再试")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip 压缩包（.docx/.xlsx 等）"),
    (b"PK\x05\x06", "空的 zip 压缩包"),
    (b"%PDF", "PDF 文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（.doc/.xls/.et/.wps）或加密的文档"),
    (b"{\\rtf", "RTF 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
)


def describe_content(head: bytes) -> str:
    """What the first bytes of a file say it is, in Chinese (for "this is not a …" messages)."""
    if not head:
        return "空文件（0 字节）"
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16 文本（Excel 的“Unicode 文本”）"
    text = head.lstrip(b"\xef\xbb\xbf")
    if b"\x00" in text[:4096]:
        return "二进制文件"
    if re.match(rb"\s*<(?:\?xml|!DOCTYPE html|html)", text, re.I):
        return "网页或 XML 文本（可能是系统导出的“假 .xls”）"
    return "文本文件（如 CSV）"


def read_head(path: Path, size: int = 8192) -> bytes:
    with path.open("rb") as f:
        return f.read(size)


def office_kind(names: Iterable[str]) -> str | None:
    """``docx``/``xlsx``/``pptx``/``odf`` by the parts a package holds, or None (some other zip)."""
    names = set(names)
    tops = {n.split("/", 1)[0] for n in names}
    for top, kind in (("word", "docx"), ("xl", "xlsx"), ("ppt", "pptx")):
        if top in tops and "[Content_Types].xml" in names:
            return kind
    if "content.xml" in names and "mimetype" in names:
        return "odf"
    return None


KIND_NAMES = {"docx": "Word 文档（.docx）", "xlsx": "Excel 工作簿（.xlsx）", "pptx": "PowerPoint 演示文稿",
               "odf": "OpenDocument 文件（.ods/.odt）"}


def too_big(message: str, label: str | None, part: str | None, limits: Limits) -> ReportgenError:
    return ReportgenError(message, Location(file=label, part=part),
                          hint=f"这不像正常的 {limits.kind} 文件（可能是“zip 炸弹”或已损坏）；请检查文件来源")


def _size(n: int) -> str:
    return f"{n / _MB:.0f} MB" if n >= _MB else f"{n / 1024:.1f} KB"


def check_directory(infos: list[zipfile.ZipInfo], label: str | None, limits: Limits = LIMITS) -> None:
    """Refuse a package whose central directory exceeds ``limits`` or says a part is encrypted."""
    if len(infos) > limits.max_parts:
        raise too_big(f"文件包含 {len(infos)} 个部件，超过上限 {limits.max_parts}", label, None, limits)
    total = 0
    for info in infos:
        name = info.filename
        if info.flag_bits & 0x1:
            raise ReportgenError("文件已加密，无法读取", Location(file=label), hint="请取消文档密码后再试")
        if info.file_size > limits.max_part_size:
            raise too_big(f"部件 {name} 解压后有 {_size(info.file_size)}，超过上限 {_size(limits.max_part_size)}",
                          label, name, limits)
        total += info.file_size
        if total > limits.max_total_size:
            raise too_big(f"文件解压后超过 {_size(limits.max_total_size)} 的上限", label, name, limits)
        if info.file_size > limits.ratio_from and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise too_big(f"部件 {name} 的压缩比（{info.file_size // max(info.compress_size, 1)} 倍）异常，"
                          f"超过上限 {limits.max_ratio} 倍", label, name, limits)


# -- XML prologs ----------------------------------------------------------------------------------------
_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
MAX_PROLOG = 1024 * 1024  # a real prolog is a declaration and perhaps a comment: well under 1 KB


def declares_doctype(head: bytes, complete: bool = True) -> bool | None:
    """Whether an XML document's prolog declares a DOCTYPE (or any other ``<!`` declaration).

    Comments and processing instructions before the root are skipped properly (a ``<a`` inside a comment
    does not end the prolog). With ``complete=False`` (``head`` is only the start of the part) None means
    "the prolog goes on: read more"."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    elif head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    pos = 0
    while (m := _PROLOG_ITEM.match(head, pos)) and m.end() > pos:
        pos = m.end()
    rest = head[pos:].lstrip()
    if not complete and (len(rest) < 4 or rest.startswith((b"<?", b"<!--"))):
        return None  # an unfinished comment/PI, or too few bytes to tell
    return rest.startswith(b"<!")


def refuse_doctype_error(label: str | None, part: str | None) -> ReportgenError:
    return ReportgenError("XML 中含有 DOCTYPE/实体（ENTITY）声明，为安全起见拒绝处理", Location(file=label, part=part),
                          hint="Word、WPS 和 Excel 保存的文件不含 DOCTYPE；请用它们打开后另存一次再试")


def _scan_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str | None) -> None:
    head = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(65536)
            head += chunk
            verdict = declares_doctype(head, complete=not chunk)
            if verdict is not None:
                break
            if len(head) > MAX_PROLOG:
                raise ReportgenError("XML 部件开头的注释或声明超过 1 MB，拒绝处理", Location(file=label, part=info.filename),
                                     hint="正常保存的文件不会这样；请用 Word/WPS/Excel 打开后另存一次再试")
    if verdict:
        raise refuse_doctype_error(label, info.filename)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def check_package_file(path: str | Path, label: str | None = None, limits: Limits = LIMITS,
                       expect: str | None = None) -> list[str]:
    """Refuse an input package before any parser reads it; returns its part names.

    ``expect`` (``"docx"``, ``"xlsx"``, ``"odf"``) also refuses a package of another kind. Errors are
    located at ``label`` (default: the path) and, for a part, at that part."""
    path = Path(path)
    label = label or str(path)
    try:
        head = read_head(path, 8)
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise not_a_package(label, limits, head) from None
    except IsADirectoryError:
        raise ReportgenError("这里给的是文件夹，不是文件", Location(file=label), hint="请给出文件的路径") from None
    except OSError as exc:
        raise ReportgenError(f"无法读取文件：{exc.strerror or exc}", Location(file=label)) from None
    with archive:
        check_directory(infos, label, limits)
        names = [i.filename for i in infos]
        kind = office_kind(names)
        if expect is not None and kind != expect:
            what = KIND_NAMES.get(kind or "", "普通的 zip 压缩包（不是 Office 文档）")
            raise ReportgenError(f"文件不是 {limits.kind} 文件：它是{what}", Location(file=label),
                                 hint=f"请检查是否选错了文件；{limits.resave}")
        for info in infos:
            if _is_xml(info.filename) and not info.is_dir():
                try:
                    _scan_prolog(archive, info, label)
                except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
                    raise ReportgenError(f"文件中的部件 {info.filename} 已损坏或加密：{exc}",
                                         Location(file=label, part=info.filename), hint=limits.resave) from None
    return names


def not_a_package(label: str | None, limits: Limits, head: bytes) -> ReportgenError:
    """"Not a zip package" with what the bytes actually are (empty, PDF, CSV text, old .xls …)."""
    what = describe_content(head)
    if not head:
        return ReportgenError("文件是空的（0 字节）", Location(file=label),
                              hint=f"文件可能没有下载或复制完整；请重新获取。{limits.resave}")
    return ReportgenError(f"文件不是有效的 {limits.kind} 文件（无法作为 zip 打开）：内容是{what}", Location(file=label),
                          hint=f"扩展名与内容不符或文件已损坏；{limits.resave}（不是 .doc/.xls/.wps/.et）")
