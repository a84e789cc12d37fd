"""Fixtures of the scheduler tests.

Crawls are real `newsmon crawl` child processes: a quick one of the demo mirror's smallest
source, and a hung one against a black-hole server (it accepts connections and never
answers).  Tests wait on conditions -- rows of the run log -- with generous timeouts and
never assert how long anything took.
"""

from __future__ import annotations

import socket
import sys
import threading
from pathlib import Path

import pytest
from configcopy import copy_config

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def config_dir(tmp_path, monkeypatch) -> Path:
    """config/ of the repository without alerts, and a bulk sink that does not wait for batches."""
    directory = copy_config(
        tmp_path / "config", {"max_wait: 5": "max_wait: 0.2"}, drop=("alerts.yaml", "schedule.yaml")
    )
    monkeypatch.setenv("NEWSMON_CONFIG_DIR", str(directory))
    return directory


@pytest.fixture
def schedule(config_dir):
    """Write config/schedule.yaml (top-level settings and jobs) and return it validated."""
    from crawler.schedule import load_schedule

    def write(jobs: str, top: str = "stop_timeout: 30\nkill_after: 2\n"):
        (config_dir / "schedule.yaml").write_text(top + "jobs:\n" + jobs, encoding="utf-8")
        return load_schedule()

    return write


@pytest.fixture
def services(data_dir):
    """Start ScheduleService instances; whatever a test leaves running is stopped at the end."""
    from crawler.schedule import ScheduleService

    started: list[ScheduleService] = []

    def start(config, **kwargs) -> ScheduleService:
        service = ScheduleService(config, **{"data_dir": data_dir, **kwargs})
        service.start()
        started.append(service)
        return service

    yield start
    for service in started:
        if service.scheduler.running:
            service.stop(timeout=0)


@pytest.fixture(scope="session")
def blackhole():
    """http://127.0.0.1:PORT that accepts connections and never says a word."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def runs(data_dir):
    """The run log as (job, outcome) rows, read afresh on every call."""
    from crawler.schedule import RunLog
    from crawler.state.database import default_location

    def read(job_id: str | None = None):
        log = RunLog(default_location("schedule", data_dir))  # NEWSMON_DATABASE_URL, if set
        try:
            return log.runs(job_id)
        finally:
            log.close()

    return read
