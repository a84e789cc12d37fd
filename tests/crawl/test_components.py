"""The crawl's parts on their own: sources, state, mirror server, safety, retries, encodings."""

from __future__ import annotations

import http.client
from datetime import UTC
from pathlib import Path

import pytest
from lxml import etree
from scrapy.http import HtmlResponse, Response
from twisted.internet.error import DNSLookupError

from crawler import safety
from crawler.config import ConfigError
from crawler.middlewares import KoreanEncodingMiddleware, retry_after_seconds
from crawler.mirror import MirrorServer
from crawler.sources import load_sources
from crawler.spiders.news import sitemap_entries
from crawler.state.articles import StateStore

REPO = Path(__file__).resolve().parents[2]


# --- sources -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog():
    return load_sources(REPO / "seeds" / "sources.yaml").catalog()


def test_profile_gives_an_outlet_its_discovery_layout_and_hints(catalog):
    cms = catalog.by_id["aitimes"]
    assert cms.discovery.feeds == ["https://www.aitimes.com/rss/allArticle.xml"]
    assert (
        cms.discovery.listings[0].url
        == "https://www.aitimes.com/news/articleList.html?page={page}&view_type=sm"
    )
    assert cms.domains == ("www.aitimes.com",)
    assert ".weather-box" in cms.hints["drop"] and cms.listing.date == "em.info.dated"
    assert cms.is_article("https://www.aitimes.com/news/articleView.html?idxno=214590")
    assert not cms.is_article("https://www.aitimes.com/news/articleList.html?page=2")


@pytest.mark.parametrize(
    "url, key",
    [
        (
            "https://n.news.naver.com/mnews/article/681/0000123456?sid=101",
            "https://n.news.naver.com/article/681/0000123456",
        ),
        (
            "https://WWW.Digitaltoday.co.kr:443/news/articleView.html?idxno=214577&replyAll=&utm_source=x#top",
            "https://www.digitaltoday.co.kr/news/articleView.html?idxno=214577",
        ),
        (  # 디지털데일리's mobile pages are the same articles
            "https://m.ddaily.co.kr/page/view/2025012114270012345",
            "https://www.ddaily.co.kr/page/view/2025012114270012345",
        ),
        (
            "https://www.fnnews.com/news/202502261842174321?utm_medium=rss",
            "https://www.fnnews.com/news/202502261842174321",
        ),
    ],
)
def test_canonical_urls(catalog, url, key):
    assert catalog.canonical_url(url) == key


def test_owner_prefers_outlets_and_knows_portals(catalog):
    assert catalog.owner("https://v.daum.net/v/20250226184217432").id == "daum"
    assert catalog.owner("https://www.newspim.com/news/view/20250204000858").id == "newspim"
    assert catalog.owner("https://www.example.com/news/1") is None


@pytest.mark.parametrize(
    "source, expected",
    [
        (
            "    hints: {drop: ['div[']}\n",
            "line 6: sources.0.hints.drop: invalid CSS selector 'div['",
        ),
        ("    discovery: {feeds: [/rss.xml]}\n", "relative discovery URLs (/rss.xml) but no site"),
        (
            "    discovery: {listings: [{url: 'https://a.kr/list', pages: 3}]}\n",
            "no {page} placeholder",
        ),
        (
            "    discovery: {search: [{kind: html, url: 'https://a.kr/s'}]}\n",
            "no {query} placeholder",
        ),
        ("    follow: everything\n", "line 6: sources.0.follow"),
        ("    domains: ['https://a.kr']\n", "not a host name"),
    ],
)
def test_source_mistakes_name_the_key(tmp_path, source, expected):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n  - id: a\n    name: A\n    type: outlet\n    article_url: ['/a/\\d+']\n"
        + source
        + ("    domains: [a.kr]\n" if "domains" not in source else ""),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        load_sources(path)
    assert expected in str(err.value)


def test_a_sitemap_entry_is_its_url_and_news_block_not_its_image():
    """A photo's own loc, title and caption (image sitemap) never stand in for the article's,
    wherever the image block is."""
    sitemap = (REPO / "seeds/mirror/www.newspim.com/sitemap/recent/all_1").read_bytes()
    shipped = {e["url"]: e for e in sitemap_entries(etree.fromstring(sitemap))}
    assert (
        shipped["https://www.newspim.com/news/view/20250204000877"]["title"]
        == "[종합] 최태원·올트먼 회동…HBM 협력 논의"
    )
    image_first = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <image:image>
      <image:loc>https://cdn.example.co.kr/photo/2025/02/04/a.jpg</image:loc>
      <image:title><![CDATA[젠슨 황 엔비디아 CEO (사진=연합뉴스)]]></image:title>
    </image:image>
    <loc>https://www.example.co.kr/news/articleView.html?idxno=1201</loc>
    <lastmod>2025-02-04T18:29:00+09:00</lastmod>
    <news:news>
      <news:publication><news:name>예시일보</news:name><news:language>ko</news:language>
      </news:publication>
      <news:publication_date>2025-02-04T16:20:00+09:00</news:publication_date>
      <news:title>코스피, 외국인 매도에 2500선 하회</news:title>
      <news:keywords>증시, 코스피</news:keywords>
    </news:news>
  </url>
</urlset>""".encode()
    [entry] = sitemap_entries(etree.fromstring(image_first))
    assert entry == {
        "url": "https://www.example.co.kr/news/articleView.html?idxno=1201",
        "title": "코스피, 외국인 매도에 2500선 하회",
        "summary": "증시, 코스피",
        "lastmod": "2025-02-04T09:29:00Z",
    }  # the newer of lastmod and publication


# --- state store ---------------------------------------------------------------------------------


def test_state_remembers_articles_across_processes(db_location):
    url = "https://www.fnnews.com/news/202502261842174321"
    store = StateStore(db_location)
    assert store.decide(url, "2025-02-26T18:42:00+09:00").reason == "new"
    store.record(
        url,
        source="fnnews",
        status="done",
        content_hash="h1",
        etag='"e1"',
        lastmod="2025-02-26T18:50:00+09:00",
    )
    store.alias("https://v.daum.net/v/20250226184217432", url)
    store.close()

    store = StateStore(db_location)
    assert store.resolve("https://v.daum.net/v/20250226184217432") == url
    assert store.decide(url, "2025-02-26T18:42:00+09:00").reason == "unchanged"
    assert store.decide(url, None).reason == "unchanged"
    changed = store.decide(url, "2025-02-26T10:00:00Z")  # 19:00 KST: newer than 18:50 KST
    assert changed.fetch and changed.reason == "changed" and changed.known.etag == '"e1"'
    store.record(url, source="fnnews", status="done", lastmod="2025-02-01T00:00:00+09:00")
    assert store.get(url).lastmod == "2025-02-26T09:50:00Z"  # never moves back


def test_failures_back_off_and_retry(db_location):
    store = StateStore(db_location)
    url = "https://www.replaytimes.co.kr/news/articleView.html?idxno=9002"
    first = store.record_failure(
        url, source="replaytimes", error="HTTP 404", retry_after=60, max_retry_after=3600
    )
    assert first.status == "failed" and first.attempts == 1
    assert store.decide(url).reason == "backoff"
    assert store.decide(url, at="2999-01-01T00:00:00Z").reason == "retry"
    second = store.record_failure(
        url,
        source="replaytimes",
        error="HTTP 404",
        retry_after=60,
        max_retry_after=3600,
        min_wait=7200,
    )
    assert second.attempts == 2 and second.retry_at > first.retry_at
    store.record(url, source="replaytimes", status="done", attempts=0, retry_at=None)
    assert store.decide(url).reason == "unchanged"


def test_discovery_pages_failing_crawl_after_crawl(tmp_path):
    store = StateStore(tmp_path / "state.sqlite")
    feed = "https://www.example.co.kr/rss/allArticle.xml"
    ok = store.record_discovery(feed, source="ex", status=200, final_url=feed, links=12)
    assert ok.failures == 0 and ok.last_ok and not ok.failing
    for n in (1, 2, 3):
        page = store.record_discovery(
            feed, source="ex", status=404, final_url=feed, links=0, error="HTTP 404"
        )
        assert page.failures == n and page.failing == (n == 3)
    assert page.last_ok == ok.last_ok and page.error == "HTTP 404"  # when it last worked
    store.close()
    store = StateStore(tmp_path / "state.sqlite")  # kept across crawls (processes)
    assert [p.url for p in store.discovery_pages(["ex"]) if p.failing] == [feed]
    back = store.record_discovery(feed, source="ex", status=200, final_url=feed, links=3)
    assert back.failures == 0 and back.error is None and not back.failing
    assert store.discovery_pages(["other"]) == []


def test_a_data_directory_from_before_the_migrations_keeps_its_articles(tmp_path):
    """state.sqlite as newsmon wrote it before Alembic: its tables are adopted, rows kept."""
    import sqlite3

    old = sqlite3.connect(tmp_path / "state.sqlite")
    old.executescript(
        "CREATE TABLE schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL);"
        "CREATE TABLE articles (url TEXT PRIMARY KEY, source TEXT NOT NULL, fetched_url TEXT, "
        "status TEXT NOT NULL, content_hash TEXT, etag TEXT, last_modified TEXT, lastmod TEXT, "
        "first_seen TEXT NOT NULL, fetched_at TEXT, indexed_at TEXT, "
        "attempts INTEGER NOT NULL DEFAULT 0, retry_at TEXT, error TEXT);"
        "CREATE TABLE aliases (url TEXT PRIMARY KEY, canonical TEXT NOT NULL);"
        "INSERT INTO articles (url, source, status, first_seen) "
        "VALUES ('https://a.kr/1', 'a', 'done', '2025-01-01T00:00:00Z');"
    )
    old.close()
    store = StateStore(tmp_path / "state.sqlite")
    assert store.decide("https://a.kr/1").reason == "unchanged"
    assert store.claim("https://a.kr/1", "https://a.kr/1", "me") is None  # claims: created
    store.close()


def test_one_page_per_article_in_the_pipeline_across_workers(db_location):
    """Two crawl workers (two connections to one store) processing copies of one article."""
    one, two = StateStore(db_location), StateStore(db_location)
    key, original, copy = (
        "https://www.fnnews.com/news/1",
        "https://www.fnnews.com/news/1",
        "https://v.daum.net/v/1",
    )
    assert one.claim(key, original, "worker-1") is None
    assert two.claim(key, copy, "worker-2") == original  # the copy is a duplicate
    assert one.claim(key, original, "worker-1") is None  # the holder may claim again
    one.release(key, copy)  # only the holder's page releases it
    assert two.claim(key, copy, "worker-2") == original
    one.release(key, original)
    assert two.claim(key, copy, "worker-2") is None
    two.release_all("worker-2")  # a closing worker drops what it still held
    assert one.claim(key, original, "worker-1") is None


def test_a_dead_workers_claim_goes_stale(db_location):
    store = StateStore(db_location)
    with store.transaction() as conn:
        conn.exec_driver_sql(
            "INSERT INTO claims VALUES ('k', 'https://a/1', 'dead', '2020-01-01T00:00:00Z')"
        )
    assert store.claim("k", "https://b/1", "alive") is None


def test_an_original_waits_for_a_portal_copy_holding_it_then_replaces_it(tmp_path):
    """Two workers: one took the Daum copy of an article, the other now has the original.
    The original waits until the copy is done, then replaces it, even with the same text."""
    import asyncio

    from scrapy.utils.test import get_crawler

    from crawler.items import ArticleItem
    from crawler.pipelines.state import StatePipeline
    from crawler.spiders.news import NewsSpider

    def worker():
        crawler = get_crawler(NewsSpider, {"NEWSMON_STATE_PATH": str(tmp_path / "state.sqlite")})
        crawler.spider = crawler._create_spider()
        return StatePipeline(crawler)

    original = "https://www.fnnews.com/news/202502261842174321"
    copy = ArticleItem(
        source="daum",
        url="https://v.daum.net/v/20250226184217432",
        key="https://v.daum.net/v/20250226184217432",
        status=200,
        response_url="https://v.daum.net/v/20250226184217432",
        doc={"original_url": original, "content_hash": "copy"},
    )
    outlet = ArticleItem(
        source="fnnews",
        url=original,
        key=original,
        status=200,
        response_url=original,
        doc={"content_hash": "copy"},
    )  # same text
    first, second = worker(), worker()

    async def crawl():
        await first.process_item(copy)
        waiting = asyncio.ensure_future(second.process_item(outlet))
        await asyncio.sleep(1)
        assert not waiting.done()  # held back by the copy's claim
        first.item_scraped(copy)  # the copy is indexed and recorded
        return await waiting

    done = asyncio.run(crawl())
    assert copy["key"] == original and copy["change"] == "new"
    assert done["change"] == "updated"  # the index gets the original in place of the copy


# --- mirror server -------------------------------------------------------------------------------


def get(server: MirrorServer, host: str, target: str, **headers) -> http.client.HTTPResponse:
    host_port = server.url.removeprefix("http://")
    connection = http.client.HTTPConnection(host_port, timeout=10)
    connection.request("GET", target, headers={"Host": host, **headers})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture
def mirror(tmp_path):
    site = tmp_path / "www.example.co.kr"
    (site / "news").mkdir(parents=True)
    (site / "news" / "articleView.html?idxno=1").write_text("<html>기사 1</html>", encoding="utf-8")
    (site / "search.json").write_text('{"items": []}', encoding="utf-8")
    (site / "flaky").write_bytes(b"<html>ok</html>")
    (site / "flaky.http.json").write_text(
        '{"responses": [{"status": 503, "headers": {"Retry-After": "7"}}], '
        '"headers": {"Content-Type": null}}'
    )
    (tmp_path / "secret.txt").write_text("outside the host directories")
    with MirrorServer(tmp_path) as server:
        yield server


def test_mirror_serves_by_host_and_path_with_validators(mirror):
    page = get(mirror, "www.example.co.kr", "/news/articleView.html?idxno=1")
    assert page.status == 200 and page.body.decode() == "<html>기사 1</html>"
    assert page.getheader("Content-Type") == "text/html"  # no charset unless a sidecar says so
    again = get(
        mirror,
        "www.example.co.kr",
        "/news/articleView.html?idxno=1",
        **{"If-None-Match": page.getheader("ETag")},
    )
    assert again.status == 304 and again.body == b""
    assert get(mirror, "www.other.co.kr", "/news/articleView.html?idxno=1").status == 404
    assert get(mirror, "www.example.co.kr", "/news/articleView.html?idxno=2").status == 404
    assert (
        get(mirror, "www.example.co.kr", "/search.json?query=%EB%82%98%EB%8D%B8%EB%9D%BC").status
        == 200
    )
    assert get(mirror, "www.example.co.kr", "/../secret.txt").status == 404
    assert [h.status for h in mirror.hits][:2] == [200, 304]


def test_mirror_sidecar_sequences_and_headers(mirror):
    first = get(mirror, "www.example.co.kr", "/flaky")
    assert first.status == 503 and first.getheader("Retry-After") == "7"
    second = get(mirror, "www.example.co.kr", "/flaky")
    assert second.status == 200 and second.body == b"<html>ok</html>"
    assert second.getheader("Content-Type") is None
    mirror.reset()
    assert get(mirror, "www.example.co.kr", "/flaky").status == 503


# --- safety, retries, encodings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, reason",
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.10.5", "private"),
        ("169.254.169.254", "link-local"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("8.8.8.8", None),
        ("www.fnnews.com", None),
    ],
)
def test_non_public_addresses(address, reason):
    assert safety.non_public(address) == reason


def test_refused_hosts_and_resolver(monkeypatch):
    for name in ("_resolvable", "_origins", "_refused"):
        monkeypatch.setattr(safety, name, type(getattr(safety, name))())
    assert safety.refuse_url("http://localhost/") == "loopback address"
    assert safety.refuse_url("http://:80/") == "no host, or a port out of range"
    assert safety.refuse_url("https://10.0.0.1/rss") == "private address"
    assert safety.refuse_url("https://www.fnnews.com/news/1") is None
    assert safety.refuse_url("file:///etc/passwd") == "scheme 'file' is not http(s)"
    with pytest.raises(DNSLookupError, match=r"resolves to 127\.0\.0\.1"):
        safety.SafeResolver._check("127.0.0.1", "innocent.example")
    assert "resolves to 127.0.0.1, a loopback address" in safety.refusal_for("Innocent.Example")
    assert safety.refusal_for("www.fnnews.com") is None
    assert safety.SafeResolver._check("211.234.10.1", "www.fnnews.com") == "211.234.10.1"
    safety.allow_hosts(["intranet.local"])
    assert safety.SafeResolver._check("10.0.0.5", "intranet.local") == "10.0.0.5"


def test_allow_private_covers_the_source_origin_only(monkeypatch):
    for name in ("_resolvable", "_origins", "_refused"):
        monkeypatch.setattr(safety, name, type(getattr(safety, name))())
    safety.allow_origins(
        [safety.origin("http://127.0.0.1:8000/"), safety.origin("http://intranet.local/")]
    )
    assert safety.refuse_url("http://127.0.0.1:8000/news?idxno=1") is None
    assert safety.refuse_url("http://intranet.local:80/rss") is None
    assert "allow_private covers http://127.0.0.1:8000 only" in safety.refuse_url(
        "http://127.0.0.1:9200/_cat/indices"
    )
    assert "https://127.0.0.1:8000 is not the source's own address" in safety.refuse_url(
        "https://127.0.0.1:8000/"
    )
    assert "http://intranet.local:8080" in safety.refuse_url("http://intranet.local:8080/")
    assert safety.refuse_url("http://127.0.0.2:8000/") == "loopback address"
    # the resolver sees no port: the allowed hosts may resolve privately, the origin is checked
    assert safety.SafeResolver._check("10.0.0.5", "intranet.local") == "10.0.0.5"


def test_retry_after_header_forms():
    def response(value):
        return Response(
            "https://a.kr/", status=429, headers={"Retry-After": value} if value else {}
        )

    assert retry_after_seconds(response("120")) == 120
    from datetime import datetime

    now = datetime(2025, 2, 4, 12, 0, tzinfo=UTC)
    assert retry_after_seconds(response("Tue, 04 Feb 2025 12:00:30 GMT"), now) == 30
    assert retry_after_seconds(response(None)) is None
    assert retry_after_seconds(response("soon")) is None


@pytest.mark.parametrize(
    "headers", [{}, {"Content-Type": "text/html"}, {"Content-Type": "text/html; charset=utf-8"}]
)
def test_euc_kr_pages_decode_whatever_the_header_says(headers):
    body = (
        "<html><head><title>삼성전자·SK하이닉스, 엔비디아와 회동</title></head><body><p>젠슨 황 CEO가 방한했다.</p>"
        "</body></html>".encode("cp949")
    )
    response = HtmlResponse("https://www.example.co.kr/a", body=body, headers=headers)
    fixed = KoreanEncodingMiddleware().process_response(None, response)
    assert fixed.encoding == "cp949"
    assert fixed.css("title::text").get() == "삼성전자·SK하이닉스, 엔비디아와 회동"
