"""Fixtures shared by the unit tests.

Enrichment (tests named test_nlp, test_entities, test_events, test_stories,
test_watchlist, test_dictionary): Kiwi takes a second or two to load, so the
analyser and the enriched seed fixtures are built once per session.
"""

from __future__ import annotations

import pytest
from enrich_fixtures import SEEDS, load_enrich_fixture


@pytest.fixture(scope="session")
def kiwi():
    from enrich.nlp import get_kiwi

    return get_kiwi()


@pytest.fixture(scope="session")
def enriched(kiwi) -> dict[str, dict]:
    """Every enrichment fixture through enrich.analyze (no story index), by name."""
    from enrich.analyze import analyze_many

    docs = [load_enrich_fixture(name) for name in SEEDS]
    return dict(zip(SEEDS, analyze_many(docs), strict=True))


@pytest.fixture(scope="session")
def analyse_text(kiwi):
    """Analyse a title/body pair and extract its entities: (analysis, entities)."""
    from enrich.dictionary import load_dictionary
    from enrich.entities import extract_entities
    from enrich.nlp import analyze_texts, compose

    def run(body: str, title: str = ""):
        analysis = analyze_texts([compose(title, [], body)])[0]
        return analysis, extract_entities(analysis, load_dictionary())

    return run
