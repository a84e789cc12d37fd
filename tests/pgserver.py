"""A real PostgreSQL server (Debian's ``postgresql``) on loopback, for the tests and benchmarks.

``initdb`` and ``postgres`` refuse to run as root, and the test suite runs as root in CI:
then the server runs as the ``postgres`` user the Debian package creates, in a temporary
directory that user owns.  Password authentication (scram) on a free loopback
port, durability off (a test server loses nothing that matters when it stops).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

USER = "newsmon"


def server_binaries() -> Path:
    """The newest ``/usr/lib/postgresql/<version>/bin`` with initdb and postgres."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not found:
        raise RuntimeError(
            "the PostgreSQL server is not installed (Debian package postgresql; "
            "`make test` installs it)"
        )
    return Path(found[-1]).parent


class PostgresServer:
    """``postgres`` in a temporary directory on a free loopback port, user ``newsmon`` with
    *password*; :meth:`create_database` gives each test a database of its own."""

    def __init__(self, password: str):
        self.password = password
        self.home: Path | None = None
        self.process: subprocess.Popen | None = None
        self.port = 0

    @staticmethod
    def _server_user() -> dict:
        """Popen arguments that run the server as ``postgres`` when we are root."""
        if os.geteuid() != 0:
            return {}
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError(
                "running as root and there is no 'postgres' user to run the "
                "server as (it comes with Debian's postgresql package)"
            ) from None
        return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    def start(self, timeout: float = 60) -> PostgresServer:
        bin_dir, as_user = server_binaries(), self._server_user()
        self.home = Path(tempfile.mkdtemp(prefix="newsmon-pg-"))
        pwfile, log = self.home / "pwfile", self.home / "postgres.log"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        log.touch()
        for path in (self.home, pwfile, log) if as_user else ():
            os.chown(path, as_user["user"], as_user["group"])
        data = self.home / "data"
        init = subprocess.run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                USER,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--no-locale",
                "--encoding=UTF8",
                "--no-sync",
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.home,
            **as_user,
        )
        pwfile.unlink()
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr[-2000:]}")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        with open(log, "w") as out:
            self.process = subprocess.Popen(
                [
                    str(bin_dir / "postgres"),
                    "-D",
                    str(data),
                    "-p",
                    str(self.port),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    f"unix_socket_directories={self.home}",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "max_connections=300",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                **as_user,
            )
        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return self
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text(errors="replace")[-2000:]
                    self.stop()
                    raise RuntimeError(
                        f"postgres did not start on port {self.port}: {tail}"
                    ) from None
                time.sleep(0.1)

    def dsn(self, database: str) -> str:
        return f"postgresql://{USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its URL (with the password)."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT: the fast shutdown
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.home:
            shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *_) -> None:
        self.stop()
