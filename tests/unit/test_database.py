"""Choosing the state database: SQLite files by default, a URL from the environment, clear
errors that never show the password."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import text

from crawler.cli import main
from crawler.state.database import Database, DatabaseError, masked, resolve_url


def test_without_a_url_each_store_is_a_file_in_the_data_directory(data_dir, monkeypatch):
    monkeypatch.delenv("NEWSMON_DATABASE_URL", raising=False)
    assert resolve_url("state").database == str(data_dir / "state.sqlite")
    assert resolve_url("stories").database == str(data_dir / "stories.sqlite")
    assert resolve_url("state", data_dir / "elsewhere.db").database == str(
        data_dir / "elsewhere.db"
    )


def test_a_url_from_the_environment_serves_every_store(monkeypatch):
    monkeypatch.setenv("NEWSMON_DATABASE_URL", "postgresql://newsmon:s3cret@db.internal/newsmon")
    for store in ("state", "stories", "schedule"):
        url = resolve_url(store)
        assert url.drivername == "postgresql+psycopg" and url.database == "newsmon"
    assert masked(resolve_url("state")) == "postgresql://newsmon:***@db.internal/newsmon"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "mysql://u:s3cret@db/newsmon",
            "NEWSMON_DATABASE_URL: mysql://u:***@db/newsmon: unsupported "
            "database (expected postgresql://user@host/database",
        ),
        ("not a url ://s3cret", "NEWSMON_DATABASE_URL: not a database URL"),
    ],
)
def test_a_bad_url_is_named_without_its_password(monkeypatch, url, expected):
    monkeypatch.setenv("NEWSMON_DATABASE_URL", url)
    with pytest.raises(DatabaseError) as err:
        resolve_url("state")
    assert str(err.value).startswith(expected) and "s3cret" not in str(err.value)


def test_an_unreachable_server_is_named_without_its_password():
    with pytest.raises(DatabaseError) as err:
        Database("state", "postgresql://newsmon:s3cret@127.0.0.1:1/newsmon").migrate("state")
    message = str(err.value)
    assert (
        message.startswith("database postgresql://newsmon:***@127.0.0.1:1/newsmon not reachable: ")
        and "s3cret" not in message
    )


def test_a_crawl_stops_before_crawling_when_the_database_does_not_answer(
    data_dir, monkeypatch, capsys
):
    monkeypatch.setenv("NEWSMON_DATABASE_URL", "postgresql://newsmon:s3cret@127.0.0.1:1/x")
    assert main(["crawl", "--source", "fnnews"]) == 2
    err = capsys.readouterr().err
    assert "newsmon crawl: database postgresql://newsmon:***@127.0.0.1:1/x not reachable" in err
    assert "s3cret" not in err


def test_config_check_names_the_state_database(data_dir, monkeypatch, capsys):
    monkeypatch.delenv("NEWSMON_DATABASE_URL", raising=False)
    assert main(["config", "check"]) == 0
    assert (
        f"state:  SQLite files in {data_dir} (NEWSMON_DATABASE_URL not set)"
        in capsys.readouterr().out
    )
    monkeypatch.setenv("NEWSMON_DATABASE_URL", "postgresql://newsmon:s3cret@db.internal/newsmon")
    assert main(["config", "check"]) == 0
    assert "state:  postgresql://newsmon:***@db.internal/newsmon" in capsys.readouterr().out
    monkeypatch.setenv("NEWSMON_DATABASE_URL", "oracle://newsmon:s3cret@db.internal/newsmon")
    assert main(["config", "check"]) == 2
    out = capsys.readouterr().out
    assert (
        "error NEWSMON_DATABASE_URL: oracle://newsmon:***@db.internal/newsmon: unsupported" in out
    )
    assert "s3cret" not in out


def test_a_new_file_another_process_is_writing_to_is_waited_for(tmp_path):
    """Two crawls starting together on a new state file: while one writes to it, still in
    its first journal mode, the other's switch to WAL is refused at once; it waits for the
    writer instead of failing the crawl ("database is locked")."""
    path = tmp_path / "state.sqlite"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("CREATE TABLE t (x INTEGER)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.5, writer.execute, ("COMMIT",)).start()
    db = Database("state", path)
    with db.transaction() as conn:
        conn.execute(text("INSERT INTO t VALUES (2)"))
    with db.transaction() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 2
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    db.close()
    writer.close()
