"""`newsmon state migrate --to URL`: move the data directory's SQLite stores to PostgreSQL."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from crawler import paths
from crawler.state.database import ENV, DatabaseError, masked
from crawler.state.migrate import CopyError, copy_data_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "state",
        help="the state database: move a data directory's SQLite stores to PostgreSQL",
        description="newsmon keeps its crawl state, alert outbox, story signatures and schedule "
        "in SQLite files in the data directory, or in the database of NEWSMON_DATABASE_URL.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    migrate = actions.add_parser(
        "migrate",
        help="copy the data directory's stores into an empty PostgreSQL database",
        description="Copy every article, alert, story signature, job and run of the data "
        "directory's SQLite files into an empty PostgreSQL database, in one transaction. Stop "
        "crawls and the scheduler first. The password comes from the environment: PGPASSWORD, "
        f"~/.pgpass, or {ENV} when --to is not given.",
    )
    migrate.add_argument(
        "--to", metavar="URL", help=f"postgresql://user@host/database (default: {ENV})"
    )
    migrate.add_argument(
        "--from",
        dest="source",
        metavar="DIR",
        type=Path,
        help="the data directory (default: NEWSMON_DATA_DIR, else ./var)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = args.to or os.environ.get(ENV)
    if not target:
        print(
            f"newsmon state migrate: give --to postgresql://user@host/database (or set {ENV})",
            file=sys.stderr,
        )
        return 2
    source = (args.source or paths.data_dir()).resolve()
    print(f"copying {source} -> {masked(target)}")
    try:
        copied = copy_data_dir(source, target, _progress)
    except (CopyError, DatabaseError) as exc:
        print(f"\nnewsmon state migrate: {exc}; nothing was copied", file=sys.stderr)
        return 2
    print("\r" + " " * 60 + "\r", end="")
    for table, n in copied.items():
        print(f"  {table:16s} {n:>9,d} row(s)")
    print(
        f"done. Point every crawler and the scheduler at it: export {ENV}={masked(target)} "
        "(the password from the environment); the SQLite files are left as they were."
    )
    return 0


def _progress(table: str, n: int) -> None:
    if sys.stdout.isatty():
        print(f"\r  {table}: {n:,}", end="", flush=True)
