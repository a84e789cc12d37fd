"""`newsmon demo`: the main job end to end on the embedded default.

Starts the local Elasticsearch node (or uses ES_URL), validates the
configuration and shows what a crawl covers.  Later stages (replay crawl,
indexing, alerts, summary) plug in here as they land.
"""

from __future__ import annotations

import argparse
import os

from crawler import paths
from crawler.cli.config import run as check_config
from crawler.config import ConfigError, load_settings
from crawler.elastic import resolve
from crawler.esnode import LocalNode, NodeError
from crawler.sources import load_sources


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="run the main job end to end on the embedded default")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("== configuration")
    if check_config(args) != 0:
        return 2
    try:
        settings = load_settings()
        sources = load_sources()
        print("\n== Elasticsearch")
        if not os.environ.get("ES_URL"):
            node = LocalNode(paths.data_dir(), settings.elasticsearch.local_node)
            print(f"starting the local node (data in {node.home}) ...", flush=True)
            node.start()
        client = resolve(settings.elasticsearch).client()
        info, health = client.info(), client.cluster.health()
        print(f"Elasticsearch {info['version']['number']} at "
              f"{resolve(settings.elasticsearch).describe()}: status {health['status']}")
    except (ConfigError, NodeError) as exc:
        print(f"newsmon demo: {exc}")
        return 1

    print("\n== what a crawl covers")
    for source in sources.enabled():
        d = source.discovery
        entry = ", ".join(f"{n} {k}" for k, n in (("feed(s)", len(d.feeds)),
                                                  ("sitemap(s)", len(d.sitemaps)),
                                                  ("listing(s)", len(d.listings)),
                                                  ("search(es)", len(d.search))) if n)
        print(f"  {source.id:16s} {source.type:7s} {source.name} — {entry or 'article pages only'}")
    print("\nNext: `newsmon es status`, `newsmon es stop`; configuration in config/ and seeds/.")
    return 0
