"""``config/alerts.yaml``: alert rules, the channels they go to, and how delivery retries.

Validated once at start-up like every file in ``config/`` (unknown keys,
wrong types and query syntax errors name the file, the line, the key and --
for a query -- the rule and the character position).  With a
:class:`~enrich.alertquery.Resolver` the loader also checks what queries
mean (topics, sources, words Kiwi finds nothing in), which needs the
dictionary and Kiwi; without one (the scheduler, which only delivers) it
checks syntax only.

Secrets are never in this file: a channel names the environment variables
that hold its URL, token, headers or SMTP credentials.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from crawler.config import ConfigError, Strict, config_file, is_http_url, load_model
from enrich.alertquery import (
    QueryError,
    Resolver,
    Rule,
    RuleSet,
    compile_rule,
    kiwi_morphemes,
    parse,
    prepare,
)

# Texts -> their content morphemes (enrich.alertquery.Resolver's analyser).
Morphemes = Callable[[Sequence[str]], list[list[str]]]
ID = r"^[a-z0-9][a-z0-9_-]*$"
ENV = r"^[A-Za-z_][A-Za-z0-9_]*$"


class Delivery(Strict):
    """Retries: ``backoff`` seconds after the first failure, doubling up to ``backoff_max``;
    after ``max_attempts`` failures a message is kept as ``failed`` (``newsmon alerts status``,
    ``newsmon alerts retry``), never dropped."""

    max_attempts: int = Field(8, ge=1, le=100)
    backoff: float = Field(30, gt=0)
    backoff_max: float = Field(3600, gt=0)
    timeout: float = Field(15, gt=0)  # seconds per send (connect + answer)


class WebhookChannel(Strict):
    type: Literal["webhook"]
    url: str | None = None
    url_env: str | None = Field(None, pattern=ENV)  # e.g. a Slack webhook URL, which is a secret
    format: Literal["json", "slack"] = "json"
    token_env: str | None = Field(None, pattern=ENV)  # sent as "Authorization: Bearer <token>"
    headers: dict[str, str] = {}
    headers_env: dict[str, Annotated[str, Field(pattern=ENV)]] = {}  # header -> variable

    @model_validator(mode="after")
    def _one_url(self) -> WebhookChannel:
        if (self.url is None) == (self.url_env is None):
            raise ValueError("give exactly one of url and url_env")
        if self.url is not None and not is_http_url(self.url):
            raise ValueError(f"not an http(s) URL: {self.url!r}")
        return self

    def env(self) -> list[str]:
        return [v for v in (self.url_env, self.token_env, *self.headers_env.values()) if v]


class EmailChannel(Strict):
    type: Literal["email"]
    host: str
    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    ca_file: str | None = None  # a private CA to trust (the certificate is always verified)
    username_env: str | None = Field(None, pattern=ENV)
    password_env: str | None = Field(None, pattern=ENV)
    sender: str = Field(pattern=r"@")  # "뉴스몬 <newsmon@example.com>" or a bare address
    to: list[Annotated[str, Field(pattern=r"@")]] = Field(min_length=1)

    @field_validator("ca_file")
    @classmethod
    def _ca_file(cls, path: str | None) -> str | None:
        if path is not None and not Path(path).expanduser().is_file():
            raise ValueError(f"no such file: {path}")
        return path

    @model_validator(mode="after")
    def _credentials(self) -> EmailChannel:
        if (self.username_env is None) != (self.password_env is None):
            raise ValueError("give both username_env and password_env, or neither")
        return self

    def env(self) -> list[str]:
        return [v for v in (self.username_env, self.password_env) if v]


class FileChannel(Strict):
    type: Literal["file"]
    path: str  # JSON lines; a relative path is in the data directory

    def env(self) -> list[str]:
        return []


Channel = Annotated[WebhookChannel | EmailChannel | FileChannel, Field(discriminator="type")]


@dataclass(frozen=True)
class _Semantics:
    resolver: Resolver
    source_ids: frozenset[str] | None


# Set by load_alerts while pydantic validates, so that query errors get file/line/key too.
_SEMANTICS: ContextVar[_Semantics | None] = ContextVar("alert_query_semantics", default=None)


class RuleConfig(Strict):
    id: str = Field(pattern=ID)
    name: str = Field(min_length=1)
    query: str
    min_relevance: float = Field(0.0, ge=0, le=1)  # event.relevance of the document
    sources: list[str] = []  # source ids; empty: every source
    channels: list[str] = Field(min_length=1)
    mode: Literal["instant", "digest"] = "instant"
    digest_minutes: int = Field(60, ge=1)  # digest: a match waits at most this long
    update_minutes: int = Field(60, ge=1)  # instant: later outlets of an alerted story, batched
    enabled: bool = True

    @field_validator("query")
    @classmethod
    def _query(cls, query: str, info: ValidationInfo) -> str:
        rule_id = info.data.get("id", "?")
        semantics = _SEMANTICS.get()
        try:
            if semantics is None:
                parse(query)
            else:
                compile_rule(Rule(rule_id, query), semantics.resolver)
        except QueryError as exc:
            raise ValueError(str(exc.for_rule(rule_id))) from None
        return query

    @field_validator("sources")
    @classmethod
    def _sources(cls, sources: list[str]) -> list[str]:
        semantics = _SEMANTICS.get()
        known = semantics.source_ids if semantics else None
        unknown = [s for s in sources if known is not None and s not in known]
        if unknown:
            raise ValueError(f"unknown source id(s) {', '.join(unknown)} (seeds/sources.yaml)")
        return sources

    def to_rule(self) -> Rule:
        return Rule(self.id, self.query, self.min_relevance, tuple(self.sources))


class AlertsFile(Strict):
    delivery: Delivery = Delivery()
    channels: dict[Annotated[str, Field(pattern=ID)], Channel] = {}
    rules: list[RuleConfig] = []

    @model_validator(mode="after")
    def _references(self) -> AlertsFile:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
            missing = [c for c in rule.channels if c not in self.channels]
            if missing:
                raise ValueError(
                    f"rule {rule.id!r} names unknown channel(s) {', '.join(missing)} "
                    f"(channels: {', '.join(self.channels) or 'none'})"
                )
        return self

    def enabled(self) -> list[RuleConfig]:
        return [r for r in self.rules if r.enabled]

    def malformed_env(self) -> list[str]:
        """Variables holding a webhook URL (set) that is no http(s) URL: named, never shown
        (a Slack webhook URL is a secret)."""
        used = {c for r in self.enabled() for c in r.channels}
        return [
            channel.url_env
            for name in sorted(used)
            if isinstance(channel := self.channels[name], WebhookChannel)
            and channel.url_env
            and os.environ.get(channel.url_env)
            and not is_http_url(os.environ[channel.url_env])
        ]

    def missing_env(self) -> list[str]:
        """Environment variables the channels of enabled rules need and that are not set."""
        used = {c for r in self.enabled() for c in r.channels}
        names = [v for name in sorted(used) for v in self.channels[name].env()]
        return [v for v in dict.fromkeys(names) if not os.environ.get(v)]


def default_path() -> Path:
    return config_file("alerts.yaml")


def default_resolver(morphemes: Morphemes | None = None) -> Resolver:
    """Queries resolved against the entity dictionary, the watchlist's topics and the sources;
    their words analysed by *morphemes* (default: a Kiwi of this process; a crawl passes its
    worker processes' instead, ``crawler.enrich_pool``)."""
    from crawler.sources import load_sources
    from enrich.watchlist import load_watch_config

    sources = load_sources().sources
    return Resolver(
        morphemes=morphemes or kiwi_morphemes,
        topics=load_watch_config().topics,
        sources=[s.id for s in sources] + [s.name for s in sources],
    )


def load_alerts(path: Path | None = None, *, resolver: Resolver | None = None) -> AlertsFile:
    """Validate the alerts file; with a *resolver*, what the queries mean too.

    The second pass (with the resolver) reuses one Kiwi batch over every query's words.
    """
    path = path or default_path()
    config = load_model(path, AlertsFile)
    if resolver is None:
        return config
    from crawler.sources import load_sources

    prepare([r.to_rule() for r in config.rules], resolver)
    token = _SEMANTICS.set(_Semantics(resolver, frozenset(s.id for s in load_sources().sources)))
    try:
        return load_model(path, AlertsFile)
    finally:
        _SEMANTICS.reset(token)


def compile_config(config: AlertsFile, resolver: Resolver) -> RuleSet:
    """The enabled rules, compiled (the resolver's cache makes this cheap after load_alerts)."""
    return RuleSet(compile_rule(r.to_rule(), resolver) for r in config.enabled())


def check(morphemes: Morphemes | None = None, *, resolve: bool = True) -> str:
    """For ``newsmon config check``: the alerts file, queries resolved (with Kiwi: this
    process's, or the one behind *morphemes*); *resolve* False: its structure only."""
    path = default_path()
    if not path.is_file():
        return "absent: no alerts are made"
    config = load_alerts(path, resolver=default_resolver(morphemes) if resolve else None)
    if bad := config.malformed_env():
        raise ConfigError("environment", "not an http(s) URL (value not shown)", key=", ".join(bad))
    missing = config.missing_env()
    return f"{len(config.enabled())} enabled rule(s), {len(config.channels)} channel(s)" + (
        f"; not set in this environment: {', '.join(missing)}" if missing else ""
    )
