"""The crawl watchlist: cheap matching of feed titles, names from the entity dictionary."""

from __future__ import annotations

import textwrap

import pytest

from enrich.watchlist import Watchlist, surface_forms


@pytest.fixture(scope="module")
def watchlist() -> Watchlist:
    return Watchlist.load()


@pytest.mark.parametrize(
    "title, persons",
    [
        ("이재용 회장, 샘 올트먼·손정의와 'AI 동맹' 강화", ("sam_altman", "masayoshi_son")),
        ("이재용·손정의·샘올트먼 2시간 회동", ("masayoshi_son", "sam_altman")),
        ("Sam Altman to meet Samsung chief in Seoul", ("sam_altman",)),
        ("젠슨황, 이재용과 치맥 회동", ("jensen_huang",)),
        ("샘\u00a0알트먼 방한", ("sam_altman",)),
    ],
)
def test_a_watched_name_is_enough(watchlist, title, persons):
    match = watchlist.matches(title)
    assert match is not None and match.persons == persons


def test_short_forms_and_companies_need_a_visit_or_deal_word(watchlist):
    assert watchlist.matches("황 CEO 방한…SK하이닉스 방문").persons == ("jensen_huang",)
    assert watchlist.matches("황 CEO 실적 발표") is None
    assert watchlist.matches("엔비디아 CEO 내달 방한").organizations == ("nvidia",)
    assert watchlist.matches("엔비디아 주가 급등") is None
    match = watchlist.matches("[IT클로즈업] MS 손잡은 KT, 빅테크 공공시장 진출 우회로 열어주나")
    assert match.organizations == ("microsoft",) and match.words == ("손잡다",)


def test_the_summary_counts_and_unrelated_entries_do_not_match(watchlist):
    assert watchlist.matches("AI 동맹 강화", "오픈AI 올트먼 CEO가 4일 이재용 회장을 만났다")
    assert watchlist.matches("따릉이 앱 450만건 개인정보 유출 관련...경찰, 피의자 2명 입건") is None
    assert watchlist.matches("") is None


def test_verbs_match_their_inflected_forms(watchlist):
    assert surface_forms("만나다") == ["만나", "만난", "만날", "만납", "만났"]
    assert surface_forms("찾다") == ["찾"] and surface_forms("방한") == ["방한"]
    assert "맞이했" in surface_forms("맞이하다")
    # the past of a stem ending in ㅜ, ㅗ, ㅣ, ㅡ contracts: 나눴, 둘러봤
    assert surface_forms("나누다")[-2:] == ["나눠", "나눴"] and "둘러봤" in surface_forms(
        "둘러보다"
    )
    assert watchlist.matches("손 회장, 이 회장 만났다").words == ("만나다",)


def test_names_come_from_the_entity_dictionary(tmp_path):
    entities = tmp_path / "entities.yaml"
    entities.write_text(
        textwrap.dedent("""\
        persons:
          - {id: ada_park, name: 에이다 박, aliases: [Ada Park], titles: [CEO], country: US,
             role: tech_ceo, watch: true, query: 에이다 박}
          - {id: bob_kim, name: 김밥돌, country: KR, role: business_leader}
        organizations: []
        """),
        encoding="utf-8",
    )
    watchlist = Watchlist.load(entities)
    assert watchlist.matches("에이다 박 CEO 방한").persons == ("ada_park",)
    assert watchlist.matches("박 CEO 방한").persons == ("ada_park",)
    assert watchlist.matches("김밥돌 회장 방한") is None  # not watched
    assert watchlist.search_queries() == ["에이다 박 방한", "에이다 박 회동"]


def test_search_queries_cover_every_watched_person(watchlist):
    queries = watchlist.search_queries()
    assert {"나델라 방한", "올트먼 방한", "젠슨 황 방한", "손정의 회동"} <= set(queries)
    watched = [p for p in watchlist.dictionary.persons.values() if p.watch]
    assert len(queries) == len(watched) * len(watchlist.config.search_words)


def test_an_executive_nobody_listed_is_followed_when_a_visit_word_is_there(watchlist):
    match = watchlist.matches("매튜 프린스 클라우드플레어 CEO 첫 방한…KT와 회동")
    assert match is not None and match.persons == () and "방한" in match.words
    assert any("executive's title" in reason for reason in match.reasons)
    assert watchlist.matches("클라우드플레어 CEO, 실적 발표에서 AI 강조") is None
