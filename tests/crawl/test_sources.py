"""`newsmon sources check` and `status`, and discovery that keeps failing, against the replay site.

Next to the shipped sources (whose discovery URLs the mirror serves as the real sites do), the
tests add sources the way the world breaks them: a listing that now redirects to the home page
(Daum's old breakingnews lists), a feed that is gone (404) and a site whose robots.txt
disallows everything (as n.news.naver.com's does).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import replaysite
from crawlrunner import FAST, REPO, CrawlRunner, make_seeds

from crawler.sources import load_sources

BROKEN = """
  # Added by the sources tests: discovery broken the ways real sites break it.
  - id: oldaum
    name: 다음 (옛 속보 목록)
    type: portal
    domains: [news.daum.net, v.daum.net]
    article_url: ['^https?://v\\.daum\\.net/v/\\d{17}$']
    discovery:
      listings: [{url: "https://news.daum.net/breakingnews/digital?page={page}", pages: 1}]

  - id: gonetimes
    name: 사라진타임스
    type: outlet
    site: https://www.gonetimes.co.kr
    article_url: ['/news/articleView\\.html\\?idxno=\\d+']
    discovery: {feeds: [/rss/allArticle.xml]}

  - id: closedtimes
    name: 닫힌타임스
    type: outlet
    profile: newscms
    site: https://www.closedtimes.co.kr
"""
CLOSED = "https://www.closedtimes.co.kr"


@pytest.fixture(scope="module")
def site(replay_site, replay_server):
    replaysite.write(replay_site, f"{CLOSED}/robots.txt", "User-agent: *\nDisallow: /\n")
    replaysite.write(
        replay_site,
        f"{CLOSED}/rss/allArticle.xml",
        replaysite.rss(
            "닫힌타임스",
            CLOSED,
            [
                {
                    "title": "젠슨 황 방한",
                    "link": f"{CLOSED}/news/articleView.html?idxno=1",
                    "published": replaysite.t("2025-03-01"),
                }
            ],
        ),
    )
    return replay_server


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return make_seeds(tmp_path_factory.mktemp("sources") / "seeds", extra=BROKEN)


def sources_command(server, seeds, data, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSMON_SEEDS_DIR": str(seeds), "NEWSMON_DATA_DIR": str(data)}
    env.pop("NAVER_CLIENT_ID", None)  # a mirror needs no key
    settings = [x for s in FAST for x in ("-s", s)]
    command = [sys.executable, "-m", "crawler.cli", "sources", *args]
    if args[0] == "check":
        command += ["--mirror", server.url, *settings]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def checked(site, seeds, tmp_path_factory):
    site.reset()
    done = sources_command(site, seeds, tmp_path_factory.mktemp("data"), "check", "--json")
    return done, {r["source"]: r for r in json.loads(done.stdout)}, list(site.hits)


def test_check_exits_non_zero_when_a_source_yields_nothing(checked):
    done, reports, _ = checked
    assert done.returncode == 1, done.stderr[-3000:]
    assert {s for s, r in reports.items() if not r["ok"]} == {"oldaum", "gonetimes", "closedtimes"}


def test_check_finds_links_and_a_sample_for_every_shipped_source(checked):
    _, reports, _ = checked
    for source in load_sources(REPO / "seeds" / "sources.yaml").catalog():
        report = reports[source.id]
        if source.discovery.is_empty():  # naver: its articles come from the search API
            assert report["note"] and not report["pages"], source.id
            continue
        pages = [p for p in report["pages"] if p["kind"] != "sample"]
        assert report["ok"] and sum(p["links"] for p in pages) > 0, source.id
        assert all(p["status"] == 200 and p["robots"] == "allowed" for p in pages), source.id
        sample = [p for p in report["pages"] if p["kind"] == "sample"][-1]
        assert not sample["error"] and sample["title"] and sample["body_chars"] > 200, source.id
        assert sample["published"], source.id


def test_check_reports_a_listing_redirected_to_the_home_page(checked):
    _, reports, hits = checked
    [page] = reports["oldaum"]["pages"]
    assert page["url"] == "https://news.daum.net/breakingnews/digital?page=1"
    assert page["final_url"] == "https://news.daum.net/" and page["status"] == 200
    assert "redirected to the home page" in page["error"] and page["links"] == 0
    # The home page's links are not the section's: no sample is taken from them.
    assert not [h for h in hits if h.target == "/v/20250226150000222"]


def test_check_reports_a_missing_feed_and_a_robots_disallowed_site(checked):
    _, reports, hits = checked
    [gone] = reports["gonetimes"]["pages"]
    assert gone["status"] == 404 and gone["error"] == "HTTP 404" and gone["links"] == 0
    closed = reports["closedtimes"]["pages"]
    assert len(closed) == 3  # the feed and two list pages, none fetched
    assert all(p["robots"] == "disallowed" and p["status"] is None for p in closed)
    assert [h.target for h in hits if h.host == "www.closedtimes.co.kr"] == ["/robots.txt"]


def test_check_follows_no_link_but_the_samples(checked):
    _, reports, hits = checked
    catalog_hosts = {"www.fnnews.com", "www.newspim.com", "www.aitimes.com", "v.daum.net"}
    articles = [
        h
        for h in hits
        if h.host in catalog_hosts
        and "/rss/" not in h.target
        and "/sitemap/" not in h.target
        and "robots" not in h.target
        and "articleList" not in h.target
    ]
    samples = [p["url"] for r in reports.values() for p in r["pages"] if p["kind"] == "sample"]
    assert {h.url for h in articles} <= set(samples)
    assert not [h for h in hits if h.host == "n.news.naver.com"]


def test_check_prints_a_readable_report(site, seeds, tmp_path):
    done = sources_command(site, seeds, tmp_path, "check", "--source", "daum", "--source", "oldaum")
    assert done.returncode == 1
    out = done.stdout
    assert "daum (Daum 뉴스): ok, 2 article links" in out
    assert "oldaum (다음 (옛 속보 목록)): FAILED: no article links" in out
    assert (
        "HTTP 200, ended at https://news.daum.net/, robots.txt: allowed, 0 article links, "
        "problem: redirected to the home page"
    ) in out
    assert "2 sources: 1 ok, 1 yield nothing (oldaum)" in out
    ok = sources_command(site, seeds, tmp_path, "check", "--source", "fnnews")
    assert ok.returncode == 0 and "fnnews (파이낸셜뉴스): ok, 3 article links" in ok.stdout


def test_discovery_failing_three_crawls_in_a_row_is_reported(site, seeds, tmp_path, replay_site):
    crawl = CrawlRunner(tmp_path, seeds, site)
    args = ("--source", "gonetimes", "--source", "oldaum", "--source", "fnnews")
    runs = [crawl(*args) for _ in range(3)]
    for run in runs:
        assert run.returncode == 0, run.stderr[-3000:]
    assert "discovery failing" not in runs[0].stdout + runs[1].stdout
    out = runs[2].stdout
    assert "discovery failing (3+ crawls in a row" in out
    assert "gonetimes: https://www.gonetimes.co.kr/rss/allArticle.xml: HTTP 404 (3 crawls" in out
    assert (
        "oldaum: https://news.daum.net/breakingnews/digital?page=1: redirected to the home "
        "page (https://news.daum.net/) (3 crawls"
    ) in out
    assert {p["source"] for p in runs[2].summary["discovery_failing"]} == {"gonetimes", "oldaum"}

    status = sources_command(site, seeds, tmp_path / "data", "status")
    assert status.returncode == 1
    lines = status.stdout.splitlines()
    assert lines[0].startswith("FAILING  gonetimes") or lines[0].startswith("FAILING  oldaum")
    assert "ok       fnnews         https://www.fnnews.com/rss/r20/fn_realnews_all.xml" in lines
    assert lines[-1] == "3 discovery pages, 2 failing (3+ crawls in a row)"

    # The feed is back: one good crawl and it is no longer failing.
    replaysite.write(
        replay_site,
        "https://www.gonetimes.co.kr/rss/allArticle.xml",
        replaysite.rss(
            "사라진타임스",
            "https://www.gonetimes.co.kr",
            [
                {
                    "title": "다시 열린 피드",
                    "published": replaysite.t("2025-03-01"),
                    "link": "https://www.gonetimes.co.kr/news/articleView.html?idxno=1",
                }
            ],
        ),
    )
    back = crawl(*args)
    assert "gonetimes" not in back.stdout.partition("discovery failing")[2]
    assert [p["source"] for p in back.summary["discovery_failing"]] == ["oldaum"]
