"""Screening of uploaded files before the library reads them: size, emptiness, disguise, zip bombs.

Each refusal is a located :class:`ReportgenError` (file name, what is wrong, what to do), the same form
every other reportgen error has; files that pass go to the same readers the CLI uses.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from reportgen.errors import Location, ReportgenError

EXPORT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
TEMPLATE_SUFFIXES = (".docx", ".xlsx")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_MAIN_PART = {".xlsx": "xl/workbook.xml", ".xlsm": "xl/workbook.xml", ".docx": "word/document.xml"}
_KIND = {".xlsx": "Excel 表格（.xlsx）", ".xlsm": "Excel 表格（.xlsm）", ".xls": "Excel 97-2003 表格（.xls）",
         ".csv": "CSV 文本表格", ".docx": "Word 文档（.docx）"}


@dataclass(frozen=True)
class Limits:
    """Upload limits (the server's options; tests lower them)."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_files_per_request: int = 20
    max_files_per_session: int = 40
    max_unpacked_bytes: int = 1024 * 1024 * 1024  # all members of one .xlsx/.docx, uncompressed
    max_ratio: int = 200  # uncompressed / compressed size of one member, above 1 MB
    max_members: int = 5000

    @property
    def max_request_bytes(self) -> int:
        return self.max_file_bytes * self.max_files_per_request + 1024 * 1024


def clean_name(name: str | None) -> str:
    """The uploaded name for display: last path component, no control characters, at most 120 characters."""
    text = (name or "").replace("\\", "/").split("/")[-1]
    text = "".join(ch for ch in text if ch.isprintable()).strip()
    return text[:120] or "未命名文件"


def suffix_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def screen(name: str, data: bytes, allowed: tuple[str, ...], limits: Limits) -> str:
    """Check an upload and return its (lower-case) suffix; raise a located error if it is refused."""
    where = Location(file=name)
    suffix = suffix_of(name)
    if suffix not in allowed:
        raise ReportgenError(f"不支持的文件类型「{suffix or '无扩展名'}」", where,
                             hint="可以上传：" + "、".join(allowed))
    if not data:
        raise ReportgenError("文件是空的（0 字节）", where, hint="请重新导出或另存后再上传。")
    if len(data) > limits.max_file_bytes:
        raise ReportgenError(f"文件太大（{len(data) / 1048576:.1f} MB，上限 {limits.max_file_bytes // 1048576} MB）",
                             where, hint="请只导出需要的工作表，或用命令行 reportgen 处理大文件。")
    if suffix in _MAIN_PART:
        _screen_zip(data, suffix, where, limits)
    elif suffix == ".xls":
        if not data.startswith(_OLE2):
            raise ReportgenError(f"文件内容不是 {_KIND['.xls']}：{_looks_like(data)}", where,
                                 hint="请用 Excel/WPS 打开后另存为 .xlsx 再上传。")
    elif suffix == ".csv" and (b"\x00" in data[:8192] or data.startswith((_ZIP, _OLE2))):
        raise ReportgenError(f"文件内容不是 CSV 文本：{_looks_like(data)}", where,
                             hint="CSV 应是逗号分隔的文本；Excel 表格请保留 .xlsx 扩展名上传。")
    return suffix


def _looks_like(data: bytes) -> str:
    if data.startswith(_ZIP):
        return "看起来是 zip 压缩包（可能是改了扩展名的 .xlsx/.docx）"
    if data.startswith(_OLE2):
        return "看起来是旧版 Office 文件（.xls/.doc）"
    if data.startswith(b"%PDF"):
        return "看起来是 PDF 文件"
    if data[:1] in (b"<", b"\xef") and b"<html" in data[:512].lower():
        return "看起来是网页（HTML）"
    return "无法识别的内容"


def _screen_zip(data: bytes, suffix: str, where: Location, limits: Limits) -> None:
    kind = _KIND[suffix]
    if not data.startswith(_ZIP):
        raise ReportgenError(f"文件内容不是{kind}：{_looks_like(data)}", where,
                             hint=f"请用 Word/WPS 或 Excel 打开后另存为{kind}再上传。")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReportgenError(f"文件已损坏，不是有效的{kind}", where,
                             hint=f"请用 Office 打开后另存为{kind}再上传。") from None
    if len(infos) > limits.max_members:
        raise ReportgenError(f"文件包含 {len(infos)} 个部件，超过上限 {limits.max_members}", where,
                             hint="这不像是普通的 Office 文件；请另存后再上传。")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > limits.max_unpacked_bytes or (info.file_size > 1048576 and ratio > limits.max_ratio):
            raise ReportgenError(
                "文件解压后过大（疑似“压缩炸弹”），已拒绝处理", where.with_(part=info.filename),
                hint=f"解压后上限 {limits.max_unpacked_bytes // 1048576} MB、压缩比上限 {limits.max_ratio}；"
                     "正常导出的表格不会这样，请重新导出。")
    names = {info.filename for info in infos}
    if _MAIN_PART[suffix] not in names:
        other = next((s for s, part in _MAIN_PART.items() if part in names), None)
        found = f"这是{_KIND[other]}，不是{kind}" if other else f"缺少 {_MAIN_PART[suffix]}，不是有效的{kind}"
        raise ReportgenError(f"文件内容与扩展名不符：{found}", where,
                             hint="请确认上传的是正确的文件，不要只改扩展名。")
