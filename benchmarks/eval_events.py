"""Visit-event figures on the labelled article sets of tests/fixtures/events.

usage: python benchmarks/eval_events.py [--set dev|dev2|...|holdout15|all] [--verbose]

Each article (title, body, publication time) goes through enrich.analyze as
a crawled page would, and its ``event`` is compared with the labels: is it a
visit (F1, against the F1 of answering "yes" to everything), the visitors
(recall; recall of those not in config/entities.yaml; precision), the Korean
hosts (recall, precision) and the meeting day.  ``dev`` to ``dev21`` are the sets
the rules were tuned on, ``holdout`` to ``holdout15`` ones kept apart for checking:
a figure much higher on the dev sets than on the holdouts means overfitted rules.
--verbose lists what went wrong, article by article.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from enrich.analyze import analyze_many, default_resources
from enrich.scoring import EventCounts

SET_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "events"


def load_set(name: str) -> list[dict]:
    return yaml.safe_load((SET_DIR / f"{name}.yaml").read_text(encoding="utf-8"))["articles"]


def evaluate(articles: list[dict]) -> tuple[EventCounts, dict[str, EventCounts], dict[str, list]]:
    """Counts over all articles and by kind, and what went wrong by article id."""
    dictionary = default_resources().dictionary

    def known(name: str) -> bool:
        return any(r.kind == "person" for r in dictionary.lexicon.get(name))

    def same_entity(a: str, b: str) -> bool:
        return bool(
            {r.id for r in dictionary.lexicon.get(a)} & {r.id for r in dictionary.lexicon.get(b)}
        )

    docs = analyze_many(
        [
            {
                "title": a["title"],
                "body": a["body"],
                "published_at": a["published_at"],
                "url": f"https://example.kr/{a['id']}",
            }
            for a in articles
        ]
    )
    total, by_kind, wrong = EventCounts(), defaultdict(EventCounts), {}
    for article, doc in zip(articles, docs, strict=True):
        total.add(article["expect"], doc["event"], known, same_entity)
        problems = by_kind[article["kind"]].add(article["expect"], doc["event"], known, same_entity)
        if problems:
            wrong[article["id"]] = problems
    return total, dict(by_kind), wrong


def report(name: str, articles: list[dict], verbose: bool) -> dict[str, float]:
    total, by_kind, wrong = evaluate(articles)
    figures = total.figures()
    print(
        f"== {name}: {len(articles)} articles, {total.tp + total.fn} visits, "
        f"{total.new_total} visitors not in the dictionary"
    )
    for key, value in figures.items():
        print(f"  {key:22s} {value:.3f}")
    print(f"  {'kind':18s} {'n':>3s} {'right':>6s}")
    for kind, counts in sorted(by_kind.items()):
        n = counts.tp + counts.fp + counts.fn + counts.tn
        print(f"  {kind:18s} {n:3d} {counts.tp + counts.tn:6d}")
    if verbose:
        for article in articles:
            for line in wrong.get(article["id"], []):
                print(f"  {article['id']} [{article['kind']}] {line}")
    return figures


# the tuning sets, then the held-out ones: dev, dev2, ..., holdout, holdout2, ...
SET_NAMES = tuple(
    path.stem
    for kind in ("dev", "holdout")
    for path in sorted(SET_DIR.glob(f"{kind}*.yaml"), key=lambda p: (len(p.stem), p.stem))
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=(*SET_NAMES, "all"), default="all")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    names = SET_NAMES if args.set == "all" else (args.set,)
    for name in names:
        report(name, load_set(name), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
