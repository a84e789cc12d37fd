"""`newsmon demo`: the main job end to end on the embedded default.

It starts the local Elasticsearch node (or uses ES_URL), sets up the index,
serves the bundled offline copy of the supported outlets and portals
(``seeds/mirror``) on loopback, runs one cycle of the configured crawl jobs
against it (each crawl a child process, as under ``newsmon schedule``), and
delivers alerts into the archive file and a local webhook receiver.  It ends
with what a user wants to see: per-source counts, the stories found with their
outlets, the alerts sent, an example search, and where to look next.

Everything it keeps is in the data directory, so a second run finds nothing
new and sends no alert: the product's own "new only" and "once per story".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from elasticsearch import ApiError, TransportError

from crawler import paths
from crawler.cli.config import run as check_config
from crawler.cli.search import format_hits
from crawler.config import ConfigError, load_settings
from crawler.elastic.client import NoCluster, resolve, short_reason
from crawler.elastic.index_setup import SetupError, setup
from crawler.elastic.node import LocalNode, NodeError
from crawler.elastic.search import SearchRequest, search
from crawler.state.articles import StateStore
from crawler.stats import COLUMNS
from enrich import yamlfile

# The mirror is on loopback: no politeness delays needed, quiet logs.
FAST = ["AUTOTHROTTLE_ENABLED=0", "DOWNLOAD_DELAY=0", "LOG_LEVEL=WARNING", "LOGSTATS_INTERVAL=0"]
SHOWN = ["pages", "new", "updated", "unchanged", "irrelevant", "failed"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="run the main job end to end on the embedded default",
        description="Crawl the bundled offline mirror of the supported outlets and portals into "
        "Elasticsearch (the local node unless ES_URL is set), with alerts to a file and a local "
        "webhook, and print a summary. Run it twice: the second run finds nothing new.",
    )
    parser.set_defaults(func=run)


class WebhookReceiver:
    """A local webhook endpoint for the demo: every POSTed alert becomes a line of a file."""

    def __init__(self, path: Path):
        self.path = path
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with open(receiver.path, "ab") as out:
                    out.write(body.replace(b"\n", b" ") + b"\n")
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/alerts"

    def __enter__(self) -> WebhookReceiver:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()

    def count(self) -> int:
        return len(self.path.read_bytes().splitlines()) if self.path.exists() else 0


def demo_config(webhook_url: str, directory: Path) -> Path:
    """The user's configuration with one more alert channel: the demo's webhook receiver."""
    if directory.exists():
        shutil.rmtree(directory)
    shutil.copytree(paths.config_dir(), directory)
    alerts_file = directory / "alerts.yaml"
    alerts = yamlfile.read(alerts_file).data
    alerts["channels"]["demo-webhook"] = {"type": "webhook", "url": webhook_url}
    for rule in alerts["rules"]:
        rule["channels"] = [*rule.get("channels", []), "demo-webhook"]
    alerts_file.write_text(
        yaml.safe_dump(alerts, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return directory


def crawl_cycle(mirror: Path, work: Path, env: dict) -> dict[str, dict]:
    """One crawl of every enabled source against the mirror, in a child process as under
    ``newsmon schedule``; returns the per-source summary rows."""
    summary = work / "summary.json"
    summary.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "crawler.cli",
        "crawl",
        "--mirror",
        str(mirror),
        "--summary-json",
        str(summary),
    ]
    for setting in FAST:
        command += ["-s", setting]
    live = sys.stdout.isatty()
    store = StateStore()  # read for live counts
    with closing(store), (work / "crawl.log").open("w") as log:
        child = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        last = ""
        while child.poll() is None:  # live counts from the state store while it crawls
            time.sleep(0.5)
            line = _progress(store)
            if line != last:
                print(f"\r  {line}" if live else f"  {line}", end="" if live else "\n", flush=True)
                last = line
    print(
        ("\n" if live else "")
        + (
            f"  crawl finished; log: {log.name}"
            if child.returncode == 0
            else f"  crawl failed (exit {child.returncode}); see {log.name}"
        )
    )
    if not summary.exists():
        return {}
    return {s: row for s, row in json.loads(summary.read_text())["sources"].items() if s != "total"}


def _progress(store: StateStore) -> str:
    totals: dict[str, int] = {}
    for counts in store.counts().values():
        for status, n in counts.items():
            totals[status] = totals.get(status, 0) + n
    return "articles known: " + (", ".join(f"{n} {s}" for s, n in sorted(totals.items())) or "0")


def print_table(rows: dict[str, dict]) -> None:
    total = {c: sum(r.get(c, 0) for r in rows.values()) for c in COLUMNS}
    print(f"  {'source':16s}" + "".join(f"{c:>11s}" for c in SHOWN))
    for source, row in [*sorted(rows.items()), ("total", total)]:
        print(f"  {source:16s}" + "".join(f"{row.get(c, 0):>11d}" for c in SHOWN))


def print_stories(client, alias: str) -> None:
    response = client.search(
        index=alias,
        size=0,
        aggs={
            "stories": {
                "terms": {"field": "story_id", "size": 20, "order": {"latest": "desc"}},
                "aggs": {
                    "latest": {"max": {"field": "published_at"}},
                    "outlets": {"terms": {"field": "outlet", "size": 10}},
                    "head": {
                        "top_hits": {
                            "size": 1,
                            "_source": ["title"],
                            "sort": [{"published_at": {"order": "asc"}}],
                        }
                    },
                },
            }
        },
    )
    for bucket in response["aggregations"]["stories"]["buckets"]:
        title = bucket["head"]["hits"]["hits"][0]["_source"].get("title") or "(untitled)"
        outlets = ", ".join(b["key"] for b in bucket["outlets"]["buckets"])
        print(
            f"  {bucket['key'][:12]}  {bucket['doc_count']} article(s)  {title}\n"
            f"                {outlets}"
        )


def run(args: argparse.Namespace) -> int:
    data = paths.data_dir()
    work = data / "demo"
    work.mkdir(parents=True, exist_ok=True)
    print("== configuration")
    if check_config(args) != 0:
        return 2
    try:
        settings = load_settings().elasticsearch
        print("\n== Elasticsearch")
        if not os.environ.get("ES_URL"):
            node = LocalNode(data, settings.local_node)
            print(f"  starting the local node (data in {node.home}) ...", flush=True)
            node.start()
        connection = resolve(settings)
        client = connection.client()
        print(f"  Elasticsearch {client.info()['version']['number']} at {connection.describe()}")
        for line in setup(client, settings):
            print(f"  {line}")
    except (ConfigError, NodeError, NoCluster, SetupError) as exc:
        print(f"newsmon demo: {exc}")
        return 1
    except (TransportError, ApiError) as exc:
        problem = "answered" if isinstance(exc, ApiError) else "is not reachable:"
        hint = (
            "check the cluster, or unset ES_URL to use the local node"
            if os.environ.get("ES_URL")
            else "see `newsmon es status`"
        )
        print(
            f"newsmon demo: Elasticsearch at {connection.describe()} {problem} "
            f"{short_reason(exc)}; {hint}"
        )
        return 1

    mirror = paths.seeds_dir() / "mirror"
    with WebhookReceiver(work / "webhook.jsonl") as webhook:
        env = {
            **os.environ,
            "NEWSMON_CONFIG_DIR": str(demo_config(webhook.url, work / "config")),
            "NEWSMON_DATA_DIR": str(data),
            "PYTHONUNBUFFERED": "1",
        }
        archive = data / "alerts.jsonl"
        before = (
            webhook.count(),
            len(archive.read_bytes().splitlines()) if archive.exists() else 0,
        )
        print(f"\n== crawl: every source, over the offline mirror {mirror}")
        rows = crawl_cycle(mirror, work, env)
        subprocess.run(
            [sys.executable, "-m", "crawler.cli", "alerts", "deliver"], env=env, capture_output=True
        )  # anything the crawls left due
        sent_webhook = webhook.count() - before[0]
        sent_file = (len(archive.read_bytes().splitlines()) if archive.exists() else 0) - before[1]

    print("\n== articles per source (this run)")
    print_table(rows)
    client.indices.refresh(index=settings.alias)
    print(f"\n== stories in the index ({client.count(index=settings.alias)['count']} articles)")
    print_stories(client, settings.alias)
    print(
        f"\n== alerts sent this run: {sent_webhook} to the webhook ({webhook.url}, saved in "
        f"{webhook.path}), {sent_file} to {archive}"
    )
    print("\n== example search: newsmon search 나델라")
    total, hits = search(client, settings.alias, SearchRequest("나델라", limit=3))
    print("  " + format_hits(total, hits).replace("\n", "\n  "))
    new = sum(r.get("new", 0) for r in rows.values())
    local = Path(".venv/bin/newsmon")  # `make demo` in a checkout; else an installed package
    checkout = Path("Makefile").is_file() and local.is_file()
    newsmon = str(local) if checkout else "newsmon"
    config, seeds = paths.config_dir(), paths.seeds_dir()
    copy_hint = (
        "\n              (to edit them, copy config/ and seeds/ into the directory you "
        "run newsmon\n              from, or point NEWSMON_CONFIG_DIR and "
        "NEWSMON_SEEDS_DIR at your copies)"
    )
    print(f"""
== next
  Run `{"make demo" if checkout else "newsmon demo"}` again: {
        "nothing is new any more, so no alert is sent."
        if new
        else "this run found nothing new and sent no alert, as it should."
    }
  Search:     {newsmon} search 올트먼 회동   |   --person "Jensen Huang"   |   --since 7d
  Kibana:     docker compose up -d; ES_URL=http://localhost:9200 newsmon crawl;
              newsmon kibana import --url http://localhost:5601  (README, "Kibana")
  Configure:  {_shown(seeds / "sources.yaml")} (what to crawl), {_shown(config / "entities.yaml")}
              (who to watch), {_shown(config / "alerts.yaml")} (rules, channels),
              {_shown(config / "schedule.yaml")} (when){"" if checkout else copy_hint}
  Stop the local node: {newsmon} es stop""")
    return 0


def _shown(path: Path) -> str:
    """*path* relative to the working directory when it is under it: shorter to read and type."""
    path = path.resolve()
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)
