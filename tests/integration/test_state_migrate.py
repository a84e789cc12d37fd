"""`newsmon state migrate --to URL`: a one-machine data directory moves to PostgreSQL whole."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

from crawler.alerts.config import load_alerts
from crawler.alerts.outbox import Outbox
from crawler.cli import main
from crawler.schedule import RunLog, Scheduler, store_url
from crawler.state.articles import StateStore
from crawler.state.stories import DatabaseSignatureStore
from enrich.story_store import StoredSignature

pytestmark = pytest.mark.postgres

URL = "https://www.fnnews.com/news/202502261842174321"
PARAMS = {"num_perm": "128", "bands": "32", "shingle": "3", "scheme": "affine32"}


@pytest.fixture
def rules(tmp_path):
    path = tmp_path / "alerts.yaml"
    path.write_text(
        "channels:\n  archive: {type: file, path: alerts.jsonl}\nrules:\n"
        "  - {id: visits, name: 방한, query: 방한, channels: [archive]}\n",
        encoding="utf-8",
    )
    return {r.id: r for r in load_alerts(path).rules}


def fill(data_dir, rules) -> None:
    """A data directory as a single machine leaves it: every store has something."""
    state = StateStore(data_dir / "state.sqlite")
    state.record(
        URL, source="fnnews", status="done", content_hash="h1", lastmod="2025-02-26T18:50:00+09:00"
    )
    state.alias("https://v.daum.net/v/20250226184217432", URL)
    state.close()
    outbox = Outbox(data_dir / "state.sqlite")
    outbox.record(
        {"url": URL, "title": "나델라 방한", "source": "fnnews", "story_id": "s1"},
        [("visits", "나델라가 방한했다")],
        rules,
        datetime.now(UTC),
    )
    outbox.close()
    stories = DatabaseSignatureStore(data_dir / "stories.sqlite")
    stories.bind(PARAMS)
    stories.add_many(
        [StoredSignature("d1", "s1", b"\x01" * 512, (1, -2, 3), ("샘 올트먼|2025-02-04",))]
    )
    stories.close()
    log = RunLog(data_dir / "schedule.sqlite")
    log.finish(log.start("quick", "scheduled", pid=1), "ok", 0, "new 1")
    log.close()
    jobs = Scheduler(jobstores={"default": SQLAlchemyJobStore(url=store_url(data_dir))})
    jobs.start(paused=True)
    jobs.add_job(print, "interval", minutes=10, id="quick")
    jobs.shutdown()


def test_a_data_directory_moves_to_postgresql_whole(data_dir, pg_url, rules, capsys):
    fill(data_dir, rules)
    assert main(["state", "migrate", "--to", pg_url]) == 0
    out = capsys.readouterr().out
    assert "articles                 1 row(s)" in out and "story_bands              3 row(s)" in out
    assert "pg-password-never-logged" not in out and "newsmon:***@" in out

    state = StateStore(pg_url)  # what a crawl worker on another machine now sees
    assert state.resolve("https://v.daum.net/v/20250226184217432") == URL
    assert state.decide(URL, "2025-02-26T18:42:00+09:00").reason == "unchanged"
    outbox = Outbox(pg_url)
    [pending] = outbox.messages("pending")
    created = outbox.record(
        {"url": "https://a.kr/2", "title": "올트먼 방한", "story_id": "s2"},
        [("visits", None)],
        rules,
        datetime.now(UTC),
    )
    assert created == [pending.id + 1]  # ids go on after the copied ones
    assert (
        outbox.record(
            {"url": "https://a.kr/3", "story_id": "s1"},
            [("visits", None)],
            rules,
            datetime.now(UTC),
        )
        == []
    )  # story s1 was alerted before the move
    stories = DatabaseSignatureStore(pg_url)
    stories.bind(PARAMS)
    [signature] = stories.get_many(["d1"])
    assert signature.bands == (1, -2, 3)
    assert stories.event_stories(["샘 올트먼|2025-02-04"], "") == {signature.story_id: "d1"}
    assert [(r.job_id, r.outcome) for r in RunLog(pg_url).runs()] == [("quick", "ok")]
    jobs = SQLAlchemyJobStore(url=pg_url.replace("postgresql://", "postgresql+psycopg://"))
    jobs.start(Scheduler(), "default")
    assert [job.id for job in jobs.get_all_jobs()] == ["quick"]
    jobs.shutdown()
    for store in (state, outbox, stories):
        store.close()


def test_migrate_refuses_a_target_that_holds_data(data_dir, pg_url, rules, capsys):
    fill(data_dir, rules)
    assert main(["state", "migrate", "--to", pg_url]) == 0
    assert main(["state", "migrate", "--to", pg_url]) == 2
    err = capsys.readouterr().err
    assert "already holds newsmon data" in err and "nothing was copied" in err
    assert "pg-password-never-logged" not in err
    assert len(StateStore(pg_url).counts()["fnnews"]) == 1


def test_migrate_names_what_is_wrong(data_dir, capsys):
    assert main(["state", "migrate", "--to", "mysql://u:secret@db/newsmon"]) == 2
    err = capsys.readouterr().err
    assert "unsupported database" in err and "secret" not in err
    assert main(["state", "migrate", "--to", "postgresql://u:secret@127.0.0.1:1/x"]) == 2
    err = capsys.readouterr().err
    assert "no state.sqlite" in err
