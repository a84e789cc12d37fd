"""`newsmon schedule` as a process: SIGTERM lets the running crawl finish (or stops it after
the stop timeout) and leaves a consistent state; `--run-now` runs one job; between crawls the
service sends what the alert outbox has due."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime

from schedule_helpers import hung_job, quick_job, wait_for

from crawler.alerts.config import load_alerts
from crawler.alerts.outbox import Outbox
from crawler.cli import main


def start_service() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "schedule"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigterm_lets_the_running_crawl_finish(schedule, runs, data_dir):
    schedule(quick_job(), top="stop_timeout: 120\nkill_after: 2\n")
    service = start_service()
    try:
        wait_for(lambda: [r for r in runs("quick") if r.outcome == "running"], "the crawl to start")
        service.send_signal(signal.SIGTERM)
        _, err = service.communicate(timeout=180)
    finally:
        service.kill()
    assert service.returncode == 0, err[-3000:]
    assert (
        "SIGTERM: no new crawls; running ones get 120 s to finish" in err
        and "schedule stopped" in err
    )
    [run] = runs("quick")
    assert run.outcome == "ok" and run.returncode == 0
    state = sqlite3.connect(data_dir / "state.sqlite")
    assert state.execute("SELECT status FROM articles WHERE source = 'newdaily'").fetchall() == [
        ("done",)
    ]


def test_sigterm_stops_a_hung_crawl_after_the_stop_timeout(schedule, runs, blackhole):
    schedule(
        hung_job(blackhole, when="interval: {hours: 1}"), top="stop_timeout: 1\nkill_after: 2\n"
    )
    service = start_service()
    try:
        running = wait_for(
            lambda: [r for r in runs("hung") if r.outcome == "running"], "the crawl"
        )[0]
        service.send_signal(signal.SIGTERM)
        _, err = service.communicate(timeout=180)
    finally:
        service.kill()
    assert service.returncode == 0, err[-3000:]
    [run] = runs("hung")
    assert run.id == running.id and run.outcome == "stopped"
    assert "job hung: crawl stopped" in err


def test_run_now_runs_one_job(schedule, runs, capsys):
    schedule(quick_job())
    assert main(["schedule", "--run-now", "quick"]) == 0
    assert capsys.readouterr().out.strip() == "job quick: ok"
    assert [(r.reason, r.outcome) for r in runs("quick")] == [("run-now", "ok")]
    assert main(["schedule", "--run-now", "nope"]) == 2
    assert "no job 'nope' (jobs: quick)" in capsys.readouterr().err


def test_the_service_delivers_due_alerts_between_crawls(schedule, services, config_dir, data_dir):
    (config_dir / "alerts.yaml").write_text(
        "channels:\n  archive: {type: file, path: alerts.jsonl}\nrules:\n"
        "  - {id: visits, name: 방한, query: 방한, channels: [archive]}\n",
        encoding="utf-8",
    )
    alerts = load_alerts()
    outbox = Outbox(data_dir / "state.sqlite")  # an alert a crawl recorded but could not send
    outbox.record(
        {"url": "https://www.example.kr/1", "title": "나델라 방한", "source": "fnnews"},
        [("visits", "나델라가 방한했다")],
        {r.id: r for r in alerts.rules},
        datetime.now(UTC),
    )
    outbox.close()
    service = services(
        schedule(
            quick_job().replace("    sources:", "    enabled: false\n    sources:"),
            top="alerts_every: 1\n",
        ),
        alerts=alerts,
    )
    archive = data_dir / "alerts.jsonl"
    wait_for(
        lambda: archive.exists() and archive.read_text(encoding="utf-8").endswith("\n"),
        "the alert in the archive",
    )
    service.stop()
    [line] = archive.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["articles"][0]["title"] == "나델라 방한"


def test_a_crawl_orphaned_by_a_killed_scheduler_still_blocks_its_job(
    schedule, runs, blackhole, capsys
):
    schedule(hung_job(blackhole, when="interval: {hours: 1}", extra="    timeout: 30\n"))
    service = start_service()
    running = None
    try:
        running = wait_for(
            lambda: [r for r in runs("hung") if r.outcome == "running"], "the crawl"
        )[0]
        service.kill()  # the scheduler dies without a word; its crawl goes on
        service.communicate(timeout=60)
        assert main(["schedule", "--run-now", "hung"]) == 1  # the orphan still holds the job's lock
        assert capsys.readouterr().out.strip() == "job hung: skipped"
    finally:
        service.kill()
        if running:
            os.killpg(running.pid, signal.SIGKILL)
