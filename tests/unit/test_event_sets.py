"""The visit-event figures on the labelled article sets stay where the README says.

``tests/fixtures/events/dev.yaml`` to ``dev50.yaml`` are the sets the rules were tuned on
(dev2 to dev50 each measured once unseen first), ``holdout.yaml`` to ``holdout40.yaml``
sets kept apart (see ``benchmarks/eval_events.py``, which prints the figures).  The floors
sit a little under today's figures: a change that loses ground on any set fails here, and
one that gains only on the tuning sets is visible in the benchmark.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from eval_events import SET_NAMES, evaluate, load_set

from enrich.scoring import EventCounts

FLOORS = {
    "dev": {
        "is_visit_f1": 0.95,
        "new_visitor_recall": 0.95,
        "visitor_precision": 0.93,
        "host_recall": 0.82,
        "date_accuracy": 0.9,
    },
    "dev2": {
        "is_visit_f1": 0.92,
        "new_visitor_recall": 0.94,
        "visitor_precision": 0.86,
        "host_recall": 0.88,
        "date_accuracy": 0.94,
    },
    "dev3": {
        "is_visit_f1": 0.92,
        "new_visitor_recall": 0.94,
        "visitor_precision": 0.9,
        "host_recall": 0.91,
        "date_accuracy": 0.92,
    },
    "dev4": {
        "is_visit_f1": 0.94,
        "new_visitor_recall": 0.89,
        "visitor_precision": 0.87,
        "host_recall": 0.84,
        "date_accuracy": 0.8,
    },
    "dev5": {
        "is_visit_f1": 0.83,
        "new_visitor_recall": 0.8,
        "visitor_precision": 0.82,
        "host_recall": 0.72,
        "date_accuracy": 0.8,
    },
    "dev6": {
        "is_visit_f1": 0.94,
        "new_visitor_recall": 0.9,
        "visitor_precision": 0.88,
        "host_recall": 0.82,
        "date_accuracy": 0.94,
    },
    "dev7": {
        "is_visit_f1": 0.92,
        "new_visitor_recall": 0.88,
        "visitor_precision": 0.74,
        "host_recall": 0.79,
        "date_accuracy": 0.9,
    },
    "dev8": {
        "is_visit_f1": 0.76,
        "new_visitor_recall": 0.85,
        "visitor_precision": 0.7,
        "host_recall": 0.55,
        "date_accuracy": 0.8,
    },
    "dev9": {
        "is_visit_f1": 0.83,
        "new_visitor_recall": 0.94,
        "visitor_precision": 0.85,
        "host_recall": 0.62,
        "date_accuracy": 0.83,
    },
    "dev10": {
        "is_visit_f1": 0.78,
        "new_visitor_recall": 0.73,
        "visitor_precision": 0.78,
        "host_recall": 0.76,
        "date_accuracy": 0.62,
    },
    "dev11": {
        "is_visit_f1": 0.88,
        "new_visitor_recall": 0.85,
        "visitor_precision": 0.77,
        "host_recall": 0.74,
        "date_accuracy": 0.82,
    },
    "dev12": {
        "is_visit_f1": 0.86,
        "new_visitor_recall": 0.89,
        "visitor_precision": 0.78,
        "host_recall": 0.71,
        "date_accuracy": 0.82,
    },
    "dev13": {
        "is_visit_f1": 0.88,
        "new_visitor_recall": 0.75,
        "visitor_precision": 0.9,
        "host_recall": 0.81,
        "date_accuracy": 0.82,
    },
    "dev14": {
        "is_visit_f1": 0.83,
        "new_visitor_recall": 0.5,
        "visitor_precision": 0.79,
        "host_recall": 0.66,
        "date_accuracy": 0.78,
    },
    "dev15": {
        "is_visit_f1": 0.78,
        "new_visitor_recall": 0.94,
        "visitor_precision": 0.72,
        "host_recall": 0.74,
        "date_accuracy": 0.86,
    },
    "dev16": {
        "is_visit_f1": 0.77,
        "new_visitor_recall": 0.6,
        "visitor_precision": 0.72,
        "host_recall": 0.66,
        "date_accuracy": 0.68,
    },
    "dev17": {
        "is_visit_f1": 0.91,
        "new_visitor_recall": 0.96,
        "visitor_precision": 0.84,
        "host_recall": 0.84,
        "date_accuracy": 0.89,
    },
    "dev18": {
        "is_visit_f1": 0.85,
        "new_visitor_recall": 0.83,
        "visitor_precision": 0.9,
        "host_recall": 0.83,
        "date_accuracy": 0.9,
    },
    "dev19": {
        "is_visit_f1": 0.93,
        "new_visitor_recall": 0.86,
        "visitor_precision": 0.86,
        "host_recall": 0.93,
        "date_accuracy": 0.89,
    },
    "dev20": {
        "is_visit_f1": 0.96,
        "new_visitor_recall": 0.79,
        "visitor_precision": 0.88,
        "host_recall": 0.96,
        "date_accuracy": 0.96,
    },
    "dev21": {
        "is_visit_f1": 0.72,
        "new_visitor_recall": 0.62,
        "visitor_precision": 0.78,
        "host_recall": 0.58,
        "date_accuracy": 0.81,
    },
    "dev22": {
        "is_visit_f1": 0.86,
        "new_visitor_recall": 0.81,
        "visitor_precision": 0.74,
        "host_recall": 0.83,
        "date_accuracy": 0.84,
    },
    "dev23": {
        "is_visit_f1": 0.9,
        "new_visitor_recall": 0.62,
        "visitor_precision": 0.79,
        "host_recall": 0.68,
        "date_accuracy": 0.78,
    },
    "dev24": {
        "is_visit_f1": 0.8,
        "new_visitor_recall": 0.77,
        "visitor_precision": 0.64,
        "host_recall": 0.59,
        "date_accuracy": 0.53,
    },
    "dev25": {
        "is_visit_f1": 0.82,
        "new_visitor_recall": 0.9,
        "visitor_precision": 0.69,
        "host_recall": 0.87,
        "date_accuracy": 0.86,
    },
    "dev26": {
        "is_visit_f1": 0.8,
        "new_visitor_recall": 0.77,
        "visitor_precision": 0.66,
        "host_recall": 0.8,
        "date_accuracy": 0.78,
    },
    "dev27": {
        "is_visit_f1": 0.92,
        "new_visitor_recall": 0.96,
        "visitor_precision": 0.91,
        "host_recall": 0.91,
        "date_accuracy": 0.72,
    },
    "dev28": {
        "is_visit_f1": 0.92,
        "new_visitor_recall": 0.96,
        "visitor_precision": 0.88,
        "host_recall": 0.93,
        "date_accuracy": 0.87,
    },
    "dev29": {
        "is_visit_f1": 0.81,
        "new_visitor_recall": 0.96,
        "visitor_precision": 0.6,
        "host_recall": 0.93,
        "date_accuracy": 0.82,
    },
    "dev30": {
        "is_visit_f1": 0.82,
        "new_visitor_recall": 0.89,
        "visitor_precision": 0.78,
        "host_recall": 0.77,
        "date_accuracy": 0.89,
    },
    "dev31": {
        "is_visit_f1": 0.77,
        "new_visitor_recall": 0.91,
        "visitor_precision": 0.66,
        "host_recall": 0.46,
        "date_accuracy": 0.8,
    },
    "dev33": {
        "is_visit_f1": 0.85,
        "new_visitor_recall": 0.77,
        "visitor_precision": 0.9,
        "host_recall": 0.61,
        "date_accuracy": 0.86,
    },
    "dev34": {
        "is_visit_f1": 0.86,
        "new_visitor_recall": 0.78,
        "visitor_precision": 0.69,
        "host_recall": 0.72,
        "date_accuracy": 0.96,
    },
    "dev35": {
        "is_visit_f1": 0.76,
        "new_visitor_recall": 0.57,
        "visitor_precision": 0.96,
        "host_recall": 0.58,
        "date_accuracy": 0.46,
    },
    "dev36": {
        "is_visit_f1": 0.82,
        "new_visitor_recall": 0.83,
        "visitor_precision": 0.82,
        "host_recall": 0.74,
        "date_accuracy": 0.86,
    },
    "dev37": {
        "is_visit_f1": 0.67,
        "new_visitor_recall": 0.78,
        "visitor_precision": 0.6,
        "host_recall": 0.8,
        "date_accuracy": 0.81,
    },
    "dev38": {
        "is_visit_f1": 0.8,
        "new_visitor_recall": 0.84,
        "visitor_precision": 0.68,
        "host_recall": 0.75,
        "date_accuracy": 0.65,
    },
    "dev39": {
        "is_visit_f1": 0.74,
        "new_visitor_recall": 0.91,
        "visitor_precision": 0.86,
        "host_recall": 0.57,
        "date_accuracy": 0.8,
    },
    "dev40": {
        "is_visit_f1": 0.79,
        "new_visitor_recall": 0.84,
        "visitor_precision": 0.64,
        "host_recall": 0.64,
        "date_accuracy": 0.81,
    },
    "dev41": {
        "is_visit_f1": 0.81,
        "new_visitor_recall": 0.8,
        "visitor_precision": 0.86,
        "host_recall": 0.49,
        "date_accuracy": 0.77,
    },
    "dev42": {
        "is_visit_f1": 0.96,
        "new_visitor_recall": 0.89,
        "visitor_precision": 0.96,
        "host_recall": 0.64,
        "date_accuracy": 0.96,
    },
    "dev43": {
        "is_visit_f1": 0.88,
        "new_visitor_recall": 0.8,
        "visitor_precision": 0.83,
        "host_recall": 0.77,
        "date_accuracy": 0.83,
    },
    "holdout": {
        "is_visit_f1": 0.94,
        "new_visitor_recall": 0.95,
        "visitor_precision": 0.95,
        "host_recall": 0.78,
        "date_accuracy": 0.95,
    },
    "holdout2": {
        "is_visit_f1": 0.84,
        "new_visitor_recall": 0.7,
        "visitor_precision": 0.62,
        "host_recall": 0.75,
        "date_accuracy": 0.94,
    },
    "holdout3": {
        "is_visit_f1": 0.9,
        "new_visitor_recall": 0.88,
        "visitor_precision": 0.81,
        "host_recall": 0.86,
        "date_accuracy": 0.7,
    },
    "holdout4": {
        "is_visit_f1": 0.82,
        "new_visitor_recall": 0.88,
        "visitor_precision": 0.78,
        "host_recall": 0.79,
        "date_accuracy": 0.84,
    },
    "holdout5": {
        "is_visit_f1": 0.83,
        "new_visitor_recall": 0.8,
        "visitor_precision": 0.83,
        "host_recall": 0.78,
        "date_accuracy": 0.79,
    },
    "holdout6": {
        "is_visit_f1": 0.85,
        "new_visitor_recall": 0.71,
        "visitor_precision": 0.67,
        "host_recall": 0.66,
        "date_accuracy": 0.8,
    },
    "holdout7": {
        "is_visit_f1": 0.84,
        "new_visitor_recall": 0.94,
        "visitor_precision": 0.72,
        "host_recall": 0.91,
        "date_accuracy": 0.94,
    },
    "holdout8": {
        "is_visit_f1": 0.77,
        "new_visitor_recall": 0.82,
        "visitor_precision": 0.71,
        "host_recall": 0.56,
        "date_accuracy": 0.86,
    },
    "holdout9": {
        "is_visit_f1": 0.55,
        "new_visitor_recall": 0.48,
        "visitor_precision": 0.47,
        "host_recall": 0.54,
        "date_accuracy": 0.52,
    },
    "holdout10": {
        "is_visit_f1": 0.7,
        "new_visitor_recall": 0.6,
        "visitor_precision": 0.55,
        "host_recall": 0.77,
        "date_accuracy": 0.77,
    },
    "holdout11": {
        "is_visit_f1": 0.8,
        "new_visitor_recall": 0.66,
        "visitor_precision": 0.8,
        "host_recall": 0.72,
        "date_accuracy": 0.86,
    },
    "holdout12": {
        "is_visit_f1": 0.84,
        "new_visitor_recall": 0.46,
        "visitor_precision": 0.77,
        "host_recall": 0.96,
        "date_accuracy": 0.82,
    },
    "holdout13": {
        "is_visit_f1": 0.89,
        "new_visitor_recall": 0.72,
        "visitor_precision": 0.68,
        "host_recall": 0.74,
        "date_accuracy": 0.71,
    },
    "holdout14": {
        "is_visit_f1": 0.96,
        "new_visitor_recall": 0.96,
        "visitor_precision": 0.96,
        "host_recall": 0.82,
        "date_accuracy": 0.82,
    },
    "holdout15": {
        "is_visit_f1": 0.74,
        "new_visitor_recall": 0.71,
        "visitor_precision": 0.5,
        "host_recall": 0.7,
        "date_accuracy": 0.8,
    },
    "holdout16": {
        "is_visit_f1": 0.89,
        "new_visitor_recall": 0.96,
        "visitor_precision": 0.85,
        "host_recall": 0.92,
        "date_accuracy": 0.88,
    },
    "holdout17": {
        "is_visit_f1": 0.68,
        "new_visitor_recall": 0.82,
        "visitor_precision": 0.65,
        "host_recall": 0.74,
        "date_accuracy": 0.86,
    },
    "holdout18": {
        "is_visit_f1": 0.77,
        "new_visitor_recall": 0.79,
        "visitor_precision": 0.74,
        "host_recall": 0.93,
        "date_accuracy": 0.96,
    },
    "holdout19": {
        "is_visit_f1": 0.86,
        "new_visitor_recall": 0.68,
        "visitor_precision": 0.66,
        "host_recall": 0.82,
        "date_accuracy": 0.81,
    },
    "holdout20": {
        "is_visit_f1": 0.82,
        "new_visitor_recall": 0.87,
        "visitor_precision": 0.61,
        "host_recall": 0.89,
        "date_accuracy": 0.88,
    },
    "holdout21": {
        "is_visit_f1": 0.92,
        "new_visitor_recall": 0.96,
        "visitor_precision": 0.79,
        "host_recall": 0.88,
        "date_accuracy": 0.88,
    },
    "holdout22": {
        "is_visit_f1": 0.86,
        "new_visitor_recall": 0.86,
        "visitor_precision": 0.76,
        "host_recall": 0.64,
        "date_accuracy": 0.81,
    },
    "holdout24": {
        "is_visit_f1": 0.82,
        "new_visitor_recall": 0.83,
        "visitor_precision": 0.71,
        "host_recall": 0.96,
        "date_accuracy": 0.65,
    },
    "holdout25": {
        "is_visit_f1": 0.77,
        "new_visitor_recall": 0.82,
        "visitor_precision": 0.69,
        "host_recall": 0.82,
        "date_accuracy": 0.88,
    },
    "holdout26": {
        "is_visit_f1": 0.76,
        "new_visitor_recall": 0.66,
        "visitor_precision": 0.84,
        "host_recall": 0.6,
        "date_accuracy": 0.79,
    },
    "holdout27": {
        "is_visit_f1": 0.82,
        "new_visitor_recall": 0.8,
        "visitor_precision": 0.61,
        "host_recall": 0.76,
        "date_accuracy": 0.88,
    },
    "holdout28": {
        "is_visit_f1": 0.79,
        "new_visitor_recall": 0.96,
        "visitor_precision": 0.72,
        "host_recall": 0.85,
        "date_accuracy": 0.88,
    },
    "holdout29": {
        "is_visit_f1": 0.78,
        "new_visitor_recall": 0.96,
        "visitor_precision": 0.62,
        "host_recall": 0.88,
        "date_accuracy": 0.87,
    },
    "holdout30": {
        "is_visit_f1": 0.82,
        "new_visitor_recall": 0.8,
        "visitor_precision": 0.74,
        "host_recall": 0.76,
        "date_accuracy": 0.88,
    },
    "holdout31": {
        "is_visit_f1": 0.84,
        "new_visitor_recall": 0.76,
        "visitor_precision": 0.72,
        "host_recall": 0.64,
        "date_accuracy": 0.74,
    },
    "holdout32": {
        "is_visit_f1": 0.85,
        "new_visitor_recall": 0.79,
        "visitor_precision": 0.72,
        "host_recall": 0.8,
        "date_accuracy": 0.79,
    },
    "holdout33": {
        "is_visit_f1": 0.8,
        "new_visitor_recall": 0.86,
        "visitor_precision": 0.71,
        "host_recall": 0.88,
        "date_accuracy": 0.96,
    },
}


# How far the is-visit F1 must beat answering "yes" to everything: 0.1, but less where the
# detector is weakest today -- dev21 (two in three articles are visits, of little-known
# executives with hard names: 0.83 against 0.80) and holdout17 (near-misses that read like
# visits: 0.80 against 0.67).
MARGINS = {"dev21": 0.0, "holdout17": 0.05}


# Sets too small for a floor to mean much (12 to 24 articles): reported, not held.
UNFLOORED = {
    "dev32",
    "dev44",
    "dev45",
    "dev46",
    "dev47",
    "dev48",
    "dev49",
    "dev50",
    "holdout23",
    "holdout34",
    "holdout35",
    "holdout36",
    "holdout37",
    "holdout38",
    "holdout39",
    "holdout40",
}


def test_every_labelled_set_has_a_floor():
    assert sorted(FLOORS) == sorted(set(SET_NAMES) - UNFLOORED)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_event_figures_hold_on_the_labelled_sets(kiwi, name):
    articles = load_set(name)
    assert len(articles) >= 30
    figures = evaluate(articles)[0].figures()
    low = {k: round(figures[k], 3) for k, floor in FLOORS[name].items() if figures[k] < floor}
    assert not low, f"{name}: below the floor: {low}"
    margin = MARGINS.get(name, 0.1)
    assert figures["is_visit_f1"] > figures["yes_to_everything_f1"] + margin


def test_story_grouping_of_real_articles_does_not_depend_on_their_order(kiwi):
    """The labelled articles (several reports of one visit among them) and the seeds, added
    to a story index in shuffled orders, always make the same stories."""
    import json
    import random

    from enrich.analyze import analyze_many
    from enrich.stories import StoryIndex

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    docs = [
        {
            "title": a["title"],
            "body": a["body"],
            "published_at": a["published_at"],
            "url": f"https://example.kr/{a['id']}",
        }
        for name in SET_NAMES
        for a in load_set(name)
    ]
    docs += [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((fixtures / "enrich").glob("seed_*.json"))
    ]
    enriched = analyze_many(docs)
    groupings = set()
    for seed in range(5):
        order = enriched[:]
        random.Random(seed).shuffle(order)
        index = StoryIndex()
        assignments = {a.doc_id: a for a in map(index.add, order)}
        stories = index.store.current_stories(assignments)
        groupings.add(frozenset(stories.items()))
    assert len(groupings) == 1
    sizes = sorted(Counter(dict(groupings.pop()).values()).values(), reverse=True)
    assert sizes[0] >= 2  # some visits were reported more than once


def test_a_date_given_where_the_text_gives_none_is_counted():
    """A visit whose day the article does not give should keep no date: the figure
    ``unknown_date_kept`` counts how often it does, beside ``date_accuracy``."""
    counts = EventCounts()
    expect = {"is_visit": True, "visitors": [], "hosts": [], "date": None}
    wrong = counts.add(expect, {"is_visit": True, "date": "2025-01-01"}, known=lambda name: True)
    counts.add(expect, {"is_visit": True, "date": None}, known=lambda name: True)
    assert wrong == ["date 2025-01-01 (the text gives none)"]
    assert counts.figures()["unknown_date_kept"] == 0.5
