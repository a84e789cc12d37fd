"""What the address guard refuses, and how a crawl reports it.

``allow_private`` lets a source on a private address be crawled -- its own scheme, host and
port, not every port of that host (on 127.0.0.1 that would include Elasticsearch).  Refusals
are reported as refusals, never retried, and redirects off the sources' domains are counted
in the summary (as blocked) instead of vanishing.
"""

from __future__ import annotations

import socket

import pytest
import replaysite
from crawlrunner import CrawlRunner, make_seeds

from crawler.mirror import MirrorServer
from crawler.safety import non_public

ARTICLE = "/news/articleView.html?idxno="


@pytest.fixture(scope="module")
def elasticsearch_like(tmp_path_factory):
    """Another service on the same private host: what a redirect must never reach."""
    root = tmp_path_factory.mktemp("other-service")
    replaysite.write(root, "http://127.0.0.1/", '{"cluster_name": "private"}')
    with MirrorServer(root) as server:
        yield server


@pytest.fixture(scope="module")
def private_site(tmp_path_factory, elasticsearch_like):
    """An intranet outlet on 127.0.0.1: one article, one redirected to another port of the same
    host, one redirected off the source's domains."""
    root = tmp_path_factory.mktemp("private")
    with MirrorServer(root) as server:
        local = "http://127.0.0.1"
        replaysite.write(root, f"{local}{ARTICLE}9003", replaysite.troubled_article(9003))
        replaysite.write(
            root,
            f"{local}{ARTICLE}9004",
            None,
            status=302,
            headers={"Location": f"{elasticsearch_like.url}/"},
        )
        replaysite.write(
            root,
            f"{local}{ARTICLE}9005",
            None,
            status=302,
            headers={"Location": "https://www.offsite-example.com/news/1"},
        )
        items = [
            {
                "title": replaysite.VISIT_TEXT[n][0],
                "link": f"{server.url}{ARTICLE}{n}",
                "published": replaysite.t("2025-03-01"),
            }
            for n in (9003, 9004, 9005)
        ]
        replaysite.write(
            root, f"{local}/rss/allArticle.xml", replaysite.rss("사내", server.url, items)
        )
        yield server


def test_allow_private_is_the_source_origin_only(tmp_path, private_site, elasticsearch_like):
    seeds = make_seeds(
        tmp_path / "seeds",
        extra=(
            f"  - id: local\n    name: 사내\n    type: outlet\n    profile: newscms\n"
            f"    site: {private_site.url}\n    allow_private: true\n    follow: all\n"
        ),
    )
    result = CrawlRunner(tmp_path, seeds, private_site)("--source", "local", mirror=False)
    assert result.returncode == 0, result.stderr[-3000:]

    assert result.keys == {f"{private_site.url}{ARTICLE}9003"}
    assert elasticsearch_like.hits == []  # the other port was never asked
    port = elasticsearch_like.url.rsplit(":", 1)[1]
    assert f"127.0.0.1:{port}" in result.stderr and "allow_private" in result.stderr
    # Both redirects count as blocked: to the other port (refused), and off the source's
    # domains (not followed) -- that one used to vanish from the summary altogether.
    assert result.row("local")["blocked"] == 2
    assert (
        f"{ARTICLE}9005 redirected off the sources' domains to https://www.offsite-example"
        in result.stderr
    )


def test_refused_address_is_reported_as_refused_and_not_retried(tmp_path, private_site):
    """A host name that resolves to a private address (this machine's own name) without
    allow_private: the resolver refuses it; the crawl says so, once per page."""
    name = socket.gethostname()
    address = socket.gethostbyname(name)
    assert non_public(address), (
        f"this test needs a host name resolving to a non-public address; {name} is {address}"
    )
    port = private_site.url.rsplit(":", 1)[1]
    seeds = make_seeds(
        tmp_path / "seeds",
        extra=(
            f"  - id: byname\n    name: 이름\n    type: outlet\n    profile: newscms\n"
            f"    site: http://{name}:{port}\n"
        ),
    )
    result = CrawlRunner(tmp_path, seeds, private_site)("--source", "byname", mirror=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert private_site.hits == []
    assert result.row("byname")["discovery_failed"] == 3
    assert f"resolves to {address}" in result.stderr and "refused" in result.stderr
    assert "DNSLookupError" not in result.stderr and "DNS lookup failed" not in result.stderr
    assert "Retrying" not in result.stderr
