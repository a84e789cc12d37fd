"""What to crawl: the sources declared in ``seeds/sources.yaml``.

A source is an outlet, a portal or a search API.  Sites that share a CMS share
a *profile* (article-URL pattern, discovery paths, listing layout, extraction
hints, URL canonicalisation), so adding an outlet that fits an existing
profile is a YAML change of a few lines (id, name, site), not code.
Everything is validated once at start-up -- regular expressions compiled,
CSS/XPath selectors parsed, URL templates checked -- and errors name the file,
the line and the key.

:meth:`SourcesFile.catalog` turns the validated file into the runtime view the
crawler uses: each source merged with its profile, patterns compiled, relative
discovery paths resolved against the source's site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from cssselect import GenericTranslator, SelectorError
from lxml import etree
from pydantic import Field, field_validator, model_validator
from w3lib.url import canonicalize_url

from crawler import safety
from crawler.config import ConfigError, Strict, is_http_url, load_model, seeds_file

SourceType = Literal["outlet", "portal", "search"]

# Query parameters that never identify an article (campaign and referrer tags).
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|igshid|mc_\w+|_ga)$", re.IGNORECASE
)


def _check_regex(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return patterns


def is_xpath(selector: str) -> bool:
    """The selector convention shared with :mod:`enrich`: XPath starts with '/', './' or '('."""
    return selector.lstrip().startswith(("/", "./", "("))


def _check_selector(selector: str) -> str:
    try:
        if is_xpath(selector):
            etree.XPath(selector)
        else:
            GenericTranslator().css_to_xpath(selector)
    except (etree.XPathSyntaxError, SelectorError) as exc:
        kind = "XPath" if is_xpath(selector) else "CSS selector"
        raise ValueError(f"invalid {kind} {selector!r}: {exc}") from None
    return selector


def _check_http_url(url: str, *, relative_ok: bool = False) -> str:
    if is_http_url(url):
        return url
    parts = urlsplit(url)
    if relative_ok and not parts.scheme and not parts.netloc and url.startswith("/"):
        return url
    raise ValueError(f"not an absolute http(s) URL{' or /path' if relative_ok else ''}: {url!r}")


Selector = str
Selectors = Selector | list[Selector]


def _selectors(value: Selectors | None) -> Selectors | None:
    if value is None:
        return None
    for selector in [value] if isinstance(value, str) else value:
        _check_selector(selector)
    return value


class Hints(Strict):
    """Per-site extraction hints, passed to ``enrich.pipeline.process_page``.

    Each value is a CSS selector or an XPath (starting with ``/``, ``./`` or
    ``(``), or a list of them; the keys are the ones :mod:`enrich.extract`
    understands.  A profile's hints are the defaults of its sources; a
    source's own keys override them and its ``drop`` list is added.
    """

    title: Selectors | None = None
    subtitle: Selectors | None = None
    body: Selectors | None = None
    date: Selectors | None = None
    updated: Selectors | None = None
    byline: Selectors | None = None
    section: Selectors | None = None
    original_url: Selectors | None = None
    drop: list[Selector] = []

    _check = field_validator(
        "title", "subtitle", "body", "date", "updated", "byline", "section", "original_url", "drop"
    )(_selectors)

    def merged(self, other: Hints) -> dict:
        """These hints overridden by *other*'s, as the plain dict enrich expects."""
        mine, theirs = self.model_dump(exclude_none=True), other.model_dump(exclude_none=True)
        drop = list(dict.fromkeys([*mine.pop("drop", []), *theirs.pop("drop", [])]))
        return {**mine, **theirs, **({"drop": drop} if drop else {})}


class ListingLayout(Strict):
    """How entries look on a listing page (all optional).

    Without ``item`` every link whose URL matches the article pattern is an
    entry; its text is the title and the text of the nearest list item around
    it is the summary (where a ``수정``/``입력`` time is looked for).  With
    ``item`` each matching element is one entry and ``title``, ``summary`` and
    ``date`` are looked up inside it.
    """

    item: Selector | None = None
    title: Selector | None = None
    summary: Selector | None = None
    date: Selector | None = None

    _check = field_validator("item", "title", "summary", "date")(
        lambda v: v if v is None else _check_selector(v)
    )


class Listing(Strict):
    """A section listing page; ``{page}`` in the URL is replaced by 1..pages."""

    url: str
    pages: int = Field(1, ge=1, le=50)

    @model_validator(mode="after")
    def _template(self) -> Listing:
        _check_http_url(self.url.replace("{page}", "1"), relative_ok=True)
        if self.pages > 1 and "{page}" not in self.url:
            raise ValueError(f"pages is {self.pages} but the url has no {{page}} placeholder")
        return self


class Search(Strict):
    """A search entry point filled from the watchlist's queries.

    ``naver_news_api``: Naver's official news search API; the client id and
    secret are read from the environment variables named here, never from a
    file.  ``html``: an outlet's own search-result page, read like a listing.
    """

    kind: Literal["naver_news_api", "html"]
    url: str
    per_query: int = Field(20, ge=1, le=100)
    client_id_env: str = "NAVER_CLIENT_ID"
    client_secret_env: str = "NAVER_CLIENT_SECRET"

    @model_validator(mode="after")
    def _template(self) -> Search:
        if "{query}" not in self.url:
            raise ValueError("the url has no {query} placeholder")
        _check_http_url(
            self.url.replace("{query}", "q").replace("{per_query}", "1"), relative_ok=True
        )
        return self


class Discovery(Strict):
    feeds: list[str] = []
    sitemaps: list[str] = []
    listings: list[Listing] = []
    search: list[Search] = []
    # A sitemap index names many sitemaps; only this many of the newest are read.
    sitemap_children: int = Field(3, ge=1, le=100)

    @field_validator("feeds", "sitemaps")
    @classmethod
    def _urls(cls, urls: list[str]) -> list[str]:
        for url in urls:
            _check_http_url(url, relative_ok=True)
        return urls

    def is_empty(self) -> bool:
        return not (self.feeds or self.sitemaps or self.listings or self.search)


class Rewrite(Strict):
    pattern: str
    replace: str

    _check = field_validator("pattern")(lambda v: _check_regex([v])[0])


class Canonical(Strict):
    """How a URL becomes the article's key (state store, document id).

    Tracking parameters (``utm_*``, ``fbclid``, ...) and fragments are always
    dropped, the host lower-cased, default ports and query order normalised.
    """

    keep_params: list[str] | None = None  # when set, every other query parameter is dropped
    drop_params: list[str] = []
    rewrite: list[Rewrite] = []


class Profile(Strict):
    """Rules shared by every site on one CMS; discovery paths may be relative to a source's site."""

    article_url: list[str] = []
    canonical: Canonical = Canonical()
    discovery: Discovery = Discovery()
    listing: ListingLayout = ListingLayout()
    hints: Hints = Hints()

    _check = field_validator("article_url")(_check_regex)


class Source(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str
    type: SourceType
    profile: str | None = None
    site: str | None = None  # base URL; relative discovery paths resolve against it
    domains: list[str] = []  # default: the site's host
    article_url: list[str] = []
    canonical: Canonical | None = None
    discovery: Discovery = Discovery()
    listing: ListingLayout | None = None
    hints: Hints = Hints()
    # Which discovered links are followed: those whose title/summary match the
    # watchlist (links from a watchlist search always are), or every article link.
    follow: Literal["watchlist", "all"] = "watchlist"
    # Requests to private, loopback or link-local addresses are refused unless
    # the source allows them (an intranet mirror, the test suite's server).
    allow_private: bool = False
    enabled: bool = True

    _check = field_validator("article_url")(_check_regex)

    @field_validator("site")
    @classmethod
    def _site(cls, site: str | None) -> str | None:
        return site if site is None else _check_http_url(site)

    @field_validator("domains")
    @classmethod
    def _domains(cls, domains: list[str]) -> list[str]:
        for domain in domains:
            if not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?", domain):
                raise ValueError(f"not a host name: {domain!r} (lower case, no scheme, no path)")
        return domains


class SourcesFile(Strict):
    profiles: dict[str, Profile] = {}
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _cross_checks(self) -> SourcesFile:
        seen: set[str] = set()
        for source in self.sources:
            if source.id in seen:
                raise ValueError(f"duplicate source id {source.id!r}")
            seen.add(source.id)
            if source.profile and source.profile not in self.profiles:
                raise ValueError(f"source {source.id!r} names unknown profile {source.profile!r}")
            profile = self.profiles.get(source.profile or "", Profile())
            if not (source.article_url or profile.article_url):
                raise ValueError(
                    f"source {source.id!r} has no article_url pattern (own or profile's)"
                )
            if not (source.domains or source.site):
                raise ValueError(f"source {source.id!r} needs domains or a site")
            relative = [
                u for u in _discovery_urls(source.discovery, profile.discovery) if u.startswith("/")
            ]
            if relative and not source.site:
                raise ValueError(
                    f"source {source.id!r} has relative discovery URLs ({relative[0]}) "
                    "but no site to resolve them against"
                )
        return self

    def enabled(self) -> list[Source]:
        return [s for s in self.sources if s.enabled]

    def check_ids(self, ids: list[str] | None) -> None:
        """Source ids given on the command line must exist: a typo is an error, not an
        empty crawl."""
        known = {s.id for s in self.sources}
        unknown = [s for s in ids or [] if s not in known]
        if unknown:
            raise ConfigError(
                seeds_file("sources.yaml"),
                f"no such source: {', '.join(unknown)} (known: {', '.join(sorted(known))})",
                key="sources",
            )

    def catalog(self, ids: list[str] | None = None) -> Catalog:
        """Runtime view of the enabled sources (or of the named ones, enabled or not)."""
        chosen = [s for s in self.sources if (s.id in ids if ids else s.enabled)]
        return Catalog(
            [CompiledSource.build(s, self.profiles.get(s.profile or "", Profile())) for s in chosen]
        )


def _discovery_urls(*parts: Discovery) -> list[str]:
    return [
        u
        for d in parts
        for u in (*d.feeds, *d.sitemaps, *(x.url for x in d.listings), *(x.url for x in d.search))
    ]


def load_sources(path: Path | None = None) -> SourcesFile:
    return load_model(path or seeds_file("sources.yaml"), SourcesFile)


# --- runtime view ------------------------------------------------------------------------------


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def on_domains(host: str, domains: tuple[str, ...]) -> bool:
    """True when *host* is one of *domains* or a subdomain of one."""
    return any(host == d or host.endswith("." + d) for d in domains)


def canonical_url(url: str, rules: Canonical | None = None) -> str:
    """The key form of an article URL (see :class:`Canonical`)."""
    rules = rules or Canonical()
    for rewrite in rules.rewrite:
        url = re.sub(rewrite.pattern, rewrite.replace, url)
    parts = urlsplit(url)
    params = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k)
        and k not in rules.drop_params
        and (rules.keep_params is None or k in rules.keep_params)
    ]
    host = (parts.hostname or "").lower()
    if parts.port and (parts.scheme, parts.port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{parts.port}"
    return canonicalize_url(
        urlunsplit((parts.scheme.lower(), host, parts.path or "/", urlencode(params), ""))
    )


@dataclass(frozen=True)
class CompiledSource:
    """A source merged with its profile, ready for the spider and the pipelines."""

    config: Source
    domains: tuple[str, ...]
    article_patterns: tuple[re.Pattern[str], ...]
    canonical: Canonical
    discovery: Discovery
    listing: ListingLayout
    hints: dict = field(default_factory=dict)

    @classmethod
    def build(cls, source: Source, profile: Profile) -> CompiledSource:
        site = source.site or ""
        resolve = (lambda u: urljoin(site, u)) if site else (lambda u: u)
        own, inherited = source.discovery, profile.discovery
        discovery = Discovery(
            feeds=[resolve(u) for u in own.feeds or inherited.feeds],
            sitemaps=[resolve(u) for u in own.sitemaps or inherited.sitemaps],
            listings=[
                x.model_copy(update={"url": resolve(x.url)})
                for x in own.listings or inherited.listings
            ],
            search=[
                x.model_copy(update={"url": resolve(x.url)}) for x in own.search or inherited.search
            ],
            sitemap_children=own.sitemap_children
            if "sitemap_children" in own.model_fields_set
            else inherited.sitemap_children,
        )
        domains = tuple(source.domains or [host_of(site)])
        return cls(
            config=source,
            domains=domains,
            article_patterns=tuple(
                re.compile(p) for p in source.article_url or profile.article_url
            ),
            canonical=source.canonical or profile.canonical,
            discovery=discovery,
            listing=source.listing or profile.listing,
            hints=profile.hints.merged(source.hints),
        )

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def is_portal(self) -> bool:
        return self.config.type == "portal"

    def on_domain(self, url: str) -> bool:
        return on_domains(host_of(url), self.domains)

    def urls(self) -> list[str]:
        """The source's own absolute URLs: its site and its discovery pages."""
        d = self.discovery
        return [
            u
            for u in (
                self.config.site,
                *d.feeds,
                *d.sitemaps,
                *(x.url for x in (*d.listings, *d.search)),
            )
            if u
        ]

    def origins(self) -> set[tuple[str, str, int]]:
        """(scheme, host, port) of :meth:`urls`, and of the other domains on the site's."""
        found = {o for o in map(safety.origin, self.urls()) if o}
        site = safety.origin(self.config.site or "")
        if site:
            found |= {(site[0], domain, site[2]) for domain in self.domains}
        return found

    def is_article(self, url: str) -> bool:
        """On this source's domains and shaped like one of its article URLs."""
        return self.on_domain(url) and any(p.search(url) for p in self.article_patterns)

    def canonical_url(self, url: str) -> str:
        return canonical_url(url, self.canonical)


class Catalog:
    """The sources of one crawl, with look-ups by id and by article URL."""

    def __init__(self, sources: list[CompiledSource]):
        self.sources = sources
        self.by_id = {s.id: s for s in sources}

    def __iter__(self):
        return iter(self.sources)

    def owner(self, url: str) -> CompiledSource | None:
        """The source whose article pages *url* is one of (outlets before portals and searches)."""
        ranked = sorted(self.sources, key=lambda s: s.config.type != "outlet")
        return next((s for s in ranked if s.is_article(url)), None)

    def for_host(self, host: str) -> CompiledSource | None:
        return next((s for s in self.sources if on_domains(host, s.domains)), None)

    def canonical_url(self, url: str) -> str:
        owner = self.owner(url)
        return owner.canonical_url(url) if owner else canonical_url(url)

    @cached_property
    def domains(self) -> list[str]:
        return sorted({d for s in self.sources for d in s.domains})

    @cached_property
    def private_origins(self) -> frozenset[tuple[str, str, int]]:
        """(scheme, host, port) that may be private addresses: those of the sites and discovery
        URLs of sources with ``allow_private`` (their other domains on the site's scheme and
        port).  Not every port of such a host: on 127.0.0.1 that would include Elasticsearch."""
        return frozenset(o for s in self.sources if s.config.allow_private for o in s.origins())
