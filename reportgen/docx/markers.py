"""What the compiler leaves in a part's tree: ``<?rg N?>`` markers, each standing for one Jinja emission.

Shared by the compiler and the passes that read or add markers (block structure, numbering restarts), so
those passes take the emission table as an argument instead of reaching into the compiler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from reportgen.docx.tokenizer import Tag
from reportgen.errors import Location

# Jinja's delimiters are control characters, which XML 1.0 forbids in a document: no template text can
# ever be mistaken for code.
VAR_OPEN, VAR_CLOSE = "\x02{", "}\x03"
BLOCK_OPEN, BLOCK_CLOSE = "\x02%", "%\x03"
COMMENT_OPEN, COMMENT_CLOSE = "\x02#", "#\x03"


@dataclass
class Emission:
    """What one marker turns into, and where its tag was written (for error messages)."""

    code: str
    location: Location
    tag: Tag | None = None
    role: tuple[str, str] | None = None  # block role of a statement


# Adds an emission (code, location) and returns the marker to put in the tree.
Emit = Callable[[str, Location], etree._ProcessingInstruction]


def iter_markers(root: etree._Element) -> Iterator[tuple[etree._ProcessingInstruction, int]]:
    """(marker node, emission index) in document order."""
    for node in root.iter(etree.ProcessingInstruction):
        if node.target == "rg":
            yield node, int(node.text)
