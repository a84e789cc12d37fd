"""`newsmon es start|stop|status`: the local Elasticsearch node."""

from __future__ import annotations

import argparse
import os

from crawler import paths
from crawler.config import ConfigError, load_settings
from crawler.elastic.client import NoCluster, resolve
from crawler.elastic.node import LocalNode, NodeError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "es",
        help="start, stop or inspect the local Elasticsearch node",
        description="The embedded single-node Elasticsearch used when ES_URL is not set. "
        "Its data, pid and URL live in $NEWSMON_DATA_DIR/es (default ./var/es).",
    )
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        node = LocalNode(paths.data_dir(), settings.elasticsearch.local_node)
        if args.action == "start":
            url = node.start()
            info = resolve(settings.elasticsearch).client().info()
            print(
                f"Elasticsearch {info['version']['number']} running at {url} "
                f"(pid {node.pid()}, data {node.home})"
            )
            if os.environ.get("ES_URL"):
                print("note: ES_URL is set, so newsmon commands use that cluster, not this node")
            return 0
        if args.action == "stop":
            print("stopped" if node.stop() else "not running")
            return 0
        return status(settings, node)
    except (ConfigError, NodeError, NoCluster) as exc:
        print(f"newsmon es {args.action}: {exc}")
        return 2 if isinstance(exc, ConfigError) else 1


def status(settings, node: LocalNode) -> int:
    connection = resolve(settings.elasticsearch)
    where = "ES_URL" if os.environ.get("ES_URL") else f"local node, pid {node.pid()}"
    try:
        client = connection.client(request_timeout=5)
        version = client.info()["version"]["number"]
        health = client.cluster.health()
    except Exception as exc:  # any transport failure: report, do not trace
        print(f"{connection.describe()} ({where}): unreachable: {exc}")
        return 1
    print(
        f"{connection.describe()} ({where}): Elasticsearch {version}, status {health['status']}, "
        f"{health['number_of_nodes']} node(s), {health['active_shards']} active shards"
    )
    return 0 if health["status"] in ("green", "yellow") else 1
