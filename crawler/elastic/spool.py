"""Durable on-disk spool and dead-letter file for documents Elasticsearch did not take.

When the cluster is unreachable the sink writes the batch here instead of
dropping it; the next run (or ``newsmon index replay``) sends it again.  A
segment is written to a temporary name, fsynced and then renamed, so a killed
process leaves either a complete segment or none: never half a document.
Replaying is idempotent because documents are keyed by URL hash and compared
by content hash.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Spool:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def put(self, docs: list[dict]) -> Path | None:
        if not docs:
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{os.getpid()}.jsonl"
        tmp = self.directory / f".{name}.tmp"
        with open(tmp, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(doc, ensure_ascii=False) + "\n" for doc in docs)
            out.flush()
            os.fsync(out.fileno())
        final = self.directory / name
        os.replace(tmp, final)
        _fsync_dir(self.directory)
        return final

    def segments(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(self.directory.glob("*.jsonl"))  # oldest first: names start with time

    @staticmethod
    def read(segment: Path) -> list[dict]:
        with open(segment, encoding="utf-8") as lines:
            return [json.loads(line) for line in lines if line.strip()]

    @staticmethod
    def remove(segment: Path) -> None:
        segment.unlink(missing_ok=True)

    def count(self) -> int:
        return sum(len(self.read(s)) for s in self.segments())


class DeadLetters:
    """Documents Elasticsearch refused (e.g. a mapping error), kept with the reason."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def add(self, doc: dict, reason: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "reason": reason,
            "doc": doc,
        }
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())

    def __iter__(self) -> Iterator[dict]:
        if self.path.exists():
            with open(self.path, encoding="utf-8") as lines:
                yield from (json.loads(line) for line in lines if line.strip())
