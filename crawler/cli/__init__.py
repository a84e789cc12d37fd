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
import sys

# Command name -> its module; the order is the order of `newsmon --help`.
COMMANDS = {
    name: f"crawler.cli.{name}"
    for name in (
        "es",
        "config",
        "crawl",
        "sources",
        "clean",
        "index",
        "search",
        "kibana",
        "demo",
        "schedule",
        "alerts",
        "state",
    )
}


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given *argv* that names a command, only that command's module
    is imported: together the modules import Scrapy, Elasticsearch's client, SQLAlchemy, ...
    (more than a second), and every process of a crawl starts as a command."""
    parser = argparse.ArgumentParser(
        prog="newsmon",
        description="Monitor Korean tech news for global tech-CEO visits: crawl, clean, "
        "enrich, index in Elasticsearch, alert.",
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more logging (-vv: debug)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    command = next((a for a in argv or () if not a.startswith("-")), None)  # before it: -v only
    for name, module in COMMANDS.items():
        if command not in COMMANDS or name == command:
            importlib.import_module(module).register(subparsers)
    return parser


class _OneLineTransportWarnings(logging.Filter):
    """The Elasticsearch client logs each retry with the connection's whole traceback (some
    150 lines when the node is down); the command reports the failure itself, so its
    retries are not shown at all without -v, and with -v in one line each."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("elastic_transport"):
            record.exc_info = record.exc_text = None
        return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.verbose == 0:  # the clients' retries: the command reports the failure itself
        logging.getLogger("elastic_transport").setLevel(logging.ERROR)
        logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)
    if args.verbose < 2:
        for handler in logging.getLogger().handlers:
            handler.addFilter(_OneLineTransportWarnings())
    if not getattr(args, "func", None):
        parser.print_help()
        return 0 if args.command is None else 2
    return args.func(args)
