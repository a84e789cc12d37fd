"""Searching the article index the way users search: Korean words, any inflection.

The query is analysed with the same Kiwi analysis that produced the
documents' ``tokens`` field, so ``나델라가 방한`` looks for the morphemes
``나델라`` and ``방한`` and finds every inflected form on any cluster (no nori
needed).  Filters narrow by time, source, person (resolved through the entity
dictionary to its canonical id) and story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from elasticsearch import Elasticsearch

from enrich.analyze import query_terms, resolve_person

HIGHLIGHT = ("«", "»")
RELATIVE = re.compile(r"^(\d+)([smhdwMy])$")


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    since: str | None = None
    source: str | None = None
    person: str | None = None
    story: str | None = None
    limit: int = 10


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T.+)?$")


def since_expression(since: str) -> str:
    """``7d`` / ``12h`` mean "that long ago"; else an ISO 8601 date or time (``2025-02-01``,
    ``2025-02-01T09:00+09:00``).  Anything else is a :class:`ValueError` naming the forms."""
    if RELATIVE.match(since):
        return f"now-{since}"
    try:
        if ISO_DATE.match(since) and datetime.fromisoformat(since):
            return since
    except ValueError:
        pass
    raise ValueError(f"expected a date (2025-02-01) or an age (7d, 12h), got {since!r}")


def build_query(request: SearchRequest) -> dict:
    terms = query_terms(request.text) if request.text.strip() else []
    must: list[dict] = (
        [{"match": {"tokens": {"query": " ".join(terms), "operator": "and"}}}]
        if terms
        else [{"match_all": {}}]
    )
    filters: list[dict] = []
    if request.since:
        filters.append({"range": {"published_at": {"gte": since_expression(request.since)}}})
    if request.source:
        filters.append({"term": {"source": request.source}})
    if request.story:
        filters.append({"term": {"story_id": request.story}})
    if request.person:
        person_id = resolve_person(request.person)
        filters.append(
            {
                "bool": {
                    "minimum_should_match": 1,
                    "should": [
                        *([{"term": {"entities.persons.id": person_id}}] if person_id else []),
                        {"term": {"entities.persons.name": request.person}},
                        {"term": {"entities.persons.aliases": request.person}},
                    ],
                }
            }
        )
    words = {w.lower() for term in terms for w in term.split()}
    highlight_query = {
        "bool": {
            "should": [
                {"prefix": {field: word}} for word in sorted(words) for field in ("title", "body")
            ]
        }
    }
    return {
        "query": {"bool": {"must": must, "filter": filters}},
        "sort": [{"published_at": {"order": "desc", "missing": "_last"}}],
        "size": request.limit,
        "_source": [
            "title",
            "outlet",
            "source",
            "published_at",
            "story_id",
            "url",
            "event.relevance",
        ],
        "highlight": {
            "pre_tags": [HIGHLIGHT[0]],
            "post_tags": [HIGHLIGHT[1]],
            "fields": {
                "body": {"fragment_size": 110, "number_of_fragments": 1},
                "title": {"number_of_fragments": 0},
            },
            **({"highlight_query": highlight_query} if words else {}),
        },
    }


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    outlet: str
    published_at: str | None
    story_id: str | None
    url: str
    snippet: str


def search(client: Elasticsearch, index: str, request: SearchRequest) -> tuple[int, list[Hit]]:
    response = client.search(index=index, track_total_hits=True, **build_query(request))
    hits = []
    for hit in response["hits"]["hits"]:
        source, marks = hit["_source"], hit.get("highlight", {})
        hits.append(
            Hit(
                id=hit["_id"],
                title=(marks.get("title") or [source.get("title") or ""])[0],
                outlet=source.get("outlet") or source.get("source") or "",
                published_at=source.get("published_at"),
                story_id=source.get("story_id"),
                url=source.get("url", ""),
                snippet=(marks.get("body") or [""])[0],
            )
        )
    return response["hits"]["total"]["value"], hits
