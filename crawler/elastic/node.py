"""The embedded Elasticsearch node: a real single-node cluster on loopback.

Used when no ``ES_URL`` is given: by ``newsmon es start``, ``make demo`` and
the test suite.  The node is the Java launcher in ``tools/es-node`` (real
Elasticsearch from Maven Central); this module builds it with Maven when
needed, runs it in the background with its pid and URL in the data directory,
and stops it.  Its data lives in ``<data dir>/es`` and survives restarts.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from crawler import paths
from crawler.config import LocalNodeSettings

log = logging.getLogger(__name__)

MAIN_CLASS = "org.elasticsearch.node.NewsmonNode"


class NodeError(RuntimeError):
    """The local node could not be built, started or reached."""


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not Path(java).exists():
        raise NodeError(
            "java not found: install Java 17+ or set JAVA_HOME (or set ES_URL to use "
            "an existing Elasticsearch cluster)"
        )
    return java


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def get_json(url: str, timeout: float = 5) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
        return json.load(response)


@dataclass
class Launcher:
    """The Maven-built launcher: jar, dependency jars and JVM options.

    *root* holds the Maven project's sources, *target* its build output:
    ``root/target`` unless given, since the copy installed with the package
    may sit in a read-only prefix (see :func:`crawler.paths.launcher_target`).
    """

    root: Path
    target: Path | None = None

    def __post_init__(self) -> None:
        self.target = Path(self.target) if self.target else self.root / "target"

    @property
    def jar(self) -> Path:
        return self.target / "es-node.jar"

    def is_stale(self) -> bool:
        if not self.jar.exists() or not (self.target / "lib").is_dir():
            return True
        built = self.jar.stat().st_mtime
        sources = [self.root / "pom.xml", *self.root.glob("src/**/*.java")]
        return any(src.stat().st_mtime > built for src in sources)

    def build(self) -> None:
        if not self.is_stale():
            return
        mvn = shutil.which("mvn")
        if not mvn:
            raise NodeError(
                "mvn not found: Maven is needed once to build the local Elasticsearch "
                f"node in {self.root} (or set ES_URL to use an existing cluster)"
            )
        log.info(
            "building the local Elasticsearch launcher with Maven (first time downloads "
            "Elasticsearch from Maven Central)"
        )
        # Absolute: Maven would resolve a relative build directory against the pom's.
        target = f"-Dnewsmon.build.directory={self.target.absolute()}"
        result = subprocess.run(
            [mvn, "-q", "-B", "-f", str(self.root / "pom.xml"), "package", "-DskipTests", target],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise NodeError(
                f"building {self.root} failed:\n{(result.stdout + result.stderr)[-3000:]}"
            )

    def jvm_options(self) -> list[str]:
        path = self.root / "jvm.options"
        if not path.exists():
            return []
        lines = (line.strip() for line in path.read_text().splitlines())
        return [line for line in lines if line and not line.startswith("#")]

    def command(self, home: Path, url_file: Path, settings: LocalNodeSettings) -> list[str]:
        classpath = f"{self.jar}{os.pathsep}{self.target / 'lib' / '*'}"
        return [
            _java(),
            *self.jvm_options(),
            f"-Xms{settings.heap}",
            f"-Xmx{settings.heap}",
            "-cp",
            classpath,
            MAIN_CLASS,
            "--home",
            str(home),
            "--port",
            str(settings.port),
            "--url-file",
            str(url_file),
            "--processors",
            str(settings.processors),
        ]


class LocalNode:
    """One embedded node per data directory, managed through files in ``<data>/es``."""

    def __init__(self, data_dir: Path | None = None, settings: LocalNodeSettings | None = None):
        self.data_dir = Path(data_dir or paths.data_dir())
        self.settings = settings or LocalNodeSettings()
        self.home = self.data_dir / "es"
        self.pid_file = self.home / "node.pid"
        self.url_file = self.home / "node.url"
        self.log_file = self.data_dir / "logs" / "es-node.log"
        self.launcher = Launcher(paths.launcher_dir(), paths.launcher_target(self.data_dir))

    # -- state --------------------------------------------------------------
    def pid(self) -> int | None:
        """The node's pid when it is alive (a stale pid file is ignored)."""
        try:
            pid = int(self.pid_file.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            return None
        return pid if MAIN_CLASS.encode() in cmdline else None

    def url(self) -> str | None:
        if self.pid() is None:
            return None
        try:
            return self.url_file.read_text().strip() or None
        except OSError:
            return None

    def health(self) -> dict | None:
        url = self.url()
        if not url:
            return None
        try:
            return get_json(f"{url}/_cluster/health")
        except (OSError, ValueError):
            return None

    # -- control ------------------------------------------------------------
    def start(self) -> str:
        """Start the node (building it first if needed) and wait until it answers."""
        if self.pid() is not None:
            url = self.wait_ready(self.pid())
            log.info("local Elasticsearch already running at %s", url)
            return url
        self.launcher.build()
        self.home.mkdir(parents=True, exist_ok=True)
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.url_file.unlink(missing_ok=True)
        with open(self.log_file, "ab") as out:
            process = subprocess.Popen(
                self.launcher.command(self.home, self.url_file, self.settings),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # survives the command that started it
            )
        self.pid_file.write_text(f"{process.pid}\n")
        try:
            return self.wait_ready(process.pid, process)
        except NodeError:
            self._kill(process.pid)
            raise

    def wait_ready(self, pid: int, process: subprocess.Popen | None = None) -> str:
        deadline = time.monotonic() + self.settings.start_timeout
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise NodeError(
                    f"the local Elasticsearch node exited with code {process.returncode} "
                    f"while starting; last lines of {self.log_file}:\n{_tail(self.log_file)}"
                )
            url = self.url_file.read_text().strip() if self.url_file.exists() else ""
            if url:
                try:
                    health = get_json(
                        f"{url}/_cluster/health?wait_for_status=yellow&timeout=5s", 10
                    )
                    if health.get("status") in ("green", "yellow"):
                        return url
                except (OSError, ValueError):
                    pass
            time.sleep(0.2)
        raise NodeError(
            f"the local Elasticsearch node did not become ready within "
            f"{self.settings.start_timeout:.0f}s; see {self.log_file}:\n{_tail(self.log_file)}"
        )

    def stop(self, timeout: float = 60) -> bool:
        """Stop the node; returns False when none was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        self._kill(pid, timeout)
        self.pid_file.unlink(missing_ok=True)
        self.url_file.unlink(missing_ok=True)
        return True

    @staticmethod
    def _kill(pid: int, timeout: float = 60) -> None:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
            if not _alive(pid):
                return
            time.sleep(0.1)
        log.warning("Elasticsearch node %s did not stop within %ss; killing it", pid, timeout)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
