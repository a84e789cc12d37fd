"""Token-bag precision/recall/F1 of extracted text against gold text.

Whitespace tokens counted with multiplicity, the measure of
``shared/tools/score_clean.py``; one implementation for the tests and the
benchmarks.  Imports nothing from the rest of :mod:`enrich`.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple


class Score(NamedTuple):
    precision: float
    recall: float
    f1: float


def token_score(predicted: str, gold: str) -> Score:
    """Precision, recall and F1 of *predicted* against *gold* (bags of whitespace tokens)."""
    p, g = Counter(predicted.split()), Counter(gold.split())
    hit = sum((p & g).values())
    precision = hit / sum(p.values()) if p else 0.0
    recall = hit / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)
