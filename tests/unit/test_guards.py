"""Guard rails: no rule decision may silently throw away most of an article.

The failure these tests pin down was seen on a real page (an older layout of a
national daily): the body after its first paragraph came out of trafilatura as
one long line ending in the reporter's byline, so it did not read as prose,
and the positional "everything after the body" cut dropped 88% of the article
while ``boilerplate_removed`` said only ``structure.after-body: 1``.
"""

from __future__ import annotations

import trafilatura

from crawler.cli import main
from enrich.clean import AFTER_BODY, BEFORE_BODY, clean_text
from enrich.extract import CAPTION_BLOCK, HINT_DROP, extract_article
from enrich.pipeline import document
from enrich.scoring import token_score

PARAGRAPHS = [
    "삼성전자가 미국 텍사스 테일러 공장에 인공지능 반도체 생산라인을 새로 짓는다고 4일 밝혔다.",
    "회사는 이번 투자로 2027년까지 생산 능력을 두 배로 늘릴 계획이다. 투자 규모는 약 30조원이다.",
    (
        "이재용 회장은 이날 샘 올트먼 오픈AI 최고경영자와 만나 협력 방안을 논의했다. 두 사람은 두 "
        "시간 가량 대화했다."
    ),
    (
        "업계에서는 이번 회동이 한미 인공지능 동맹의 신호탄이 될 것으로 본다. 구체적인 계약은 아직 "
        "발표되지 않았다."
    ),
    (
        '올트먼 CEO는 회동 뒤 취재진에게 "좋은 논의였다"고 말했다. 그는 한국의 반도체 역량을 높이 '
        "평가했다."
    ),
    '삼성전자 관계자는 "협력 범위는 추후 정해질 것"이라고 설명했다. 회사는 연내 세부 계획을 내놓는다.',
]
TITLE = "삼성전자, 텍사스에 AI 반도체 라인"


def old_layout_page(*, first_in_p: bool = True) -> bytes:
    """The first paragraph in a <p>, the rest of the body one block ending in the byline."""
    rest = " ".join(PARAGRAPHS[1:]) + " 홍길동 기자 hong@example.com"
    first = f"<p>{PARAGRAPHS[0]}</p>" if first_in_p else PARAGRAPHS[0] + "<br>"
    return (
        f'<html><head><meta charset="utf-8"><title>{TITLE} - 예시일보</title></head><body>'
        '<div id="gnb"><a href="/">홈</a> <a href="/economy">경제</a></div>'
        f'<h1>{TITLE}</h1><div class="article_body">{first}<p>{rest}</p></div>'
        '<div class="footer">예시일보 | 서울시 중구 세종대로 | 대표전화 02-000-0000</div>'
        "</body></html>"
    ).encode()


def test_after_body_cut_of_most_of_the_article_is_refused_and_recorded():
    page = old_layout_page()
    article = extract_article(page)
    assert article.paragraphs[0] == PARAGRAPHS[0]
    assert all(p in article.body for p in PARAGRAPHS)
    removed = document(article)["boilerplate_removed"]
    assert removed["kept_by_guard"]["by_rule"] == {AFTER_BODY: 1}
    assert removed["kept_by_guard"]["chars"] > 0.8 * len(article.body)
    assert AFTER_BODY not in removed["by_rule"]  # nothing of the article was dropped


def test_trafilatura_alone_is_the_floor():
    page = old_layout_page()
    ours = extract_article(page).text()
    alone = trafilatura.extract(page.decode("utf-8"))
    gold = "\n".join([TITLE, *PARAGRAPHS])
    assert token_score(ours, gold).recall >= token_score(alone, gold).recall


def test_explain_shows_the_guard(tmp_path, capsys):
    path = tmp_path / "page.html"
    path.write_bytes(old_layout_page())
    assert main(["clean", str(path), "--explain"]) == 0
    out = capsys.readouterr().out
    assert f"keep body (guard: not {AFTER_BODY})" in out
    assert f"that {AFTER_BODY} would have cut" in out


def test_lines_cut_before_the_body_are_guarded_too():
    lead = " ".join(PARAGRAPHS[:5]) + " 홍길동 기자 hong@example.com"
    result = clean_text("\n".join(["메뉴", lead, "사진=예시일보", PARAGRAPHS[5]]))
    assert result.guarded == [(BEFORE_BODY, 1, len(lead))]
    assert result.paragraphs == [lead, PARAGRAPHS[5]]
    assert [d.text for d in result.dropped()] == ["메뉴", "사진=예시일보"]


def test_a_stray_line_is_still_cut():
    """Below the bounds the positional cut stands: one short line is not the article."""
    stray = (
        "구독 신청은 홈페이지에서 받습니다. 문의는 독자센터로 주세요. 예시일보 독자센터 02-000-0000"
    )
    result = clean_text("\n".join([*PARAGRAPHS, "독자 서비스", stray]))
    assert result.paragraphs == PARAGRAPHS
    assert result.guarded == []
    assert [(d.text, d.rule) for d in result.dropped()][-1] == (stray, AFTER_BODY)


def test_a_paragraph_that_ends_in_a_credit_is_no_caption():
    """Caption rules stop at two sentences: a long paragraph ending in a byline is text (the
    byline split off it)."""
    long_line = " ".join(PARAGRAPHS[1:])
    result = clean_text("\n".join([PARAGRAPHS[0], long_line + " 홍길동 기자"]))
    assert result.paragraphs == [PARAGRAPHS[0], long_line]
    caption = "10일 서울 서초구 삼성전자 사옥에서 직원들이 오가고 있다. 홍길동 기자"
    assert clean_text("\n".join([*PARAGRAPHS, caption])).dropped()[0].category == "image_notes"


def test_text_behind_a_boundary_line_is_explained_by_it():
    """A related-articles header opens a section that is not the article: its teasers stay cut,
    however much text they hold."""
    teasers = [p.replace("삼성전자", "LG전자").replace("이재용", "구광모") for p in PARAGRAPHS[:3]]
    result = clean_text("\n".join([*PARAGRAPHS, "관련기사", *teasers]))
    assert result.paragraphs == PARAGRAPHS
    assert result.guarded == []
    assert {d.rule for d in result.dropped()} == {"related.list-header", AFTER_BODY}


def test_a_caption_class_on_the_article_container_does_not_drop_the_article():
    page = (
        f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><h1>{TITLE}</h1>'
        '<figure><img src="a.jpg"><figcaption>테일러 공장 전경. 삼성전자 제공</figcaption></figure>'
        '<div class="news_caption_wrap">'
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</div></body></html>"
    ).encode()
    article = extract_article(page)
    assert article.paragraphs == PARAGRAPHS
    assert "테일러 공장 전경" not in article.body  # the real caption is still dropped
    assert [g[0] for g in article.cleaning.guarded] == [CAPTION_BLOCK]


def test_a_site_drop_hint_that_matches_the_article_is_refused():
    page = old_layout_page()
    article = extract_article(page, hints={"drop": ["div.article_body", "#gnb"]})
    assert all(p in article.body for p in PARAGRAPHS)
    assert "경제" not in article.body.split()
    removed = document(article)["boilerplate_removed"]
    assert removed["kept_by_guard"]["by_rule"] == {AFTER_BODY: 1, HINT_DROP: 1}


def test_an_article_laid_out_in_a_table_cell_keeps_its_paragraphs():
    """Old templates hold the article in a one-cell layout table; read as a table, it came
    out as one "| ... |" line, paragraphs and the lines after the copyright notice fused."""
    body = (
        "<br><br>".join(PARAGRAPHS) + "<br><br>&lt;저작권자 © 예시일보, 무단전재 및 재배포 금지&gt;"
    )
    page = (
        f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>'
        f'<h1>{TITLE}</h1><table width="100%"><tr><td id="textBody">{body}'
        '<table class="photo"><tr><td class="desc">공장 전경</td></tr></table>'
        "</td></tr></table>"
        '<div class="footer">예시일보 | 대표전화 02-000-0000</div></body></html>'
    ).encode()
    article = extract_article(page)
    assert article.paragraphs == PARAGRAPHS
