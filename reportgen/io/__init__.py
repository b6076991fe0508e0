"""Foundation I/O every layer may use: the one atomic file writer and the one data-file loader."""

from reportgen.io.data import load_mapping, parse_mapping
from reportgen.io.files import (
    TEMP_PREFIX,
    atomic_write_bytes,
    atomic_write_text,
    atomic_writer,
    ensure_folder,
    remove_stale_temps,
)

__all__ = [
    "TEMP_PREFIX", "atomic_write_bytes", "atomic_write_text", "atomic_writer", "ensure_folder", "remove_stale_temps",
    "load_mapping", "parse_mapping",
]
