"""Measures: turn a typed table into the figures its spec declares, county-wide and per 乡镇/村."""

from reportgen.measures.compute import Evaluator, ratio
from reportgen.measures.groups import Order, compute_registry, merge_order, order_of, scope_value

__all__ = ["Evaluator", "compute_registry", "order_of", "merge_order", "scope_value", "ratio", "Order"]
