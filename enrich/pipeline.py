"""One entry point from page bytes (HTML or extracted text) to the document dict.

Field names follow DESIGN.md ("The document").  Later enrichment stages
(tokens, entities, events, story ids) add their fields to this dict.
"""

from __future__ import annotations

import hashlib

from enrich.article import Article
from enrich.bounds import LIMITS, Limits, Truncation, bound_text
from enrich.clean import clean_text
from enrich.dates import first_timestamp, labelled_datetimes
from enrich.decode import decode
from enrich.extract import checked, extract_article
from enrich.metadata import find_portal
from enrich.text import language


def article_from_text(
    data: bytes, *, url: str | None = None, encoding: str | None = None, limits: Limits = LIMITS
) -> Article:
    """An Article from already-extracted text (a naive dump or a stored body).

    Raises :class:`~enrich.errors.NoArticleError` when the text holds no article.
    """
    text, codec = decode(data, encoding, what=url)
    text, length = bound_text(text, limits)
    cleaned = clean_text(text)
    # Only stamps above the body: below it they date other articles' teasers.
    first_body = next((d.index for d in cleaned.lines if d.role == "body"), len(cleaned.lines))
    head = "\n".join(
        d.text for d in cleaned.lines[:first_body] if d.category in ("dates", "bylines")
    )
    published, updated = labelled_datetimes(head)
    names, emails = cleaned.reporters()
    article = Article(
        url=url,
        canonical_url=url,
        title=cleaned.title,
        subtitles=cleaned.subtitles,
        paragraphs=cleaned.paragraphs,
        published_at=published or first_timestamp(head),
        updated_at=updated,
        authors=names,
        author_emails=emails,
        portal=find_portal(url, {}),
        lang=language(cleaned.body),
        encoding=codec,
        truncated=Truncation(
            text_chars=length, analysed_chars=len(text) if length else None
        ).as_dict(),
        cleaning=cleaned,
    )
    return checked(article, url)


def content_hash(article: Article) -> str:
    """SHA-256 of title and body: equal text -> equal hash, whatever the page around it."""
    text = "\n".join([article.title or "", *article.subtitles, article.body])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def process_page(
    data: bytes,
    *,
    url: str | None = None,
    is_html: bool,
    encoding: str | None = None,
    hints: dict | None = None,
    limits: Limits = LIMITS,
) -> dict:
    """The document dict (DESIGN.md field names) for one page or text."""
    article = (
        extract_article(data, url=url, encoding=encoding, hints=hints, limits=limits)
        if is_html
        else article_from_text(data, url=url, encoding=encoding, limits=limits)
    )
    return document(article)


def document(article: Article) -> dict:
    removed = (
        article.cleaning.removed()
        if article.cleaning is not None
        else {"lines": 0, "chars": 0, "by_rule": {}}
    )
    return {
        "url": article.url,
        "canonical_url": article.canonical_url,
        "source": None,  # the outlet id, known to the crawler (source profile), not to the page
        "outlet": article.outlet,
        "portal": article.portal,
        "title": article.title,
        "subtitle": list(article.subtitles),
        "body": article.body,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "authors": list(article.authors),
        "author_emails": list(article.author_emails),
        "section": article.section,
        "lang": article.lang,
        "original_url": article.original_url,
        "content_hash": content_hash(article),
        "boilerplate_removed": removed,
        "truncated": article.truncated,
    }
