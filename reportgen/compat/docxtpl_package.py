"""docxtpl's replacements on the saved package: ``replace_pic`` (a picture found by its name, title or
description), ``replace_media`` / ``replace_embedded`` (a part found by the CRC of the original file) and
``replace_zipname`` (a part by name). Applied to the rendered bytes, untouched entries copied as stored."""

from __future__ import annotations

import binascii
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.ooxml.archive import deflated, stored, write_zip
from reportgen.ooxml.namespaces import A_NS, PIC_NS, R_NS, REL_FOOTER, REL_HEADER
from reportgen.ooxml.package import Package


def read_source(source: Any) -> bytes:
    """Bytes of a path or a file-like object (read from its start when it can seek)."""
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        return source.read()
    return Path(source).read_bytes()


def crc_of(source: Any) -> int:
    return binascii.crc32(read_source(source)) & 0xFFFFFFFF


@dataclass
class Replacements:
    pics: dict[str, bytes] = field(default_factory=dict)  # picture name/title/descr → new image
    media: dict[int, bytes] = field(default_factory=dict)  # CRC of the original → new bytes
    embedded: dict[int, bytes] = field(default_factory=dict)
    zipnames: dict[str, bytes] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.pics or self.media or self.embedded or self.zipnames)

    def apply(self, data: bytes, allow_missing_pics: bool = False) -> bytes:
        """The package with every replacement made; a picture not found is a ``ValueError`` (as docxtpl)."""
        if not self:
            return data
        package = Package(data)
        new: dict[str, bytes] = dict(self.zipnames)
        if self.pics:
            found = _picture_parts(package, self.pics, new)
            missing = [name for name in self.pics if name not in found]
            if missing and not allow_missing_pics:
                raise ValueError(f"Picture {missing[0]} not found in the docx template")
        entries = []
        for entry in package.entries:
            content = new.get(entry.name)
            if content is None and entry.name.startswith("word/media/"):
                content = self.media.get(entry.crc)
            if content is None and entry.name.startswith("word/embeddings/"):
                content = self.embedded.get(entry.crc)
            if content is None:
                entries.append(entry)
            elif entry.method == 0:
                entries.append(stored(entry.name, content, entry.date_time))
            else:
                entries.append(deflated(entry.name, content, entry.date_time))
        return write_zip(entries)


def _picture_parts(package: Package, pics: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    """Find each named picture in the body, headers and footers; record its media part's new bytes."""
    main = package.main
    parts = [main, *(r.target for r in package.rels(main) if r.type in (REL_HEADER, REL_FOOTER) and not r.external)]
    found: set[str] = set()
    for part in parts:
        if part not in package.names:
            continue
        rels = {r.rid: r for r in package.rels(part)}
        for pic in package.parse(part).iter(f"{{{PIC_NS}}}pic"):
            props = pic.find(f"{{{PIC_NS}}}nvPicPr/{{{PIC_NS}}}cNvPr")
            blip = pic.find(f"{{{PIC_NS}}}blipFill/{{{A_NS}}}blip")
            if props is None or blip is None or blip.get(f"{{{R_NS}}}embed") not in rels:
                continue
            keys = (props.get("name"), props.get("title"), props.get("descr"))
            name = next((key for key in pics if key in keys), None)
            rel = rels[blip.get(f"{{{R_NS}}}embed")]
            if name is not None and not rel.external:
                new[rel.target] = pics[name]
                found.add(name)
    return found
