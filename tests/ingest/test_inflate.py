"""The fast inflater gives zipfile's bytes, and refuses a member whose CRC or size does not match."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from reportgen.ingest import inflate


def _workbook(path):
    wb = openpyxl.Workbook()
    for n in range(2000):
        wb.active.append([f"H{n:05d}", n * 1.5, "城关镇", None, "是"])
    wb.save(path)
    return path


@pytest.mark.skipif(inflate.isal_zlib is None, reason="isal has no wheel for this machine: zipfile reads")
def test_every_member_inflates_to_zipfiles_bytes_in_any_read_size(tmp_path):
    path = _workbook(tmp_path / "a.xlsx")
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            for size in (1, 7, 4096, 1 << 22):
                with inflate.inflated(zf, info) as f:
                    parts = []
                    while data := f.read(size):
                        parts.append(data)
                assert b"".join(parts) == zf.read(info), (info.filename, size)


@pytest.mark.skipif(inflate.isal_zlib is None, reason="isal has no wheel for this machine: zipfile reads")
def test_a_wrong_crc_or_a_short_stated_size_is_refused(tmp_path):
    path = _workbook(tmp_path / "a.xlsx")
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        info.CRC ^= 1
        with pytest.raises(zipfile.BadZipFile, match="CRC"), inflate.inflated(zf, info) as f:
            while f.read(1 << 16):
                pass
        info.CRC ^= 1
        info.file_size -= 10
        with pytest.raises(zipfile.BadZipFile, match="stated size"), inflate.inflated(zf, info) as f:
            while f.read(1 << 16):
                pass
