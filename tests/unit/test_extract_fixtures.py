"""Extraction on the realistic page fixtures of each source profile (tests/fixtures/pages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from enrich.decode import decode
from enrich.errors import ExtractionError
from enrich.extract import extract_article, parse_html, visible_text
from enrich.pipeline import article_from_text, process_page
from enrich.scoring import token_score

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
PAGE_FILES = sorted(PAGES.glob("*/*.html"))
SOURCES = {"fnnews", "newdaily", "newspim", "ddaily", "newscms", "daum", "naver"}


def meta_of(page: Path) -> dict:
    return json.loads(page.with_name(page.stem + ".meta.json").read_text(encoding="utf-8"))


def gold_of(page: Path) -> str:
    return page.with_name(page.stem + ".gold.txt").read_text(encoding="utf-8")


def test_every_source_profile_has_a_fixture_with_gold_and_meta():
    assert {p.parent.name for p in PAGE_FILES} >= SOURCES
    for page in PAGE_FILES:
        meta = meta_of(page)
        assert {"url", "title", "published", "authors"} <= set(meta)
        assert gold_of(page).splitlines()[0] == meta["title"]


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_html_extraction_scores_and_metadata(page):
    meta = meta_of(page)
    article = extract_article(page.read_bytes(), url=meta["url"])
    score = token_score(article.text(), gold_of(page))
    print(f"{page.parent.name}: P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f}")
    assert score.f1 >= 0.97
    assert article.title == meta["title"]
    assert article.published_at == meta["published"]
    assert article.updated_at == meta.get("updated")
    assert article.authors == meta["authors"]
    assert article.outlet == meta["outlet"]
    assert article.portal == meta.get("portal")
    assert article.original_url == meta.get("original_url")
    assert article.canonical_url.startswith("https://")
    assert article.lang == "ko"


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_naive_text_of_the_page_cleans_to_the_gold(page):
    text, _ = decode(page.read_bytes())
    naive = visible_text(parse_html(text).find("body"))
    article = article_from_text(naive.encode("utf-8"))
    assert token_score(article.text(), gold_of(page)).f1 >= 0.95
    assert article.authors == meta_of(page)["authors"]


def test_euc_kr_page_without_http_charset_decodes_without_mojibake():
    page = PAGES / "newdaily" / "2018110700093.html"
    raw = page.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    article = extract_article(raw)  # no declared encoding: the <meta> tag says euc-kr
    assert article.encoding == "cp949"
    assert article.title == "이재용 삼성전자 부회장, MS CEO 만나 4차산업 기술 협력 확대"
    wrong_header = extract_article(raw, encoding="ISO-8859-1")  # a server default, not the truth
    assert wrong_header.title == article.title


def test_portal_pages_point_to_the_original():
    naver = process_page((PAGES / "naver" / "681_0000123456.html").read_bytes(), is_html=True)
    assert naver["portal"] == "naver" and naver["outlet"] == "뉴스핌"
    assert naver["original_url"] == "https://www.newspim.com/news/view/20250204000858"
    assert naver["section"] == "경제"
    assert naver["author_emails"] == ["syu@newspim.com", "kji01@newspim.com"]


def test_process_page_returns_the_document_fields():
    page = PAGES / "newspim" / "20250204000858.html"
    doc = process_page(page.read_bytes(), url=meta_of(page)["url"], is_html=True)
    assert {
        "url",
        "canonical_url",
        "source",
        "outlet",
        "portal",
        "title",
        "subtitle",
        "body",
        "published_at",
        "updated_at",
        "authors",
        "author_emails",
        "section",
        "lang",
        "content_hash",
        "boilerplate_removed",
        "original_url",
    } <= set(doc)
    assert doc["subtitle"] == gold_of(page).splitlines()[1:4]
    assert doc["body"].split("\n") == gold_of(page).splitlines()[4:]
    assert len(doc["content_hash"]) == 64
    assert doc["boilerplate_removed"]["lines"] >= 0
    again = process_page(page.read_bytes(), url="https://example.com/other", is_html=True)
    assert again["content_hash"] == doc["content_hash"]


def test_site_hints_select_title_body_and_drop_blocks():
    page = PAGES / "ddaily" / "2024071010335036394.html"
    hints = {
        "title": "h1.article_tit",
        "body": "div.article_content",
        "date": "//span[@class='date']",
        "byline": ".article_info .writer",
        "section": "p.category",
        "drop": ["figure.photo"],
    }
    article = extract_article(page.read_bytes(), hints=hints)
    assert article.title.startswith("[IT클로즈업]")
    assert article.paragraphs == gold_of(page).splitlines()[1:]
    assert article.published_at == "2024-07-10T10:33:50+09:00"
    assert article.section == "통신/방송"
    assert article.authors == ["권하영"]


def test_unknown_site_without_main_text_falls_back_to_visible_text():
    page = (
        "<html><head><title>짧은 공지</title></head><body><div><span>메뉴</span></div>"
        "<div><span>서울시는 내일부터 버스 요금을 조정한다고 밝혔다. 조정 폭은 크지 않다.</span></div>"
        "</body></html>"
    ).encode()
    article = extract_article(page)
    assert article.paragraphs == [
        "서울시는 내일부터 버스 요금을 조정한다고 밝혔다. 조정 폭은 크지 않다."
    ]


OLD_LAYOUT = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"><title>[IT] 빌 게이츠 MS 회장 방한…정통부 장관과 면담</title></head>
<body><table width="980" border="0" cellpadding="0" cellspacing="0"><tr>
<td width="160" valign="top"><a href="/">홈</a><br><a href="/politics">정치</a><br><a href="/economy">경제</a><br><a href="/it">IT/과학</a><br><a href="/sports">스포츠</a></td>
<td width="620" valign="top"><font class="title">빌 게이츠 MS 회장 방한…정통부 장관과 면담</font><br>
<font class="date">입력 : 2005.11.14 17:20</font><br><br>
<font class="article">빌 게이츠 마이크로소프트(MS) 회장이 14일 방한해 진대제 정보통신부 장관과 면담했다.<br><br>
게이츠 회장은 이날 서울 광화문 정통부 청사에서 진 장관을 만나 디지털홈과 소프트웨어 산업 협력 방안을 논의했다. 양측은 국내 소프트웨어 인력 양성에도 힘을 모으기로 했다.<br><br>
게이츠 회장은 15일에는 이건희 삼성전자 회장과 만찬을 함께할 예정이며, 16일 출국한다. MS는 이번 방한을 계기로 한국 내 연구개발 투자를 늘릴 계획이다.<br><br>
김철수 기자 kim@testnews.co.kr</font></td>
<td width="200" valign="top"><b>많이 본 뉴스</b><br><a href="/a1">1. 코스피 사상 최고치</a><br><a href="/a2">2. 날씨 맑음 서울 12도</a><br><img src="/ad.gif"></td>
</tr></table>
<table><tr><td>회사소개 | 광고안내 | 개인정보처리방침 | Copyright ⓒ 테스트뉴스 All rights reserved.</td></tr></table></body></html>"""


# the same page with the article's cell a table of its own: headline, text, related links
NESTED_LAYOUT = OLD_LAYOUT.replace(
    '<td width="620" valign="top">', '<td width="620" valign="top"><table><tr><td>'
).replace(
    "kim@testnews.co.kr</font></td>",
    "kim@testnews.co.kr</font></td></tr><tr><td><b>관련기사</b><br>"
    '<a href="/b1">MS, 한국에 R&D센터 검토</a></td></tr></table></td>',
)


@pytest.mark.parametrize("page", [OLD_LAYOUT, NESTED_LAYOUT], ids=["flat", "nested"])
def test_a_three_cell_layout_table_gives_its_article_cell_as_paragraphs(page):
    """A 2005 page in EUC-KR: menu, article and most-read list are the three cells of one
    layout table, the article's paragraphs between <br><br> (or in a table of its own in
    the middle cell). The cells become blocks, so the article is not one "| menu | article
    | list |" row; the headline line, the title without its "[IT]" tag, is no deck."""
    assert page.count("<table") == (2 if page is OLD_LAYOUT else 3)
    article = extract_article(page.encode("euc-kr"))
    assert article.title == "[IT] 빌 게이츠 MS 회장 방한…정통부 장관과 면담"
    assert article.subtitles == []
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0] == (
        "빌 게이츠 마이크로소프트(MS) 회장이 14일 방한해 진대제 정보통신부 장관과 면담했다."
    )
    assert not any("많이 본" in p or "IT/과학" in p for p in article.paragraphs)
    assert article.published_at == "2005-11-14T17:20:00+09:00"
    assert article.authors == ["김철수"]


ARCHIVE_POPUP = (
    "<html><head><title>언론재단</title></head><body><h1>저장된 페이지 보기</h1>"
    '<div class="view"><h3>부처간 정책 엇박자… 논란 중심은 재정부</h3>'
    '<p class="info">[세계일보] 2010-05-12 14면 02판 경제 뉴스 1587자</p>'
    "<p>남유럽 재정위기로 경제 전반에 긴장상태가 지속되는 가운데 정부 부처 간 정책 엇박자가 "
    "잇따르고 있다.<br/><br/>11일 정부 부처에 따르면 재정부는 일정 연령이 되면 임금을 "
    "삭감하는 대신 정년을 보장하는 임금피크제 도입을 공공기관에 권고하고 있다.<br/><br/>"
    "노동부는 이에 대해 신중한 입장을 보이고 있어 부처 간 이견이 커지고 있다.</p></div>"
    "</body></html>"
)


def test_an_archive_popup_gives_the_heading_above_the_text_as_title():
    """A news archive's popup: its page title is the site's name alone and its <h1> the
    window's caption; the headline is the heading right above the text, and the archive's
    stamp of the printed page ("2010-05-12 14면 02판 경제 뉴스 1587자") is no deck."""
    article = extract_article(ARCHIVE_POPUP.encode())
    assert article.title == "부처간 정책 엇박자… 논란 중심은 재정부"
    assert article.subtitles == []
    assert len(article.paragraphs) == 3 and article.paragraphs[0].startswith("남유럽")


CLIENT_RENDERED = (
    "<html><head><title>젠슨 황 CEO, 이재용 회장과 회동 | 테스트일보</title></head><body>"
    '<div id="__next"><nav><a href="/">홈</a><a href="/it">IT</a></nav>'
    '<article><div class="article-body"></div></article><footer>무단전재 및 재배포 금지</footer>'
    "</div><script{attrs}>{assign}{data}{end}</script></body></html>"
)
PARAGRAPHS = [
    "젠슨 황 엔비디아 최고경영자(CEO)가 31일 방한해 이재용 삼성전자 회장과 서울 강남의 한 "
    "식당에서 만났다. 두 사람은 고대역폭메모리(HBM) 공급 확대와 AI 반도체 협력 방안을 논의했다.",
    "재계에 따르면 이날 회동에는 정의선 현대차그룹 회장도 합류했다. 세 사람은 약 두 시간 동안 "
    "대화를 나눴고, 식당 밖에는 시민 수백 명이 몰려 사진을 찍었다.",
    "황 CEO는 다음 날 경주에서 열리는 최고경영자 서밋에서 연설할 예정이다. 업계는 이번 만남을 "
    "계기로 한국 기업과 엔비디아의 협력이 한층 넓어질 것으로 보고 있다.",
]


@pytest.mark.parametrize(
    "attrs, assign, end",
    [
        (' id="__NEXT_DATA__" type="application/json"', "", ""),
        ("", "window.__INITIAL_STATE__ = ", ";"),
    ],
)
def test_a_client_rendered_page_of_an_unknown_cms_is_read_from_its_json(attrs, assign, end):
    """Next.js's ``__NEXT_DATA__`` or an app's initial state holds the article (its HTML in
    a JSON string) where the markup has an empty container: the longest Korean text of the
    JSON is the body, its paragraphs kept; the menu's words and the other stories' titles
    beside it are not."""
    data = {
        "props": {
            "menu": ["홈", "정치", "경제", "IT"],
            "article": {
                "title": "젠슨 황 CEO, 이재용 회장과 회동",
                "content": "".join(f"<p>{p}</p>" for p in PARAGRAPHS),
                "related": [{"title": "엔비디아 주가 사상 최고 행진"}],
            },
        }
    }
    page = CLIENT_RENDERED.format(
        attrs=attrs, assign=assign, data=json.dumps(data, ensure_ascii=False), end=end
    )
    article = extract_article(page.encode())
    assert article.paragraphs == PARAGRAPHS
    data["props"]["article"]["content"] = "짧은 안내문입니다."  # no article anywhere: still none
    with pytest.raises(ExtractionError):
        extract_article(
            CLIENT_RENDERED.format(
                attrs=attrs, assign=assign, data=json.dumps(data), end=end
            ).encode()
        )


@pytest.mark.parametrize("data", [b"", b"   ", b"\x00\x01\x02binary\x00"])
def test_empty_or_binary_pages_raise_extraction_error(data):
    with pytest.raises(ExtractionError):
        extract_article(data, url="https://example.com/a")
