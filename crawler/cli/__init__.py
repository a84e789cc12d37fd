"""The `newsmon` command.

Each subcommand lives in its own module under :mod:`crawler.cli` and exposes
``register(subparsers)``; the module adds its parser and sets ``func`` to the
handler, which returns the process exit code.  Keeping one module per command
lets a command grow without touching the others.
"""

from __future__ import annotations

import argparse
import importlib
import logging

# Order is the order of `newsmon --help`.
COMMAND_MODULES = [
    "crawler.cli.es",
    "crawler.cli.config",
    "crawler.cli.crawl",
    "crawler.cli.sources",
    "crawler.cli.clean",
    "crawler.cli.index",
    "crawler.cli.search",
    "crawler.cli.kibana",
    "crawler.cli.demo",
    "crawler.cli.schedule",
    "crawler.cli.alerts",
    "crawler.cli.state",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsmon",
        description="Monitor Korean tech news for global tech-CEO visits: crawl, clean, "
        "enrich, index in Elasticsearch, alert.",
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more logging (-vv: debug)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 0 if args.command is None else 2
    return args.func(args)
