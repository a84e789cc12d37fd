"""`newsmon alerts`: the alert outbox and rules from the command line.

- ``status``: messages sent, pending, failed and queued per rule and channel; every
  failed message with its last error (nothing fails silently);
- ``test FILE``: which rules match a page, a text or a document (JSON) and why -- the
  page goes through the same extraction, cleaning and enrichment as in a crawl;
- ``deliver``: send what is due now (digests, updates, retries) -- what
  ``newsmon schedule`` does every minute;
- ``retry [ID ...]``: failed messages back into the queue.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawler.alerts.config import (
    AlertsFile,
    compile_config,
    default_path,
    default_resolver,
    load_alerts,
)
from crawler.alerts.content import when
from crawler.alerts.dispatch import Dispatcher, utcnow
from crawler.alerts.outbox import Outbox
from crawler.config import ConfigError
from crawler.documents import DocumentError, load_document
from crawler.state.database import DatabaseError, default_location, masked


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "alerts",
        help="alert rules and their outbox: status, test, deliver, retry",
        description="Keyword alerts (config/alerts.yaml): what was sent, what waits or failed, "
        "which rules a document matches and why.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("status", help="messages sent, pending, failed and queued; failures in full")
    test = actions.add_parser(
        "test",
        help="which rules match a document, and why",
        description="FILE is a saved page (HTML), a text, or a document as "
        "JSON (enriched or not); pages are extracted, cleaned and enriched as "
        "in a crawl.",
    )
    test.add_argument("file", metavar="FILE")
    test.add_argument("--url", help="the page's URL (picks the source's extraction hints)")
    test.add_argument(
        "--source", metavar="ID", help="the source id to assume (default: from --url)"
    )
    actions.add_parser("deliver", help="send what is due now: digests, updates, retries")
    retry = actions.add_parser("retry", help="send failed messages again")
    retry.add_argument(
        "ids", nargs="*", type=int, metavar="ID", help="message ids (default: every failed one)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        return {"status": status, "test": test, "deliver": deliver, "retry": retry}[args.action](
            args
        )
    except (ConfigError, DatabaseError) as exc:
        print(f"newsmon alerts: {exc}", file=sys.stderr)
        return 2


def _config() -> AlertsFile | None:
    return load_alerts() if default_path().is_file() else None


def status(args: argparse.Namespace) -> int:
    config = _config()
    print(
        f"rules:  {default_path()}"
        + (f" ({len(config.enabled())} enabled)" if config else " (not found: no alerts are made)")
    )
    state = default_location("state")
    print(f"outbox: {masked(state) if '://' in state else state}")
    if "://" not in state and not Path(state).is_file():
        print("nothing recorded yet")
        return 0
    outbox = Outbox(state)
    try:
        counts = outbox.counts()
        if not counts:
            print("nothing recorded yet")
        else:
            columns = ("sent", "pending", "failed", "queued")
            rows = [
                (rule, channel, *(str(c.get(k, 0)) for k in columns))
                for (rule, channel), c in sorted(counts.items())
            ]
            _table(("rule", "channel", *columns), rows)
        failed = outbox.messages("failed")
        if failed:
            print(f"\nfailed ({len(failed)}; `newsmon alerts retry` sends them again):")
            for m in failed:
                print(
                    f"  #{m.id} {m.kind} {m.rule_id} -> {m.channel}, created {when(m.created_at)}, "
                    f"{m.attempts} attempt(s): {m.last_error}"
                )
        pending = outbox.messages("pending")
        if pending:
            print(f"\npending ({len(pending)}):")
            for m in pending:
                tried = (
                    f", {m.attempts} failed attempt(s), last: {m.last_error}" if m.attempts else ""
                )
                print(
                    f"  #{m.id} {m.kind} {m.rule_id} -> {m.channel}, next attempt "
                    f"{when(m.next_attempt_at)}{tried}"
                )
        missing = config.missing_env() if config else []
        if missing:
            print(f"\nnot set in the environment (sends will fail): {', '.join(missing)}")
    finally:
        outbox.close()
    return 0


def _table(headings: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headings)]
    for row in (headings, *rows):
        print(
            "  ".join(
                cell.ljust(w) if i < 2 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def deliver(args: argparse.Namespace) -> int:
    config = _config()
    if config is None:
        print(f"newsmon alerts: {default_path()} not found; nothing to deliver", file=sys.stderr)
        return 2
    outbox = Outbox()
    try:
        report = Dispatcher(outbox, config).run()
    finally:
        outbox.close()
    print(report)
    return 0 if not report.failed else 1


def retry(args: argparse.Namespace) -> int:
    outbox = Outbox()
    try:
        n = outbox.retry(utcnow(), args.ids)
    finally:
        outbox.close()
    print(f"{n} failed message(s) queued again; they go out with the next delivery run")
    return 0


# --- test ------------------------------------------------------------------------------------


def test(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"newsmon alerts: {path}: file not found", file=sys.stderr)
        return 2
    resolver = default_resolver()
    config = load_alerts(resolver=resolver)
    rules = compile_config(config, resolver)
    try:
        doc = load_document(path, url=args.url, source_id=args.source)
    except DocumentError as exc:
        print(f"newsmon alerts: {exc}", file=sys.stderr)
        return 2
    event = doc.get("event") or {}
    entities = doc.get("entities") or {}
    print(f"document: {doc.get('title')}")
    print(
        f"  source {doc.get('source')} ({doc.get('outlet')}), published {when(doc.get('published_at'))}, "
        f"relevance {event.get('relevance')}, story {doc.get('story_id') or '-'}"
    )
    for kind in ("persons", "organizations", "locations"):
        names = [
            f"{e['name']} ({e['id']})" if e.get("id") else e["name"] for e in entities.get(kind, [])
        ]
        if names:
            print(f"  {kind}: {', '.join(names)}")
    if event.get("topics"):
        print(f"  topics: {', '.join(event['topics'])}")
    print("rules:")
    by_id = {r.id: r for r in config.rules}
    for explanation in rules.explain(doc):
        rule = by_id[explanation.rule_id]
        mode = rule.mode + (f" every {rule.digest_minutes} min" if rule.mode == "digest" else "")
        print(
            f"  {'MATCH' if explanation.matched else 'no   '}  {rule.id}  {rule.name}  "
            f"[{mode} -> {', '.join(rule.channels)}]"
        )
        for reason in explanation.reasons:
            print(f"         {reason}")
    return 0
