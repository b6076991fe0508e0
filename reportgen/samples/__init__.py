"""Deterministic synthetic registries for a fictional county (青禾县), for demos, tests and benchmarks.

``generate(out_dir, persons=..., seed=...)`` writes one .xlsx per registry; the same arguments give the
same bytes. ``mess`` adds what real exports do wrong (see :data:`MESS_KINDS`).
"""

from reportgen.samples.files import FILES, SampleFiles, generate, tables
from reportgen.samples.registries import build_county
from reportgen.samples.writer import MESS_KINDS

__all__ = ["generate", "tables", "FILES", "MESS_KINDS", "SampleFiles", "build_county"]
