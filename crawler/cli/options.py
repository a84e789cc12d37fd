"""Command-line options that several `newsmon` commands share."""

from __future__ import annotations

import argparse

from crawler.config import ConfigError


def add_settings_option(parser: argparse.ArgumentParser) -> None:
    """``-s/--set NAME=VALUE``, as ``scrapy crawl -s``: commands that run a Scrapy crawl."""
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy or NEWSMON_* setting (repeatable)",
    )


def setting_overrides(items: list[str]) -> dict[str, str]:
    """The ``--set`` items as settings; one without "=" is a mistake named on the line."""
    for item in items:
        if "=" not in item:
            raise ConfigError("command line", f"expected NAME=VALUE, got {item!r}", key="--set")
    return {name.strip(): value for name, _, value in (i.partition("=") for i in items)}
