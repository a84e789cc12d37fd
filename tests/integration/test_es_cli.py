"""`newsmon es start|status|stop` as a user runs them: a background node that
answers with the Elasticsearch root JSON and leaves no process behind."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.es


def newsmon(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
    )


def test_start_status_stop(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ES_")}
    env["NEWSMON_DATA_DIR"] = str(tmp_path)

    started = newsmon("es", "start", env=env)
    assert started.returncode == 0, started.stdout + started.stderr
    url = re.search(r"running at (http://127\.0\.0\.1:\d+)", started.stdout).group(1)
    pid = int((tmp_path / "es" / "node.pid").read_text())
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            root = json.load(response)
        assert root["version"]["number"].startswith("8.19.")
        assert (tmp_path / "es" / "node.url").read_text().strip() == url

        again = newsmon("es", "start", env=env)  # idempotent: the same node
        assert again.returncode == 0 and url in again.stdout
        assert int((tmp_path / "es" / "node.pid").read_text()) == pid

        status = newsmon("es", "status", env=env)
        assert status.returncode == 0, status.stdout
        assert "status green" in status.stdout or "status yellow" in status.stdout
    finally:
        stopped = newsmon("es", "stop", env=env)
    assert stopped.returncode == 0 and stopped.stdout.strip() == "stopped"
    assert (
        not Path(f"/proc/{pid}").exists() or "State:\tZ" in Path(f"/proc/{pid}/status").read_text()
    )
    assert not (tmp_path / "es" / "node.pid").exists()

    down = newsmon("es", "status", env=env)
    assert down.returncode == 1
    assert "newsmon es start" in down.stdout  # tells the user what to do
