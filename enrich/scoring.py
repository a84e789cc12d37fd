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


# --- visit events against labelled articles -------------------------------------------------

_NAME_NOISE = str.maketrans("", "", " ·.()（）㈜")


def name_key(name: str) -> str:
    """A name compared loosely: no spaces, dots, brackets or ㈜, case folded."""
    return name.replace("(주)", "").translate(_NAME_NOISE).casefold()


def same_name(predicted: str, gold: str, same_entity=None) -> bool:
    """Equal once normalised, the same dictionary entity (*same_entity*), or a person's
    family name standing for the full name ("카프" for "알렉스 카프")."""
    p, g = name_key(predicted), name_key(gold)
    if p == g or (same_entity is not None and same_entity(predicted, gold)):
        return True
    words_p, words_g = predicted.split(), gold.split()
    return (len(words_g) == 1 < len(words_p) and words_p[-1] == gold) or (
        len(words_p) == 1 < len(words_g) and words_g[-1] == predicted
    )


class EventCounts:
    """Counts behind the visit-event figures of one labelled set."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = self.tn = 0
        self.visitors_found = self.visitors_total = 0
        self.new_found = self.new_total = 0  # visitors not in the dictionary
        self.predicted_visitors = self.right_visitors = 0
        self.hosts_found = self.hosts_total = 0
        self.predicted_hosts = self.right_hosts = 0
        self.dates_right = self.dates_total = 0
        self.unknown_dates_kept = self.unknown_dates = 0  # visits whose day the text does not give

    def add(self, expect: dict, event: dict, known, same_entity=None) -> list[str]:
        """Count one article (*expect*: its labels; *event*: the detector's); returns what
        went wrong, one line each.  *known(name)*: the visitor is in the dictionary."""
        wrong: list[str] = []
        gold, said = bool(expect["is_visit"]), bool(event.get("is_visit"))
        self.tp += gold and said
        self.fp += said and not gold
        self.fn += gold and not said
        self.tn += not gold and not said
        if gold != said:
            wrong.append(f"is_visit {said} (expected {gold})")

        def found(name: str, names) -> bool:
            return any(same_name(n, name, same_entity) for n in names)

        visitors = event.get("visitors") or []
        if said:
            right = [v for v in visitors if found(v, expect.get("visitors") or [])]
            self.predicted_visitors += len(visitors)
            self.right_visitors += len(right)
            if len(right) < len(visitors):
                wrong.append(f"visitors not expected: {[v for v in visitors if v not in right]}")
            hosts = event.get("hosts") or []
            self.predicted_hosts += len(hosts)
            self.right_hosts += sum(found(h, expect.get("hosts") or []) for h in hosts)
        if not gold:
            return wrong
        for name in expect.get("visitors") or []:
            hit = found(name, visitors)
            self.visitors_total += 1
            self.visitors_found += hit
            if not known(name):
                self.new_total += 1
                self.new_found += hit
            if not hit:
                wrong.append(
                    f"visitor missed: {name}{'' if known(name) else ' (not in dictionary)'}"
                )
        missed = [h for h in expect.get("hosts") or [] if not found(h, event.get("hosts") or [])]
        self.hosts_total += len(expect.get("hosts") or [])
        self.hosts_found += len(expect.get("hosts") or []) - len(missed)
        if missed:
            wrong.append(f"hosts missed: {missed}")
        if expect.get("date"):
            self.dates_total += 1
            self.dates_right += event.get("date") == expect["date"]
            if event.get("date") != expect["date"]:
                wrong.append(f"date {event.get('date')} (expected {expect['date']})")
        elif gold and said:
            self.unknown_dates += 1
            self.unknown_dates_kept += event.get("date") is None
            if event.get("date") is not None:
                wrong.append(f"date {event.get('date')} (the text gives none)")
        return wrong

    def figures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        precision, recall = ratio(self.tp, self.tp + self.fp), ratio(self.tp, self.tp + self.fn)
        visits = self.tp + self.fn
        everything = ratio(2 * visits, 2 * visits + (self.fp + self.tn))
        return {
            "is_visit_f1": ratio(2 * precision * recall, precision + recall),
            "is_visit_precision": precision,
            "is_visit_recall": recall,
            "yes_to_everything_f1": everything,
            "visitor_recall": ratio(self.visitors_found, self.visitors_total),
            "new_visitor_recall": ratio(self.new_found, self.new_total),
            "visitor_precision": ratio(self.right_visitors, self.predicted_visitors),
            "host_recall": ratio(self.hosts_found, self.hosts_total),
            "host_precision": ratio(self.right_hosts, self.predicted_hosts),
            "date_accuracy": ratio(self.dates_right, self.dates_total),
            "unknown_date_kept": ratio(self.unknown_dates_kept, self.unknown_dates),
        }
