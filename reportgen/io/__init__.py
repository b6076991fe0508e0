"""Foundation I/O every layer may use: the one atomic file writer, the one data-file loader, the one gate
for untrusted input files (:mod:`.untrusted`) and the one CSV writer (:mod:`.tabular`)."""

from reportgen.io.data import load_mapping, parse_mapping
from reportgen.io.files import (
    TEMP_PREFIX,
    atomic_write_bytes,
    atomic_write_text,
    atomic_writer,
    ensure_folder,
    remove_stale_temps,
)
from reportgen.io.tabular import neutralize, write_csv
from reportgen.io.untrusted import LIMITS, SPREADSHEET_LIMITS, Limits, check_package_file

__all__ = [
    "TEMP_PREFIX", "atomic_write_bytes", "atomic_write_text", "atomic_writer", "ensure_folder", "remove_stale_temps",
    "load_mapping", "parse_mapping", "neutralize", "write_csv", "LIMITS", "SPREADSHEET_LIMITS", "Limits",
    "check_package_file",
]
