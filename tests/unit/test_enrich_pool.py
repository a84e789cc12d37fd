"""The crawl's extraction and analysis worker processes (crawler.enrich_pool), real ones.

What a worker makes of a page or a document must be exactly what the crawl process itself
would make (the same pages, the same Kiwi analysis); a failure comes back as data, never as an
exception across the process boundary; a worker that dies loses no task.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler import enrich_pool
from crawler.config import ConfigError
from crawler.enrich_pool import EnrichPool, WorkerDied
from enrich.alertquery import kiwi_morphemes
from enrich.analyze import analyze
from enrich.errors import EnrichError, NoArticleError
from enrich.pipeline import process_page

FIXTURES = Path(__file__).parents[1] / "fixtures"
MENU_ONLY = (
    "<html><body><ul>"
    + "".join(f"<li><a href='/s{i}'>섹션 {i}</a></li>" for i in range(12))
    + "</ul></body></html>"
).encode()


def pages() -> list[tuple[bytes, dict]]:
    out = []
    for meta in sorted((FIXTURES / "pages").glob("*/*.meta.json")):
        page = meta.with_name(meta.name.replace(".meta.json", ".html"))
        url = json.loads(meta.read_text(encoding="utf-8"))["url"]
        out.append((page.read_bytes(), {"url": url, "is_html": True}))
    out.append((MENU_ONLY, {"url": "https://www.example.co.kr/menu", "is_html": True}))
    out.append(
        (b"\x00\x01\x02\xff" * 64, {"url": "https://www.example.co.kr/binary", "is_html": False})
    )
    return out


def here(data: bytes, options: dict) -> tuple[str, object]:
    """The extraction task's answer, worked out in this process."""
    try:
        return "ok", process_page(data, **options)
    except NoArticleError as exc:
        return "no_article", exc.reason
    except EnrichError as exc:
        return "error", str(exc)


def die() -> None:
    """A task that kills its worker process, as an out-of-memory kill would."""
    os._exit(9)


@pytest.fixture(scope="module")
def extraction_pool():
    pool = EnrichPool(2, analyses=False)
    yield pool
    pool.shutdown()


def test_pages_extracted_in_a_worker_are_the_pages_extracted_here(extraction_pool):
    futures = [
        (extraction_pool.submit(enrich_pool.extract_page, data, options), here(data, options))
        for data, options in pages()
    ]
    kinds = []
    for future, expected in futures:
        assert future.result(timeout=120) == expected
        kinds.append(expected[0])
    assert {"ok", "no_article", "error"} <= set(kinds)  # each outcome crossed the boundary


def test_the_in_process_pool_runs_the_same_tasks():
    pool = EnrichPool(0)
    try:
        for data, options in pages()[:3]:
            assert pool.submit(enrich_pool.extract_page, data, options).result() == here(
                data, options
            )
    finally:
        pool.shutdown()


def test_a_worker_that_dies_loses_no_task(extraction_pool):
    data, options = pages()[0]
    dying = extraction_pool.submit(die)
    others = [extraction_pool.submit(enrich_pool.extract_page, data, options) for _ in range(6)]
    with pytest.raises(WorkerDied, match="died 3 times"):
        dying.result(timeout=300)
    for future in others:  # in flight when the pool broke: run again on a new one
        assert future.result(timeout=300) == here(data, options)
    # and the pool goes on working
    assert extraction_pool.submit(enrich_pool.extract_page, data, options).result(
        timeout=120
    ) == here(data, options)


def test_documents_analysed_in_a_worker_equal_those_analysed_here():
    docs = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((FIXTURES / "enrich").glob("*.json"))
    ]
    pool = EnrichPool(1)
    try:
        futures = [pool.submit(enrich_pool.analyze_document, doc) for doc in docs]
        for doc, future in zip(docs, futures, strict=True):
            assert future.result(timeout=300) == ("ok", analyze(doc))
        words = ["나델라가 방한", "데이터센터", "젠슨 황"]
        assert pool.morphemes(words) == kiwi_morphemes(words)
        assert pool.morphemes(words)[0] == ["나델라", "방한"]
    finally:
        pool.shutdown()


KIWI_ORIGINS = """
import json, os
from crawler import enrich_pool
if __name__ == "__main__":
    pool = enrich_pool.EnrichPool(2)
    origins = [pool.submit(enrich_pool.kiwi_origin).result(timeout=300) for _ in range(8)]
    pool.shutdown()
    print(json.dumps({"me": os.getpid(), "origins": origins}))
"""


def test_the_workers_share_one_kiwi_loaded_before_they_started(tmp_path):
    """Forked by a server that loaded Kiwi first, each worker starts with it (and shares its
    memory): none loads its own, nor does the crawl process.  (A process of its own: the fork
    server is the process's, and this one's started without Kiwi for the extraction pool.)"""
    script = tmp_path / "origins.py"
    script.write_text(KIWI_ORIGINS, encoding="utf-8")
    out = json.loads(
        subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, check=True, timeout=300
        ).stdout
    )
    workers = {worker for worker, _ in out["origins"]}
    loaders = {loader for _, loader in out["origins"]}
    assert len(workers) >= 1 and len(loaders) == 1 and None not in loaders
    assert loaders.isdisjoint(workers | {out["me"]})


def test_processes_setting():
    assert enrich_pool.processes_setting("") == enrich_pool.usable_cores() >= 1
    assert enrich_pool.processes_setting("0") == 0
    assert enrich_pool.processes_setting(3) == 3
    for bad in ("-1", "two"):
        with pytest.raises(ConfigError, match="NEWSMON_PROCESSES: expected a whole number"):
            enrich_pool.processes_setting(bad)


def test_a_shut_down_pool_takes_no_task():
    pool = EnrichPool(0)
    pool.shutdown()
    with pytest.raises(RuntimeError, match="shut down"):
        pool.submit(enrich_pool.extract_page, b"", {"is_html": False})


POOL_OWNER = """
import os, sys
from crawler.enrich_pool import EnrichPool, _ready
pool = EnrichPool(2, analyses=False)
workers = [pool.submit(_ready) for _ in range(4)]
[f.result(timeout=120) for f in workers]
print(" ".join(str(p) for p in pool._executor._processes), flush=True)
sys.stdin.read()  # until killed
"""


def test_workers_end_when_their_crawl_process_is_killed():
    """A crawl process killed with SIGKILL cannot shut its pool down: its workers notice and
    end, instead of each holding its memory (a Kiwi: hundreds of MB) for good."""
    owner = subprocess.Popen(
        [sys.executable, "-c", POOL_OWNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    workers = [int(p) for p in owner.stdout.readline().split()]
    assert len(workers) == 2 and all(alive(p) for p in workers)
    owner.kill()
    owner.wait()
    deadline = time.monotonic() + 30
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(p) for p in workers)


def alive(pid: int) -> bool:
    """*pid* runs (a zombie, dead but not yet reaped by init, counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
