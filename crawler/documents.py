"""Local files through the same path as crawled pages: extract -> clean -> enrich.

``newsmon clean``, ``newsmon index FILE`` and ``newsmon alerts test`` all read
archived pages, seeds or crawl output with this one function, so a file gives
exactly the document a crawl of the same page would.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from crawler.sources import load_sources
from crawler.state.stories import DatabaseSignatureStore
from enrich.errors import EnrichError
from enrich.pipeline import process_page
from enrich.stories import StoryIndex

HTML_SUFFIXES = {".html", ".htm"}


class DocumentError(Exception):
    """A file that gives no document; the message names the file and the reason."""


def open_story_index(location: Path | str | None = None) -> StoryIndex:
    """The persistent story index the crawl uses (see :mod:`crawler.state.stories`)."""
    return StoryIndex(DatabaseSignatureStore(location))


def load_document(
    path: Path,
    *,
    url: str | None = None,
    source_id: str | None = None,
    encoding: str | None = None,
    enrich: bool = True,
    clusterer: StoryIndex | None = None,
) -> dict:
    """The document for an HTML page (.html/.htm), a text file, or a JSON document
    (a line of ``newsmon crawl -o``); enriched unless *enrich* is False."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".json":
        try:
            doc = json.loads(data)
        except ValueError as exc:
            raise DocumentError(f"{path}: not a JSON document: {exc}") from None
        doc = doc.get("doc", doc)
    else:
        catalog = load_sources().catalog()
        source = (
            catalog.by_id.get(source_id) if source_id else (catalog.owner(url) if url else None)
        )
        if source_id and source is None:
            raise DocumentError(f"{path}: no enabled source {source_id!r} in seeds/sources.yaml")
        try:
            doc = process_page(
                data,
                url=url,
                is_html=path.suffix.lower() in HTML_SUFFIXES,
                encoding=encoding,
                hints=source.hints if source else None,
            )
        except EnrichError as exc:
            raise DocumentError(f"{path}: {exc}") from None
        doc["source"] = source.id if source else (source_id or "import")
        doc["url"] = doc.get("url") or path.resolve().as_uri()
        doc["canonical_url"] = doc.get("canonical_url") or doc["url"]
        doc["crawled_at"] = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
    if not (doc.get("title") or doc.get("body")):
        raise DocumentError(f"{path}: no article text found")
    if enrich and not doc.get("tokens"):
        from enrich.analyze import analyze  # Kiwi: loaded only when needed

        doc = analyze(doc, clusterer=clusterer)
    return doc
