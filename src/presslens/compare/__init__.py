"""Several articles on one event side by side: names and labels, claims, voices, techniques, dates."""

from .build import compare
from .claims import SAME_CLAIM_THRESHOLD
from .matching import RULES, match_actors
from .model import Comparison, comparison_schema

__all__ = ["RULES", "SAME_CLAIM_THRESHOLD", "Comparison", "compare", "comparison_schema", "match_actors"]
