"""The schedule service with real child crawls: a persistent job store, coalesced misfires, no
overlapping runs, and crashed or hung crawls that never stop the scheduler."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import STATE_PAUSED
from schedule_helpers import hung_job, quick_job, wait_for

from crawler.schedule import Scheduler, job_name, list_jobs, store_url


def finished(runs, job_id: str, n: int = 1):
    return lambda: (
        [r for r in runs(job_id) if r.outcome not in ("running", "skipped")][n - 1 :]
        and [r for r in runs(job_id) if r.outcome not in ("running", "skipped")]
    )


def test_a_restart_keeps_the_schedule(schedule, services, runs, data_dir):
    config = schedule(quick_job() + quick_job("other"))
    first = services(config)
    wait_for(finished(runs, "quick"), "the first crawl of a new job")  # new jobs crawl at once
    wait_for(finished(runs, "other"), "the first crawl of the other job")
    kept = first.scheduler.get_job("quick").next_run_time
    assert kept > datetime.now(UTC) + timedelta(minutes=50)
    first.stop()
    assert [r.outcome for r in runs("quick")] == ["ok"]

    listed, orphans = list_jobs(config, data_dir)
    assert [(x.job.id, x.state, x.next_run) for x in listed] == [
        ("quick", "scheduled", kept),
        ("other", "scheduled", listed[1].next_run),
    ] and orphans == []

    # Same file: the stored time stands, nothing runs early.  Changed: rescheduled.  Gone: dropped.
    second = services(schedule(quick_job() + quick_job("other", "interval: {hours: 2}")))
    assert second.scheduler.get_job("quick").next_run_time == kept
    wait_for(finished(runs, "other", 2), "the changed job's first crawl")  # at once, not in 2 h
    second.stop()
    third = services(schedule(quick_job()))
    assert (
        third.scheduler.get_job("other") is None
        and third.scheduler.get_job("quick").next_run_time == kept
    )
    third.stop()
    assert [r.outcome for r in runs("quick")] == ["ok"]


def test_missed_runs_are_coalesced_into_one(schedule, services, runs, data_dir):
    config = schedule(quick_job(when="interval: {minutes: 10}"))
    first = services(config)
    wait_for(finished(runs, "quick"), "the first crawl")
    first.stop()
    # The service was down for an hour: six runs of the job were missed.
    store = Scheduler(jobstores={"default": SQLAlchemyJobStore(url=store_url(data_dir))})
    store.start(paused=True)
    store.modify_job("quick", next_run_time=datetime.now(UTC) - timedelta(hours=1))
    assert store.get_job("quick").name == job_name(config.jobs[0], config)  # unchanged: kept
    store.shutdown()

    second = services(config)
    wait_for(finished(runs, "quick", 2), "the catch-up crawl")
    assert second.scheduler.get_job("quick").next_run_time > datetime.now(UTC)
    second.stop()  # a second catch-up run (no coalescing) would be recorded as skipped here
    assert [(r.outcome, r.reason) for r in runs("quick")] == [
        ("ok", "scheduled"),
        ("ok", "scheduled"),
    ]


def test_a_crawl_never_overlaps_itself(schedule, services, runs, blackhole, data_dir, config_dir):
    service = services(schedule(hung_job(blackhole)))  # every second, each crawl hangs
    wait_for(
        lambda: len([r for r in runs("hung") if r.outcome == "skipped"]) >= 2,
        "ticks skipped while the crawl runs",
    )
    assert [r.outcome for r in runs("hung") if r.outcome != "skipped"] == ["running"]
    # Across processes too: `--run-now` while the service's crawl holds the job's lock.
    env = {**os.environ, "NEWSMON_DATA_DIR": str(data_dir), "NEWSMON_CONFIG_DIR": str(config_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "schedule", "--run-now", "hung"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1 and "job hung: skipped" in done.stdout
    assert any(r.reason == "run-now" and r.detail == "already running" for r in runs("hung"))
    [running] = [r for r in runs("hung") if r.outcome == "running"]
    service.stop(timeout=0)  # stop at once: SIGTERM, then SIGKILL after kill_after
    [stopped] = [r for r in runs("hung") if r.id == running.id]
    assert stopped.outcome == "stopped" and stopped.returncode is not None
    assert [r for r in runs("hung") if r.outcome == "running"] == []
    wait_for(lambda: not _alive(running.pid), "the stopped crawl's process to be gone")


def test_a_hung_crawl_is_stopped_after_its_timeout_and_the_next_tick_runs(
    schedule, services, runs, blackhole
):
    service = services(schedule(hung_job(blackhole, extra="    timeout: 1\n")))
    wait_for(
        lambda: [r for r in runs("hung") if r.outcome == "timeout"],
        "a crawl stopped by its timeout",
    )
    timed_out = next(r for r in runs("hung") if r.outcome == "timeout")
    assert timed_out.returncode is not None and not _alive(timed_out.pid)
    wait_for(
        lambda: [r for r in runs("hung") if r.id > timed_out.id and r.outcome != "skipped"],
        "the next crawl after the timeout",
    )
    service.stop(timeout=0)


def test_a_crashed_crawl_does_not_stop_the_scheduler(schedule, services, runs, blackhole):
    service = services(schedule(hung_job(blackhole)))
    running = wait_for(
        lambda: [r for r in runs("hung") if r.outcome == "running"], "a running crawl"
    )[0]
    os.killpg(running.pid, signal.SIGKILL)  # the crawl dies (the OOM killer, a segfault, ...)
    wait_for(
        lambda: next(r for r in runs("hung") if r.id == running.id).outcome == "crashed",
        "the crash to be recorded",
    )
    crashed = next(r for r in runs("hung") if r.id == running.id)
    assert crashed.returncode == -signal.SIGKILL
    wait_for(
        lambda: [r for r in runs("hung") if r.id > running.id and r.outcome == "running"],
        "the next tick's crawl",
    )
    assert service.scheduler.running
    service.stop(timeout=0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_job_due_while_the_service_stops_is_still_due_at_the_next_start(data_dir):
    """APScheduler 3 looks for due jobs once more after shutdown; that must not use up a run."""
    due = datetime.now(UTC) - timedelta(minutes=1)
    stopping = Scheduler(jobstores={"default": SQLAlchemyJobStore(url=store_url(data_dir))})
    stopping.start(paused=True)  # paused, as the service is while its crawls finish
    stopping.add_job(print, "interval", minutes=10, id="due", next_run_time=due)
    stopping.shutdown()
    reopened = Scheduler(jobstores={"default": SQLAlchemyJobStore(url=store_url(data_dir))})
    reopened.start(paused=True)
    assert abs(reopened.get_job("due").next_run_time - due) < timedelta(seconds=1)
    reopened.shutdown()


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_second_scheduler_is_refused_and_takes_over_once_the_first_stops(
    backend, request, schedule, services, runs, data_dir, tmp_path, monkeypatch
):
    """Two `newsmon schedule` on one job store would run every job twice: the second is refused
    (on SQLite: the same data directory; on PostgreSQL: another machine, its own data
    directory, the same database) and may take over the stored schedule later."""
    if backend == "postgres":
        monkeypatch.setenv("NEWSMON_DATABASE_URL", request.getfixturevalue("pg_url"))
    other = data_dir if backend == "sqlite" else tmp_path / "machine-b"
    config = schedule(quick_job())
    first = services(config)
    wait_for(finished(runs, "quick"), "the first crawl")
    kept = first.scheduler.get_job("quick").next_run_time
    env = {**os.environ, "NEWSMON_DATA_DIR": str(other)}
    refused = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "schedule"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2, refused.stderr[-3000:]
    assert re.search(
        rf"newsmon schedule: newsmon schedule \S+:{os.getpid()} .*is already running "
        r"on .*; a second one would run every job twice",
        refused.stderr,
    )
    assert "pg-password-never-logged" not in refused.stderr
    first.stop()
    second = services(config, data_dir=other)
    assert second.scheduler.get_job("quick").next_run_time == kept  # the shared store's time
    second.stop()
    assert [(r.outcome, r.reason) for r in runs("quick")] == [("ok", "scheduled")]  # ran once


@pytest.mark.postgres
def test_a_scheduler_whose_database_session_was_cut_takes_its_lock_again_or_stops(
    schedule, services, tmp_path, pg_url, monkeypatch
):
    """The lock of a PostgreSQL job store lives in a database session.  Cut (a database
    restart, a network failure), it is taken again if still free; if another service got it
    meanwhile, this one stops scheduling: never two at once."""
    import psycopg

    monkeypatch.setenv("NEWSMON_DATABASE_URL", pg_url)
    config = schedule(quick_job(when="cron: '0 3 1 1 *'"))  # not due while the test runs

    def sessions(action: str = "application_name") -> list:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            return admin.execute(
                f"SELECT {action} FROM pg_stat_activity "
                "WHERE application_name LIKE 'newsmon schedule %'"
            ).fetchall()

    first = services(config)
    sessions("pg_terminate_backend(pid)")
    assert first.lock.held() and len(sessions()) == 1  # free: taken again
    env = {**os.environ, "NEWSMON_DATA_DIR": str(tmp_path / "machine-b")}
    refused = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "schedule"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 2 and "is already running" in refused.stderr

    sessions("pg_terminate_backend(pid)")  # cut again; another machine's service starts now
    other = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "schedule"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: len(sessions()) == 1, "the other service to take the lock")
        first.check_lock()
        assert first.lost_lock and first.scheduler.state == STATE_PAUSED  # no run starts here
    finally:
        other.send_signal(signal.SIGTERM)
        _, err = other.communicate(timeout=120)
    assert other.returncode == 0, err[-3000:]
