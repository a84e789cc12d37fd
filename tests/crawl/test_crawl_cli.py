"""`newsmon crawl` outside the happy path: configuration errors, direct (unmapped) crawling."""

from __future__ import annotations

import pytest
import replaysite
from crawlrunner import CrawlRunner, make_seeds

from crawler.cli import main
from crawler.mirror import MirrorServer


def test_unknown_source_is_a_configuration_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSMON_SEEDS_DIR", str(make_seeds(tmp_path, extra="")))
    assert main(["crawl", "--source", "nope"]) == 2
    err = capsys.readouterr().err
    assert "sources.yaml: sources: no such source: nope" in err


def test_invalid_sources_file_names_file_line_and_key(tmp_path, monkeypatch, capsys):
    seeds = make_seeds(
        tmp_path,
        extra="  - id: extra\n    name: X\n    type: outlet\n    profile: newscms\n"
        "    site: https://www.x.co.kr\n    folow: all\n",
    )
    monkeypatch.setenv("NEWSMON_SEEDS_DIR", str(seeds))
    assert main(["crawl"]) == 2
    err = capsys.readouterr().err
    assert "sources.yaml line" in err and ".folow: unknown key" in err


def test_missing_mirror_directory_is_a_configuration_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSMON_SEEDS_DIR", str(make_seeds(tmp_path, extra="")))
    assert main(["crawl", "--mirror", str(tmp_path / "nowhere")]) == 2
    assert "mirror directory not found" in capsys.readouterr().err


def test_several_workers_need_the_shared_frontier(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSMON_SEEDS_DIR", str(make_seeds(tmp_path, extra="")))
    assert main(["crawl", "--workers", "2"]) == 2
    assert "crawl.frontier: 2 workers need a shared frontier" in capsys.readouterr().err


def test_redis_frontier_without_redis_url_is_a_configuration_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSMON_SEEDS_DIR", str(make_seeds(tmp_path, extra="")))
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert main(["crawl", "-s", "NEWSMON_FRONTIER=redis"]) == 2
    assert "REDIS_URL is not set" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        ({"ES_URL": "http://localhost"}, [], "ES_URL: http://localhost has no port"),
        (
            {"REDIS_URL": "localhost:6379"},
            ["-s", "NEWSMON_FRONTIER=redis"],
            "REDIS_URL: not a Redis URL",
        ),
    ],
)
def test_a_malformed_service_url_stops_the_crawl_before_it_starts(
    env, args, message, tmp_path, monkeypatch, capsys
):
    """Not a traceback from inside the client when the first document is sent (ES) or the
    scheduler opens (Redis): exit status 2 and the variable named."""
    monkeypatch.setenv("NEWSMON_SEEDS_DIR", str(make_seeds(tmp_path, extra="")))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["crawl", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    """A site served straight from 127.0.0.1 -- no host mapping, a real private address."""
    root = tmp_path_factory.mktemp("local")
    with MirrorServer(root) as server:
        article = f"{server.url}/news/articleView.html?idxno=9003"
        replaysite.write(
            root, article.replace(server.url, "http://127.0.0.1"), replaysite.troubled_article(9003)
        )
        replaysite.write(
            root,
            "http://127.0.0.1/rss/allArticle.xml",
            replaysite.rss(
                "로컬",
                server.url,
                [
                    {
                        "title": replaysite.VISIT_TEXT[9003][0],
                        "link": article,
                        "published": replaysite.t("2025-03-01"),
                    }
                ],
            ),
        )
        yield server


@pytest.mark.parametrize("allow", [True, False])
def test_private_addresses_only_when_the_source_allows_them(tmp_path, local_server, allow):
    seeds = make_seeds(
        tmp_path / "seeds",
        extra=(
            f"  - id: local\n    name: 로컬\n    type: outlet\n    profile: newscms\n"
            f"    site: {local_server.url}\n    allow_private: {str(allow).lower()}\n"
        ),
    )
    result = CrawlRunner(tmp_path, seeds, local_server)("--source", "local", mirror=False)
    assert result.returncode == 0, result.stderr[-2000:]
    if allow:
        assert result.keys == {f"{local_server.url}/news/articleView.html?idxno=9003"}
        assert local_server.hits
    else:
        assert result.docs == [] and local_server.hits == []
        assert result.row("local")["discovery_failed"] == 3
        assert "loopback address" in result.stderr


def test_robots_txt_holds_for_requests_that_wait_for_it(tmp_path):
    """The first requests to a host all wait for its robots.txt; every one of them must get
    its rules.  (Scrapy 2.19's middleware gave the rules to the first waiter only, the
    others went through unchecked: a listing disallowed here was fetched.)"""
    site = "https://www.robotstimes.co.kr"
    root = tmp_path / "site"
    replaysite.write(root, f"{site}/robots.txt", "User-agent: *\nDisallow: /news/articleList\n")
    replaysite.write(root, f"{site}/rss/allArticle.xml", replaysite.rss("로봇타임스", site, []))
    for page in (1, 2):
        replaysite.write(
            root,
            f"{site}/news/articleList.html?view_type=sm&page={page}",
            "<html><body>목록</body></html>",
        )
    extra = (
        f"  - id: robotstimes\n    name: 로봇타임스\n    type: outlet\n"
        f"    profile: newscms\n    site: {site}\n"
    )
    with MirrorServer(root, latency=0.2) as server:  # robots.txt slow enough to be waited for
        crawl = CrawlRunner(tmp_path, make_seeds(tmp_path / "seeds", extra=extra), server)
        done = crawl("--source", "robotstimes")
    assert done.returncode == 0, done.stderr[-3000:]
    assert [h.target for h in done.hits] == ["/robots.txt", "/rss/allArticle.xml"]
    assert done.row("robotstimes")["discovery_failed"] == 2  # the two listing pages, refused
