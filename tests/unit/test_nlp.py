"""Kiwi analysis: tokens without particles, whole names, keywords without news stopwords."""

from __future__ import annotations

import pytest
from enrich_fixtures import SEEDS

from enrich.nlp import analyze_texts, compose, get_kiwi, keywords, tokens

PARTICLES = {"가", "이", "는", "은", "를", "을", "와", "과", "의", "에", "에서", "도", "로", "으로"}


def test_one_analyser_per_process(kiwi):
    assert get_kiwi() is kiwi


def test_tokens_strip_particles_and_endings(analyse_text):
    analysis, found = analyse_text(
        "나델라가 방한했다. "
        "나델라는 젠슨 황 CEO와 SK하이닉스를 방문했다. "
        "LG에너지솔루션의 사장을 만났다."
    )
    result = tokens(analysis, found.token_names())
    assert result.count("나델라") == 2
    assert {"젠슨 황", "sk하이닉스", "lg에너지솔루션", "방한", "방문", "ceo", "만나"} <= set(result)
    assert not {"나델라가", "나델라는", "sk하이닉스를", "했다", "다"} & set(result)
    assert not PARTICLES & set(result)


def test_noun_compounds_are_searchable_whole_and_in_parts(enriched):
    found = enriched["seed_001"]["tokens"]
    assert {"인공", "지능", "인공지능", "데이터센터"} <= set(found)


def test_multi_word_names_are_one_token_however_spaced(analyse_text):
    analysis, found = analyse_text("사티아 나델라 CEO와 사티아나델라, 샘\u00a0올트먼이 왔다.")
    result = tokens(analysis, found.token_names())
    assert result.count("사티아 나델라") == 1 and "사티아나델라" in result
    assert "샘 올트먼" in result  # the no-break space reads as a space


def test_full_width_and_no_break_spaces(kiwi):
    from enrich.analyze import analyze

    doc = analyze(
        {"title": "ＭＳ\u00a0나델라 방한", "body": "나델라\u3000CEO가 왔다.", "published_at": None}
    )
    assert "ms" in doc["tokens"] and "나델라" in doc["tokens"]
    assert [p["id"] for p in doc["entities"]["persons"]] == ["satya_nadella"]


def test_tokens_are_lower_case_so_search_ignores_case(analyse_text):
    """The index's whitespace analyzer does not fold case: the tokens must, in documents and
    queries alike (enrich.analyze.query_terms goes through the same function)."""
    from enrich.analyze import query_terms

    analysis, found = analyse_text("딥시크(DeepSeek)에 맞선 'AI 동맹', Sam Altman과 SK하이닉스")
    result = tokens(analysis, found.token_names())
    assert {"deepseek", "ai", "동맹", "sk하이닉스"} <= set(result)
    assert result == [t.lower() for t in result]
    assert query_terms("DEEPSEEK Ai 동맹") == ["deepseek", "ai", "동맹"]


def test_compose_marks_title_subtitles_and_lead():
    analysis = compose("제목", ["부제"], "첫 문단\n\n둘째 문단")
    assert [p[2] for p in analysis.paragraphs] == ["title", "subtitle", "lead", "body"]
    assert analysis.text.split("\n") == ["제목", "부제", "첫 문단", "둘째 문단"]
    assert analysis.lead_end == analysis.paragraphs[2][1]


def test_batch_and_single_analysis_agree(kiwi):
    texts = ["이재용 회장은 4일 샘 올트먼 CEO를 만났다.", "KT와 MS는 파트너십을 체결했다."]
    batch = analyze_texts([compose("", [], t) for t in texts])
    single = [analyze_texts([compose("", [], t)])[0] for t in texts]
    assert [list(a.morphs()) for a in batch] == [list(a.morphs()) for a in single]


@pytest.mark.parametrize("name", SEEDS)
def test_keywords_are_weighted_and_free_of_stopwords(enriched, name):
    found = enriched[name]["keywords"]
    terms = [k["term"] for k in found]
    assert terms and not {"기자", "이날", "지난", "관계자", "오전", "업계"} & set(terms)
    weights = [k["weight"] for k in found]
    assert weights[0] == 1.0 and weights == sorted(weights, reverse=True) and min(weights) > 0
    assert all(len(t) >= 2 and not t.isdigit() for t in terms)


def test_keywords_count_names_under_their_canonical_form(enriched):
    top = {k["term"] for k in enriched["seed_004"]["keywords"][:5]}
    assert {"KT", "마이크로소프트"} <= top  # "MS" and "마이크로소프트" add up
    assert "MS" not in {k["term"] for k in enriched["seed_004"]["keywords"]}
    assert "샘 올트먼" in {k["term"] for k in enriched["seed_002"]["keywords"][:5]}
    assert "따릉이" in {k["term"] for k in enriched["ddareungi_003"]["keywords"][:3]}


def test_keywords_join_touching_nouns(analyse_text):
    analysis, found = analyse_text("데이터센터 협력과 데이터센터 투자를 논의했다.")
    assert keywords(analysis, found.canonical_names())[0]["term"] == "데이터센터"
