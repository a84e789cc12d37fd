"""Hostile pages stay bounded: nesting depth, markup size, text size, width; "no article" pages.

Time and memory are measured by ``benchmarks/hostile_pages.py``; these tests
assert what a user sees: the article still comes out, and what the caps cut
is recorded in the document.
"""

from __future__ import annotations

import json

import pytest

from crawler.cli import main
from enrich.bounds import LIMITS, Limits, bound_markup, flatten, split_wide
from enrich.errors import NoArticleError
from enrich.extract import extract_article, parse_html, visible_text
from enrich.pipeline import article_from_text, document

PARAGRAPHS = [
    "샘 올트먼 오픈AI 최고경영자가 4일 방한해 이재용 삼성전자 회장과 서초사옥에서 만났다.",
    "두 사람은 두 시간가량 회동하며 인공지능 반도체와 데이터센터 협력 방안을 논의했다.",
    "손정의 소프트뱅크그룹 회장도 자리에 함께해 스타게이트 프로젝트 참여를 제안한 것으로 전해졌다.",
]
TITLE = "올트먼·손정의, 이재용 회장과 회동"
FILLER = "댓글 작성자가 남긴 의견입니다. 기사 내용과 관계없는 긴 글이 계속 이어집니다. "


def page(inside: str = "", after: str = "", *, depth: int = 0, charset: str = "utf-8") -> bytes:
    article = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f'<html><head><meta charset="{charset}"><title>{TITLE} - 예시일보</title></head><body>'
        f"<h1>{TITLE}</h1>{inside}"
        + "<div>" * depth
        + f"<article>{article}</article>"
        + "</div>" * depth
        + f"{after}</body></html>"
    ).encode(charset)


@pytest.mark.parametrize("depth", [400, 5000])
def test_an_article_nested_deeper_than_libxml2_allows_is_extracted(depth):
    article = extract_article(page(depth=depth))
    assert article.title == TITLE
    assert article.paragraphs == PARAGRAPHS
    assert article.truncated == {"flattened_depth": LIMITS.depth}


def test_shallow_pages_are_not_flattened():
    assert extract_article(page(depth=100)).truncated is None


def test_flatten_keeps_text_raw_text_and_comments():
    markup = (
        "<body><script>if (a<b) x='<div>';</script><!-- <div> -->"
        + "<div><span>" * 300
        + "<p>첫째 문단</p><p>둘째 문단</p>"
        + "</span></div>" * 300
        + "</body>"
    )
    flat = flatten(markup, 50)
    assert "<script>if (a<b) x='<div>';</script><!-- <div> -->" in flat
    tree = parse_html(flat)
    assert max(sum(1 for _ in el.iterancestors()) for el in tree.iter()) <= 52
    lines = [line.strip() for line in visible_text(tree.find("body")).splitlines()]
    assert "첫째 문단" in lines and "둘째 문단" in lines  # a line break between the blocks


def test_markup_over_the_cap_is_cut_and_recorded():
    bulk = "<div class='comments'>" + f"<p>{FILLER}</p>" * 30_000 + "</div>"  # about 3.5 MB
    data = page(after=bulk)
    article = extract_article(data)
    assert article.paragraphs == PARAGRAPHS
    truncated = document(article)["truncated"]
    assert truncated["html_bytes"] == len(data)
    assert truncated["parsed_bytes"] <= LIMITS.markup_bytes


def test_scripts_and_styles_go_before_any_markup_is_cut():
    script = "<script>var bundle='" + "x" * 3_000_000 + "';</script><style>p{}</style>"
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"x"}</script>'
    text, truncation = bound_markup((ld + script).join(page().decode().split("<body>")))
    assert not truncation
    assert "x" * 100 not in text and "p{}" not in text
    assert '"@type":"NewsArticle"' in text
    assert extract_article(page(inside=script)).truncated is None


def test_text_over_the_cap_is_cut_at_a_line_and_recorded():
    article = extract_article(page(), limits=Limits(text_chars=60))
    assert article.paragraphs == PARAGRAPHS[:1]
    assert article.truncated["text_chars"] > 60 >= article.truncated["analysed_chars"]
    text = article_from_text(
        "\n".join([TITLE, *PARAGRAPHS]).encode(), limits=Limits(text_chars=120)
    )
    assert text.paragraphs == PARAGRAPHS[:2]
    assert set(text.truncated) == {"text_chars", "analysed_chars"}
    assert text.truncated["analysed_chars"] <= 120 < text.truncated["text_chars"]


def test_euc_kr_page_over_the_cap_is_cut_without_mojibake():
    bulk = f"<p>{FILLER}</p>" * 4_000
    article = extract_article(
        page(after=bulk, charset="euc-kr"), limits=Limits(markup_bytes=100_000)
    )
    assert article.encoding == "cp949"
    assert article.paragraphs == PARAGRAPHS
    assert article.truncated["parsed_bytes"] <= 100_000
    assert "\ufffd" not in article.body


def test_an_element_with_thousands_of_children_is_split_into_siblings():
    tree = parse_html("<body><p>머리" + "<b>굵게</b> 글" * 1200 + "</p>꼬리</body>")
    assert split_wide(tree, 500) == 1
    paragraphs = tree.findall(".//p")
    assert [len(p) for p in paragraphs] == [500, 500, 200]
    assert paragraphs[-1].tail == "꼬리"
    assert tree.find("body").text_content().count("굵게") == 1200


# --- no article ----------------------------------------------------------------------------------

WEATHER_ONLY = (
    '<html><head><meta charset="utf-8"><title>날씨 - 예시일보</title></head><body>'
    '<ul class="gnb"><li><a href="/">홈</a></li><li><a href="/news">뉴스</a></li></ul>'
    '<div class="weather"><ul><li>맑음서울 3.6℃</li><li>흐림부산 7.2℃</li><li>구름많음대전 5.1℃'
    "</li></ul><p>기상청 제공</p><p>2025.02.04 15:00 기준</p></div>"
    '<div class="footer"><a href="/terms">이용약관</a> <a href="/privacy">개인정보처리방침</a></div>'
    "</body></html>"
).encode()
LINKS_ONLY = (
    '<html><head><meta charset="utf-8"><title>경제 - 예시일보</title></head><body><ul>'
    + "".join(
        f'<li><a href="/n/{i}">삼성전자 {i}분기 실적 발표 예정</a></li>' for i in range(1, 30)
    )
    + "</ul></body></html>"
).encode()


@pytest.mark.parametrize("data", [WEATHER_ONLY, LINKS_ONLY], ids=["weather", "links"])
def test_a_page_without_article_text_is_no_article(data):
    with pytest.raises(NoArticleError) as err:
        extract_article(data, url="https://www.example.co.kr/weather")
    assert err.value.reason.startswith("no sentence-like paragraph")
    assert str(err.value).startswith("https://www.example.co.kr/weather: no article text: ")
    assert err.value.article is not None


def test_newsmon_clean_exits_3_with_one_line_for_no_article(tmp_path, capsys):
    path = tmp_path / "weather.html"
    path.write_bytes(WEATHER_ONLY)
    assert main(["clean", str(path)]) == 3
    out = capsys.readouterr()
    assert out.out == ""
    [line] = out.err.strip().splitlines()
    assert line.startswith(f"newsmon clean: {path}: no article text: no sentence-like paragraph")
    assert main(["clean", str(path), "--explain"]) == 3
    assert "drop weather.city-temperature" in capsys.readouterr().out


def test_newsmon_clean_still_exits_2_for_what_is_not_a_page(tmp_path, capsys):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    assert main(["clean", str(path)]) == 2
    assert "empty input" in capsys.readouterr().err


def test_a_one_sentence_flash_is_an_article(tmp_path, capsys):
    path = tmp_path / "flash.txt"
    path.write_text(
        "[속보] 삼성전자, 2분기 영업익 10조원\n삼성전자는 2분기 영업이익이 10조원으로 잠정 집계됐다고 7일 공시했다.\n"
    )
    assert main(["clean", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["body"] == "삼성전자는 2분기 영업이익이 10조원으로 잠정 집계됐다고 7일 공시했다."
    assert doc["truncated"] is None
