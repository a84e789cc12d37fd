"""`newsmon kibana import`: load the data view, saved search and dashboard into Kibana."""

from __future__ import annotations

import argparse
import os
import sys

from crawler.config import load_settings
from crawler.elastic.kibana import KibanaError, import_saved_objects, saved_objects_file


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "kibana",
        help="import newsmon's saved objects into Kibana",
        description="Imports config/kibana/newsmon.ndjson (data view on the article alias, the "
        "'Tech CEO visits' saved search, the dashboard) through Kibana's saved-objects API, "
        "overwriting earlier copies. Auth: KIBANA_API_KEY or KIBANA_USERNAME/KIBANA_PASSWORD "
        "(else the ES_* credentials).",
    )
    parser.add_argument("action", choices=["import"])
    parser.add_argument(
        "--url",
        default=os.environ.get("KIBANA_URL"),
        help="Kibana base URL (default $KIBANA_URL), e.g. http://localhost:5601",
    )
    parser.add_argument("--space", help="Kibana space id (default: the default space)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.url:
        print("newsmon kibana import: give --url or set KIBANA_URL", file=sys.stderr)
        return 2
    es = load_settings().elasticsearch
    try:
        answer = import_saved_objects(
            args.url,
            es.alias,
            space=args.space,
            verify_certs=es.verify_certs,
            ca_certs=os.environ.get("KIBANA_CA_CERTS") or os.environ.get("ES_CA_CERTS"),
        )
    except KibanaError as exc:
        print(f"newsmon kibana import: {exc}", file=sys.stderr)
        return 1
    print(
        f"imported {answer.get('successCount', 0)} saved objects from {saved_objects_file()}; "
        f"open Kibana > Dashboards > 'newsmon: tech CEO visits'"
    )
    return 0
