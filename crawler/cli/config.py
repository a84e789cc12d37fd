"""`newsmon config check`: validate every configuration file once, up front."""

from __future__ import annotations

import argparse
import os

from crawler import paths, schedule
from crawler.alerts import config as alerts
from crawler.config import ConfigError, config_file, load_settings
from crawler.database import ENV, DatabaseError, masked, resolve_url
from crawler.sources import load_sources
from enrich.errors import EnrichError
from enrich.yamlfile import DataFileError


def _settings() -> str:
    es = load_settings().elasticsearch
    return f"alias {es.alias} -> {es.alias}-v{es.index_version}"


def _sources() -> str:
    sources = load_sources()
    enabled = sources.enabled()
    return f"{len(enabled)} enabled source(s): {', '.join(s.id for s in enabled)}"


def _enrich_data(name: str, load) -> str:
    """enrich's loaders report file, line and key themselves; here they become ConfigErrors."""
    path = config_file(name)
    try:
        return load()
    except (EnrichError, DataFileError) as exc:
        raise ConfigError(path, str(exc).removeprefix(f"{path}").lstrip(": ")) from None


def _boilerplate() -> str:
    from enrich.rules import load_rules

    rules = _enrich_data("boilerplate.yaml", load_rules)
    return f"{len(rules.rules)} cleaning rules"


def _entities() -> str:
    from enrich.dictionary import load_dictionary

    d = _enrich_data("entities.yaml", load_dictionary)
    watched = sum(1 for p in d.persons.values() if getattr(p, "watch", False))
    return (f"{len(d.persons)} persons ({watched} watched), {len(d.organizations)} "
            f"organisations, {len(d.locations)} places")


def _watchlist() -> str:
    from enrich.nlp import keyword_stopwords
    from enrich.watchlist import Watchlist

    _enrich_data("nlp.yaml", keyword_stopwords)
    watchlist = _enrich_data("watchlist.yaml", Watchlist.load)
    return f"{len(watchlist.search_queries())} search queries"


# (file, check): each check loads and validates one file and returns a summary.
CHECKS = [
    ("config/newsmon.yaml", _settings),
    ("seeds/sources.yaml", _sources),
    ("config/boilerplate.yaml", _boilerplate),
    ("config/entities.yaml", _entities),
    ("config/watchlist.yaml", _watchlist),
    ("config/alerts.yaml", alerts.check),
    ("config/schedule.yaml", schedule.check),
]


def validate_all() -> None:
    """Every configuration file, for commands that must not start half-configured."""
    for _, check in CHECKS:
        check()


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("config", help="validate the configuration",
                                   description="Validate config/ and seeds/ and report "
                                   "mistakes with file, line and key.")
    parser.add_argument("action", choices=["check"])
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print(f"config: {paths.config_dir()}\nseeds:  {paths.seeds_dir()}")
    failed = 0
    try:
        url = resolve_url("state")
        print(f"state:  {masked(url)}" if os.environ.get(ENV) else
              f"state:  SQLite files in {paths.data_dir()} ({ENV} not set)")
    except DatabaseError as exc:
        failed += 1
        print(f"error {exc}")
    for name, check in CHECKS:
        try:
            print(f"ok    {name}: {check()}")
        except ConfigError as exc:
            failed += 1
            print(f"error {exc}")
    return 2 if failed else 0
