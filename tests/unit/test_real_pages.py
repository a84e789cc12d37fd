"""Real saved pages of other outlets (tests/fixtures/real, provenance in its manifest.json).

newsmon must never do much worse than trafilatura alone on a real page: its F1
against the hand-written gold is at least trafilatura's minus 0.02, and 0.90.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import trafilatura

from enrich.extract import extract_article
from enrich.scoring import token_score

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
MANIFEST = json.loads((REAL / "manifest.json").read_text(encoding="utf-8"))
PAGES = sorted(MANIFEST)


def gold(name: str) -> str:
    return (REAL / name).with_suffix(".gold.txt").read_text(encoding="utf-8")


def test_every_page_has_gold_and_provenance():
    assert sorted(p.name for p in REAL.glob("*.html")) == PAGES
    for name, entry in MANIFEST.items():
        assert gold(name).strip()
        assert {"repo", "path", "commit"} <= set(entry["source"]), name
        assert len(entry["source"]["commit"]) == 40
        assert entry["split"] in ("tuned", "held-out")


@pytest.mark.parametrize("name", PAGES)
def test_newsmon_is_at_least_trafilatura_on_real_pages(name):
    data, entry = (REAL / name).read_bytes(), MANIFEST[name]
    article = extract_article(data, url=entry["url"])
    ours = token_score(article.text(), gold(name)).f1
    text = data.decode(entry.get("encoding", "utf-8"))  # EUC-KR for some
    alone = token_score(trafilatura.extract(text) or "", gold(name)).f1
    print(f"{name}: newsmon F1={ours:.3f} trafilatura F1={alone:.3f}")
    assert ours >= max(alone - 0.02, 0.90)
    assert article.title == entry["title"]
    assert article.published_at == entry["published"]
    assert article.authors == entry["authors"]


def test_client_rendered_page_is_read_from_its_script():
    """The markup of the 조선일보 page holds no article at all; the Arc XP JSON does."""
    article = extract_article((REAL / "chosun_2023_arc.html").read_bytes())
    assert article.subtitles == ["조폭 3명 등 가담한 ‘건폭’ 6명 구속"]
    assert article.paragraphs == gold("chosun_2023_arc.html").splitlines()[2:]
    assert article.author_emails == ["sekwon@chosun.com"]


def test_the_lead_after_a_photo_box_is_kept():
    """Naver's photo box is a ``<span>`` around a ``<div>``, its caption inside it and the
    lead paragraph right after it: the lead is a paragraph of its own, the caption is not."""
    article = extract_article((REAL / "naver_2024_newsis_dic_area.html").read_bytes())
    lead = gold("naver_2024_newsis_dic_area.html").splitlines()[4]
    assert lead.startswith("[서울=뉴시스]이현주 기자 = 삼성전자가")
    assert article.paragraphs[0] == lead
    assert not any("photo@newsis.com" in p for p in article.paragraphs)


def test_an_inline_deck_ends_before_the_lead_and_the_reporters_card_is_dropped():
    """Naver's ``<strong class=media_end_summary>`` deck runs straight into the dateline and
    lead; the reporter's card after the body says one line of who they are."""
    name = "edaily_2022_naver_mnews_injunction.html"
    article = extract_article((REAL / name).read_bytes())
    assert article.subtitles == gold(name).splitlines()[1:4]
    assert article.paragraphs[0].startswith("[이데일리 조민정 기자] 국민의힘")
    assert not any(p.endswith("기자입니다.") for p in article.paragraphs)


@pytest.mark.parametrize(
    "stored, declared",
    [("cp949", 'charset="UTF-8"'), ("utf-8", 'charset="euc-kr"')],
    ids=["cp949-bytes-declared-utf8", "utf8-bytes-declared-euc-kr"],
)
def test_stale_charset_declaration_does_not_garble_the_article(stored, declared):
    name = "yonhapnewstv_2023_issue.html"
    page = (REAL / name).read_text(encoding="utf-8").replace('charset="UTF-8"', declared)
    article = extract_article(page.encode(stored, "xmlcharrefreplace"))
    assert article.encoding == ("cp949" if stored == "cp949" else "utf-8")
    assert token_score(article.text(), gold(name)).f1 >= 0.95
    assert "\ufffd" not in article.text()


def test_daums_deck_and_summary_layer_and_screen_reader_labels():
    """Daum's 2022 layout: the deck is ``strong.summary_view``; "기사 도구 모음", a heading
    only screen readers announce, is no deck; the reporter is in the dateline of the body's
    first paragraph, after the "자동요약" layer's sentences, which the body's own copies
    replace."""
    name = "daum_2018_newsis_ahn_election.html"
    article = extract_article((REAL / name).read_bytes())
    assert article.subtitles == [gold(name).splitlines()[1]]
    assert "기사 도구 모음" not in article.text()
    assert not any("자동요약한 결과" in p for p in article.paragraphs)
    assert article.paragraphs == gold(name).splitlines()[2:]
    assert article.authors == ["이근홍"]


def test_a_deck_under_the_headline_and_a_reporter_box_asking_for_support():
    """민중의소리 2020: the deck is the ``<p>`` under the ``<h1>``, with the byline, the
    발행/수정 stamps and a share counter between it and the body; after the body, the
    reporter's box holds a motto and a plea for the reader's support."""
    name = "vop_2020_kim_health_rumor.html"
    article = extract_article((REAL / name).read_bytes())
    assert article.subtitles == [gold(name).splitlines()[1]]
    assert article.paragraphs == gold(name).splitlines()[2:]
