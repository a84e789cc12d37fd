"""`newsmon config check`: validate every configuration file once, up front."""

from __future__ import annotations

import argparse
import os
from functools import partial

from crawler import paths, safety, schedule
from crawler.alerts import config as alerts
from crawler.config import ConfigError, load_settings, seeds_file
from crawler.sources import load_sources
from crawler.state.database import ENV, DatabaseError, masked, resolve_url


def _settings() -> str:
    es = load_settings().elasticsearch
    return f"alias {es.alias} -> {es.alias}-v{es.index_version}"


def _sources() -> str:
    sources = load_sources()
    enabled = sources.enabled()
    return f"{len(enabled)} enabled source(s): {', '.join(s.id for s in enabled)}"


def _private_sources() -> list[str]:
    """Enabled sources on private addresses without ``allow_private``: the crawl refuses them."""
    warnings = []
    for source in load_sources().catalog():
        if source.config.allow_private:
            continue
        for url in source.urls():
            origin = safety.origin(url)
            reason = origin and safety.private_host(origin[1])
            if reason:
                warnings.append(
                    f"{seeds_file('sources.yaml')}: source {source.id}: {url} is a "
                    f"{reason}; the crawl refuses it unless the source says "
                    f"allow_private: true"
                )
                break
    return warnings


def _boilerplate() -> str:
    from enrich.rules import load_rules

    rules = load_rules()
    return f"{len(rules.rules)} cleaning rules"


def _entities() -> str:
    from enrich.dictionary import load_dictionary

    d = load_dictionary()
    watched = sum(1 for p in d.persons.values() if getattr(p, "watch", False))
    return (
        f"{len(d.persons)} persons ({watched} watched), {len(d.organizations)} "
        f"organisations, {len(d.locations)} places"
    )


def _watchlist() -> str:
    from enrich.watchlist import Watchlist

    return f"{len(Watchlist.load().search_queries())} search queries"


def _nlp() -> str:
    from enrich.nlp import keyword_stopwords

    return f"{len(keyword_stopwords())} keyword stopwords"


# (file, check): each check loads and validates one file and returns a summary, or raises
# ConfigError.
CHECKS = [
    ("config/newsmon.yaml", _settings),
    ("seeds/sources.yaml", _sources),
    ("config/boilerplate.yaml", _boilerplate),
    ("config/entities.yaml", _entities),
    ("config/watchlist.yaml", _watchlist),
    ("config/nlp.yaml", _nlp),
    ("config/alerts.yaml", alerts.check),
    ("config/schedule.yaml", schedule.check),
]
# The files each check also reads: when one of them is broken, its error is reported once,
# by its own check, and the checks that need it are skipped.
NEEDS = {
    "config/watchlist.yaml": ("config/entities.yaml",),
    "config/alerts.yaml": ("seeds/sources.yaml", "config/entities.yaml", "config/watchlist.yaml"),
    "config/schedule.yaml": ("seeds/sources.yaml",),
}
# Not mistakes, but what the user should know: (file, function returning warning lines).
WARNINGS = [("seeds/sources.yaml", _private_sources)]


def validate_all(morphemes: alerts.Morphemes | None = None, *, resolve: bool = True) -> None:
    """Every configuration file, for commands that must not start half-configured; the alert
    rules' words analysed by *morphemes* when given (a crawl's worker processes), not at all
    when not *resolve* (no Kiwi: a crawl worker analyses them)."""
    for _, check in CHECKS:
        (partial(check, morphemes, resolve=resolve) if check is alerts.check else check)()


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "config",
        help="validate the configuration",
        description="Validate config/ and seeds/ and report mistakes with file, line and key.",
    )
    parser.add_argument("action", choices=["check"])
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print(f"config: {paths.config_dir()}\nseeds:  {paths.seeds_dir()}")
    failed: dict[str, list[str]] = {}  # file -> the broken files that keep it from passing
    try:
        url = resolve_url("state")
        print(
            f"state:  {masked(url)}"
            if os.environ.get(ENV)
            else f"state:  SQLite files in {paths.data_dir()} ({ENV} not set)"
        )
    except DatabaseError as exc:
        failed[ENV] = [ENV]
        print(f"error {exc}")
    for name, check in CHECKS:
        broken = list(
            dict.fromkeys(file for need in NEEDS.get(name, ()) for file in failed.get(need, ()))
        )
        if broken:
            failed[name] = broken
            print(
                f"skip  {name}: not checked until {' and '.join(broken)} "
                f"{'is' if len(broken) == 1 else 'are'} fixed"
            )
            continue
        try:
            print(f"ok    {name}: {check()}")
        except ConfigError as exc:
            failed[name] = [name]
            print(f"error {exc}")
    for name, warnings in WARNINGS:
        if name not in failed:
            for warning in warnings():
                print(f"warn  {warning}")
    return 2 if failed else 0
