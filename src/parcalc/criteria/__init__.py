"""Criteria sets: the YAML format, its typed model, loading and checking."""

from parcalc.criteria.load import check_criteria, load_criteria
from parcalc.criteria.model import CriteriaSet, Leaf, Node
from parcalc.criteria.shipped import resolve_criteria, shipped_ids

__all__ = [
    "CriteriaSet",
    "Leaf",
    "Node",
    "check_criteria",
    "load_criteria",
    "resolve_criteria",
    "shipped_ids",
]
