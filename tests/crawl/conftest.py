"""The replay web server and crawl runner of the crawl tests.

The replay site is the bundled demo mirror (``seeds/mirror``: every source
profile, real hosts) plus a generated troubled outlet on the common CMS, served
by :class:`crawler.mirror.MirrorServer` on 127.0.0.1 -- a real HTTP server.
Crawls run ``newsmon crawl --mirror <server URL>`` in a subprocess (Scrapy's
reactor cannot be restarted in one process), with their own data directory
and a seeds directory whose ``sources.yaml`` is the shipped one plus the
test outlets, added as YAML only.  Throttling and retry waits are off, so the
crawls are quick.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from crawler.mirror import MirrorServer

sys.path.insert(0, str(Path(__file__).parent))
import replaysite
from crawlrunner import REPO, CrawlRunner, make_seeds


@pytest.fixture(scope="module")
def replay_site(tmp_path_factory) -> Path:
    """The demo mirror plus the troubled outlet, in a directory the tests may change."""
    root = tmp_path_factory.mktemp("replay") / "mirror"
    shutil.copytree(REPO / "seeds" / "mirror", root)
    replaysite.build_troubled_outlet(root)
    return root


@pytest.fixture(scope="module")
def replay_server(replay_site: Path):
    with MirrorServer(replay_site) as server:
        yield server


@pytest.fixture(scope="module")
def crawl(tmp_path_factory, replay_server, es_url) -> CrawlRunner:
    work = tmp_path_factory.mktemp("crawl")
    return CrawlRunner(work, make_seeds(work / "seeds"), replay_server, es_url)
