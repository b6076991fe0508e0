"""Declarative data specs (``data_specs/*.yaml``): columns, keys, groupings and indicators of a registry.

``load_spec(path)`` reads and validates one spec; ``builtin_specs()`` loads the shipped ones;
``match_spec(headers, specs)`` picks the spec whose columns an export's headers carry.
"""

from reportgen.specs.loader import load_spec, spec_from_dict
from reportgen.specs.matching import (
    BUILTIN_DIR,
    builtin_specs,
    closest_header,
    column_names,
    find_spec,
    load_specs,
    match_score,
    match_spec,
    normalise_header,
    spec_ref,
    spec_set,
    with_column_map,
)
from reportgen.specs.model import COLUMN_TYPES, PRIVACY_CLASSES, PUBLIC_MASKED, ColumnSpec, Indicator, Spec

__all__ = [
    "COLUMN_TYPES", "PRIVACY_CLASSES", "PUBLIC_MASKED", "BUILTIN_DIR", "ColumnSpec", "Indicator", "Spec",
    "builtin_specs", "load_spec", "load_specs", "spec_from_dict", "match_spec", "match_score",
    "normalise_header", "column_names", "find_spec", "spec_ref", "spec_set", "with_column_map", "closest_header",
]
