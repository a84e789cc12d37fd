"""`newsmon config check`: validate every configuration file once, up front."""

from __future__ import annotations

import argparse

from crawler import paths
from crawler.config import ConfigError, load_settings
from crawler.sources import load_sources


def _settings() -> str:
    es = load_settings().elasticsearch
    return f"alias {es.alias} -> {es.alias}-v{es.index_version}"


def _sources() -> str:
    sources = load_sources()
    enabled = sources.enabled()
    return f"{len(enabled)} enabled source(s): {', '.join(s.id for s in enabled)}"


# (file, check): each check loads and validates one file and returns a summary.
CHECKS = [
    ("config/newsmon.yaml", _settings),
    ("seeds/sources.yaml", _sources),
]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("config", help="validate the configuration",
                                   description="Validate config/ and seeds/ and report "
                                   "mistakes with file, line and key.")
    parser.add_argument("action", choices=["check"])
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print(f"config: {paths.config_dir()}\nseeds:  {paths.seeds_dir()}")
    failed = 0
    for name, check in CHECKS:
        try:
            print(f"ok    {name}: {check()}")
        except ConfigError as exc:
            failed += 1
            print(f"error {exc}")
    return 2 if failed else 0
