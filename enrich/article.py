"""The Article: what extraction knows about one page before enrichment."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from enrich.clean import CleanResult, article_text


@dataclass
class Article:
    """Text and metadata of one news page.

    ``body`` holds the cleaned paragraphs; ``cleaning`` keeps the cleaner's
    per-line decisions (for ``--explain`` and ``boilerplate_removed``).
    Datetimes are ISO 8601 strings in KST (``+09:00``).
    """

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    subtitles: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    published_at: str | None = None
    updated_at: str | None = None
    authors: list[str] = field(default_factory=list)
    author_emails: list[str] = field(default_factory=list)
    section: str | None = None
    outlet: str | None = None
    portal: str | None = None
    original_url: str | None = None
    lang: str | None = None
    encoding: str | None = None
    truncated: dict | None = None  # what the size caps cut (enrich.bounds.Truncation), or None
    cleaning: CleanResult | None = field(default=None, repr=False, compare=False)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)

    def text(self) -> str:
        """Title, subtitle lines and body paragraphs, one per line (the `newsmon clean` output)."""
        return article_text(self.title, self.subtitles, self.paragraphs)

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "cleaning"}
