"""A real Redis server (Debian's ``redis-server``) on loopback, for the tests and benchmarks."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis


class RedisServer:
    """``redis-server`` in *home* on a free loopback port, with a password and no persistence."""

    def __init__(self, home: Path, password: str):
        self.home, self.password = Path(home), password
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self, timeout: float = 30) -> str:
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError(
                "redis-server not found (Debian package redis-server; `make test` installs it)"
            )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        log = self.home / "redis.log"
        self.process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--dir",
                str(self.home),
                "--save",
                "",
                "--appendonly",
                "no",
                "--requirepass",
                self.password,
                "--logfile",
                str(log),
            ]
        )
        self.url = f"redis://:{self.password}@127.0.0.1:{port}/0"
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    client.ping()
                    return self.url
                except redis.ConnectionError:
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        self.stop()
                        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                        raise RuntimeError(
                            f"redis-server did not start on port {port}: {tail}"
                        ) from None
                    time.sleep(0.05)
        finally:
            client.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(self, *_) -> None:
        self.stop()
