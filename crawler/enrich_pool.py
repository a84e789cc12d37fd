"""Extraction and enrichment in worker processes: one crawl uses every core it is given.

Extraction (lxml, trafilatura) and analysis (Kiwi, entities, events) are CPU work that holds
the GIL: in the crawl's own process they would share one core with Scrapy and with each
other.  A crawl hands them to a pool of worker processes instead
(:class:`concurrent.futures.ProcessPoolExecutor`), so Scrapy's reactor only waits on
futures while downloads, the state store and the index sink go on.  The workers are forked
by ``multiprocessing``'s fork server, a fresh process (no copy of the reactor, its threads or
open database connections) that loaded the rules, the entity dictionary and one Kiwi before
it forked any (:mod:`crawler.worker_preload`).

- ``NEWSMON_PROCESSES`` says how many: by default one per core this process may run on,
  shared out among the crawl workers ``newsmon crawl --workers N`` starts on the machine;
  ``0`` keeps the work in the crawl process, on one thread.
- So each worker starts with what it needs, sharing the memory of that Kiwi with the others
  (the README says how much); one forked otherwise (the fork server started without Kiwi,
  for an extraction-only pool) loads its own.  The crawl process loads no Kiwi of its own:
  the alert rules' query words are analysed by a worker (:meth:`EnrichPool.morphemes`).
- Only plain data crosses the process boundary -- page bytes, document dicts, strings -- and a
  task never raises across it: it returns ``("ok", value)`` or ``(kind, message)``.
- A worker that dies (killed, out of memory) breaks the whole pool.  The pool is made anew and
  the tasks that were in flight run again, at most :data:`ATTEMPTS` times in all, so nothing
  is lost: a page that keeps killing workers fails as an article, and a later crawl retries it
  like any failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

logger = logging.getLogger(__name__)

PROCESSES = "newsmon_pool/processes"  # stats: the worker processes the crawl's stages used
ATTEMPTS = 3  # runs of one task when workers die under it (the first one included)


# --- tasks (run in a worker process; module-level so that a worker can find them) --------------


_loaded_by: int | None = None  # the process that loaded this one's Kiwi (the fork server's)


def load_worker(analyses: bool) -> None:
    """Load what the tasks need: the cleaning rules and, for analysis, the entity dictionary
    and a Kiwi without threads (the pool's processes are the parallelism, and a Kiwi without
    threads survives a fork: see :mod:`crawler.worker_preload`).  Once per process."""
    from enrich.rules import load_rules

    load_rules()
    if analyses:
        from enrich import nlp
        from enrich.analyze import default_resources

        default_resources()
        if nlp.loaded_kiwi() is None:
            global _loaded_by
            kiwi = nlp.build_kiwi(num_workers=0)
            kiwi.tokenize("")  # Kiwi finishes loading on its first use
            nlp.set_kiwi(kiwi)
            _loaded_by = os.getpid()


def _start_worker(analyses: bool) -> None:
    """Worker initializer: load everything once, before the first task (forked from the
    fork server, a worker usually has it all already)."""
    # Ctrl-C goes to the whole process group: the crawl process finishes what is in flight,
    # which needs its workers alive.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_crawl, daemon=True).start()
    load_worker(analyses)


def _exit_with_crawl() -> None:
    """Ends this worker when its crawl process is gone (killed: it could not shut the pool
    down), instead of leaving a process with a Kiwi of several hundred MB behind.  (The crawl
    process, not the fork server, is the worker's parent to ``multiprocessing``: the end of
    the pipe it holds tells.)"""
    crawl = multiprocessing.parent_process()
    if crawl is not None:
        crawl.join()
    os._exit(1)


def _ready() -> None:
    """A no-op: submitted once per worker by :meth:`EnrichPool.start`."""


def kiwi_origin() -> tuple[int, int | None]:
    """(this worker, the process that loaded its Kiwi): tests see that the workers share one."""
    return os.getpid(), _loaded_by


def extract_page(data: bytes, options: dict) -> tuple[str, object]:
    """``enrich.pipeline.process_page`` as a task: ("ok", doc), ("no_article", reason),
    ("error", message) or ("crash", traceback)."""
    from enrich.errors import EnrichError, NoArticleError
    from enrich.pipeline import process_page

    try:
        return "ok", process_page(data, **options)
    except NoArticleError as exc:
        return "no_article", exc.reason
    except EnrichError as exc:
        return "error", str(exc)
    except Exception:  # a bug on one odd page: reported, the crawl goes on
        return "crash", traceback.format_exc()


def analyze_document(doc: dict) -> tuple[str, object]:
    """``enrich.analyze.analyze`` as a task: ("ok", enriched doc) or ("crash", traceback)."""
    from enrich.analyze import analyze

    try:
        return "ok", analyze(doc)
    except Exception:
        return "crash", traceback.format_exc()


def query_morphemes(texts: Sequence[str]) -> tuple[str, object]:
    """``enrich.alertquery.kiwi_morphemes`` as a task."""
    from enrich.alertquery import kiwi_morphemes

    try:
        return "ok", kiwi_morphemes(texts)
    except Exception:
        return "crash", traceback.format_exc()


# --- the pool (crawl process) ----------------------------------------------------------------


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return os.cpu_count() or 1


class WorkerDied(RuntimeError):
    """The task's worker process died every time it was run."""


class EnrichPool:
    """Runs the tasks above in *processes* worker processes (0: on one thread of this one)."""

    def __init__(self, processes: int, analyses: bool = True):
        self.processes, self.analyses = processes, analyses
        self._lock = threading.Lock()
        self._executor: Executor | None = None
        self._generation = 0  # bumped whenever a broken pool is replaced
        self.closed = False
        self.used = False  # a stage of the crawl runs its tasks here (see PoolExtension)

    def _current(self) -> tuple[Executor, int]:
        with self._lock:
            if self.closed:
                raise RuntimeError("the enrich pool is shut down")
            if self._executor is None:
                if self.processes > 0:
                    context = multiprocessing.get_context("forkserver")
                    if self.analyses:  # (read when the fork server starts: the first pool)
                        context.set_forkserver_preload(["crawler.worker_preload"])
                    self._executor = ProcessPoolExecutor(
                        self.processes,
                        mp_context=context,
                        initializer=_start_worker,
                        initargs=(self.analyses,),
                    )
                else:
                    self._executor = ThreadPoolExecutor(1, thread_name_prefix="enrich")
            return self._executor, self._generation

    def _replace(self, generation: int) -> None:
        """A worker died: a fresh pool, unless another caller has made one already."""
        with self._lock:
            if generation != self._generation or self.closed:
                return
            logger.error("an extraction/analysis worker process died; starting the pool anew")
            broken, self._executor = self._executor, None
            self._generation += 1
        if broken is not None:
            _record_usage(broken)
            broken.shutdown(wait=False, cancel_futures=True)

    def start(self) -> None:
        """Start every worker now, instead of at the first tasks, and return at once: the
        fork server loads Kiwi for them meanwhile, while this process goes on (its first
        worker takes seconds to start, which the caller would otherwise wait out)."""
        if self.processes > 0:
            threading.Thread(target=self._start_workers, name="pool-start", daemon=True).start()

    def _start_workers(self) -> None:
        with contextlib.suppress(RuntimeError):  # shut down meanwhile
            executor, _ = self._current()
            for _ in range(self.processes):
                executor.submit(_ready)

    def submit(self, task: Callable, *args) -> Future:
        """Run *task* (one of the tasks above) in a worker: a future of its (kind, value)."""
        outer: Future = Future()

        def attempt(left: int) -> None:
            executor, generation = self._current()
            inner = executor.submit(task, *args)

            def done(f: Future) -> None:
                # (cancelled: it was waiting in a broken pool that is being shut down)
                error = BrokenProcessPool("cancelled") if f.cancelled() else f.exception()
                if isinstance(error, BrokenProcessPool):
                    self._replace(generation)
                    if left > 1 and not self.closed:
                        try:
                            attempt(left - 1)
                            return
                        except RuntimeError as exc:  # shut down meanwhile
                            error = exc
                    else:
                        error = WorkerDied(
                            f"the worker process died {ATTEMPTS} times running {task.__name__}"
                        )
                if error is not None:
                    outer.set_exception(error)
                else:
                    outer.set_result(f.result())

            inner.add_done_callback(done)

        attempt(ATTEMPTS)
        return outer

    async def run(self, task: Callable, *args) -> tuple[str, object]:
        """:meth:`submit`, awaited on the crawl's event loop."""
        return await asyncio.wrap_future(self.submit(task, *args))

    def morphemes(self, texts: Sequence[str]) -> list[list[str]]:
        """Content morphemes of *texts* (``enrich.alertquery.Resolver``'s analyser), from a
        worker's Kiwi; blocks (start-up only: alert rules are compiled once)."""
        kind, value = self.submit(query_morphemes, list(texts)).result()
        if kind != "ok":
            raise RuntimeError(f"analysing the alert rules' words failed:\n{value}")
        return value

    def shutdown(self) -> None:
        with self._lock:
            self.closed = True
            executor, self._executor = self._executor, None
        if executor is not None:
            _record_usage(executor)
            executor.shutdown(wait=True, cancel_futures=True)


# --- what the workers used ---------------------------------------------------------------------

_usage = {"peak_rss_bytes": 0, "cpu_seconds": 0.0}


def worker_usage() -> dict[str, float]:
    """The largest peak memory of this process's workers and the CPU time they used, read
    before their pools stopped (a worker that died is not counted).  Forked by the fork
    server, they are not this process's children: ``RUSAGE_CHILDREN`` does not see them."""
    return dict(_usage)


def _record_usage(executor: Executor) -> None:
    tick = os.sysconf("SC_CLK_TCK")
    for pid in list(getattr(executor, "_processes", None) or ()):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            times = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile, or no /proc (not Linux)
            continue
        peak = next(
            (
                int(line.split()[1]) * 1024
                for line in status.splitlines()
                if line.startswith("VmHWM:")
            ),
            0,
        )
        _usage["peak_rss_bytes"] = max(_usage["peak_rss_bytes"], peak)
        _usage["cpu_seconds"] += (int(times[11]) + int(times[12])) / tick  # utime, stime


# --- one pool per crawl process ----------------------------------------------------------------

_pool: EnrichPool | None = None


def processes_setting(value) -> int:
    """``NEWSMON_PROCESSES`` as a number: empty means one per usable core."""
    from crawler.config import ConfigError  # not at the top: workers import this module

    if value in (None, ""):
        return usable_cores()
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = -1
    if n < 0:
        raise ConfigError(
            "settings",
            f"expected a whole number >= 0 (worker processes; 0: none), got {value!r}",
            key="NEWSMON_PROCESSES",
        )
    return n


def shared_pool(processes: int, analyses: bool = True) -> EnrichPool:
    """This process's pool, made on first use (``newsmon crawl`` makes it before the crawl, to
    validate the alert rules with it; the crawl's stages then use the same one)."""
    global _pool
    if _pool is None or _pool.closed:
        _pool = EnrichPool(processes, analyses)
    return _pool


def for_settings(settings) -> EnrichPool:
    """The pool as a crawl's (Scrapy) settings say: ``NEWSMON_PROCESSES`` workers that load
    Kiwi when ``NEWSMON_ANALYZE`` is on."""
    return shared_pool(
        processes_setting(settings.get("NEWSMON_PROCESSES")),
        settings.getbool("NEWSMON_ANALYZE", True),
    )


def for_crawler(crawler, items: bool = True) -> EnrichPool:
    """The pool of the crawl's stages.  *items*: the stage sends every article there, which
    keeps the workers for the whole crawl (see :class:`PoolExtension`)."""
    pool = for_settings(crawler.settings)
    pool.used = pool.used or items
    return pool


def shutdown_shared() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown()
        _pool = None


class PoolExtension:
    """Scrapy extension: the pool's workers stop when the spider closes (every stage is done
    with them by then), or as soon as it opens when no stage of this crawl uses them (a crawl
    without extraction only validated the alert rules with them).  It comes before
    :class:`crawler.stats.CrawlSummary`, which then reports the workers' memory and CPU."""

    def __init__(self, crawler):
        from scrapy import signals

        self.crawler = crawler
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, **_):
        if _pool is not None and not _pool.used:
            shutdown_shared()

    def spider_closed(self, **_):
        if _pool is not None and _pool.used:
            self.crawler.stats.set_value(PROCESSES, _pool.processes)
        shutdown_shared()
