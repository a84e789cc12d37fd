"""Running `newsmon crawl` in a subprocess against a replay server, and reading what it did."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from crawler.mirror import Hit, MirrorServer

REPO = Path(__file__).resolve().parents[2]
NAVER_SECRET = "naver-secret-never-logged"

TEST_SOURCES = """
  # Added by the crawl tests: outlets on the common CMS are YAML only.
  - id: replaytimes
    name: 리플레이타임스
    type: outlet
    profile: newscms
    site: https://www.replaytimes.co.kr

  - id: intranet
    name: 사내 소식
    type: outlet
    profile: newscms
    site: http://192.168.10.5
"""

FAST = [
    "AUTOTHROTTLE_ENABLED=0",
    "DOWNLOAD_DELAY=0",
    "NEWSMON_RETRY_BACKOFF=0",
    "RETRY_TIMES=2",
    "DOWNLOAD_MAXSIZE=1000000",
    "NEWSMON_MAX_MARKUP_BYTES=300000",  # the troubled outlet's 9014 is over it, under the above
    "DOWNLOAD_WARNSIZE=0",
    "TELNETCONSOLE_ENABLED=0",
    "LOGSTATS_INTERVAL=0",
]


@dataclass
class Running:
    process: subprocess.Popen
    out: Path


@dataclass
class Crawl:
    returncode: int
    stdout: str
    stderr: str
    summary: dict
    docs: list[dict]
    hits: list[Hit] = field(default_factory=list)

    def row(self, source: str) -> dict:
        return self.summary["sources"][source]

    @property
    def keys(self) -> set[str]:
        return {d["key"] for d in self.docs}

    def hits_for(self, target: str) -> list[int]:
        return [h.status for h in self.hits if h.target == target]


class CrawlRunner:
    """Runs `newsmon crawl` against a replay server, one subprocess per crawl."""

    def __init__(
        self, workdir: Path, seeds: Path, server: MirrorServer | None, es_url: str | None = None
    ):
        self.workdir, self.seeds, self.server, self.es_url = workdir, seeds, server, es_url
        self.runs = 0

    def __call__(
        self,
        *args: str,
        mirror: bool = True,
        settings: list[str] = (),
        env: dict[str, str] | None = None,
        cpus: set[int] | None = None,
    ) -> Crawl:
        if self.server:
            self.server.reset()
        return self.finish(self.start(*args, mirror=mirror, settings=settings, env=env, cpus=cpus))

    def start(
        self,
        *args: str,
        mirror: bool = True,
        settings: list[str] = (),
        env: dict[str, str] | None = None,
        cpus: set[int] | None = None,
    ) -> Running:
        """Start a crawl and return at once (several may run together: crawl workers).
        *cpus*: the cores the crawl (and its worker processes) may run on, as on a smaller
        machine."""
        self.runs += 1
        out = self.workdir / f"run{self.runs}"
        out.mkdir()
        env = {
            **os.environ,
            "NEWSMON_DATA_DIR": str(self.workdir / "data"),
            "NEWSMON_SEEDS_DIR": str(self.seeds),
            "NAVER_CLIENT_ID": "test-client",
            "NAVER_CLIENT_SECRET": NAVER_SECRET,
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        if self.es_url:  # the suite's real node (or the user's ES_URL cluster)
            env["ES_URL"] = self.es_url
        else:
            settings = [*settings, "NEWSMON_INDEX=0"]
        command = [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            "--summary-json",
            str(out / "summary.json"),
            "-o",
            str(out / "docs.jsonl"),
            *args,
        ]
        if mirror:
            command += ["--mirror", self.server.url]
        for setting in [*FAST, *settings]:
            command += ["-s", setting]
        # Output to files, not pipes: a worker blocked on a full pipe would stall its peers.
        with open(out / "stdout", "w") as stdout, open(out / "stderr", "w") as stderr:
            process = subprocess.Popen(
                command,
                cwd=self.workdir,
                env=env,
                stdout=stdout,
                stderr=stderr,
                text=True,
                preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
            )
        return Running(process, out)

    def finish(self, running: Running) -> Crawl:
        """Wait for a crawl started by :meth:`start` and read what it did."""
        try:
            returncode = running.process.wait(timeout=600)
        except subprocess.TimeoutExpired:
            running.process.kill()
            raise
        out = running.out
        summary_file, docs_file = out / "summary.json", out / "docs.jsonl"
        return Crawl(
            returncode,
            (out / "stdout").read_text(encoding="utf-8"),
            (out / "stderr").read_text(encoding="utf-8"),
            json.loads(summary_file.read_text(encoding="utf-8")) if summary_file.exists() else {},
            [json.loads(line) for line in docs_file.read_text(encoding="utf-8").splitlines()]
            if docs_file.exists()
            else [],
            list(self.server.hits) if self.server else [],
        )


def one_per_article(docs: list[dict]) -> dict[str, dict]:
    """The crawl's documents by article key, checking that each article was emitted once --
    or twice when a portal copy got in first and the outlet's original then replaced it."""
    by_key: dict[str, list[dict]] = {}
    for doc in docs:
        by_key.setdefault(doc["key"], []).append(doc)
    for key, entries in by_key.items():
        if len(entries) == 2:
            entries.sort(key=lambda d: not d["doc"].get("portal"))  # the copy first
            copy, original = entries
            assert copy["doc"].get("portal") and copy["change"] == "new", (key, entries)
            assert not original["doc"].get("portal") and original["change"] == "updated", key
        else:
            assert len(entries) == 1, (key, entries)
    return {key: entries[-1] for key, entries in by_key.items()}


def make_seeds(directory: Path, extra: str = TEST_SOURCES, base: bool = True) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    shipped = (
        (REPO / "seeds" / "sources.yaml").read_text(encoding="utf-8") if base else "sources:\n"
    )
    (directory / "sources.yaml").write_text(shipped.rstrip("\n") + "\n" + extra, encoding="utf-8")
    return directory
