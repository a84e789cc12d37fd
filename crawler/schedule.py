"""Scheduled crawling: ``newsmon schedule`` runs crawls on a timetable as a foreground service.

Jobs come from ``config/schedule.yaml`` (validated at start-up: unknown
sources and groups, bad cron expressions name file, line and key): a source,
a list of sources or a group of them, crawled every N minutes or on a cron
expression, with jitter so that many jobs do not hit the network together.

APScheduler 3 choices, on purpose:

- **persistent job store** (SQLAlchemyJobStore on the state database's
  ``schedule`` store: ``<data>/schedule.sqlite``, or the PostgreSQL database of
  ``NEWSMON_DATABASE_URL``): a restart keeps each job's next run time.  A job whose definition is
  unchanged keeps its stored schedule; a changed one is rescheduled; one
  gone from the file is dropped from the store.
- **coalesce = True**: after downtime, the runs a job missed collapse into one
  -- one catch-up crawl reads everything the feeds still show.
- **misfire_grace_time** (``misfire_grace_time``, default no limit): that one
  run happens however late the scheduler comes back, because a crawl is
  idempotent and a late crawl beats a skipped one; set seconds to drop runs
  later than that instead.
- **max_instances = 1**: a job never overlaps itself; a tick that comes while
  its crawl still runs is skipped and recorded.  Across processes (``--run-now``
  while the service runs) a lock file per job does the same.
- **one service per job store**: APScheduler 3 has no notion of a second
  scheduler on the same jobs -- both would run each of them.  A service holds
  the store's lock (:class:`ServiceLock`: a lock file next to an SQLite store,
  a PostgreSQL advisory lock on a shared database) while it runs; a second one
  is refused with a message that names the first, and may start once it has
  stopped or died.  A service checks every 30 s that its lock survived (a
  PostgreSQL session can be cut): it takes it again, or stops scheduling if
  another service got it meanwhile.

Each crawl is a child process (``python -m crawler.cli crawl --source ...``):
Scrapy's reactor cannot be restarted in one process, and a crawl that
crashes or hangs cannot take the scheduler with it.  A crawl running longer
than ``crawl_timeout`` gets SIGTERM (Scrapy's graceful stop: in-flight
articles finish, the state store stays consistent), then SIGKILL after
``kill_after``; it is logged and recorded, and the next tick runs normally.

SIGTERM/SIGINT stop the service: no new runs; running crawls get
``stop_timeout`` seconds to finish, then are stopped as above.  A second
signal stops them at once.  Between crawls the service also sends what the
alert outbox has due (retries, digests) every ``alerts_every`` seconds.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from pydantic import Field, field_validator, model_validator
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from crawler import paths
from crawler.config import Strict, config_file, seeds_file
from crawler.state.database import Database, default_location, lock_key, resolve_url
from enrich import yamlfile

if TYPE_CHECKING:
    from crawler.alerts.config import AlertsFile

logger = logging.getLogger(__name__)

ID = r"^[a-z0-9][a-z0-9_-]*$"

# --- configuration -------------------------------------------------------------------------------


class Interval(Strict):
    days: int = Field(0, ge=0)
    hours: int = Field(0, ge=0)
    minutes: int = Field(0, ge=0)
    seconds: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _positive(self) -> Interval:
        if not (self.days or self.hours or self.minutes or self.seconds):
            raise ValueError("the interval is zero")
        return self

    def describe(self) -> str:
        parts = [(self.days, "d"), (self.hours, "h"), (self.minutes, "min"), (self.seconds, "s")]
        return "every " + " ".join(f"{n} {unit}" for n, unit in parts if n)


class Job(Strict):
    id: str = Field(pattern=ID)
    sources: list[str] = []  # source ids; with neither sources nor group: every enabled source
    group: str | None = None  # a name of `groups:`
    interval: Interval | None = None
    cron: str | None = None  # "minute hour day month day-of-week", days of the week by name
    jitter: int = Field(0, ge=0)  # seconds: each run starts up to this much later, at random
    timeout: float | None = Field(None, gt=0)  # overrides crawl_timeout
    mirror: str | None = None  # crawl a mirror (directory or URL) instead of the web
    settings: list[str] = []  # extra `-s NAME=VALUE` for the crawl
    enabled: bool = True

    @field_validator("cron")
    @classmethod
    def _cron(cls, cron: str | None) -> str | None:
        if cron is None:
            return cron
        fields = cron.split()
        if len(fields) == 5 and any(c.isdigit() for c in fields[4]):
            raise ValueError(
                "write the day of the week by name (mon-fri, sun): crontab counts "
                "0 as Sunday, APScheduler 3 as Monday"
            )
        try:
            CronTrigger.from_crontab(cron)
        except ValueError as exc:
            raise ValueError(f"invalid cron expression {cron!r}: {exc}") from None
        return cron

    @field_validator("settings")
    @classmethod
    def _settings(cls, settings: list[str]) -> list[str]:
        for item in settings:
            if "=" not in item:
                raise ValueError(f"expected NAME=VALUE, got {item!r}")
        return settings

    @model_validator(mode="after")
    def _when(self) -> Job:
        if (self.interval is None) == (self.cron is None):
            raise ValueError(f"job {self.id!r}: give exactly one of interval and cron")
        if self.sources and self.group:
            raise ValueError(f"job {self.id!r}: give sources or group, not both")
        return self

    def describe(self) -> str:
        when = self.interval.describe() if self.interval else f"cron '{self.cron}'"
        return when + (f", jitter {self.jitter} s" if self.jitter else "")


class ScheduleFile(Strict):
    timezone: str = "Asia/Seoul"  # of cron expressions and of the times shown
    crawl_timeout: float = Field(1800, gt=0)  # seconds a crawl may run before it is stopped
    stop_timeout: float = Field(60, ge=0)  # on SIGTERM/SIGINT: seconds a running crawl may go on
    kill_after: float = Field(30, gt=0)  # seconds between SIGTERM and SIGKILL to a crawl
    max_parallel_crawls: int = Field(2, ge=1, le=16)
    misfire_grace_time: int | None = Field(None, ge=1)  # None: a missed run is never too late
    alerts_every: float = Field(60, ge=0)  # seconds between alert deliveries; 0: never
    groups: dict[str, list[str]] = {}
    jobs: list[Job] = Field(min_length=1)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {name!r} (e.g. Asia/Seoul, UTC)") from None
        return name

    @model_validator(mode="after")
    def _references(self) -> ScheduleFile:
        seen: set[str] = set()
        for job in self.jobs:
            if job.id in seen:
                raise ValueError(f"duplicate job id {job.id!r}")
            seen.add(job.id)
            if job.group and job.group not in self.groups:
                raise ValueError(
                    f"job {job.id!r} names unknown group {job.group!r} "
                    f"(groups: {', '.join(self.groups) or 'none'})"
                )
        return self

    def job(self, job_id: str) -> Job | None:
        return next((j for j in self.jobs if j.id == job_id), None)

    def sources_of(self, job: Job) -> list[str]:
        return self.groups[job.group] if job.group else job.sources


def load_schedule(path: Path | None = None) -> ScheduleFile:
    """Validate the schedule, including every source id against seeds/sources.yaml."""
    from crawler.sources import load_sources

    source = yamlfile.read(path or config_file("schedule.yaml"))
    config = yamlfile.validate(source, ScheduleFile)
    known = {s.id for s in load_sources().sources}
    problems = yamlfile.Problems(source)
    for key, ids in [
        *((("groups", g), ids) for g, ids in config.groups.items()),
        *((("jobs", i, "sources"), j.sources) for i, j in enumerate(config.jobs)),
    ]:
        unknown = [s for s in ids if s not in known]
        if unknown:
            problems.add(
                key,
                f"unknown source id(s) {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))}; {seeds_file('sources.yaml')})",
            )
    problems.raise_if_any()
    return config


def check() -> str:
    """For ``newsmon config check``."""
    path = config_file("schedule.yaml")
    if not path.is_file():
        return "absent: `newsmon schedule` needs it"
    config = load_schedule(path)
    return f"{len(config.jobs)} job(s): " + ", ".join(
        f"{j.id} ({j.describe()})" for j in config.jobs
    )


def trigger(job: Job, tz: str) -> IntervalTrigger | CronTrigger:
    jitter = job.jitter or None
    if job.interval:
        i = job.interval
        return IntervalTrigger(
            days=i.days,
            hours=i.hours,
            minutes=i.minutes,
            seconds=i.seconds,
            timezone=tz,
            jitter=jitter,
        )
    minute, hour, day, month, day_of_week = job.cron.split()
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=day_of_week,
        timezone=tz,
        jitter=jitter,
    )


def job_name(job: Job, config: ScheduleFile) -> str:
    """The stored job's name, with a fingerprint of everything that decides its runs: a stored
    job whose name differs was changed in the file (and is rescheduled)."""
    text = json.dumps(
        [job.model_dump(mode="json"), config.timezone, config.misfire_grace_time], sort_keys=True
    )
    return f"crawl {job.id} [{hashlib.sha1(text.encode()).hexdigest()[:12]}]"


def crawl_command(job: Job, config: ScheduleFile) -> list[str]:
    command = [sys.executable, "-m", "crawler.cli", "crawl"]
    for source in config.sources_of(job):
        command += ["--source", source]
    if job.mirror:
        command += ["--mirror", job.mirror]
    for setting in job.settings:
        command += ["-s", setting]
    return command


# --- the run log ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    id: int
    job_id: str
    reason: str  # scheduled | run-now
    outcome: str  # running | ok | failed | crashed | timeout | stopped | skipped
    started_at: str
    finished_at: str | None
    returncode: int | None
    pid: int | None
    detail: str | None


class RunLog:
    """Every crawl run and skipped tick, in the ``schedule`` store next to APScheduler's jobs."""

    def __init__(self, location: Path | str | None = None):
        """*location*: an SQLite file or a database URL (default ``NEWSMON_DATABASE_URL``, else
        ``<data>/schedule.sqlite``)."""
        self.database = Database("schedule", location)
        self.database.migrate("schedule")

    def start(
        self,
        job_id: str,
        reason: str,
        pid: int | None = None,
        outcome: str = "running",
        detail: str | None = None,
    ) -> int:
        with self.database.transaction() as db:
            return db.execute(
                text(
                    "INSERT INTO schedule_runs (job_id, reason, outcome, started_at, pid, detail) "
                    "VALUES (:job_id, :reason, :outcome, :at, :pid, :detail) RETURNING id"
                ),
                {
                    "job_id": job_id,
                    "reason": reason,
                    "outcome": outcome,
                    "at": _now(),
                    "pid": pid,
                    "detail": detail,
                },
            ).scalar_one()

    def finish(self, run_id: int, outcome: str, returncode: int | None, detail: str | None) -> None:
        with self.database.transaction() as db:
            db.execute(
                text(
                    "UPDATE schedule_runs SET outcome = :outcome, finished_at = :at, "
                    "returncode = :returncode, detail = :detail WHERE id = :id"
                ),
                {
                    "outcome": outcome,
                    "at": _now(),
                    "returncode": returncode,
                    "detail": detail,
                    "id": run_id,
                },
            )

    def runs(self, job_id: str | None = None) -> list[Run]:
        query = "SELECT * FROM schedule_runs" + (" WHERE job_id = :job_id" if job_id else "")
        rows = self.database.rows(query + " ORDER BY id", job_id=job_id)
        return [Run(**r._mapping) for r in rows]

    def close(self) -> None:
        self.database.close()


class ScheduleBusy(Exception):
    """Another schedule service holds the job store; the message names it."""


class ServiceLock:
    """The job store's lock, held while a service runs: a lock file in the data directory
    for an SQLite store (one machine), a session advisory lock for a PostgreSQL one.  Both
    go when their process dies, so a crashed service never blocks the next one."""

    NAME = "newsmon:schedule-service"

    def __init__(self, database: Database, data_dir: Path):
        self.database, self.data_dir = database, data_dir
        self.me = f"newsmon schedule {socket.gethostname()}:{os.getpid()}"
        self._file = None
        self._conn = None

    def acquire(self) -> None:
        if self.database.sqlite:
            (self.data_dir / "locks").mkdir(parents=True, exist_ok=True)
            path = self.data_dir / "locks" / "schedule-service.lock"
            self._file = open(path, "a+")  # noqa: SIM115 -- held open while the service runs
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._file.seek(0)
                holder = self._file.read().strip() or "another process"
                self._file.close()
                raise ScheduleBusy(
                    f"{holder} is already running on this data directory "
                    f"({self.data_dir}); a second one would run every job "
                    "twice"
                ) from None
            self._file.truncate(0)
            self._file.write(self.me)
            self._file.flush()
            return
        conn = self.database.engine.connect()
        try:
            conn.execute(
                text("SELECT set_config('application_name', :me, false)"), {"me": self.me[:63]}
            )
            if conn.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key(self.NAME)}
            ).scalar_one():
                conn.commit()
                self._conn, conn = conn, None  # kept open: the session holds the lock
                return
            holders = conn.execute(
                text(
                    "SELECT a.application_name, a.client_addr FROM pg_locks l JOIN pg_stat_activity a "
                    "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                    "AND a.application_name LIKE 'newsmon schedule %'"
                )
            ).all()
        finally:
            if conn is not None:
                conn.invalidate()  # no pooled session keeps this one's application name
                conn.close()
        holder = ", ".join(f"{name} (from {addr or 'a local socket'})" for name, addr in holders)
        raise ScheduleBusy(
            f"{holder or 'another newsmon schedule'} is already running on "
            f"database {self.database.shown}; a second one would run every job "
            "twice"
        )

    def held(self) -> bool:
        """Is the lock still ours?  A PostgreSQL session that was cut (a database restart, a
        network failure) lost it: it is taken again if free.  False only when another service
        holds it now; a database that does not answer yet is given the benefit of the doubt."""
        if self._conn is None:
            return True  # a file lock lasts as long as this process
        try:
            self._conn.execute(text("SELECT 1"))
            self._conn.commit()
            return True
        except DBAPIError:
            logger.warning("the job store's lock went with its database session; taking it again")
            self.release()
        try:
            self.acquire()
        except ScheduleBusy:
            return False
        except DBAPIError as exc:
            logger.warning(
                "database %s not reachable (%s); will check again",
                self.database.shown,
                type(exc.orig).__name__,
            )
        return True

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the flock
            self._file = None
        if self._conn is not None:
            self._conn.invalidate()  # a closed session drops its advisory locks
            self._conn.close()
            self._conn = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- running one crawl ---------------------------------------------------------------------------

Outcome = Literal["ok", "failed", "crashed", "timeout", "stopped", "skipped"]


class CrawlRunner:
    """Runs a job's crawl in a child process, with a timeout and a per-job lock."""

    def __init__(self, config: ScheduleFile, data_dir: Path, log: RunLog):
        self.config, self.data_dir, self.log = config, data_dir, log
        self.stop_at: float | None = None  # monotonic time at which running crawls are stopped
        self.env = {
            **os.environ,
            "NEWSMON_DATA_DIR": str(data_dir),
            "NEWSMON_CONFIG_DIR": str(paths.config_dir().resolve()),
            "NEWSMON_SEEDS_DIR": str(paths.seeds_dir().resolve()),
            "PYTHONUNBUFFERED": "1",
        }

    def stop(self, after: float) -> None:
        """Stop running crawls *after* seconds from now (0: at once); new runs are refused."""
        deadline = time.monotonic() + after
        self.stop_at = deadline if self.stop_at is None else min(self.stop_at, deadline)

    def run(self, job: Job, reason: str = "scheduled") -> Outcome:
        if self.stop_at is not None:
            self.log.start(job.id, reason, outcome="skipped", detail="stopping")
            return "skipped"
        (self.data_dir / "locks").mkdir(parents=True, exist_ok=True)
        with open(self.data_dir / "locks" / f"crawl-{job.id}.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                logger.warning(
                    "job %s: a crawl of it is already running (another process); "
                    "this run is skipped",
                    job.id,
                )
                self.log.start(job.id, reason, outcome="skipped", detail="already running")
                return "skipped"
            return self._run_locked(job, reason, lock.fileno())

    def _run_locked(self, job: Job, reason: str, lock_fd: int) -> Outcome:
        logs = self.data_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        log_path, summary = logs / f"crawl-{job.id}.log", logs / f"crawl-{job.id}.summary.json"
        summary.unlink(missing_ok=True)
        command = crawl_command(job, self.config) + ["--summary-json", str(summary)]
        started = time.monotonic()
        with open(log_path, "wb") as out:
            # The crawl holds the job's lock too: should this process die, the orphaned crawl
            # still keeps a restarted scheduler from starting the job again until it ends.
            child = subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=self.data_dir,
                start_new_session=True,
                pass_fds=(lock_fd,),
            )
        run_id = self.log.start(job.id, reason, child.pid)
        logger.info("job %s: crawl started (pid %d, %s)", job.id, child.pid, reason)
        stopped = self._wait(child, job.timeout or self.config.crawl_timeout)
        code = child.returncode
        outcome: Outcome = stopped or (
            "ok" if code == 0 else "failed" if code in (1, 2) else "crashed"
        )
        detail = _summary(summary) if outcome == "ok" else _tail(log_path)
        self.log.finish(run_id, outcome, code, detail)
        took = time.monotonic() - started
        if outcome == "ok":
            logger.info("job %s: crawl finished in %.1f s: %s", job.id, took, detail)
        else:
            logger.error(
                "job %s: crawl %s after %.1f s (exit status %s); the next tick runs as usual; "
                "log %s, last lines:\n%s",
                job.id,
                outcome,
                took,
                code,
                log_path,
                detail,
            )
        return outcome

    def _wait(self, child: subprocess.Popen, timeout: float) -> Outcome | None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                child.wait(timeout=0.2)
                return None
            except subprocess.TimeoutExpired:
                pass
            if self.stop_at is not None and time.monotonic() >= self.stop_at:
                self._terminate(child)
                return "stopped"
            if time.monotonic() >= deadline:
                logger.error(
                    "crawl pid %d still running after %.0f s: stopping it", child.pid, timeout
                )
                self._terminate(child)
                return "timeout"

    def _terminate(self, child: subprocess.Popen) -> None:
        """SIGTERM (Scrapy stops gracefully), then SIGKILL after ``kill_after`` seconds."""
        for sig, wait in ((signal.SIGTERM, self.config.kill_after), (signal.SIGKILL, None)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, sig)
            try:
                child.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _summary(path: Path) -> str:
    try:
        total = json.loads(path.read_text(encoding="utf-8"))["sources"]["total"]
    except (OSError, ValueError, KeyError):
        return "no summary"
    return ", ".join(f"{k} {total.get(k, 0)}" for k in ("new", "updated", "unchanged", "failed"))


# --- the service ---------------------------------------------------------------------------------


class Scheduler(BackgroundScheduler):
    """APScheduler 3's main loop looks for due jobs once more after ``shutdown()`` (it skips only
    when *paused*): a job due then would have its stored next run time moved on without
    running -- a lost run.  Not here: a stopped scheduler processes nothing."""

    def _process_jobs(self):
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()


_SERVICE: ScheduleService | None = None  # the running service, for the job functions below


def run_job(job_id: str) -> None:
    """A scheduled crawl.  Module-level: the persistent job store refers to it by name."""
    service = _SERVICE
    if service is None:
        logger.error("job %s fired without a running schedule service", job_id)
        return
    service.run(job_id, "scheduled")


def deliver_alerts() -> None:
    if _SERVICE is not None:
        _SERVICE.deliver_alerts()


def check_lock() -> None:
    if _SERVICE is not None:
        _SERVICE.check_lock()


LOCK_CHECK_EVERY = 30  # seconds between checks that the job store's lock is still this service's


class ScheduleService:
    def __init__(
        self,
        config: ScheduleFile,
        *,
        data_dir: Path | None = None,
        alerts: AlertsFile | None = None,
    ):
        self.config = config
        self.data_dir = data_dir or paths.data_dir()
        self.alerts = alerts  # None: this service sends no alerts
        self.log = RunLog(default_location("schedule", self.data_dir))
        self.lock = ServiceLock(self.log.database, self.data_dir)
        self.runner = CrawlRunner(config, self.data_dir, self.log)
        self.scheduler = Scheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=self.log.database.engine),
                "internal": MemoryJobStore(),
            },
            executors={
                "default": ThreadPoolExecutor(config.max_parallel_crawls),
                "internal": ThreadPoolExecutor(1),
            },
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": config.misfire_grace_time,
            },
            timezone=ZoneInfo(config.timezone),
        )
        self.scheduler.add_listener(
            self._event, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED | EVENT_JOB_ERROR
        )
        self._stop = threading.Event()
        self.lost_lock = False

    def start(self) -> None:
        global _SERVICE
        if _SERVICE is not None:
            raise RuntimeError("a schedule service is already running in this process")
        self.lock.acquire()  # ScheduleBusy: another service runs these jobs
        _SERVICE = self
        self.scheduler.start(paused=True)  # reconcile first: misfires are judged on the kept times
        self.reconcile()
        if self.alerts is not None and self.config.alerts_every:
            self.scheduler.add_job(
                deliver_alerts,
                "interval",
                seconds=self.config.alerts_every,
                id="alerts",
                name="alert delivery",
                jobstore="internal",
                executor="internal",
                next_run_time=datetime.now(UTC),
            )
        self.scheduler.add_job(
            check_lock,
            "interval",
            seconds=LOCK_CHECK_EVERY,
            id="lock",
            name="job store lock",
            jobstore="internal",
            executor="internal",
        )
        self.scheduler.resume()

    def check_lock(self) -> None:
        """Another service took the job store while this one's database session was cut: stop
        scheduling here (running crawls finish), or both would run every job."""
        if not self.lock.held():
            logger.error("another newsmon schedule holds the job store now; this one stops")
            self.lost_lock = True
            self.scheduler.pause()
            self._stop.set()

    def reconcile(self) -> None:
        """Make the job store match the file, keeping the stored times of unchanged jobs."""
        stored = {job.id: job for job in self.scheduler.get_jobs(jobstore="default")}
        wanted = {job.id: job for job in self.config.jobs if job.enabled}
        for job_id in stored.keys() - wanted.keys():
            self.scheduler.remove_job(job_id, jobstore="default")
            logger.info("job %s: no longer in the schedule; removed", job_id)
        for job in wanted.values():
            name = job_name(job, self.config)
            kept = stored.get(job.id)
            if kept is not None and kept.name == name:
                logger.info(
                    "job %s: %s; next run %s (kept)", job.id, job.describe(), kept.next_run_time
                )
                continue
            # A new or changed interval job crawls at once; a cron job waits for its time.
            first = {"next_run_time": datetime.now(UTC)} if job.interval else {}
            new = self.scheduler.add_job(  # coalesce, max_instances, misfire: the job defaults
                run_job,
                trigger(job, self.config.timezone),
                args=[job.id],
                id=job.id,
                name=name,
                jobstore="default",
                executor="default",
                replace_existing=True,
                **first,
            )
            logger.info(
                "job %s: %s; next run %s (%s)",
                job.id,
                job.describe(),
                new.next_run_time,
                "changed" if kept else "new",
            )

    def run(self, job_id: str, reason: str) -> Outcome:
        job = self.config.job(job_id)
        if job is None:
            logger.error("job %s is not in the schedule", job_id)
            return "skipped"
        return self.runner.run(job, reason)

    def deliver_alerts(self) -> None:
        from crawler.alerts.dispatch import Dispatcher
        from crawler.alerts.outbox import Outbox

        outbox = Outbox(default_location("state", self.data_dir))
        try:
            report = Dispatcher(outbox, self.alerts, data_dir=self.data_dir).run()
            if report.sent or report.retrying or report.failed:
                logger.info("alerts: %s", report)
        finally:
            outbox.close()

    def _event(self, event) -> None:
        if event.code == EVENT_JOB_MAX_INSTANCES:
            logger.warning("job %s: its crawl is still running; this run is skipped", event.job_id)
            if event.jobstore == "default":
                self.log.start(event.job_id, "scheduled", outcome="skipped", detail="still running")
        elif event.code == EVENT_JOB_MISSED:
            logger.warning(
                "job %s: run due at %s missed by more than misfire_grace_time; skipped",
                event.job_id,
                event.scheduled_run_time,
            )
        elif event.code == EVENT_JOB_ERROR:
            logger.error("job %s raised %r", event.job_id, event.exception)

    def stop(self, timeout: float | None = None) -> None:
        """No new runs; running crawls get *timeout* (default ``stop_timeout``) seconds to finish,
        then are stopped; returns when they have ended."""
        global _SERVICE
        self.scheduler.pause()
        self.runner.stop(self.config.stop_timeout if timeout is None else timeout)
        self.scheduler.shutdown(wait=True)
        self.lock.release()
        self.log.close()
        _SERVICE = None

    def serve(self) -> None:
        """Run until SIGTERM or SIGINT (the second one stops running crawls at once)."""

        def on_signal(signum, _frame):
            if self._stop.is_set():
                logger.warning(
                    "second %s: stopping running crawls now", signal.Signals(signum).name
                )
                self.runner.stop(0)
            else:
                logger.warning(
                    "%s: no new crawls; running ones get %.0f s to finish",
                    signal.Signals(signum).name,
                    self.config.stop_timeout,
                )
                self._stop.set()

        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.start()
            while not self._stop.wait(1):
                pass
            self.stop()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        logger.info("schedule stopped")
        if self.lost_lock:
            raise ScheduleBusy(
                "stopped: another newsmon schedule took over the job store while "
                "this one's database session was cut"
            )


def store_url(data_dir: Path) -> str:
    """The job store's database URL (with its password: never to be shown)."""
    return resolve_url("schedule", default_location("schedule", data_dir)).render_as_string(
        hide_password=False
    )


# --- listing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    job: Job
    next_run: datetime | None
    state: str  # scheduled | not started | changed | disabled
    last: Run | None


def list_jobs(config: ScheduleFile, data_dir: Path | None = None) -> tuple[list[Listed], list[str]]:
    """Each configured job with its next run time from the job store (read only), and the ids
    of stored jobs no longer in the file."""
    data_dir = data_dir or paths.data_dir()
    tz = ZoneInfo(config.timezone)
    stored = {}
    runs: dict[str, Run] = {}
    location = default_location("schedule", data_dir)
    if "://" in location or Path(location).is_file():  # listing creates no SQLite file
        log = RunLog(location)
        store = SQLAlchemyJobStore(engine=log.database.engine)
        store.start(BackgroundScheduler(timezone=tz), "default")  # never started: no threads
        stored = {job.id: job for job in store.get_all_jobs()}
        runs = {run.job_id: run for run in log.runs()}  # the last one of each job wins
        store.shutdown()
        log.close()
    out = []
    for job in config.jobs:
        kept = stored.get(job.id)
        if not job.enabled:
            state, next_run = "disabled", None
        elif kept is None:
            state = "not started"
            next_run = trigger(job, config.timezone).get_next_fire_time(None, datetime.now(tz))
        else:
            state = "scheduled" if kept.name == job_name(job, config) else "changed"
            next_run = kept.next_run_time
        out.append(
            Listed(job, next_run.astimezone(tz) if next_run else None, state, runs.get(job.id))
        )
    return out, sorted(stored.keys() - {j.id for j in config.jobs if j.enabled})
