"""Imported once by the fork server that starts the extraction/analysis workers.

The pool (:mod:`crawler.enrich_pool`) forks its workers from a server process
(``multiprocessing``'s ``forkserver``: a clean process, without the crawl's reactor, threads
or connections) that has loaded the rules, the entity dictionary and one Kiwi first.  Each
worker then starts with them, in a few milliseconds, and shares their memory with the others
until it writes to it; started anew, each would spend a second or two of a core loading its
own while the crawl waits.
"""

import contextlib

from crawler.enrich_pool import load_worker

with contextlib.suppress(Exception):  # each worker loads again, and reports what fails
    load_worker(analyses=True)
