"""`newsmon index setup|repair|replay|FILE...`: the article index and what goes into it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from elasticsearch import ApiError, TransportError

from crawler import paths
from crawler.config import ConfigError, load_settings
from crawler.documents import DocumentError, load_document, open_story_index
from crawler.elastic.client import NoCluster, resolve, short_reason
from crawler.elastic.index_setup import SetupError, repair, setup
from crawler.elastic.sink import BulkSink, count
from crawler.state.database import DatabaseError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "index",
        help="set up or repair the index, replay the spool, or index local files",
        description="`newsmon index setup` creates or updates the template, index and alias "
        "(idempotent; reports what changed). `newsmon index repair` replaces an index that "
        "sits where the alias belongs (made by writes before any setup) by the alias, its "
        "documents copied first. `newsmon index replay` sends documents spooled while "
        "Elasticsearch was down. `newsmon index FILE...` sends local HTML pages or text "
        "files through extract -> clean -> enrich -> index, like crawled pages.",
    )
    parser.add_argument("targets", nargs="+", metavar="setup|repair|replay|FILE")
    parser.add_argument("--url", help="the page's URL (one FILE only)")
    parser.add_argument("--source", help="source id whose extraction hints apply")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    files = [] if args.targets in (["setup"], ["repair"], ["replay"]) else args.targets
    missing = [f for f in files if not Path(f).is_file()]
    if missing:  # before any cluster is asked for
        print(f"newsmon index: {', '.join(missing)}: file not found", file=sys.stderr)
        return 2
    connection = None
    try:
        settings = load_settings().elasticsearch
        connection = resolve(settings)
        client = connection.client()
        if args.targets in (["setup"], ["repair"]):
            for line in (setup if args.targets == ["setup"] else repair)(client, settings):
                print(line)
            return 0
        sink = BulkSink.from_settings(client, settings, paths.data_dir(), refresh="wait_for")
        sink.ensure_index()  # before anything is written, replayed or not
        if args.targets == ["replay"]:
            totals = count(sink.replay())
            left = sink.spool.count()
            print(f"replayed: {totals or 'nothing spooled'}; still spooled: {left}")
            return 0 if left == 0 else 1
        if args.url and len(args.targets) > 1:
            print("newsmon index: --url goes with one FILE", file=sys.stderr)
            return 2
        return index_files([Path(t) for t in args.targets], sink, url=args.url, source=args.source)
    except (ConfigError, NoCluster, SetupError, DatabaseError) as exc:
        print(f"newsmon index: {exc}", file=sys.stderr)
        return 2
    except (TransportError, ApiError) as exc:
        where = f" at {connection.describe()}" if connection else ""
        print(f"newsmon index: Elasticsearch{where}: {short_reason(exc)}", file=sys.stderr)
        return 1


def index_files(files: list[Path], sink: BulkSink, *, url: str | None, source: str | None) -> int:
    """One line per file: the document id and what happened, or why it was rejected."""
    stories = open_story_index()
    rejected = 0
    try:
        for path in files:
            try:
                doc = load_document(path, url=url, source_id=source, clusterer=stories)
            except DocumentError as exc:
                rejected += 1
                print(f"{path}: rejected: {str(exc).removeprefix(f'{path}: ')}")
                continue
            sink.add(doc)
            [outcome] = sink.flush()
            story = f" story {doc.get('story_id')}" if doc.get("story_id") else ""
            if outcome.status == "dead_letter":
                rejected += 1
                print(f"{path}: rejected: {outcome.reason}")
            else:
                version = f" v{outcome.version}" if outcome.version else ""
                print(f"{path}: {outcome.doc_id} {outcome.status}{version}{story}")
    finally:
        stories.store.close()
    return 1 if rejected else 0
