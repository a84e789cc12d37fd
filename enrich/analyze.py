"""Clean document in, enriched document out: the one entry point of the enrich stage.

Takes the dict :func:`enrich.pipeline.process_page` returns (``title``,
``subtitle``, ``body``, ``published_at``, ...) and adds ``tokens``,
``keywords``, ``entities`` and ``event`` -- and, given a story index,
``story_id`` and ``duplicate_of``.  :func:`analyze_many` runs Kiwi over a
whole batch at once, which is how the crawler should call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from enrich.bylines import without_dateline
from enrich.dictionary import Dictionary, load_dictionary
from enrich.entities import extract_entities
from enrich.events import detect_event
from enrich.nlp import TextAnalysis, analyze_texts, compose, keyword_stopwords, keywords, tokens
from enrich.text import analysis_text, normalize
from enrich.watchlist import WatchConfig, load_watch_config

if TYPE_CHECKING:  # not at run time: the story index stays out of the crawl's workers
    from enrich.stories import StoryIndex


@dataclass(frozen=True)
class Resources:
    """Everything enrichment reads from config/, loaded and validated once."""

    dictionary: Dictionary
    watch: WatchConfig
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def default_resources() -> Resources:
    return Resources(load_dictionary(), load_watch_config(), keyword_stopwords())


def _compose(doc: dict) -> TextAnalysis:
    subtitle = doc.get("subtitle") or []
    if isinstance(subtitle, str):
        subtitle = subtitle.split("\n")
    return compose(
        analysis_text(doc.get("title") or ""),
        [analysis_text(s) for s in subtitle],
        "\n".join(map(without_dateline, analysis_text(doc.get("body") or "").split("\n"))),
    )


def analyze_many(
    docs: Sequence[dict], *, clusterer: StoryIndex | None = None, resources: Resources | None = None
) -> list[dict]:
    """Enrich a batch (one Kiwi call for all); returns new dicts, inputs untouched.

    With a *clusterer*, documents are added to it in order, so a later
    document of the batch can join the story of an earlier one.
    """
    res = resources or default_resources()
    analyses = analyze_texts([_compose(doc) for doc in docs])
    out = []
    for doc, analysis in zip(docs, analyses, strict=True):
        found = extract_entities(analysis, res.dictionary)
        enriched = dict(doc)
        enriched["tokens"] = tokens(analysis, found.token_names())
        enriched["keywords"] = keywords(analysis, found.canonical_names(), res.stopwords)
        enriched["entities"] = found.to_json()
        enriched["event"] = detect_event(
            analysis, found, res.dictionary, res.watch, doc.get("published_at")
        )
        if clusterer is not None:
            enriched.update(clusterer.add(enriched).fields())
        out.append(enriched)
    return out


def analyze(doc: dict, *, clusterer: StoryIndex | None = None) -> dict:
    """Enrich one document (prefer :func:`analyze_many` for throughput)."""
    return analyze_many([doc], clusterer=clusterer)[0]


def query_terms(text: str) -> list[str]:
    """A search query as the morphemes documents are indexed under (``tokens``).

    ``나델라가 방한`` becomes ``["나델라", "방한"]``: the same Kiwi analysis and
    the same name handling as the documents, so any inflection matches.
    """
    res = default_resources()
    [analysis] = analyze_texts([compose(analysis_text(text))])
    return tokens(analysis, extract_entities(analysis, res.dictionary).token_names())


def resolve_person(name: str) -> str | None:
    """The canonical id of a person given in any alias (``나델라``, ``Satya Nadella``)."""
    refs = default_resources().dictionary.lexicon.get(normalize(name))
    return next((ref.id for ref in refs if ref.kind == "person"), None)
