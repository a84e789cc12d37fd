"""Visit events of the seeds: visitors, hosts, date, place, topics, and an explained relevance."""

from __future__ import annotations

from datetime import date

import pytest
from enrich_fixtures import VISITS

from enrich.analyze import analyze
from enrich.daterefs import day_references

EXPECTED = {
    # seed: (visitors, hosts included, date, place, topics included)
    "seed_000": ({"사티아 나델라"}, {"조주완", "LG전자", "KT", "장인화"}, "2025-03-25",
                 "KT 광화문 사옥", {"AI", "데이터센터", "클라우드"}),
    "seed_001": ({"사티아 나델라"}, {"이재용", "삼성전자"}, "2018-11-07", "서울",
                 {"AI", "클라우드", "데이터센터"}),
    "seed_002": ({"샘 올트먼", "손정의"}, {"이재용", "삼성전자", "최태원", "SK하이닉스"},
                 "2025-02-04",
                 "삼성전자 서초사옥", {"AI", "스타게이트", "HBM", "데이터센터", "반도체"}),
    "seed_003": ({"샘 올트먼", "손정의", "르네 하스"}, {"이재용", "삼성전자"}, "2025-02-04",
                 "삼성전자 서초사옥", {"AI", "스타게이트", "반도체"}),
}


@pytest.mark.parametrize("name", VISITS)
def test_visit_events_of_the_seeds(enriched, name):
    visitors, hosts, day, place, topics = EXPECTED[name]
    event = enriched[name]["event"]
    assert event["type"] == "ceo_visit" and event["is_visit"]
    assert set(event["visitors"]) == visitors
    assert hosts <= set(event["hosts"]) and not visitors & set(event["hosts"])
    assert event["date"] == day and event["place"] == place
    assert topics <= set(event["topics"])
    assert event["relevance"] >= 0.8


def test_visitor_companies_are_not_hosts(enriched):
    event = enriched["seed_002"]["event"]
    assert {"오픈AI", "소프트뱅크그룹", "삼성전자"} <= set(event["companies"])
    assert not {"오픈AI", "소프트뱅크그룹", "스타게이트"} & set(event["hosts"])


def test_a_partnership_signed_abroad_is_related_but_not_a_visit(enriched):
    event = enriched["seed_004"]["event"]
    assert event["type"] == "related" and not event["is_visit"] and event["visitors"] == []
    assert event["place"] == "MS 본사" and event["date"] == "2024-06-03"
    assert event["relevance_parts"]["in_korea"] == 0 and "KT" in event["hosts"]
    assert any("abroad" in line for line in event["relevance_parts"]["explanation"])


def test_relevance_orders_visits_then_related_then_unrelated(enriched):
    scores = {name: doc["event"]["relevance"] for name, doc in enriched.items()}
    assert min(scores[n] for n in VISITS) > scores["seed_004"] > scores["ddareungi_003"]
    assert 0.2 <= scores["seed_004"] < 0.6
    assert scores["ddareungi_003"] < 0.05
    unrelated = enriched["ddareungi_003"]["event"]
    assert unrelated["type"] is None and unrelated["visitors"] == [] and unrelated["date"] is None


def test_relevance_parts_add_up_and_explain(enriched):
    for doc in enriched.values():
        event = doc["event"]
        parts = {k: v for k, v in event["relevance_parts"].items() if k != "explanation"}
        assert set(parts) == {"visitor", "meeting", "host", "in_korea", "date", "topics"}
        assert abs(sum(parts.values()) - event["relevance"]) < 0.01
        assert 0 <= event["relevance"] <= 1
        assert bool(event["relevance_parts"]["explanation"]) == bool(event["relevance"])


def test_a_visitor_mentioned_without_a_meeting_is_not_a_visit(kiwi):
    doc = analyze({"title": "반도체 시장 전망", "published_at": "2025-03-01T09:00:00+09:00",
                   "body": "시장에서는 젠슨 황 CEO의 과거 발언이 다시 주목받고 있다.\n"
                           "업계는 하반기 수요 회복을 기대한다."})
    event = doc["event"]
    assert event["visitors"] == ["젠슨 황"] and not event["is_visit"]
    assert event["relevance_parts"]["meeting"] == 0


def test_pronoun_subject_continues_the_visitor(kiwi):
    doc = analyze({"title": "", "published_at": "2025-05-10T09:00:00+09:00",
                   "body": "젠슨 황 엔비디아 CEO가 10일 방한했다. "
                           "그는 전날 도쿄에서 손 회장과 만났고 "
                           "이날 오후 경기 평택 공장을 찾았다."})
    event = doc["event"]
    assert event["is_visit"] and event["place"] == "삼성전자 평택캠퍼스"
    assert event["date"] == "2025-05-10"


@pytest.mark.parametrize("text, published, expected", [
    ("지난 25일부터 이틀간 회동했다. 26일 업계에 따르면", date(2025, 3, 26),
     ["2025-03-25", "2025-03-26"]),
    ("4일 오후 만났다. 지난 3일 선고. 지난달 21일 출범", date(2025, 2, 4),
     ["2025-02-04", "2025-02-03", "2025-01-21"]),
    ("10일 관련업계에 따르면 지난 3일(현지시간) 체결. 오는 2일 방한", date(2024, 6, 10),
     ["2024-06-10", "2024-06-03", "2024-07-02"]),
    ("2018년 11월 7일 회동. 12월 30일 공개", date(2019, 1, 2), ["2018-11-07", "2018-12-30"]),
    ("28일 방한 예정이다. 2~4일 행사에 3일간 머문다.", date(2025, 1, 25), ["2025-01-28"]),
])
def test_day_references_resolve_against_publication(text, published, expected):
    assert [r.date.isoformat() for r in day_references(text, published)] == expected


def test_this_day_follows_its_paragraph_then_the_story():
    text = "4일 회동했다. 이날 만났다. 전날 입국했다. 지난달 21일 출범했다.\n이날 오후 떠났다."
    refs = day_references(text, date(2025, 2, 4))
    assert [(text[r.start:r.end], r.date.isoformat()) for r in refs] == [
        ("4일", "2025-02-04"), ("이날", "2025-02-04"), ("전날", "2025-02-03"),
        ("지난달 21일", "2025-01-21"), ("이날", "2025-02-04")]
