"""`newsmon schedule`: crawl on the timetable of config/schedule.yaml, in the foreground.

Meant to run under systemd or supervisor (logs on stderr, SIGTERM stops it
gracefully).  ``--list`` shows the jobs and their next run times without
starting anything; ``--run-now JOB`` runs one job's crawl now, in this
process, with the same timeout and the same per-job lock as the service.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from crawler import paths
from crawler.alerts.config import default_path as alerts_path
from crawler.alerts.config import load_alerts
from crawler.config import ConfigError, config_file
from crawler.schedule import (
    CrawlRunner,
    RunLog,
    ScheduleBusy,
    ScheduleService,
    list_jobs,
    load_schedule,
)
from crawler.state.database import DatabaseError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schedule",
        help="run crawls on the schedule of config/schedule.yaml (foreground service)",
        description="Run the crawl jobs of config/schedule.yaml on their intervals or cron times, each "
        "crawl in a child process, until SIGTERM or SIGINT; send due alerts between crawls. Job "
        "times persist across restarts (in <data>/schedule.sqlite, or NEWSMON_DATABASE_URL); one "
        "service per job store.",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--list", action="store_true", help="print the jobs and their next run times"
    )
    action.add_argument("--run-now", metavar="JOB", help="run this job's crawl now and exit")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        config = load_schedule()
        alerts = load_alerts() if alerts_path().is_file() else None
    except ConfigError as exc:
        print(f"newsmon schedule: {exc}", file=sys.stderr)
        return 2
    if args.list:
        return _list(config)
    if not getattr(args, "verbose", 0):  # a service logs what it does
        logging.getLogger().setLevel(logging.INFO)
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    if args.run_now:
        return _run_now(config, args.run_now)
    try:
        ScheduleService(config, alerts=alerts).serve()
    except (ScheduleBusy, DatabaseError) as exc:
        print(f"newsmon schedule: {exc}", file=sys.stderr)
        return 2
    return 0


def _list(config) -> int:
    listed, orphans = list_jobs(config)
    print(f"schedule: {config_file('schedule.yaml')}  (times in {config.timezone})")
    for item in listed:
        job = item.job
        sources = config.sources_of(job)
        what = (f"group {job.group}: " if job.group else "") + (
            ", ".join(sources) or "every enabled source"
        )
        next_run = item.next_run.strftime("%Y-%m-%d %H:%M:%S") if item.next_run else "-"
        note = {
            "scheduled": "",
            "not started": "  (not started yet: times begin with `newsmon schedule`)",
            "changed": "  (changed in the file: rescheduled when the service restarts)",
            "disabled": "  (disabled)",
        }[item.state]
        print(f"{job.id}\n  crawls  {what}\n  when    {job.describe()}\n  next    {next_run}{note}")
        if item.last:
            last = item.last
            print(
                f"  last    {last.outcome} ({last.reason}), started {last.started_at}"
                + (f", exit status {last.returncode}" if last.returncode is not None else "")
            )
    for job_id in orphans:
        print(
            f"{job_id}\n  (in the job store but not in the file: dropped when the service restarts)"
        )
    return 0


def _run_now(config, job_id: str) -> int:
    job = config.job(job_id)
    if job is None:
        print(
            f"newsmon schedule: no job {job_id!r} (jobs: {', '.join(j.id for j in config.jobs)})",
            file=sys.stderr,
        )
        return 2
    log = RunLog()
    runner = CrawlRunner(config, paths.data_dir(), log)

    def on_signal(signum, _frame):  # stop the crawl gracefully, like the service does
        runner.stop(0 if runner.stop_at is not None else config.stop_timeout)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        outcome = runner.run(job, "run-now")
    finally:
        log.close()
    print(f"job {job_id}: {outcome}")
    return 0 if outcome == "ok" else 1
