"""Moving a data directory's SQLite stores into a shared database (``newsmon state migrate``).

A newsroom that started on one machine keeps its history when it scales out:
every article the crawl knows (so nothing is fetched or alerted again), the
alert outbox (sent, pending and failed messages), the story signatures (new
reports still join old stories) and the scheduler's jobs and run log are
copied into the target database, whose tables are created by the same
migrations first.  The copy is one transaction on the target: it lands whole
or not at all, and it refuses a target that already holds newsmon data.
Claims are not copied: they belong to crawls in flight, and crawls must be
stopped while the data moves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy import MetaData, Table, func, select, text

from crawler.state.database import Database

# The SQLite file of each store, its migration branches and the tables copied, parents first.
STORES = {
    "state": (
        ("state", "alerts"),
        ("articles", "aliases", "alert_docs", "alert_matches", "alert_messages", "alert_items"),
    ),
    "stories": (("stories",), ("story_meta", "story_docs", "story_bands", "story_events")),
    "schedule": (("schedule",), ("schedule_runs", "apscheduler_jobs")),
}
SERIAL = {"alert_messages": "id", "schedule_runs": "id"}  # their next ids continue after the copy
BATCH = 2000


class CopyError(Exception):
    """The copy cannot start; nothing was written."""


def copy_data_dir(
    data_dir: Path, target: str, progress: Callable[[str, int], None] = lambda table, n: None
) -> dict[str, int]:
    """Copy the stores of *data_dir* into the database *target* (a URL); returns the rows
    copied per table."""
    destination = Database("state", target)
    if destination.sqlite:
        raise CopyError(
            f"{destination.shown}: the target must be a shared database "
            "(postgresql://user@host/database)"
        )
    files = {name: data_dir / f"{name}.sqlite" for name in STORES}
    if not any(path.is_file() for path in files.values()):
        raise CopyError(f"{data_dir}: no state.sqlite, stories.sqlite or schedule.sqlite to copy")
    destination.migrate(*(branch for branches, _ in STORES.values() for branch in branches))
    SQLAlchemyJobStore(engine=destination.engine).jobs_t.create(destination.engine, checkfirst=True)
    tables = MetaData()
    tables.reflect(destination.engine, only=[t for _, names in STORES.values() for t in names])
    copied: dict[str, int] = {}
    with destination.transaction() as out:
        for table in tables.sorted_tables:
            if out.execute(select(func.count()).select_from(table)).scalar_one():
                raise CopyError(
                    f"{destination.shown} already holds newsmon data ({table.name} "
                    "is not empty); copy into an empty database"
                )
        for name, (branches, names) in STORES.items():
            if not files[name].is_file():
                continue
            source = Database(name, files[name])
            source.migrate(*branches)  # a file from before Alembic gets the current columns
            try:
                with source.reading() as src:
                    for table_name in names:
                        copied[table_name] = _copy(src, out, tables.tables[table_name], progress)
            finally:
                source.close()
        for table_name, column in SERIAL.items():
            out.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table_name}', '{column}'), "
                    f"COALESCE((SELECT MAX({column}) FROM {table_name}), 0) + 1, false)"
                )
            )
    destination.close()
    return copied


def _copy(src, out, table: Table, progress: Callable[[str, int], None]) -> int:
    if not src.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": table.name}
    ).first():
        return 0  # e.g. no job stored yet
    columns = [c.name for c in table.columns]
    source = Table(table.name, MetaData(), autoload_with=src)
    rows = src.execute(select(*(source.c[c] for c in columns)))
    n = 0
    while batch := rows.fetchmany(BATCH):
        out.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in batch])
        n += len(batch)
        progress(table.name, n)
    return n
