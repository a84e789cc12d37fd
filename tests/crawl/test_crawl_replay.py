"""End to end: `newsmon crawl` against the replay site, three times.

1. first crawl: collects exactly the relevant articles of every source profile,
   counts the irrelevant and failed ones, never fetches robots-disallowed or
   private-address pages, survives every bad page;
2. second crawl, nothing changed: reads discovery pages only, no article page;
3. one article edited (new text, newer feed time): fetched once, as an update.
"""

from __future__ import annotations

import pytest
import replaysite
from crawlrunner import NAVER_SECRET, one_per_article

from crawler.sources import load_sources

ART = "/news/articleView.html?idxno="
TROUBLED = replaysite.TROUBLED + ART

RELEVANT = replaysite.RELEVANT
IRRELEVANT = {"fnnews": 1, "ddaily": 1, "replaytimes": 1}
FAILED_PAGES = {"9002": "HTTP 404", "9006": "", "9007": "binary", "9008": "empty"}


@pytest.fixture(scope="module")
def runs(crawl, replay_site):
    first = crawl()
    second = crawl()
    replaysite.update_troubled_article(replay_site)
    third = crawl()
    return first, second, third


@pytest.fixture(scope="module")
def catalog(crawl):
    return load_sources(crawl.seeds / "sources.yaml").catalog()


def article_hits(crawl_result, catalog):
    return [h for h in crawl_result.hits if catalog.owner(h.url)]


def test_first_crawl_collects_exactly_the_relevant_articles(runs):
    first = runs[0]
    assert first.returncode == 0, first.stderr[-3000:]
    assert first.keys == RELEVANT
    one_per_article(first.docs)  # each new once (or a portal copy replaced by its original)
    assert first.summary["sources"]["total"]["new"] == len(RELEVANT)


def test_irrelevant_articles_are_counted_not_indexed(runs):
    first = runs[0]
    for source, n in IRRELEVANT.items():
        assert first.row(source)["irrelevant"] == n, source
    assert TROUBLED + "9010" not in first.keys
    assert "https://www.ddaily.co.kr/page/view/2024071010335036394" not in first.keys
    # Links whose titles do not match the watchlist are not even fetched.
    assert first.hits_for(ART + "9011") == []
    assert first.row("replaytimes")["skipped"] == 1


def test_bad_pages_are_survived_logged_and_counted(runs):
    first = runs[0]
    assert first.row("replaytimes")["failed"] == len(FAILED_PAGES)
    for idxno, reason in FAILED_PAGES.items():
        lines = [
            line
            for line in first.stderr.splitlines()
            if f"idxno={idxno}" in line and "Dropped" in line
        ]
        assert lines and reason in lines[0], (idxno, lines)
    assert first.hits_for(ART + "9003") == [500, 200]
    assert first.hits_for(ART + "9004") == [429, 200]
    assert "retrying in 1.0s" in first.stderr  # Retry-After: 1 honoured, not the (zero) backoff
    assert first.hits_for(ART + "9001") == [301, 302]
    assert first.hits_for(ART + "9101") == [200]


def test_a_page_without_article_text_is_counted_as_no_article(runs):
    first, second = runs[0], runs[1]
    assert first.hits_for(ART + "9013") == [200]
    assert first.row("replaytimes")["no_article"] == 1
    assert TROUBLED + "9013" not in first.keys
    [line] = [
        line for line in first.stderr.splitlines() if "idxno=9013" in line and "Dropped" in line
    ]
    assert "no article text: no sentence-like paragraph" in line
    assert second.hits_for(ART + "9013") == []  # tried again later, with the failures' backoff


def test_an_article_over_the_extraction_caps_is_indexed_truncated_and_counted(runs):
    first = runs[0]
    doc = next(d["doc"] for d in first.docs if d["key"] == TROUBLED + "9014")
    assert doc["body"].startswith(replaysite.VISIT_TEXT[9014][1][0])
    assert doc["truncated"]["html_bytes"] > 300_000 >= doc["truncated"]["parsed_bytes"]
    assert first.row("replaytimes")["truncated"] == 1
    assert first.summary["sources"]["total"]["truncated"] == 1


def test_euc_kr_page_without_charset_decodes(runs):
    doc = next(d["doc"] for d in runs[0].docs if d["key"] == TROUBLED + "9005")
    assert doc["title"] == replaysite.EUC_KR_TITLE
    assert "승지원" in doc["body"] and "\ufffd" not in doc["body"]
    newdaily = next(d["doc"] for d in runs[0].docs if "newdaily" in d["key"])
    assert newdaily["title"] == "이재용 삼성전자 부회장, MS CEO 만나 4차산업 기술 협력 확대"


def test_robots_disallowed_and_private_addresses_are_never_fetched(runs):
    for run in runs:
        assert not [h for h in run.hits if h.target.startswith("/private/")]
        assert not [h for h in run.hits if h.host == "192.168.10.5"]
    first = runs[0]
    assert first.row("replaytimes")["blocked"] == 1
    assert first.row("intranet")["discovery_failed"] == 3  # feed and two listing pages, refused
    assert "192.168.10.5" in first.stderr and "private address" in first.stderr


def test_portal_copy_and_original_are_one_article(runs):
    first = runs[0]
    fnnews = one_per_article(first.docs)["https://www.fnnews.com/news/202502261842174321"]
    assert fnnews["doc"]["url"] == fnnews["key"]  # the index keeps the outlet's original
    # The Daum copy was fetched and recognised as the 파이낸셜뉴스 article, not indexed again.
    assert [h for h in first.hits if h.host == "v.daum.net" and h.target.startswith("/v/")]


def test_naver_search_reads_originals_and_never_a_naver_copy(runs):
    """n.news.naver.com's robots.txt disallows every crawler: the search API's items are read
    from the outlets, the Naver URL kept as metadata; a Naver-only item is refused."""
    first = runs[0]
    etnews = next(
        d["doc"] for d in first.docs if d["key"] == "https://www.etnews.com/20250204000123"
    )
    assert etnews["url"] == "https://www.etnews.com/20250204000123" and not etnews["portal"]
    assert etnews["portal_url"] == replaysite.NAVER_COPY + "?sid=105"
    assert "스타게이트" in etnews["body"]
    assert [h.target for h in first.hits if h.host == "n.news.naver.com"] == ["/robots.txt"]
    assert first.row("naver")["blocked"] == 1  # the item without an original link


def test_retired_listing_urls_are_not_used(runs):
    """Daum's breakingnews lists redirect to the home page now: the section page is read."""
    daum = [h.target for h in runs[0].hits if h.host == "news.daum.net"]
    assert "/digital" in daum and not [t for t in daum if t.startswith("/breakingnews/")]


def test_second_crawl_fetches_no_article_page(runs, catalog):
    second = runs[1]
    assert second.returncode == 0, second.stderr[-3000:]
    assert article_hits(second, catalog) == []
    assert second.docs == []
    assert second.summary["sources"]["total"]["unchanged"] >= len(RELEVANT)
    assert second.summary["sources"]["total"]["pages"] > 0  # discovery pages were read


def test_updated_article_is_fetched_once_as_an_update(runs, catalog):
    third = runs[2]
    assert third.returncode == 0, third.stderr[-3000:]
    assert [h.target for h in article_hits(third, catalog)] == [ART + "9012"]
    assert third.hits_for(ART + "9012") == [200]
    [doc] = third.docs
    assert doc["key"] == TROUBLED + "9012" and doc["change"] == "updated"
    assert replaysite.UPDATED_PARAGRAPH in doc["doc"]["body"]
    assert third.row("replaytimes")["updated"] == 1


def test_secrets_are_never_logged(runs):
    for run in runs:
        assert NAVER_SECRET not in run.stderr + run.stdout


def test_summary_is_printed_per_source(runs):
    out = runs[0].stdout
    assert out.splitlines()[0].split()[:3] == ["source", "pages", "new"]
    for source in (
        "fnnews",
        "newdaily",
        "newspim",
        "ddaily",
        "aitimes",
        "digitaltoday",
        "daum",
        "naver",
        "naver-search",
        "replaytimes",
        "total",
    ):
        assert any(line.startswith(source + " ") for line in out.splitlines()), source
