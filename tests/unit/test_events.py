"""Visit events of the seeds: visitors, hosts, date, place, topics, and an explained relevance."""

from __future__ import annotations

from datetime import date

import pytest
from enrich_fixtures import VISITS

from enrich.analyze import analyze
from enrich.daterefs import day_references

EXPECTED = {
    # seed: (visitors, hosts included, date, place, topics included)
    "seed_000": (
        {"사티아 나델라"},
        {"조주완", "LG전자", "KT", "장인화"},
        "2025-03-25",
        "KT 광화문 사옥",
        {"AI", "데이터센터", "클라우드"},
    ),
    "seed_001": (
        {"사티아 나델라"},
        {"이재용", "삼성전자"},
        "2018-11-07",
        "서울",
        {"AI", "클라우드", "데이터센터"},
    ),
    "seed_002": (
        {"샘 올트먼", "손정의"},
        {"이재용", "삼성전자", "최태원", "SK하이닉스"},
        "2025-02-04",
        "삼성전자 서초사옥",
        {"AI", "스타게이트", "HBM", "데이터센터", "반도체"},
    ),
    "seed_003": (
        {"샘 올트먼", "손정의", "르네 하스"},
        {"이재용", "삼성전자"},
        "2025-02-04",
        "삼성전자 서초사옥",
        {"AI", "스타게이트", "반도체"},
    ),
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
    doc = analyze(
        {
            "title": "반도체 시장 전망",
            "published_at": "2025-03-01T09:00:00+09:00",
            "body": "시장에서는 젠슨 황 CEO의 과거 발언이 다시 주목받고 있다.\n"
            "업계는 하반기 수요 회복을 기대한다.",
        }
    )
    event = doc["event"]
    assert event["visitors"] == ["젠슨 황"] and not event["is_visit"]
    assert event["relevance_parts"]["meeting"] == 0


def test_pronoun_subject_continues_the_visitor(kiwi):
    doc = analyze(
        {
            "title": "",
            "published_at": "2025-05-10T09:00:00+09:00",
            "body": "젠슨 황 엔비디아 CEO가 10일 방한했다. "
            "그는 전날 도쿄에서 손 회장과 만났고 "
            "이날 오후 경기 평택 공장을 찾았다.",
        }
    )
    event = doc["event"]
    assert event["is_visit"] and event["place"] == "삼성전자 평택캠퍼스"
    assert event["date"] == "2025-05-10"


def test_a_plural_pronoun_continues_a_delegation():
    """ "이들은 ...": the executives listed in the sentence before meet the Korean hosts (and
    "왕밍더", a Mandarin reading no Korean name has, is one of them, not a host)."""
    body = (
        "대만 반도체 업계 대표단이 이번 주 한국을 찾는다.\n"
        "대표단에는 천리팡 AC반도체 회장과 왕밍더 BT반도체 회장이 포함됐다.\n"
        "이들은 12일 서울에서 최수연 네이버 대표와 만나 협력을 논의한다."
    )
    event = event_of("대만 반도체 대표단 방한", body, "2025-06-10T09:00:00+09:00")
    assert event["is_visit"] and set(event["visitors"]) == {"천리팡", "왕밍더"}


@pytest.mark.parametrize(
    "text, published, expected",
    [
        (
            "지난 25일부터 이틀간 회동했다. 26일 업계에 따르면",
            date(2025, 3, 26),
            ["2025-03-25", "2025-03-26"],
        ),
        (
            "4일 오후 만났다. 지난 3일 선고. 지난달 21일 출범",
            date(2025, 2, 4),
            ["2025-02-04", "2025-02-03", "2025-01-21"],
        ),
        (
            "10일 관련업계에 따르면 지난 3일(현지시간) 체결. 오는 2일 방한",
            date(2024, 6, 10),
            ["2024-06-10", "2024-06-03", "2024-07-02"],
        ),
        ("2018년 11월 7일 회동. 12월 30일 공개", date(2019, 1, 2), ["2018-11-07", "2018-12-30"]),
        ("28일 방한 예정이다. 2~4일 행사에 3일간 머문다.", date(2025, 1, 25), ["2025-01-28"]),
        (  # a range's end is on or after its start, into the next month if need be
            "오는 11일부터 14일까지 방문한다. 29일부터 2일까지 머물렀다",
            date(2023, 12, 1),
            ["2023-12-11", "2023-12-14", "2023-11-29", "2023-12-02"],
        ),
        (  # "N일 만에" is a span of days, "N일 만나" a day and a verb
            "10일 만에 다시 찾았다. 지난 3일 만나 논의했다. 오는 28일 만날 예정",
            date(2025, 1, 25),
            ["2025-01-03", "2025-01-28"],
        ),
        (  # a day months ahead told as planned; "계획을 설명했다" tells of a plan, not one
            "10월 9일부터 방한한다. 6월 3일 방한할 예정이다. 12일 만나 이 계획을 설명했다",
            date(2002, 8, 12),
            ["2002-10-09", "2003-06-03", "2002-08-12"],
        ),
    ],
)
def test_day_references_resolve_against_publication(text, published, expected):
    assert [r.date.isoformat() for r in day_references(text, published)] == expected


def test_this_day_follows_its_paragraph_then_the_story():
    text = "4일 회동했다. 이날 만났다. 전날 입국했다. 지난달 21일 출범했다.\n이날 오후 떠났다."
    refs = day_references(text, date(2025, 2, 4))
    assert [(text[r.start : r.end], r.date.isoformat()) for r in refs] == [
        ("4일", "2025-02-04"),
        ("이날", "2025-02-04"),
        ("전날", "2025-02-03"),
        ("지난달 21일", "2025-01-21"),
        ("이날", "2025-02-04"),
    ]


# --- visitors the dictionary does not know, and what is (not) a visit -----------------------


def event_of(title: str, body: str, published: str = "2025-03-10T09:00:00+09:00") -> dict:
    return analyze({"title": title, "body": body, "published_at": published})["event"]


@pytest.mark.parametrize(
    "lead, visitor, company",
    [
        (
            "매튜 프린스 클라우드플레어 최고경영자(CEO)가 10일 방한해 KT 김영섭 대표와 만났다.",
            "매튜 프린스",
            "클라우드플레어",
        ),
        (
            "드롭박스의 드루 휴스턴 최고경영자(CEO)가 10일 서울 SK텔레콤 본사를 찾아 유영상 사장과 "
            "회동했다.",
            "드루 휴스턴",
            "드롭박스",
        ),
        (
            "‘스노우플레이크’의 공동 창업자이자 최고경영자(CEO)인 브누아 다주빌이 10일 방한해 "
            "삼성SDS 경영진을 만났다.",
            "브누아 다주빌",
            "스노우플레이크",
        ),
        (
            "독일 지멘스그룹의 롤란트 부슈 회장이 10일 한국을 찾아 정의선 현대차그룹 회장과 면담했다.",
            "롤란트 부슈",
            "지멘스",  # the dictionary's company: its group is that company
        ),
    ],
)
def test_a_visitor_missing_from_the_dictionary_is_found_from_the_text(kiwi, lead, visitor, company):
    event = event_of("", lead + f"\n{visitor.split()[-1]} CEO는 이날 협력 방안을 논의했다.")
    assert event["is_visit"] and event["visitors"] == [visitor]
    assert company in event["companies"]


@pytest.mark.parametrize(
    "body, status",
    [
        (
            "젠슨 황 엔비디아 CEO의 방한이 연기됐다. 당초 황 CEO는 10일 이재용 삼성전자 회장과 "
            "만날 예정이었으나 일정이 미뤄졌다.",
            "cancelled",
        ),
        (  # a meeting only floated, or only sounded out: in doubt
            "손정의 소프트뱅크그룹 회장이 다음 달 초 한국을 찾으면서 문재인 대통령과 만나는 "
            "방안이 거론되고 있다.",
            "cancelled",
        ),
        (
            "쩡위췬 CATL 회장은 방한 기간 최태원 SK그룹 회장과의 면담을 타진하고 있다.",
            "cancelled",
        ),
        (
            "사티아 나델라 MS CEO는 10일 화상으로 최태원 SK그룹 회장과 만나 AI 협력을 논의했다.",
            "virtual",
        ),
        (
            "샘 올트먼 오픈AI CEO는 3일 서울 코엑스에서 개막한 'SK AI 서밋'에 사전 제작 영상을 "
            "보내 SK그룹과의 협력을 강조했다.",
            "recorded",
        ),
        (  # a short negation ("안 만나"), as headlines write it
            "리드 헤이스팅스 넷플릭스 CEO는 1일 서울에서 SK텔레콤 경영진을 안 만났다.",
            "cancelled",
        ),
        (  # a trip only guessed at
            "리사 수 AMD CEO는 이르면 다음 주 입국할 가능성이 있다. 이재용 삼성전자 회장과 만날 "
            "것으로 보고 있다.",
            "cancelled",
        ),
        (  # a signing in a virtual space, each side on its own screen
            "서울의 최수연 네이버 대표와 시애틀의 앤디 재시 아마존 CEO가 10일 각자 접속해 "
            "가상공간에서 만나 협약을 맺었다.",
            "virtual",
        ),
        (
            "샘 올트먼 오픈AI CEO는 10일 서울에서 열린 행사에 참석하는 대신 영상 메시지를 보내 "
            "축하했다.",
            "recorded",
        ),
        (
            "삼성전자는 10일 신제품을 공개했다. 젠슨 황 엔비디아 CEO가 지난해 5월 방한 당시 "
            "이재용 회장과 만난 이후 양사 협력이 이어지고 있다.",
            "background",
        ),
        (
            "젠슨 황 엔비디아 CEO는 10일(현지시간) 대만 타이베이에서 웨이저자 TSMC 회장과 만났다.",
            "no_korean_party",
        ),
    ],
)
def test_what_is_not_a_visit_says_why(kiwi, body, status):
    event = event_of("", body)
    assert not event["is_visit"] and event["status"] == status
    assert any(line.startswith("not a visit:") for line in event["relevance_parts"]["explanation"])


def test_an_announced_visit_and_a_meeting_abroad_with_korean_executives_count(kiwi):
    upcoming = event_of(
        "",
        "매튜 프린스 클라우드플레어 CEO가 오는 2일 방한해 KT 경영진을 만날 예정이다.",
        "2025-11-30T09:00:00+09:00",
    )
    assert upcoming["is_visit"] and upcoming["status"] == "upcoming"
    assert upcoming["date"] == "2025-12-02"  # "오는 2일" published 30 November
    abroad = event_of(
        "",
        "정기선 HD현대 수석부회장이 6일(현지시간) 미국 워싱턴에서 알렉스 카프 "
        "팔란티어 CEO와 만나 협력 방안을 논의했다.",
        "2025-03-07T09:00:00+09:00",
    )
    assert abroad["is_visit"] and abroad["visitors"] == ["알렉스 카프"]
    assert {"정기선", "HD현대"} <= set(abroad["hosts"]) and abroad["date"] == "2025-03-06"


def test_the_meeting_day_not_the_arrival_day(kiwi):
    event = event_of(
        "",
        "알리 고드시 데이터브릭스 CEO가 지난달 29일 입국했다.\n고드시 CEO는 다음 "
        "날인 30일 김유원 네이버클라우드 대표와 만났다.",
        "2026-01-02T09:00:00+09:00",
    )
    assert event["is_visit"] and event["date"] == "2025-12-30"  # across the year boundary


def test_hosts_missing_from_the_dictionary(kiwi):
    event = event_of(
        "",
        "매트 머피 마벨 CEO가 10일 방한해 장덕현 삼성전기 사장, 문혁수 LG이노텍 "
        "대표와 잇따라 만났다.",
    )
    assert {"삼성전기", "장덕현", "LG이노텍", "문혁수"} <= set(event["hosts"])


def test_the_korean_branch_head_of_a_foreign_company_is_no_visitor(kiwi):
    event = event_of("", "존 리 구글코리아 사장은 10일 네이버 최수연 대표와 만나 협력을 논의했다.")
    assert not event["is_visit"] and event["visitors"] == []


def test_a_non_tech_company_head_is_no_tech_visitor(kiwi):
    event = event_of("", "아민 나세르 아람코 CEO가 10일 방한해 이재용 삼성전자 회장과 만났다.")
    assert not event["is_visit"]


def test_a_company_the_dictionary_does_not_know_is_non_tech_by_its_name(kiwi):
    """Unknown companies count as tech, unless the name says otherwise (a bank, an insurer)."""
    text = "{} CEO가 10일 방한해 이재용 삼성전자 회장과 만났다."
    banker = event_of("", text.format("마이클 로런스 로런스파이낸셜그룹"))
    assert not banker["is_visit"] and "not a tech visitor" in " ".join(
        banker["relevance_parts"]["explanation"]
    )
    assert event_of("", text.format("마이클 로런스 로런스소프트"))["is_visit"]


@pytest.mark.parametrize("company", ["도쿄전력", "미쓰비시중공업", "힐튼호텔", "JR동일본철도"])
def test_a_utility_an_industrial_or_a_hotel_group_is_non_tech_by_its_name(kiwi, company):
    event = event_of(
        "", f"다나카 히로시 {company} 회장이 10일 방한해 이재용 삼성전자 회장과 만났다."
    )
    assert not event["is_visit"]


def test_a_trip_only_pursued_and_a_meeting_only_likely_are_in_doubt(kiwi):
    """ "방한 추진", "만날 듯": the trip is being sought and the meeting guessed at -- no visit
    yet, also where the doubt word begins inside a place-and-visit word ("한국 [방문을
    추진]하고"); the same trip told as fixed is one."""
    doubt = event_of(
        "저커버그, 이달 말 방한 추진…이재용 회장 만날 듯",
        "마크 저커버그 메타 CEO가 이달 말 한국 방문을 추진하고 있는 것으로 알려졌다. "
        "저커버그 CEO는 방한 기간 이재용 삼성전자 회장을 만날 것으로 전해졌다.",
    )
    assert not doubt["is_visit"] and doubt["status"] == "cancelled"
    assert "only in doubt" in doubt["relevance_parts"]["explanation"][0]
    pursued = event_of(
        "",
        "마크 저커버그 메타 CEO가 한국 방문을 추진하고 있다. 그는 이재용 삼성전자 회장을 만날 예정이다.",
    )
    assert not pursued["is_visit"]
    firm = event_of(
        "저커버그, 이달 말 방한…이재용 회장 만난다",
        "마크 저커버그 메타 CEO가 이달 말 한국을 방문한다. 저커버그 CEO는 방한 기간 "
        "이재용 삼성전자 회장을 만날 것으로 전해졌다.",
    )
    assert firm["is_visit"]


def test_a_directors_visit_is_a_visit(kiwi):
    """A foreign company's director (이사, 수석이사, 전무, 상무) meeting a Korean party is a
    visit the headline is about, as a vice president's is."""
    event = event_of(
        "엔비디아 수석이사, 경기도청 방문…AI 스타트업 지원 협력 논의",
        "수잔 마샬 엔비디아 수석이사가 8일 경기도청을 방문해 김기병 경기도 AI국장과 면담했다.",
    )
    assert event["is_visit"] and event["visitors"] == ["수잔 마샬"]
    event = event_of(
        "이달희 경북 경제부지사, 엔비디아 본사 방문",
        "이달희 경상북도 경제부지사가 9일(현지시간) 실리콘밸리의 엔비디아 본사를 찾았다. 이 "
        "부지사는 이날 해리슨 김 엔비디아 이사를 만나 협력 방안을 논의했다.",
    )
    assert event["is_visit"] and event["visitors"] == ["해리슨 김"]


def test_a_meeting_told_as_done_outweighs_doubts_about_another(kiwi):
    """The headline and the lead wonder whether he will meet 이재용 too, but the body says
    he met 경계현 that day: a visit, with the one he met as host."""
    event = event_of(
        "방한 중인 겔싱어 인텔 CEO, 경계현 삼성 사장 면담…이재용 회장과도 만날까",
        "이재용 삼성전자 회장이 오늘(9일) 귀국하면서 방한 중인 팻 겔싱어 인텔 최고경영자(CEO)"
        "와의 회동 여부가 주목된다.\n그는 이날 삼성전자 화성 사업장을 방문해 경계현 DS부문장"
        "(사장)과 면담했다.\n다만 겔싱어 CEO와 이 회장의 회동은 어려울 것이라는 관측도 나온다.",
    )
    assert event["is_visit"] and "경계현" in event["hosts"]


@pytest.mark.parametrize(
    "sentence",
    [
        "알렉스 카프 팔란티어 CEO는 13일 서울 성수동에서 본지와 만나 이같이 말했다.",
        "13일 서울 성수동에서 만난 알렉스 카프 팔란티어 CEO는 이같이 말했다.",
        # the building it happened in is named after a Korean body
        "본지는 13일 서울 대한상공회의소 빌딩에 있는 사무실에서 알렉스 카프 팔란티어 CEO를 만났다.",
    ],
)
def test_an_interview_in_korea_is_no_visit(kiwi, sentence):
    """The paper met him ("본지와 만나"), or its interview introduces him so ("...에서 만난
    카프 CEO는"): no Korean party met him."""
    event = event_of(
        "팔란티어 창업자 카프 '韓, 미국 외 가장 흥미로운 시장'",
        '"한국은 미국을 제외하면 가장 흥미로운 시장입니다."\n' + sentence,
    )
    assert not event["is_visit"]


@pytest.mark.parametrize(
    "title, body",
    [
        (
            "엔비디아 젠슨 황 한국 올까…APEC CEO 서밋 초청 막판 조율",
            "젠슨 황 엔비디아 CEO는 최태원 회장의 초청에 긍정적인 반응을 보인 것으로 전해졌다. "
            "샘 올트먼 오픈AI CEO의 방한 여부에도 관심이 쏠린다.",
        ),
        (
            "인텔 겔싱어 CEO, 이재용 회장과 7개월 만에 회동하나",
            "팻 겔싱어 인텔 CEO와 이재용 삼성전자 회장의 만남에 업계의 이목이 쏠린다.",
        ),
    ],
)
def test_a_question_about_a_trip_or_a_meeting_is_doubt(kiwi, title, body):
    """ "한국 올까", "회동하나", "방한 여부": asked, not told."""
    assert not event_of(title, body)["is_visit"]


def test_a_question_left_unanswered_is_doubt(kiwi):
    """Asked whether he will meet the visitor, the Korean would not say ("회동할 계획이
    있느냐는 질문에는 ... 답을 피했다"): no meeting told."""
    event = event_of(
        "곽노정 SK하이닉스 대표 'HBM4 순조'…젠슨 황 회동엔 '드릴 말씀 없다'",
        "곽노정 SK하이닉스 대표이사가 22일 반도체의 날 시상식에서 기자들과 만나 HBM4 양산이 "
        "순조롭다고 말했다.\n다음 주 젠슨 황 엔비디아 CEO의 방한 때 회동할 계획이 있느냐는 "
        '질문에는 "지금은 드릴 말씀이 없다"며 답을 피했다.',
    )
    assert not event["is_visit"]


def test_during_a_coming_visit_is_no_background(kiwi):
    """ "방한 때" is an earlier visit ("지난 방한 때 만난 바 있다"), unless the sentence is
    about one to come ("다음 주 방한 때 ... 만날 계획이다")."""
    event = event_of(
        "",
        "젠슨 황 엔비디아 CEO는 다음 주 방한 때 최태원 SK그룹 회장과 만날 계획이다.",
    )
    assert event["is_visit"] and event["status"] == "upcoming"


def test_talk_at_the_press_conference_named_before_is_no_meeting(kiwi):
    """ "이날 간담회 도중 이 회장의 이름을 ... 언급했다": the 간담회 is the press conference
    of the sentence before; speaking of a Korean there is no meeting with him."""
    event = event_of(
        "코닝 회장, 기자간담회서 '이재용 회장 혜안' 칭찬",
        "웬델 윅스 코닝 회장이 31일 서울 신라호텔에서 열린 기자간담회에서 이재용 삼성전자 "
        "회장을 치켜세웠다.\n윅스 회장은 이날 간담회 도중 이 회장의 이름을 다섯 차례나 "
        "언급하며 삼성과의 인연을 강조했다.",
    )
    assert not event["is_visit"]


def test_a_plain_day_after_a_day_next_month_is_in_that_month():
    """ "다음 달 2일 입국한다고 23일 밝혔다. ... 3일 강연을 한다": the 3rd of next month, not
    the 3rd just gone (which would make the talk an old one)."""
    text = (
        "그는 다음 달 2일 입국한다고 23일 밝혔다.\n그는 3일 서울 여의도에서 열리는 "
        "신성장동력포럼에서 정보기술 산업의 동향을 주제로 특별 강연을 한다."
    )
    refs = day_references(text, date(2008, 10, 23))
    assert [r.date.isoformat() for r in refs] == ["2008-11-02", "2008-10-23", "2008-11-03"]


@pytest.mark.parametrize("verb, day", [("논의한다", "2002-05-30"), ("논의했다", "2002-04-30")])
def test_a_plain_day_of_a_sentence_told_in_the_present_is_ahead(verb, day):
    """Schedules are told in the present tense: "30일 ... 열어 ... 논의한다" published on 8
    May is 30 May, "논의했다" is 30 April; the headline's "30일" is the day its body tells."""
    text = (
        "다국적기업 CEO 50명 訪韓…30일 코엑스서 라운드테이블\n산자부는 30일 코엑스에서 "
        f"박용성 대한상공회의소 회장의 사회로 라운드테이블을 열어 투자 전략을 {verb}."
    )
    refs = day_references(text, date(2002, 5, 8))
    assert [r.date.isoformat() for r in refs] == [day, day]


def test_a_meeting_on_the_same_day_goes_on_with_the_visitor_before(kiwi):
    """ "같은 날 이명박 대통령과 만나 ...": no subject, the day of the talk the sentence before
    told of -- the visitor's meeting."""
    event = event_of(
        "발머 MS 회장, 3일 포럼 강연",
        "스티브 발머 마이크로소프트 회장은 3일 서울에서 열리는 포럼에서 특별 강연을 한다. "
        "같은 날 이명박 대통령과 만나 소프트웨어 협력 방안을 논의할 예정이다.",
    )
    assert event["is_visit"] and "이명박" in event["hosts"]


def test_a_fireside_chat_with_an_audience_is_no_meeting(kiwi):
    """A talk to 200 startup people at the company's own campus ("파이어사이드 챗(노변정담)")
    is heard, not a meeting with a Korean party."""
    event = event_of(
        "순다 피차이 구글 CEO, 구글캠퍼스 서울서 스타트업과 '노변정담'",
        "순다 피차이 구글 최고경영자(CEO)가 15일 서울 대치동 구글캠퍼스 서울을 찾아 국내 "
        "스타트업 관계자 200여명과 '파이어사이드 챗(노변정담)'을 가졌다.",
    )
    assert not event["is_visit"]


def test_a_company_described_by_its_trades_before_its_name_is_not_tech(kiwi):
    """ "방송·유통·금융 계열사를 거느린 인도네시아 CT그룹": the trades the article lists before the
    company tell what it is, even with an ICT deal in the same sentence."""
    event = event_of(
        "",
        "최태원 SK그룹 회장은 27일 방송·유통·금융 계열사를 거느린 인도네시아 CT그룹의 차이룰 "
        "탄중 회장을 만나 정보통신기술(ICT) 협력을 위한 양해각서를 체결했다.",
    )
    assert not event["is_visit"]


@pytest.mark.parametrize("told_in_the_body", [False, True])
def test_a_meeting_only_in_a_photo_caption_is_not_the_news(kiwi, told_in_the_body):
    """The news is the chief executive's e-mail to staff; the signing with Nadella is only
    in the photo's caption. Told in the body too, it is the news."""
    body = (
        "김영섭 KT 대표가 마이크로소프트와 맺은 파트너십을 두고 AI 전환의 선구자가 될 것이라고 "
        "말했다.\n김 대표는 30일 임직원에게 이메일을 보내 이같이 밝혔다.\n"
    )
    if told_in_the_body:
        body += "김 대표는 지난 27일 사티아 나델라 MS CEO와 만나 파트너십을 체결했다.\n"
    body += (
        "[사진] 김영섭 KT 대표(오른쪽)가 지난 27일(현지시간) 미국 레드먼드 MS 본사에서 열린 "
        "파트너십 체결식에서 사티아 나델라 MS CEO와 악수하고 있다. (KT 제공)"
    )
    event = event_of("김영섭 KT 대표 “MS와 협력으로 AI 전환 선구자 될 것”", body)
    assert event["is_visit"] is told_in_the_body


def test_a_battery_maker_is_tech(kiwi):
    """Batteries and their materials are tech: what the article calls the company weighs
    more than one non-tech word beside it ("국영")."""
    event = event_of(
        "",
        "중국 국영 배터리 소재 기업 룽바이그룹은 30일 새만금에서 전북도와 양극재 공장 "
        "투자협약을 맺었다. 협약식에는 김관영 전북지사와 왕밍 룽바이그룹 총재가 참석했다.",
    )
    assert event["is_visit"] and event["visitors"] == ["왕밍"]


def test_a_one_syllable_cue_word_does_not_start_a_longer_word(kiwi):
    """군 (the army) is a non-tech word, but not where it starts "군산시장"."""
    event = event_of(
        "",
        "중국 기업 룽바이그룹은 30일 군산시와 투자협약을 맺었다. 협약식에는 강임준 "
        "군산시장과 왕밍 룽바이그룹 총재가 참석했다.",
    )
    assert event["is_visit"] and event["visitors"] == ["왕밍"]


def test_same_day_words_follow_the_day_named_before_them():
    text = "30일 업계에 따르면 그는 오는 2일 입국해 당일 장관을 면담한다.\n그는 같은 날 저녁 만찬에 참석한다."
    refs = day_references(text, date(2025, 12, 30))
    assert [(text[r.start : r.end], r.date.isoformat()) for r in refs] == [
        ("30일", "2025-12-30"),
        ("오는 2일", "2026-01-02"),
        ("당일", "2026-01-02"),
        ("같은 날", "2026-01-02"),
    ]
    text = "지난 6일 입국한 그는 이날 오전 사장과 만났다."  # 이날: the day of the news
    assert [r.date.isoformat() for r in day_references(text, date(2011, 11, 7))] == [
        "2011-11-06",
        "2011-11-07",
    ]
    # but a sentence told of a day set apart makes it the day of the next sentence's 이날
    text = "지난 6일 KT는 써밋을 열었다. 이날 자리에 참석한 그는 회장들을 만났다."
    assert [r.date.isoformat() for r in day_references(text, date(2011, 11, 7))] == [
        "2011-11-06",
        "2011-11-06",
    ]


def test_korea_as_an_attribute_does_not_place_a_meeting_in_korea(kiwi):
    """ "한국 기자단", "한국 정부" do not put a meeting in Korea: a foreign company's executives
    briefing Korean reporters abroad, with no Korean party, is no visit; "한국을 찾아" still
    is one."""
    abroad = event_of(
        "",
        "왕웨이 한국샤오미 최고경영자(CEO)가 지난 19일 중국 상하이에서 한국 기자단과 간담회를 "
        "열고 한국 정부·기업과의 협력을 더욱 강화하겠다고 밝혔다. 샤오미가 협력사를 초청해 여는 "
        "행사에 맞춰 마련된 자리로, 리밍 샤오미 대외협력 사장과 김수진 한국샤오미 홍보본부장이 "
        "함께했다.",
        "2019-09-22T17:41:00+09:00",
    )
    assert not abroad["is_visit"] and abroad["status"] == "no_korean_party"
    assert event_of("", "리밍 샤오미 사장이 9일 한국을 찾아 이재용 삼성전자 회장과 만났다.")[
        "is_visit"
    ]


def test_a_person_named_only_as_whose_company_it_is_is_no_visitor(kiwi):
    """ "머스크 CEO와 함께 스페이스X를 이끄는 숏웰 사장이 방한해": Shotwell visits, Musk is only
    named to say whose company it is."""
    event = event_of(
        "",
        "일론 머스크 최고경영자(CEO)와 함께 스페이스X를 이끄는 그윈 숏웰 사장이 방한해 "
        "10일 김동관 한화그룹 부회장과 만났다.",
    )
    assert event["is_visit"] and event["visitors"] == ["그윈 숏웰"]


def test_senior_executives_at_the_meeting_visit_with_their_head(kiwi):
    """A president or vice-president not in the lead visits when a head of his delegation
    does ("노키아 측에서는 ... 사장이 배석했다"); alone he would not make the article a visit."""
    body = (
        "요르마 올릴라 노키아 회장이 16일 방한해 이재용 삼성전자 회장과 만났다.\n"
        "삼성 측에서는 노태문 사장이 동행했고, 노키아 측에서는 마티 알라후타 휴대전화부문 사장 "
        "등이 배석했다."
    )
    event = event_of("", body, "2025-03-17T09:00:00+09:00")
    assert event["is_visit"] and set(event["visitors"]) == {"요르마 올릴라", "마티 알라후타"}


def test_a_visit_told_as_a_month_long_past_is_background():
    """ "지난 3월에는 ... 회동하기도 했다" in a September article: no day, but long ago."""
    body = (
        "이재용 삼성전자 회장이 4일 서울에서 미국 상원의원 대표단을 만났다.\n"
        "지난 3월에는 마크 저커버그 메타 최고경영자(CEO)가 방한해 이 회장과 회동하기도 했다."
    )
    event = event_of("이재용, 美 상원의원단 접견", body, "2025-09-04T18:00:00+09:00")
    assert not event["is_visit"] and event["status"] == "background"
    recent = body.replace("지난 3월에는", "지난달 말")
    event = event_of("이재용, 美 상원의원단 접견", recent, "2025-09-04T18:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["마크 저커버그"]


def test_a_phone_call_is_not_a_meeting():
    body = (
        "윤석열 대통령은 10일 오전 사티아 나델라 마이크로소프트(MS) 최고경영자(CEO)와 "
        "20분간 전화 통화를 하고 AI 협력 방안을 논의했다.\n"
        "두 사람은 데이터센터 투자에 대해서도 의견을 나눴다."
    )
    event = event_of("윤 대통령, 나델라 MS CEO와 통화", body)
    assert not event["is_visit"] and event["status"] == "virtual"


def test_a_trip_in_doubt_is_not_announced_as_a_visit():
    body = (
        "리드 헤이스팅스 넷플릭스 최고경영자(CEO)의 연내 방한 여부가 불투명하다.\n"
        "넷플릭스 관계자는 헤이스팅스 CEO의 방한 일정은 아직 정해진 것이 없다고 말했다."
    )
    event = event_of("헤이스팅스 넷플릭스 CEO 방한 불투명", body)
    assert not event["is_visit"] and event["status"] == "cancelled"


def test_a_senior_executive_met_at_their_company_named_in_the_headline():
    """The visitor's company is named only as the place ("엔비디아 본사에서 ... 부사장을
    만나"), and the headline is about meeting that company."""
    body = (
        "김정훈 과학기술정보통신부 제2차관이 미국 엔비디아 본사를 찾아 AI 협력 방안을 논의했다.\n"
        "과기정통부는 김 차관이 9일(현지시간) 산타클라라의 엔비디아 본사에서 제프 피셔 "
        "수석 부사장을 만나 GPU 공급 상황을 점검했다고 11일 밝혔다."
    )
    event = event_of("과기정통부 차관, 엔비디아 본사 방문", body, "2025-06-11T09:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["제프 피셔"]
    assert event["date"] == "2025-06-09"


def test_a_company_named_before_a_title_counts_everywhere_in_the_article():
    """ "에릭슨 CTO" teaches that 에릭슨 is a company; the headline "SK텔레콤·에릭슨 ...
    MOU" then names the senior executive's company and deal."""
    body = (
        "SK텔레콤이 5G 장비 기업과 공동 연구에 나선다.\n"
        "29일 상하이에서 열린 협약식에는 최진성 SK텔레콤 CTO와 울프 에발손 에릭슨 "
        "최고기술책임자(CTO)가 참석했다."
    )
    event = event_of("SK텔레콤·에릭슨, 상하이서 5G 공동연구 MOU", body, "2025-06-30T09:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["울프 에발손"]


@pytest.mark.parametrize("dot", ["·", "ㆍ", "・"])
def test_every_middle_dot_names_the_same_host(dot):
    """ㆍ (the Korean keyboard's middle dot) is a letter to Kiwi: "현대ㆍ기아차" was read as
    one word and lost the host the "·" spelling finds."""
    body = f"마크 베니오프 세일즈포스 CEO가 10일 방한해 정의선 현대{dot}기아차 수석부회장과 만났다."
    event = event_of("마크 베니오프 방한", body, "2025-06-10T09:00:00+09:00")
    assert event["is_visit"] and set(event["hosts"]) == {"정의선", "현대·기아차"}


@pytest.mark.parametrize(
    "title, body, visitor",
    [
        (  # a title word with a particle ends the words of the name after it
            "대통령, 지멘스 본사 방문",
            "대통령은 10일(현지시간) 뮌헨의 지멘스 본사를 찾아 협력을 논의했다.\n"
            "이번 방문에는 필리프 국왕과 한스 뮐러 지멘스 최고경영자(CEO), "
            "이재용 삼성전자 회장 등이 함께했다.",
            "한스 뮐러",
        ),
        (  # a division between the company and the title belongs to the title
            "에어비앤비 부사장 방한",
            "마리아 로페스 에어비앤비 정책부문 부사장이 10일 방한해 "
            "과학기술정보통신부 차관과 면담했다.",
            "마리아 로페스",
        ),
        (  # a Japanese name, family name first, then "<family name> 회장"
            "[인터뷰] 야마다 다로 도쿄일렉트론 회장",
            "야마다 다로 도쿄일렉트론 회장은 반도체 장비 시장을 낙관했다.\n"
            "야마다 회장은 10일 서울에서 열린 전시회에 참석하고 국내 고객사를 만나기 위해 "
            "한국을 찾았다.",
            "야마다 다로",
        ),
        (  # two unsure readings of the same words: the name is the pair both write
            "스포티파이 엘레나 로스 부사장 방한…방통위 면담",
            "엘레나 로스 스포티파이 부사장이 10일 방통위 부위원장과 면담했다.",
            "엘레나 로스",
        ),
        (  # the original spelling between the name and its title
            "인피니온 CEO 방한",
            "인피니온의 요헨 하네벡(Jochen Hanebeck) 최고경영자(CEO)가 10일 방한해 "
            "현대차 정의선 회장과 만났다.",
            "요헨 하네벡",
        ),
        (  # "<company>의" says the company: the three words after it are the name; its
            # first word alone before a title is the same person (family name first)
            "싱텔 추아 CEO, SK텔레콤 방문",
            "싱가포르 통신사 싱텔의 추아 속 콩 최고경영자(CEO)가 10일 방한했다.\n"
            "추아 CEO는 이날 유영상 SK텔레콤 대표와 만나 5G 협력을 논의했다.",
            "추아 속 콩",
        ),
        (  # a company suffix in either spelling of the plural ("시스템스" / "시스템즈")
            "오로라 CEO 방한",
            "토마스 베버 오로라 시스템스 CEO가 10일 방한해 이재용 삼성전자 회장과 만났다.",
            "토마스 베버",
        ),
        (  # a full name after the title: the lone word before it is what the title heads
            "퀄컴 오토모티브 총괄 나쿨 두갈 방한…현대차 만난다",
            "퀄컴의 나쿨 두갈(Nakul Duggal) 수석부사장이 10일 방한해 정의선 현대차그룹 회장과 "
            "만났다.",
            "나쿨 두갈",
        ),
        (  # "<company>의", a one-syllable family name, a business ("게임사업") before the title
            "넷이즈 마크 런 사장 방한",
            "넷이즈의 마크 런(Mark Ren) 게임사업 총괄 사장이 10일 방한해 김택진 엔씨소프트 대표와 "
            "만났다.",
            "마크 런",
        ),
        (  # a hyphenated family name after a given name that would pass for a Korean one
            "아르테 CEO 방한",
            "아르테의 사이먼 존스-파커 최고경영자(CEO)가 10일 방한해 유영상 SK텔레콤 대표와 만났다.",
            "사이먼 존스-파커",
        ),
        (  # "통신사" says what the company is; it is no name
            "남미 최대 통신사 오르비텔 CEO 방한",
            "오르비텔의 카를로스 멘데스 최고경영자(CEO)가 10일 방한해 김영섭 KT 대표와 만났다.",
            "카를로스 멘데스",
        ),
        (  # "본사" between the company and the title belongs to the title
            "에어비앤비 본사 CMO 방한",
            "마리아 로페스 에어비앤비 본사 최고마케팅책임자(CMO)가 10일 방한해 오세훈 서울시장과 "
            "만났다.",
            "마리아 로페스",
        ),
        (  # a foreigner's "위원회" is their company's board, no Korean public body
            "대통령, 알파소프트 창업자 접견",
            "윤석열 대통령은 10일 청와대에서 독일 소프트웨어 기업 알파소프트의 공동 창업자인 한스 "
            "베커(Hans Becker) 경영감독위원회 의장을 접견했다.",
            "한스 베커",
        ),
    ],
    ids=[
        "title-particle",
        "division",
        "family-first",
        "two-readings",
        "original-spelling",
        "three-words-after-company",
        "plural-suffix",
        "name-after-title",
        "one-syllable-family-name",
        "hyphenated-name",
        "kind-of-company",
        "headquarters",
        "foreign-board",
    ],
)
def test_name_shapes_of_visitors_not_in_the_dictionary(title, body, visitor):
    event = event_of(title, body, "2025-06-10T18:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == [visitor]


def test_compound_common_nouns_are_not_names():
    """ "외국 보험회사 대표들", "청년고용 워킹그룹 의장": common nouns before a title."""
    body = (
        "이재용 삼성전자 회장이 10일 승지원에서 외국 보험회사 대표들과 만찬을 했다.\n"
        "청년고용 워킹그룹 의장을 맡은 그는 일자리 문제를 논의했다."
    )
    event = event_of("이재용, 외국 보험사 대표들과 만찬", body, "2025-06-11T09:00:00+09:00")
    assert event["visitors"] == [] and not event["is_visit"]


def test_a_title_inside_a_longer_word_is_no_title():
    """ "대표단" is a delegation, "회장단" a group of chairmen: no title, so no person."""
    body = "오라클 파트너 대표단이 10일 방한했다.\n이 자리에는 재계 회장단도 참석했다."
    event = event_of("오라클 파트너 대표단 방한", body, "2025-06-10T18:00:00+09:00")
    assert event["visitors"] == [] and not event["is_visit"]


@pytest.mark.parametrize(
    "when, date",
    [
        ("논의했다고 12일 밝혔다.", None),
        ("지난 10일 만나 협력을 논의했다고 12일 밝혔다.", "2025-06-10"),
    ],
    ids=["announced-only", "meeting-day-named"],
)
def test_the_day_news_of_a_meeting_is_given_out_is_not_its_day(when, date):
    """ "면담했다고 12일 밝혔다": the 12th is when the ministry said so; the meeting's day is
    not given (unless the sentence names it)."""
    body = (
        "과학기술정보통신부는 이창윤 1차관이 크리스 존스 오라클 부사장과 "
        + ("만나 AI 협력을 " if "만나" not in when else "")
        + when
    )
    event = event_of("과기정통부 차관, 오라클 부사장 면담", body, "2025-06-12T15:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["크리스 존스"]
    assert event["date"] == date


@pytest.mark.parametrize(
    "who, visits",
    [
        ("루이민(陸益民) 차이나유니콤 총재", True),
        ("마틴 라우 텐센트 총재", True),
        ("아제이 방가 세계은행 총재", False),
        ("크리스탈리나 게오르기에바 국제통화기금 총재", False),
    ],
    ids=["telecom operator", "internet company", "bank", "fund"],
)
def test_a_companys_chongjae_heads_it_a_banks_is_an_official(who, visits):
    """總裁 heads a Chinese company ("화웨이 총재"), but a bank's or a fund's is an official."""
    body = f"장동현 SK텔레콤 사장은 8일 서울에서 {who}와 만나 5G 협력 방안을 논의했다."
    event = event_of("SK텔레콤 사장, 협력 논의", body, "2025-06-09T09:00:00+09:00")
    assert event["is_visit"] is visits
    assert bool(event["visitors"]) is visits


def test_a_homonym_of_a_cue_word_is_not_that_cue():
    """ "세계화상(華商)대회" is a convention of overseas Chinese merchants, not a video call."""
    body = (
        "제8차 세계화상(華商)대회에 참석 중인 류촨즈 롄샹그룹 회장이 11일 경기 수원시 "
        "삼성전자 홍보관을 찾아 이윤우 삼성전자 부회장을 만났다."
    )
    event = event_of("롄샹 회장, 삼성전자 방문", body, "2005-10-12T03:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["류촨즈"]


@pytest.mark.parametrize(
    "body, visit",
    [
        ("한스 뮐러 알파텍 회장이 10일 박형준 부산시장을 예방했다.", True),  # 禮訪: a call
        ("한스 뮐러 알파텍 회장이 10일 박형준 부산시장과 질병 예방 기술을 소개했다.", False),
    ],
    ids=["courtesy-call", "prevention"],
)
def test_a_courtesy_call_is_a_meeting_prevention_is_not(body, visit):
    event = event_of("알파텍 회장, 부산서 기술 소개", body, "2025-06-10T18:00:00+09:00")
    assert event["is_visit"] is visit


def test_a_headline_names_the_visitor_by_company_and_title():
    """ "FPT 회장, ... 韓 기업 대표와 간담회": the headline's meeting is the chairman's, whom
    the body names only when quoting him."""
    body = (
        "베트남 최대 IT기업 FPT가 21일 서울 롯데호텔에서 한국 주요 기업들과 간담회를 열었다.\n"
        '쯔엉 자 빈 FPT 회장은 "한국 기업들과 협력하겠다"고 말했다.'
    )
    event = event_of(
        "FPT 회장, 삼성·SK 등 韓 기업 대표와 간담회", body, "2019-06-21T10:00:00+09:00"
    )
    assert event["is_visit"] and event["visitors"] == ["쯔엉 자 빈"]


def test_a_headline_saying_a_meeting_is_put_off_is_no_visit():
    """ "면담 연기": the headline's noun style of "연기했다"."""
    body = "데이비드 톰슨 톰슨로이터 회장은 메르스 확산을 우려한 것으로 알려졌다."
    event = event_of("톰슨로이터 회장, 이재용 부회장 면담 연기", body, "2015-06-18T21:00:00+09:00")
    assert not event["is_visit"]


@pytest.mark.parametrize(
    "body, visit",
    [
        (
            "마르쿠스 밀레 밀레 CEO가 안규문 밀레코리아 대표의 퇴임 기념 기자간담회에 참석하려고 "
            "27일 직접 한국을 찾았다.",
            False,
        ),
        (
            "세르게이 브린 알파벳 사장이 12일 입국해 취재진에게 대국 소감을 밝혔다.",
            False,
        ),
        (
            "크리스찬 클라인 SAP CEO가 14일 방한해 국내 주요 고객사 경영진과 만났다.",
            True,
        ),
        (  # the country describes the company; the visit is to Korea
            "인도 IT기업 알파소프트의 산딥 사로드 부사장이 14일 방한해 국내 기업들과 만났다.",
            True,
        ),
        (  # a Korean city, no named host
            "인도 알파소프트의 산딥 사로드 부사장은 7일 대구를 찾아 지역 기업들과 상담을 벌인다.",
            True,
        ),
    ],
    ids=[
        "own Korean branch and the press",
        "the press only",
        "unnamed Korean customers",
        "a country before the company",
        "a korean city",
    ],
)
def test_in_korea_unnamed_korean_parties_make_a_visit_the_press_or_the_branch_do_not(body, visit):
    event = event_of("방한", body, "2022-06-14T18:00:00+09:00")
    assert event["is_visit"] is visit


def test_the_day_of_an_attribution_is_not_the_meetings_day():
    """ "22일 업계에 따르면 ... 지난달 말 만났다": the 22nd is when the sources spoke."""
    body = (
        "22일 반도체 업계에 따르면 애니루드 데브간 케이던스 최고경영자(CEO)는 지난달 말 "
        "한국을 찾아 경계현 삼성전자 사장을 만났다."
    )
    event = event_of("삼성전자 사장, 케이던스 CEO와 회동", body, "2024-02-22T17:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["애니루드 데브간"]
    assert event["date"] is None


def test_an_agreement_signed_with_a_korean_leader_is_a_meeting():
    """Signing with a named Korean leader ("지사는 ... 부사장과 협약을 체결했다") means they
    met; a deal between organisations alone does not."""
    signed = (
        "김동연 경기도지사는 9일(현지시간) 미국 시애틀에서 로라 맥켄지 아마존웹서비스(AWS) "
        "부사장과 데이터센터 투자 협약을 체결했다."
    )
    event = event_of("경기도, AWS와 데이터센터 협약", signed, "2025-06-11T09:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["로라 맥켄지"]
    assert "김동연" in event["hosts"] and event["date"] == "2025-06-09"
    between_organisations = (
        "로라 맥켄지 아마존웹서비스(AWS) 부사장은 데이터센터 수요가 늘고 있다고 말했다.\n"
        "AWS는 9일 경기도와 데이터센터 투자 협약을 체결했다."
    )
    event = event_of(
        "경기도, AWS와 데이터센터 협약", between_organisations, "2025-06-11T09:00:00+09:00"
    )
    assert not event["is_visit"]


@pytest.mark.parametrize(
    "body, hosts",
    [
        (  # the presidential office is where the president receives, and a host
            "윤석열 대통령은 10일 청와대에서 한스 베커 알파소프트 회장을 접견했다.",
            {"윤석열", "청와대"},
        ),
        (  # a governor heads his province, a mayor his city
            "김동연 경기도지사와 정장선 평택시장은 10일 평택에서 한스 베커 알파소프트 회장과 "
            "만났다.",
            {"김동연", "경기도", "정장선", "평택시"},
        ),
        (  # a lawmaker's party is whose side he is on, not whom the visitor met
            "한스 베커 알파소프트 회장은 10일 국회에서 추경호 국민의힘 원내대표를 만났다.",
            {"추경호"},
        ),
        (  # a Korean name with a city in it ("창원") is still a name
            "한스 베커 알파소프트 회장은 10일 최창원 SK디스커버리 부회장을 만났다.",
            {"최창원", "SK디스커버리"},
        ),
        (  # where the host stands in the photo, between the name and the title
            "박영선(오른쪽 첫 번째) 중소벤처기업부 장관이 10일 스위스 다보스에서 한스 베커 "
            "알파소프트 회장을 만났다.",
            {"박영선", "중소벤처기업부"},
        ),
    ],
    ids=["presidential-office", "local-government", "party", "city-in-a-name", "photo-place"],
)
def test_hosts_named_by_a_place_or_a_title(body, hosts):
    event = event_of("알파소프트 회장 방한", body, "2025-06-10T18:00:00+09:00")
    assert event["is_visit"] and set(event["hosts"]) == hosts


def test_a_meeting_told_after_the_sentence_that_dates_it():
    """ "20일 착공식을 열었다. 김 지사와 ... 대표 등이 자리했다": the day is the ceremony's."""
    body = (
        "알파소프트코리아는 20일 평택에서 공장 착공식을 열었다.\n"
        "김동연 경기도지사와 한국을 찾은 한스 베커 알파소프트 회장 등 100여 명이 자리했다."
    )
    event = event_of("알파소프트, 평택 공장 착공", body, "2025-06-20T18:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["한스 베커"]
    assert event["date"] == "2025-06-20"


def test_a_word_read_once_as_a_proper_noun_is_never_a_common_one():
    """After "기자 = " Kiwi reads "미야우치" as a common noun, in the headline as a proper one:
    the name keeps its first word."""
    body = (
        "[서울=뉴시스] 김철수 기자 = 미야우치 켄 소프트뱅크 회장이 10일 방한해 최수연 네이버 대표와 "
        "만났다."
    )
    event = event_of("소프트뱅크 미야우치 회장, 네이버 방문", body, "2025-06-10T18:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["미야우치 켄"]


def test_a_visitor_named_in_someone_elses_words_is_not_in_the_room():
    body = (
        "박성철 에픽게임즈코리아 대표는 10일 기자들과 만나 “회사에 오래 있을 수 있었던 것은 "
        "조 케저 본사 회장의 철학에 공감했기 때문”이라고 말했다."
    )
    event = event_of("에픽게임즈코리아 대표 간담회", body, "2025-06-10T18:00:00+09:00")
    assert not event["is_visit"]


@pytest.mark.parametrize(
    "title, body, visitor",
    [
        (  # the original spelling ends the name; the company follows it
            "훙하이 회장 방한",
            "궈핑(郭平) 훙하이정밀 회장이 10일 방한해 이재용 삼성전자 회장과 만났다.",
            "궈핑",
        ),
        (  # what the article calls the company ("전자상거래 업체") outweighs its partner's
            # industry ("패션") told around it
            "알파몰 부회장 방한, 이랜드와 협력",
            "중국 최대 전자상거래 업체 알파몰의 장젠훙 부회장이 10일 한국을 찾아 이규창 이랜드그룹 "
            "대표와 패션 협력 방안을 논의했다.\n장 부회장은 이날 패션위크를 앞두고 국내 패션 기업들을 "
            "만났다.",
            "장젠훙",
        ),
        (  # an item of a bulleted list begins at its bullet
            "이재용, 美 출장서 고객사 수장들 만나",
            "이재용 삼성전자 부회장이 미국 출장에서 고객사 수장들을 잇따라 만났다.\n"
            "이 부회장이 10일 만난 인사는 다음과 같다.\n"
            "▲토마스 베버 오로라소프트 CEO: 메모리 공급 방안을 논의했다.",
            "토마스 베버",
        ),
        (  # "창업자인 <name> <company> 사장": the word before the second title is its company
            "아사나 CEO 방한",
            "페이스북 공동창업자인 더스틴 모스코비츠 아사나 CEO가 10일 방한해 최태원 SK그룹 "
            "회장과 만났다.",
            "더스틴 모스코비츠",
        ),
        (  # a division written apart belongs to the title, whose rank the brackets give
            "현대차, 알파텍과 협약",
            "현대차는 10일 알파텍 본사에서 협약을 맺었다. 체결식에는 김흥수 현대차그룹 부사장과 "
            "한스 뮐러 알파텍 오토모티브 사업부장(사장)이 참석했다.",
            "한스 뮐러",
        ),
        (  # a clause ending in "가운데" before a name: a common noun Kiwi knows, no given name
            "알파텍 회장 방한",
            "해외 IT 기업 수장들의 방한이 이어지는 가운데 한스 뮐러(Hans Mueller) 알파텍 회장이 "
            "10일 최수연 네이버 대표를 만났다.",
            "한스 뮐러",
        ),
        (  # the age after the name, and a nationality before the company
            "알파텍 사장 방한",
            "미국 알파텍 피터 존슨(58) 사장이 10일 방한해 최수연 네이버 대표를 만났다.\n"
            "존슨 사장은 협력 방안을 논의했다.",
            "피터 존슨",
        ),
        (  # a Japanese name that reads like a Korean one, family name first, after 일본
            "베타기공 사장 방한",
            "일본 베타기공㈜ 시노하라 오사무(67) 사장이 10일 박형준 부산시장을 예방했다.\n"
            "시노하라 사장은 부산에 한국법인을 세우겠다고 밝혔다.",
            "시노하라 오사무",
        ),
        (  # a company Kiwi does not know, read as "...(이)라"
            "KT, 텔리아소네라와 협력",
            "김영섭 KT 대표는 10일 방한한 요한 다넬린드 텔리아소네라 최고경영자와 만나 협력을 "
            "논의했다.",
            "요한 다넬린드",
        ),
        (  # the head of an organisation in brackets after it
            "부산시, 베타기공과 투자협약",
            "박형준 부산시장은 10일 도쿄에서 일본 베타기공(대표이사 시노하라 오사무)과 투자 "
            "양해각서를 체결했다.",
            "시노하라 오사무",
        ),
        (  # a negation describing the visitor is not about the meeting
            "알파텍 회장, 네이버 방문",
            "전날 기공식에는 나타나지 않았던 알파텍의 한스 뮐러 회장이 10일 네이버를 찾아 "
            "최수연 대표를 만났다.",
            "한스 뮐러",
        ),
        (  # particles inside a European family name
            "알파텍 CTO 방한",
            "마틴 반 덴 브링크 알파텍 최고기술책임자(CTO)가 10일 방한해 최수연 네이버 대표를 "
            "만났다.",
            "마틴 반 덴 브링크",
        ),
        (  # the original spelling with accented letters; "방한 기간 박 사장" is no name
            "SKT, 알파텔레콤과 협력",
            "SK텔레콤은 10일 유영상 사장과 팀 회트게스(Timotheus Höttges) 알파텔레콤 회장이 "
            "만나 협력 방안을 논의했다.\n회트게스 회장은 방한 기간 유 사장과 함께 타운홀 "
            "미팅을 열었다.",
            "팀 회트게스",
        ),
        (  # a company named after its country, not part of the name
            "중국 통신사 회장 방한",
            "창샤오빙 중국롄퉁 회장이 10일 방한해 유영상 SK텔레콤 사장을 만났다.",
            "창샤오빙",
        ),
    ],
    ids=[
        "original-spelling-ends-the-name",
        "described-as-tech",
        "bullet",
        "name-between-two-titles",
        "division-apart",
        "clause-before-the-name",
        "age-and-nationality",
        "japanese-name-after-nationality",
        "unknown-word-as-copula",
        "head-in-brackets",
        "negation-describing-the-visitor",
        "particles-in-a-family-name",
        "accented-original-spelling",
        "company-named-after-its-country",
    ],
)
def test_visitors_in_the_shapes_of_longer_reports(title, body, visitor):
    event = event_of(title, body, "2025-06-10T18:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == [visitor]


def test_keynotes_of_an_event_held_online_are_not_visits():
    body = (
        "반도체 전시회가 10일 막을 올린다. 올해는 온라인으로만 진행된다.\n"
        "12일에는 마크 로빈스 램리서치 CEO가 기조연설자로 나선다."
    )
    event = event_of(
        "반도체 전시회 10일 온라인 개막…글로벌 수장 기조연설", body, "2025-06-09T09:00:00+09:00"
    )
    assert event["visitors"] == ["마크 로빈스"] and not event["is_visit"]
    assert event["status"] == "virtual"


@pytest.mark.parametrize(
    "body, visit",
    [
        (  # "이 자리에서": the chairman was at the dinner told before
            "이화순 경기도 행정2부지사가 이끄는 대표단은 9일 도쿄 시내 한 음식점에서 일본 기업 "
            "경영진과 만찬 간담회를 가졌다. "
            "구리키 야스유키 도쿄일렉트론 회장은 이 자리에서 경기도에 감사를 표했다.",
            True,
        ),
        (  # the occasion is a press conference: no one is met there
            "이화순 경기도 행정2부지사가 이끄는 대표단은 9일 도쿄에서 기자간담회를 열었다. "
            "구리키 야스유키 도쿄일렉트론 회장은 이 자리에서 경기도에 감사를 표했다.",
            False,
        ),
    ],
)
def test_a_visitor_named_at_the_occasion_told_before(kiwi, body, visit):
    event = event_of("경기도, 일본 기업과 간담회", body, "2019-04-09T22:00:00+09:00")
    assert event["is_visit"] is visit, event
    if visit:
        assert event["visitors"] == ["구리키 야스유키"] and "이화순" in event["hosts"], event


def test_a_province_is_a_host_as_its_government_and_no_host_as_a_place(kiwi):
    """ "충북도" that met the visitor is a host; "경기도에 있는 기술센터" only says where."""
    met = event_of(
        "재세능원 충주 2공장 기공식",
        "바이호우샨 롱바이 회장은 18일 충주에서 황현구 충북도 정무특별보좌관과 만나 "
        "양극재 공장 증설을 논의했다.",
        "2023-08-18T14:00:00+09:00",
    )
    assert "충청북도" in met["hosts"], met
    place = event_of(
        "디커슨 CEO 방한",
        "게리 디커슨 어플라이드 머티어리얼즈 CEO가 13일 경기도에 있는 삼성전자 협력사 "
        "기술센터를 방문했다.",
        "2024-06-13T16:00:00+09:00",
    )
    assert "경기도" not in place["hosts"], place


def test_the_head_of_an_association_is_no_tech_visitor(kiwi):
    event = event_of(
        "네덜란드 경제사절단 방한",
        "인그리드 타이슨 네덜란드 경영자협회 회장이 14일 현대차 남양연구소를 방문했다.",
    )
    assert not event["is_visit"], event


def test_a_korean_named_only_in_someones_words_is_no_host(kiwi):
    event = event_of(
        "베닝크 ASML CEO 방한",
        "피터 베닝크 ASML CEO는 15일 서울 코엑스에서 열린 간담회에서 “이재용 회장과는 오랜 "
        "인연으로 개인적인 대화도 나눈다”고 말했다. 그는 곽노정 SK하이닉스 사장과 만났다.",
        "2022-11-15T14:30:00+09:00",
    )
    assert "곽노정" in event["hosts"] and "이재용" not in event["hosts"], event


@pytest.mark.parametrize(
    "body",
    [
        "산제이 메흐로트라 마이크론 CEO가 17일 한국을 찾아 마이크론 한국법인 사무실을 둘러봤다.",
        "ASML코리아는 크리스토프 푸케 ASML CEO가 17일 한국을 찾아 화성 사업장을 둘러봤다고 밝혔다.",
    ],
)
def test_a_visit_to_the_companys_own_korean_arm_is_no_visit(kiwi, body):
    event = event_of("CEO 방한", body, "2019-06-18T11:00:00+09:00")
    assert not event["is_visit"] and event["status"] == "no_korean_party", event


def test_a_speaker_for_the_company_met_just_before_was_at_the_meeting(kiwi):
    """ "... FPT그룹 경영진과 회의를 열었다. 응우옌 테 푸엉 FPT그룹 부총괄사장은 ... 말했다";
    the headline's "FPT" is the same company."""
    event = event_of(
        "과기정통부 대표단, 하노이 FPT 본사 찾아 AI 협력 논의",
        "베트남 기술기업 FPT가 AI 분야에서 한국 정부와 손잡기 위한 논의에 나섰다.\n"
        "이도규 과학기술정보통신부 실장이 이끄는 대표단이 22일 하노이 FPT 타워를 찾아 "
        'FPT그룹 경영진과 회의를 열었다.\n응우옌 테 푸엉 FPT그룹 부총괄사장은 "AI에서 '
        '협력할 가능성이 크다"고 말했다.',
        "2026-01-25T10:07:00+09:00",
    )
    assert (
        event["is_visit"] and event["visitors"] == ["응우옌 테 푸엉"] and "이도규" in event["hosts"]
    ), event


def test_meetings_told_without_a_subject_go_on_with_the_one_before(kiwi):
    event = event_of(
        "이재용, 美 출장서 빅테크 수장 연쇄 회동",
        "이재용 삼성전자 회장이 2주간의 미국 출장을 마치고 13일 귀국했다.\n"
        "그는 출장 성과를 묻는 질문에 답하지 않았다.\n"
        "이 회장은 4일(현지시간) 뉴욕에서 한스 베스트베리 버라이즌 CEO를 만나 협력을 "
        "논의했다.\n이후 서부로 옮겨 크리스티아노 아몬 퀄컴 CEO와 통신칩 협력을 논의했다. "
        "앤디 재시 아마존 CEO와도 클라우드를 주제로 대화했다.",
        "2024-06-14T08:55:00+09:00",
    )
    assert set(event["visitors"]) == {"한스 베스트베리", "크리스티아노 아몬", "앤디 재시"}, event


def test_the_day_of_a_meeting_held_before_the_day_of_one_to_come(kiwi):
    event = event_of(
        "빌 게이츠, 이재용 부회장과 만찬…22일엔 대통령 접견",
        "빌 게이츠 MS 창업자가 21일 방한 첫 일정으로 삼성전자를 찾았다. 게이츠는 이날 "
        "저녁 이재용 삼성전자 부회장과 회동하고 만찬을 함께했다. 게이츠는 22일 청와대에서 "
        "박근혜 대통령을 만날 예정이다.",
        "2013-04-21T22:00:00+09:00",
    )
    assert event["date"] == "2013-04-21", event


def test_the_meeting_day_outweighs_the_day_of_arrival(kiwi):
    """ "17일 방한했다 ... 18일 ... 조인식을 갖는다": 방한 is the arrival, the signing the
    meeting."""
    event = event_of(
        "HTC 회장 방한",
        "피터 초우 HTC 회장이 17일 방한했다. 초우 회장은 18일 서울에서 이석채 KT 회장과 "
        "합작 조인식을 갖는다.",
        "2002-10-18T09:00:00+09:00",
    )
    assert event["date"] == "2002-10-18", event


def test_korean_associations_and_agencies_are_hosts(kiwi):
    event = event_of(
        "ASML CEO, 반도체협회 방문",
        "크리스토프 푸케 ASML CEO는 12일 한국반도체산업협회와 한국광학기기협회를 잇따라 찾아 "
        "협력 방안을 논의했다.",
        "2025-11-12T10:00:00+09:00",
    )
    assert {"한국반도체산업협회", "한국광학기기협회"} <= set(event["hosts"]), event


def test_could_not_attend_is_no_visit(kiwi):
    event = event_of(
        "반도체대전 개막",
        "개막식에서는 리사 수 AMD CEO의 영상 축사가 상영됐다. 행사를 주관한 "
        "한국반도체산업협회 측은 수 CEO가 일정상 직접 참석하지는 못했다고 설명했다.",
        "2023-10-25T17:30:00+09:00",
    )
    assert not event["is_visit"], event


def test_a_meeting_of_the_day_with_a_past_year_in_its_sentence_is_news(kiwi):
    event = event_of(
        "朴대통령 만난 웬델 윅스 코닝 회장",
        "코닝은 지난해 삼성코닝 지분을 인수했다.\n박근혜 대통령은 4일 오후 청와대에서 웬델 윅스 "
        "코닝 회장 일행을 접견하고 1973년 이래 이어진 투자에 감사를 표했다.",
        "2014-11-04T18:20:00+09:00",
    )
    assert event["is_visit"] and event["date"] == "2014-11-04" and "박근혜" in event["hosts"]


def test_he_continues_the_visitor_named_a_few_sentences_before(kiwi):
    event = event_of(
        'SAP 클라인 CEO "공급망이 최대 숙제"',
        "크리스찬 클라인 SAP CEO는 14일 서울에서 열린 기자간담회에서 공급망을 꼽았다.\n클라인 "
        "CEO는 42세의 젊은 경영자다.\n취임 초에는 당시 공동 CEO와 역할을 나눴다.\n그는 이번 "
        "방한 기간 이재용 삼성전자 회장을 만난다.",
        "2022-06-14T16:25:00+09:00",
    )
    assert event["is_visit"] and "이재용" in event["hosts"], event


def test_members_of_a_delegation_visit_with_its_leader(kiwi):
    event = event_of(
        "칭화기업집단 쑹쥐 총재 등 中 IT 대표 9명 31일 방한",
        "칭화기업집단의 쑹쥐 총재를 비롯한 중국 IT 업계 대표단이 31일 한국을 찾는다.\n"
        "방문단에는 진바오치 시나닷컴 집행부총경리와 쉬징홍 칭화건설 총경리가 포함됐다.\n"
        "첫날에는 이상희 국회 과학기술정보통신위원장이 마련한 만찬이 열린다.",
        "2000-08-29T15:00:00+09:00",
    )
    assert {"쑹쥐", "진바오치", "쉬징홍"} <= set(event["visitors"]), event


def test_a_keynote_heard_from_the_audience_is_no_meeting(kiwi):
    event = event_of(
        "CES 2024 총출동한 재계 총수들",
        "최태원 SK그룹 회장은 8일(현지시간) 라스베이거스에서 롤란드 부시 지멘스 CEO의 "
        "기조연설을 객석에서 들었다.",
        "2024-01-10T14:14:00+09:00",
    )
    assert not event["is_visit"], event


def test_a_division_of_a_korean_company_is_no_host(kiwi):
    event = event_of(
        "퀄컴 CEO 방한",
        "크리스티아노 아몬 퀄컴 CEO는 10일 서울에서 고동진 삼성전자 무선사업부 사장과 만났다.",
    )
    assert "고동진" in event["hosts"] and "무선사업부" not in event["hosts"], event


def test_hanja_visit_words_of_headlines(kiwi):
    event = event_of(
        "유상임 장관, 방미 나흘간 FCC 이어 엔비디아 본사行",
        "과학기술정보통신부 유상임 장관이 미국을 방문해 AI 협력 방안을 논의했다고 18일 밝혔다.\n"
        "유 장관은 FCC 위원장과 만나 통신 해킹 대응에 뜻을 모았다.\n"
        "유 장관은 또 실리콘밸리의 엔비디아 본사를 찾아 제이 퓨리 총괄 부사장 등과 면담했다.",
        "2025-05-18T14:00:00+09:00",
    )
    assert event["is_visit"] and "제이 퓨리" in event["visitors"], event


def test_a_meeting_told_without_a_subject_is_the_visitors(kiwi):
    event = event_of(
        "올트먼, 하루에 SK·크래프톤 연쇄 회동",
        "샘 올트먼 오픈AI CEO는 4일 최태원 SK그룹 회장과 면담했다.\n"
        "올트먼 CEO는 면담 소감을 묻자 짧게 답했다.\n"
        "SK는 오픈AI의 주요 협력사다.\n"
        "오전 중에는 곽노정 SK하이닉스 사장과도 30분가량 면담했다.",
        "2025-02-04T18:00:00+09:00",
    )
    assert {"최태원", "곽노정"} <= set(event["hosts"]), event


def test_a_handshake_is_a_meeting(kiwi):
    event = event_of(
        "[포토] 정의선, 싱가포르서 그랩 창업자와 악수",
        "정의선 현대자동차그룹 수석부회장과 앤서니 탄 그랩 CEO가 6일 싱가포르에서 열린 포럼에서 "
        "악수하고 있다.",
        "2018-11-08T03:00:00+09:00",
    )
    assert event["is_visit"] and "정의선" in event["hosts"], event


def test_the_mayor_of_a_city_abroad_is_no_korean_host(kiwi):
    event = event_of(
        "젠슨 황, 대만 방문",
        "젠슨 황 엔비디아 CEO는 27일 타이베이에서 장완안 타이베이시장과 만나 신사옥 부지를 논의했다.",
        "2025-11-28T10:00:00+09:00",
    )
    assert "장완안" not in event["hosts"] and not event["is_visit"], event


@pytest.mark.parametrize(
    "title, body",
    [
        (
            "CATL 회장 내주 방한…현대차와 만남 여부 '촉각'",
            "쩡위췬 CATL 회장이 다음주 한국을 찾는다.\n정의선 현대차그룹 회장을 만날지도 관심이다.",
        ),
        (
            "AMD CEO 방한…삼성 회동 가능성",
            "리사 수 AMD CEO가 다음 주 방한한다.\n이재용 삼성전자 회장과 만날지 주목된다.",
        ),
    ],
)
def test_whether_they_will_meet_is_no_meeting(kiwi, title, body):
    event = event_of(title, body)
    assert not event["hosts"], event


def test_he_after_a_time_continues_the_korean_named_before(kiwi):
    event = event_of(
        "KT 회장, 상하이서 GSMA 회의 참석",
        "황창규 KT 회장이 14일 중국 상하이에서 열린 GSMA 회의에 참석했다.\n"
        "황 회장은 회의에서 5G 표준화를 강조했다.\n"
        "같은 날 그는 차이나모바일의 시궈화 회장과 만나 5G 협력을 논의했다.",
        "2015-07-15T10:00:00+09:00",
    )
    assert event["is_visit"] and {"황창규", "KT"} <= set(event["hosts"]), event


def test_receiving_a_delegation_is_a_meeting(kiwi):
    event = event_of(
        "이건희 회장, 소니 사장 맞아",
        "이건희 삼성 회장이 20일 승지원에서 주바치 료지 소니 사장 일행을 맞았다.",
        "2005-04-20T19:00:00+09:00",
    )
    assert event["is_visit"] and "이건희" in event["hosts"], event


def test_the_desk_of_a_dateline_is_no_ministry(kiwi):
    event = event_of(
        "정의선, 모빌아이 CEO와 회동",
        "[이투데이 산업부 기자] 정의선 현대자동차 부회장이 17일 암논 샤슈아 모빌아이 CEO를 만났다.",
        "2017-10-17T18:10:00+09:00",
    )
    assert event["is_visit"] and "산업통상자원부" not in event["hosts"], event


def test_a_company_word_after_a_chinese_name_is_its_company(kiwi):
    doc = analyze(
        {
            "title": "한중 기업인 포럼",
            "body": "최태원 SK 회장은 14일 베이징에서 쉬허이 베이징자동차 회장과 만났다.",
            "published_at": "2017-12-14T09:00:00+09:00",
        }
    )
    persons = {p["name"]: p["titles"] for p in doc["entities"]["persons"]}
    assert persons.get("쉬허이") == ["베이징자동차 회장"], persons
    assert (
        "not a tech visitor: 쉬허이 (베이징자동차)"
        in doc["event"]["relevance_parts"]["explanation"]
    )


def test_an_arabic_name_with_al_is_one_name(kiwi):
    event = event_of(
        "석유공사, UAE 국영석유 총재와 회동",
        "서문규 한국석유공사 사장이 22일 서울에서 압둘라 나세르 알 스와이디 아부다비국영석유회사 "
        "총재를 만났다.",
        "2014-12-22T18:28:00+09:00",
    )
    doc_persons = event["relevance_parts"]["explanation"]
    assert "not a tech visitor: 압둘라 나세르 알 스와이디 (아부다비국영석유회사)" in doc_persons


def test_a_particle_before_a_company_is_the_end_of_a_name(kiwi):
    event = event_of(
        "베트남 FPT 회장 방한",
        "쯔엉 자 빈 FPT 회장이 21일 서울 롯데호텔에서 최태원 SK 회장과 만났다.",
        "2019-06-21T18:00:00+09:00",
    )
    assert event["is_visit"] and event["visitors"] == ["쯔엉 자 빈"], event


@pytest.mark.parametrize(
    "body",
    [
        "이재용 회장은 시애틀에서 앤디 재시 아마존 CEO와 생성형 AI 시장 전망을 공유했다.",
        "이재용 회장은 시애틀에서 앤디 재시 아마존 CEO와 AI 협력에 대한 의견을 나눴다.",
    ],
)
def test_sharing_views_is_a_meeting(kiwi, body):
    event = event_of("이재용, 美 출장 마치고 귀국", body, "2023-05-13T21:00:00+09:00")
    assert event["is_visit"] and "앤디 재시" in event["visitors"], event


@pytest.mark.parametrize(
    "body, name, titles",
    [
        (  # a foreign given name that reads like a Korean name
            "ARM의 차기 CEO로 내정된 사이먼 시거스 사장이 삼성전자를 찾았다.",
            "사이먼 시거스",
            ["ARM 차기 CEO", "사장"],  # (차기: the CEO-designate)
        ),
        (  # the name between other words and its country
            "방문단 가운데 당딘람 베트남 우전공사(VNPT) 사장은 이상철 한국통신 사장을 예방했다.",
            "당딘람",
            ["우전공사(VNPT) 사장"],
        ),
    ],
)
def test_names_of_foreign_visitors(kiwi, body, name, titles):
    doc = analyze({"title": "", "body": body, "published_at": "2013-05-23T18:00:00+09:00"})
    persons = {p["name"]: p["titles"] for p in doc["entities"]["persons"]}
    assert persons.get(name) == titles, persons


def test_the_family_name_alone_is_the_foreigner_even_when_it_reads_korean(kiwi):
    event = event_of(
        "블리자드 CEO 방한",
        "마이크 모하임 블리자드 CEO가 17일 방한해 김택진 엔씨소프트 대표를 만났다.\n"
        "모하임 CEO는 e스포츠 현장도 둘러봤다.",
        "2015-12-20T10:00:00+09:00",
    )
    assert event["visitors"] == ["마이크 모하임"] and "모하임" not in event["hosts"], event


def test_a_name_after_the_title_of_a_company_teaches_the_headlines_reading(kiwi):
    event = event_of(
        "정의선 부회장, 이스라엘 모빌아이 샤슈아 CEO와 회동",
        "정의선 현대자동차 부회장이 모빌아이의 창업자 겸 최고경영자(CEO) 암논 샤슈아를 "
        "만났다.\n정 부회장은 이날 오전 서울 양재동 사옥을 찾은 샤슈아 CEO와 면담했다.",
        "2017-10-17T18:10:00+09:00",
    )
    assert event["visitors"] == ["암논 샤슈아"], event


@pytest.mark.parametrize(
    "title, body, published",
    [
        (
            "CATL 회장 이달 말 방한…현대차·SK 총수와 면담 추진",
            "쩡위췬 CATL 회장이 이달 말 한국을 찾는다.\n쩡 회장은 방한 기간 정의선 현대자동차그룹 "
            "회장과의 만남을 추진하고 있다. 다만 면담 날짜와 장소는 아직 조율 중이다.",
            "2025-10-13T10:00:00+09:00",
        ),
        (
            "머크 수석부사장 방한",
            "독일 머크의 마티아스 하인첼 수석부사장이 최근 한국을 찾아 평택 공장을 점검하고 내부 회의를 "
            "가졌다고 회사가 10일 밝혔다.",
            "2025-03-10T09:00:00+09:00",
        ),
        (
            '썬 회장 "한국은 핵심 파트너"',
            "스콧 맥닐리 썬마이크로시스템스 회장은 9일 서울 롯데호텔에서 기자간담회를 열었다.\n"
            "그는 이날 킨텍스에서 개막한 한국전자전에 참석하려고 방한했다.",
            "2007-10-10T03:00:00+09:00",
        ),
        (
            "월드컵 개막식 CEO 초청 차질",
            "빌 게이츠 마이크로소프트 회장과 요르마 올릴라 노키아 회장 등도 아직 방한 일정을 잡지 "
            "못했다.",
            "2002-01-31T05:00:00+09:00",
        ),
        (
            "나델라 MS CEO 방한",
            "사티아 나델라 MS CEO가 7일 서울에서 열리는 MS 콘퍼런스 기조연설을 위해 6일 입국했다.\n"
            "나델라 CEO는 7일 기자간담회를 열고 AI 전략을 소개했다.",
            "2018-11-06T10:00:00+09:00",
        ),
        (
            "현대차·SK, 그랩과 잇단 맞손",
            "현대차그룹은 그랩과 함께 동남아 시장에 전기차 200대를 공급했다.\n"
            "정의선 현대차그룹 수석부회장은 앞서 앤서니 탄 그랩 대표와 만나 협력 방안을 논의한 바 "
            "있다.",
            "2019-05-30T10:00:00+09:00",
        ),
        (
            "젠슨 황, 경주 APEC 오나",
            "젠슨 황 엔비디아 CEO가 최태원 대한상공회의소 회장으로부터 APEC CEO 서밋 초청장을 받은 "
            "것으로 22일 확인됐다.\n엔비디아 측은 방한 여부는 아직 정해진 것이 없다는 입장이다.",
            "2025-04-22T10:00:00+09:00",
        ),
        (
            "케빈 터너 MS COO, 암참 오찬 강연",
            "케빈 터너 마이크로소프트(MS) 최고운영책임자(COO)는 24일 서울에서 주한미국상공회의소가 연 "
            "오찬 간담회 연사로 나서 MS의 경영 전략을 소개했다.",
            "2014-04-24T18:00:00+09:00",
        ),
        (
            "르노 회장 방한",
            "루이 슈웨체르 르노 회장이 10일 방한해 부산시장과 만나 공장 증설을 협의했다.",
            "2005-03-10T09:00:00+09:00",
        ),
        (  # a carmaker group whose name is its chairman's family name
            "아난드 마힌드라 총괄회장, 쌍용차 평택공장 찾아 격려",
            "아난드 마힌드라 마힌드라그룹 총괄회장이 11일 방한해 쌍용차 평택공장을 찾아 "
            "예병태 쌍용차 사장과 만났다.",
            "2019-06-11T09:00:00+09:00",
        ),
        (  # an AI investment fund: an investor
            "국가AI전략위, UAE MGX와 협력 논의",
            "임문영 부위원장이 지난 5일 아부다비에서 MGX의 데이비드 스콧 최고전략책임자(CSO)와 "
            "만나 협력 방안을 논의했다.",
            "2025-11-08T09:00:00+09:00",
        ),
    ],
    ids=[
        "meeting-pursued",
        "internal-meeting",
        "show-and-press",
        "no-date-fixed",
        "keynote-and-press",
        "done-before",
        "invitation",
        "lecture",
        "carmaker",
        "carmaker group",
        "fund",
    ],
)
def test_what_is_no_visit(kiwi, title, body, published):
    """A meeting only pursued, internal meetings, a show and the press, a keynote, a date not
    fixed, a meeting done before, an invitation, a lecture, a carmaker's head: no visit."""
    event = event_of(title, body, published)
    assert not event["is_visit"], event


def test_a_contract_in_the_headline_makes_its_signers_visitors(kiwi):
    event = event_of(
        "현대차·기아, 獨 인피니언과 전력반도체 전략 협업…뮌헨 본사서 계약",
        "현대차·기아는 17일(현지시간) 독일 뮌헨 인피니언 본사에서 전력반도체 협업 계약을 "
        "체결했다고 18일 밝혔다.\n체결식에는 김흥수 현대차그룹 부사장과 피터 쉬퍼 인피니언 "
        "오토모티브 사업부 사장이 참석했다.",
        "2023-10-18T10:00:00+09:00",
    )
    assert event["is_visit"] and "피터 쉬퍼" in event["visitors"], event


@pytest.mark.parametrize(
    "stay, expected",
    [
        ("오는 28일을 전후해 사흘 일정으로 방한해 조용병 신한금융지주 회장과 만난다", None),
        ("오는 28일께 방한해 조용병 신한금융지주 회장과 만난다", None),  # a rough day
        # the stay's start is not the day; the lunch is
        ("지난 11일부터 사흘간 방한해 조용병 신한금융지주 회장과 만났다", "2018-03-12"),
        ("지난 17일 경기도청을 찾아 김동연 경기도지사와 만났다", "2018-03-17"),  # not "17일경"
    ],
)
def test_the_bounds_or_rough_day_of_a_stay_are_not_the_meetings_day(stay, expected):
    """A stay ("11일부터 사흘간", "28일을 전후해") puts the meetings in it, not on its first
    day; a day named for a meeting in it ("12일에는 ... 오찬") still dates it."""
    body = f"버지니아 로메티 IBM 회장이 {stay}."
    if expected == "2018-03-12":
        body += "\n12일에는 조 회장과 오찬을 겸한 면담을 가졌다."
    event = event_of("로메티 IBM 회장 방한", body, "2018-03-20T11:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["버지니아 로메티"]
    assert event["date"] == expected


@pytest.mark.parametrize(
    "visit, went",
    [
        ("대만 1위 디스플레이 기업 AUO를 방문해 기술 교류회를 열었다.", True),
        ("대만 타이베이에서 열린 디스플레이 전시회를 둘러봤다.", False),  # not his company
    ],
)
def test_abroad_a_korean_body_that_went_to_the_visitors_company_met_him(visit, went):
    """Abroad a Korean company named is often only a topic, so a Korean person must be
    there; but a Korean organisation that went to the visitor's own company met its head
    even when none of its people is named at the meeting."""
    body = (
        f"한국디스플레이산업협회 교류협력단은 23일 {visit} "
        '대만 AUO의 프랭크 고 최고경영자(CEO)는 "이번 만남을 계기로 양국 기업 교류가 늘기를 '
        '바란다"고 말했다.'
    )
    event = event_of("디스플레이협회, 대만 교류협력단 운영", body, "2024-04-24T14:30:00+09:00")
    assert event["visitors"] == ["프랭크 고"]
    assert event["is_visit"] is went
    assert not went or event["hosts"] == ["한국디스플레이산업협회"]


def test_a_foreign_governments_people_are_not_korean_hosts():
    """ "리창 국무원 총리" is China's premier: the dictionary's foreign public bodies keep
    their people from reading as Korean names ("국무원" was read as one)."""
    body = (
        "일론 머스크 테슬라 최고경영자(CEO)가 28일 중국 베이징을 예고 없이 찾았다.\n"
        "머스크 CEO는 이날 리창 국무원 총리를 만나 테슬라의 중국 사업 협력 방안을 논의했다."
    )
    event = event_of("머스크, 베이징 깜짝 방문…리창 총리와 회동", body, "2024-04-29T09:00:00+09:00")
    assert not event["is_visit"] and event["hosts"] == []


@pytest.mark.parametrize(
    "title, body",
    [
        (  # put off ("늦춰지다"), and the meeting only being arranged
            "짐 켈러 텐스토렌트 CEO 방한 일주일 늦춰져",
            "짐 켈러 텐스토렌트 최고경영자(CEO)의 방한이 일주일가량 미뤄졌다.\n"
            "삼성전자 경영진과의 만남도 조율하고 있지만 아직 확정되지는 않았다.",
        ),
        (  # whether the meeting will happen ("이뤄질까")
            "손정의 3년 만에 방한…이재용과 회동 이뤄질까",
            "손정의 소프트뱅크그룹 회장이 1일 한국에 들어왔다.\n"
            "다만 양측 모두 구체적인 회동 일정은 밝히지 않았다.",
        ),
        (  # only the press ("국내 언론과 ... 질의응답", "한국 기자와 만나")
            "브랜든 벡 라이엇게임즈 대표 전격 방한",
            "브랜든 벡 라이엇게임즈 대표가 갑작스럽게 한국을 찾았다.\n"
            "벡 대표는 4일 서울 용산 e스포츠 경기장에서 국내 언론과 짧은 질의응답 시간을 가졌다.",
        ),
        (
            "쑹쥔 칭화홀딩스 총재 “일산에 분원”",
            "쑹쥔 칭화홀딩스 총재는 베이징 칭화대에서 한국 기자와 만나 일산에 분원을 세우는 "
            "방안을 설명했다.",
        ),
    ],
    ids=["put off", "whether", "press questions", "a reporter"],
)
def test_a_trip_put_off_in_doubt_or_for_the_press_only_is_no_visit(title, body):
    event = event_of(title, body, "2022-10-01T09:00:00+09:00")
    assert event["visitors"] and not event["is_visit"]


@pytest.mark.parametrize(
    "title, visit", [("텐센트, CJ게임즈에 5300억 투자", True), ("모바일 게임 시장 판도", False)]
)
def test_a_headline_of_the_visitors_company_and_a_korean_one_is_about_their_meeting(title, visit):
    """A senior (not top) executive's visit needs the headline or lead to be about it; a
    headline naming his company with the Korean one he met is ("텐센트, CJ게임즈에 투자")."""
    body = (
        "모바일 게임 시장의 판도가 바뀌고 있다.\n"
        "이날 행사장에는 방준혁 CJ E&M 상임고문, 조영기 CJ게임즈 대표와 마크 런 텐센트 그룹 "
        "사업총괄 사장이 함께 섰다."
    )
    event = event_of(title, body, "2014-03-26T15:20:00+09:00")
    assert event["visitors"] == ["마크 런"] and event["is_visit"] is visit


def test_the_korean_arm_named_with_korea_first_is_the_visitors_own():
    """ "한국후지제록스" is 후지제록스's Korean arm, as "후지제록스코리아" would be."""
    body = (
        "고바야시 요타로 후지제록스 회장은 25일 열리는 한국후지제록스 창립 30주년 기념식에 "
        "참석하기 위해 방한한다."
    )
    event = event_of("고바야시 후지제록스 회장 방한", body, "2004-06-24T11:30:00+09:00")
    assert event["visitors"] == ["고바야시 요타로"] and not event["is_visit"]


def test_the_office_whose_premises_host_the_meeting_is_a_host():
    """ "용산 대통령실 청사에서 접견했다": the presidential office hosts (a public body's premises;
    a company's building, "LG트윈타워", houses many companies and names none)."""
    body = (
        "윤석열 대통령이 29일 서울 용산 대통령실 청사에서 방한 중인 마크 저커버그 메타 "
        "최고경영자(CEO)를 접견했다.\n대통령실은 이날 오후 보도자료를 냈다."
    )
    event = event_of("윤 대통령, 저커버그 접견", body, "2024-03-01T09:00:00+09:00")
    assert event["is_visit"] and {"윤석열", "대통령실"} <= set(event["hosts"])


def test_a_talk_in_korea_then_meetings_abroad_is_no_visit():
    """A talk to an audience in Seoul is not a meeting, and the officials he will meet next
    in India are not Korean parties ("인도로 건너가 대통령과 총리를 만날 예정")."""
    body = (
        "순다 피차이 구글 최고경영자(CEO)가 15일 서울 구글캠퍼스에서 창업가와 학생 등 200여명을 "
        "대상으로 강연을 했다.\n"
        "그는 국내 일정을 마치고 16일 인도로 건너가 대통령과 총리를 만날 예정이다."
    )
    event = event_of("피차이 구글 CEO 방한", body, "2015-12-15T17:40:00+09:00")
    assert event["visitors"] and not event["is_visit"]


def test_a_headline_naming_who_met_a_senior_executive_is_about_the_meeting():
    """ "김동연, ... 재무총괄과 면담": the headline names the Korean who met him, with the
    meeting, though not his company as the body writes it."""
    body = (
        "김동연 경기도지사가 세계적인 반도체 장비 기업을 상대로 직접 투자 유치에 나섰다.\n"
        "김 지사는 11일 도청 집무실에서 폴 베르하겐 에이에스엠 인터내셔널 재무총괄과 면담하고 "
        "도내 반도체 투자를 늘려 달라고 요청했다."
    )
    event = event_of("김동연, 반도체 장비 ASM 재무총괄과 면담", body, "2024-07-11T15:00:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["폴 베르하겐"]
    assert "김동연" in event["hosts"]


def test_a_list_ends_before_a_title():
    """ "..., 메탈로센 POE 등 차세대 과제 책임자들": "등" closes a list; no name before it."""
    body = (
        "구광모 LG 대표는 솔루블 OLED, 메탈로센 POE 등 차세대 과제 책임자들에게서 개발 현황을 "
        "듣고 함께 논의했다."
    )
    event = event_of("구광모 LG 대표, LG화학 기술연구원行", body, "2019-11-12T10:00:00+09:00")
    assert event["visitors"] == [] and not event["is_visit"]


@pytest.mark.parametrize(
    "body, visit",
    [
        (  # "지난해 11월" describes the company: the meeting is today's
            "최시중 방송통신위원장은 쿠알라룸푸르에서 지난해 11월 와이맥스 서비스를 "
            "시작한 YTL커뮤니케이션즈를 찾아 윙 리 사장과 면담했다.",
            True,
        ),
        (  # "1994년 12월," opens the sentence: the meeting is that of 1994
            "1994년 12월, IT 담당 기자였던 필자는 방한한 빌 게이츠 회장이 홍석현 중앙일보 대표와 "
            "대담하는 것을 지켜봤다.",
            False,
        ),
    ],
    ids=["past in a clause describing a company", "past opening the sentence"],
)
def test_a_past_date_in_a_clause_that_describes_a_noun_is_not_the_meetings(body, visit):
    event = event_of("", body, "2009-06-13T09:00:00+09:00")
    assert event["visitors"] and event["is_visit"] is visit


def test_a_headline_naming_the_visitors_company_and_a_korean_is_about_the_meeting():
    """ "진대제 장관·SAP 아태 사장 참석": no name for the visitor, but his company beside the
    Korean who met him."""
    body = (
        "SAP코리아가 24일 서울 도곡동에 국내 연구개발(R&D)센터를 열었다.\n"
        "이날 개소식에는 진대제 정보통신부 장관과 한스 피터 클레이 SAP 아시아태평양 총괄 사장이 "
        "참석했다."
    )
    title = "SAP코리아 국내 R&D센터 개소…진대제 장관·SAP 아태 사장 참석"
    event = event_of(title, body, "2006-01-24T15:42:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["한스 피터 클레이"]


def test_a_handshake_told_with_its_noun_is_a_meeting():
    """ "... 타네이치 노리아키 TOK 대표와 악수를 나눴다": they met (not only "악수하다")."""
    body = (
        "김동연 경기도지사가 일본 반도체 소재기업 TOK의 한국법인 공장 착공식을 찾았다.\n"
        "김 지사는 20일 착공식에서 축사를 한 뒤 타네이치 노리아키 TOK 대표와 악수를 나눴다."
    )
    event = event_of(
        "김동연 지사, 日 TOK 평택공장 착공식서 타네이치 대표와 악수",
        body,
        "2025-08-20T16:00:00+09:00",
    )
    assert event["is_visit"] and event["visitors"] == ["타네이치 노리아키"]


def test_a_meeting_noun_ending_a_compound_is_a_meeting():
    """ "'깐부회동'을 가진 이재용 ... 회장": Kiwi reads the compound as one noun; its head is
    still the meeting."""
    body = (
        "젠슨 황 엔비디아 CEO가 30일 밤 서울 코엑스에서 열린 행사 무대에 올랐다.\n"
        "무대에는 앞서 삼성동 한 치킨집에서 황 CEO와 이른바 '깐부회동'을 가진 이재용 삼성전자 "
        "회장과 정의선 현대차그룹 회장도 함께 올랐다."
    )
    event = event_of("젠슨 황, 이재용·정의선과 무대에", body, "2025-10-31T07:20:00+09:00")
    assert event["is_visit"] and "이재용" in event["hosts"]


@pytest.mark.parametrize(
    "place",
    [
        "경기도 안산에 있는 머크의 생산시설을 점검하고 내부 미팅을 진행했다.",
        "경기도 오산의 기술지원센터를 찾아 임직원들과 미팅을 했다.",
    ],
)
def test_a_province_before_its_city_or_a_site_there_is_the_place_not_its_government(place):
    """ "경기도 안산에 있는 ... 생산시설", "경기도 오산의 기술지원센터": where the company's own
    site is; no one from the province's government met him."""
    body = f"독일 머크의 캐서린 데이 카스 수석부사장이 최근 방한했다.\n카스 수석부사장은 {place}"
    event = event_of("머크 수석부사장 방한…생산시설 점검", body, "2024-10-26T10:00:00+09:00")
    assert event["visitors"] and "경기도" not in event["hosts"]


def test_a_visit_that_was_expected_is_no_visit():
    """ "당초 방한이 예상됐던 팻 겔싱어 CEO 대신 ...": expected then, so it did not happen."""
    body = (
        "인텔이 5일 서울 서초구 JW메리어트호텔에서 '인텔 AI 서밋 서울 2024'를 열었다.\n"
        "이날 기조연설은 당초 방한이 예상됐던 팻 겔싱어 최고경영자(CEO) 대신 저스틴 호타드 "
        "인텔 수석부사장이 맡았다."
    )
    event = event_of("CEO 빠진 '인텔 AI 서밋 서울'", body, "2024-06-05T18:20:00+09:00")
    assert not event["is_visit"]


def test_hearing_a_keynote_from_the_audience_is_no_meeting():
    """ "... 롤란드 부시 지멘스 CEO의 기조연설을 들었다": in the audience, no one met."""
    body = (
        "최태원 SK그룹 회장이 'CES 2024'의 첫 일정으로 롤란드 부시 지멘스 최고경영자(CEO)의 "
        "기조연설을 들었다.\n"
        "최 회장은 개막 당일인 9일 SK 전시관을 방문할 예정이다."
    )
    event = event_of("[CES2024] 최태원, 첫 일정은 지멘스 키노트", body, "2024-01-09T15:49:00+09:00")
    assert not event["is_visit"]


def test_a_bank_called_bank_in_german_is_no_tech_company():
    """ "요제프 아커만 도이체방크 회장": "방크" (Bank) says what the company is."""
    body = "최태원 SK그룹 회장은 12일 서울에서 요제프 아커만 도이체방크 회장을 만나 협력 방안을 논의했다."
    event = event_of("최태원, 도이체방크 회장과 회동", body, "2010-11-13T09:00:00+09:00")
    assert "요제프 아커만" not in event["visitors"]


def test_who_attended_the_briefing_just_told_met_its_host():
    """ "설명회에는 ... 조 폰 ... 책임자 등 회사 임원들이 참석했다": the briefing the mayor held, the
    sentence before, abroad."""
    body = (
        "이권재 오산시장이 미국 실리콘밸리를 찾아 반도체 장비기업을 상대로 투자 유치에 나섰다.\n"
        "이 시장은 9일(현지시간) 오전 미국 캘리포니아주 서니베일에 있는 어플라이드 머티어리얼즈 "
        "기술센터에서 투자유치 설명회를 열었다.\n"
        "설명회에는 시청 관계자와 조 폰(Joe Pon) 어플라이드 머티어리얼즈 최고대외협력책임자 등 "
        "회사 임원들이 참석했다."
    )
    event = event_of(
        "이권재 오산시장, 美 어플라이드 머티어리얼즈 본사서 투자 세일즈",
        body,
        "2024-09-10T10:00:00+09:00",
    )
    assert event["is_visit"] and "이권재" in event["hosts"]


def test_a_brewer_and_a_discount_store_chain_are_no_tech_companies():
    """ "세계 최대 맥주회사 인베브의 존 브록 회장", a retailer's chairman touring "할인점"."""
    body = (
        "세계 최대 맥주회사 인베브의 존 브록 회장이 11일 방한해 박광태 광주시장을 만났다.\n"
        "영국 할인점 업체 테스코의 테리 리히 회장도 18일 방한해 정부 관계자를 만났다."
    )
    event = event_of("다국적기업 CEO들 잇단 방한", body, "2005-01-23T09:00:00+09:00")
    assert not event["is_visit"]


def test_an_investment_consultation_is_a_meeting():
    """ "... 기업과 투자 상담을 진행했다" and the company's CEO answers the Korean official."""
    body = (
        "광양만권경제자유구역청(청장 구충곤)은 지난 24일 중국 항저우에서 배터리 기업 "
        "나라다에너지와 투자 상담을 진행했다고 25일 밝혔다.\n"
        '류청하오 나라다에너지 해외총괄 CEO는 "광양만권을 해외 진출 거점으로 삼겠다"고 '
        "화답했다."
    )
    event = event_of(
        "광양경자청, 中 항저우서 나라다에너지와 투자상담", body, "2025-03-25T10:24:00+09:00"
    )
    assert event["is_visit"] and event["visitors"] == ["류청하오"]


@pytest.mark.parametrize(
    "title, body, published",
    [
        (  # "일본 대형 여행사 HIS그룹의 사와다 히데오 회장"
            "박원순 시장, 日 여행사 HIS 회장과 면담",
            "박원순 서울시장이 일본 대형 여행사 HIS그룹의 사와다 히데오 회장을 만난다.\n"
            "박 시장과 사와다 회장은 29일 오후 서울시청에서 호텔 건립 사안에 대해 의견을 교환한다.",
            "2012-06-29T10:00:00+09:00",
        ),
        (  # "브래디 브루어 스타벅스 국제 부문 CEO, 미셸 번스 글로벌 커피 부문 부사장"
            "이장우 대전시장, 시애틀 스타벅스 본사 찾아",
            "미국 시애틀을 방문 중인 이장우 대전시장이 스타벅스 본사를 찾았다.\n"
            "이 시장은 26일 본사에서 브래디 브루어 스타벅스 국제 부문 CEO, 미셸 번스 글로벌 커피 "
            "부문 부사장 등을 만났다.",
            "2024-06-26T10:00:00+09:00",
        ),
    ],
)
def test_a_travel_agency_and_a_coffee_chain_are_no_tech_companies(title, body, published):
    assert not event_of(title, body, published)["is_visit"]


def test_a_month_ahead_of_which_the_visit_is_made_is_not_the_visits():
    """ "4월 CEO 교체를 앞두고 ... 방한한 로 CEO 일행이 시를 찾으면서": April is the coming
    change of CEO (in a March article), not a meeting of last April."""
    body = (
        "정명근 화성시장은 지난 29일 벤자민 로 ASM 최고경영자(CEO)에게 감사패를 건넸다.\n"
        "이번 전달식은 4월 CEO 교체를 앞두고 글로벌 지사를 둘러보려 방한한 로 CEO 일행이 시를 "
        "찾으면서 이뤄졌다."
    )
    event = event_of(
        "정명근 화성시장, ASM 벤자민 로 CEO에 감사패", body, "2024-03-31T11:00:00+09:00"
    )
    assert event["is_visit"] and event["visitors"] == ["벤자민 로"]


def test_the_visits_an_obituary_recalls_are_background():
    """ "30일 별세 소식이 전해진 ... 명예회장은 한국과 인연이 깊다": his visits are his life's."""
    body = (
        "30일 별세 소식이 전해진 이나모리 가즈오 교세라 명예회장은 한국과 인연이 깊다.\n"
        "이나모리 명예회장은 한경 초청으로 방한해 이재용 삼성전자 부회장을 만났다."
    )
    event = event_of("이나모리 가즈오, 한경 초청으로 방한하기도", body, "2022-08-30T17:48:00+09:00")
    assert not event["is_visit"]


def test_the_head_of_a_legislature_is_no_tech_visitor():
    """ "장더장 중국 전국인민대표대회 상무위원장": a politician, whatever his title says."""
    body = (
        "이재용 삼성전자 부회장이 방한한 장더장(張德江) 중국 전국인민대표대회 상무위원장을 만나 "
        "삼성의 중국사업 협력 방안을 논의했다.\n"
        "이 부회장은 13일 오전 서울 신라호텔에서 장 위원장을 맞았다."
    )
    event = event_of("이재용 부회장, 中 장더장 접견", body, "2015-06-13T11:40:00+09:00")
    assert not event["is_visit"]


def test_a_title_phrase_ending_in_an_office_is_an_officials():
    """ "리커창 국무원 상무 부총리": 상무 (a company's managing director) is part of the office
    (Executive Vice Premier); he is no tech visitor."""
    body = (
        "중국의 차기 총리 후보인 리커창 국무원 상무 부총리가 27일 오후 서울 서초구 LG전자 "
        "서초 R&D캠퍼스를 방문했다.\n"
        "리 부총리는 구본무 LG 회장과 환담하며 연구시설을 둘러봤다."
    )
    event = event_of("리커창 中 부총리, LG 서초R&D캠퍼스 찾아", body, "2011-10-27T18:00:00+09:00")
    assert not event["is_visit"]


def test_a_reunion_asked_about_in_the_headline_is_no_meeting():
    """ "... 김영섭 KT 대표와 반년 만에 재회하나": a question, not a meeting."""
    body = (
        "사티아 나델라 마이크로소프트(MS) 최고경영자(CEO)가 다음 달 한국을 찾아 김영섭 KT 대표와 "
        "다시 얼굴을 마주할 것이라는 전망이 나온다.\n"
        "나델라 CEO는 다음 달 26일 서울 양재 aT센터에서 열리는 행사에서 기조연설을 할 예정이다.\n"
        "나델라 CEO의 방한은 약 2년 만이며, 두 수장이 만나면 약 반년 만의 재회가 된다."
    )
    event = event_of(
        "나델라 MS CEO 내달 訪韓…김영섭 KT 대표와 반년 만에 재회하나",
        body,
        "2025-02-12T09:00:00+09:00",
    )
    assert not event["is_visit"]


def test_a_month_that_dates_the_visit_in_a_clause_about_it_makes_it_background():
    """ "지난 2월 한국을 찾은 손 회장과 ... 회동을 갖고": the clause describing the visitor is
    the visit, two months before the article (a trip being planned now)."""
    event = event_of(
        "이재용, 日 출장길…손정의 회동 여부 '촉각'",
        "이재용 삼성전자 회장이 5~6일 일본 출장에 나선다.\n"
        "이 회장은 지난 2월 한국을 찾은 손정의 소프트뱅크그룹 회장, 샘 올트먼 오픈AI "
        "최고경영자(CEO)와 3자 회동을 갖고 협력 방안을 논의한 것으로 알려졌다.",
        published="2025-04-02T17:50:00+09:00",
    )
    assert not event["is_visit"]


def test_a_family_name_and_title_refer_to_the_one_holding_that_very_title():
    """ "이 회장" is 이재용 회장, not the late 이건희 선대회장 named in the same article: so the
    meeting he is told to have had is his, whatever the headline wonders about another."""
    event = event_of(
        "이재용, 美 출장서 버라이즌 CEO 회동…젠슨 황과도 만날까",
        "고(故) 이건희 선대회장의 '신경영 선언' 31주년을 맞은 7일, 이재용 삼성전자 회장은 "
        "미국 출장을 이어가고 있다.\n"
        "이 회장은 지난 4일(현지시간) 뉴욕에서 버라이즌의 한스 베스트베리 최고경영자(CEO)를 "
        "만났다.\n업계의 관심은 이 회장이 젠슨 황 엔비디아 CEO를 만날지에 쏠린다.",
        published="2024-06-07T15:38:00+09:00",
    )
    assert event["is_visit"] and event["visitors"] == ["한스 베스트베리"]
    assert "이재용" in event["hosts"]


def test_the_korean_arm_of_a_carmaker_spelled_in_hangul_is_the_carmakers():
    """ "한국지엠": GM's Korean arm (지엠 is GM), so its head is no tech visitor either."""
    event = event_of(
        "메리 바라 GM 회장, 30일 첫 방한…부평공장 방문",
        "제너럴모터스(GM)의 메리 바라 회장이 오는 30일 한국을 찾는다.\n"
        "22일 한국지엠에 따르면 바라 회장은 30일 오전 입국해 인천 부평공장을 둘러본 뒤 "
        "주한미국상공회의소(암참)가 여는 오찬 간담회에 연사로 나선다.\n"
        "이번 방한은 제임스 김 한국지엠 사장 겸 암참 회장의 요청으로 성사된 것으로 전해졌다.",
        published="2016-08-22T17:30:00+09:00",
    )
    assert not event["is_visit"]


@pytest.mark.parametrize(
    "title, body, visit",
    [
        (  # the group of a carmaker the dictionary knows is that carmaker
            "이재용, 12년 만에 도요타 회장과 조우",
            "도요다 아키오 일본 도요타그룹 회장이 방한해 이재용 삼성전자 회장, 정의선 "
            "현대자동차그룹 회장과 한자리에 모였다.",
            False,
        ),
        (  # Reliance's telecom arm (Jio) makes its head a tech visitor
            "인도 최고 부호 암바니, 삼성 서초사옥서 이재용과 회동",
            "무케시 암바니 인도 릴라이언스그룹 회장이 25일 서울 서초구 삼성전자 서초사옥을 찾아 "
            "이재용 삼성전자 회장과 만찬을 함께했다.",
            True,
        ),
    ],
    ids=["toyota group", "reliance group"],
)
def test_a_companys_group_is_the_company(title, body, visit):
    event = event_of(title, body, published="2025-11-25T17:30:00+09:00")
    assert event["is_visit"] is visit


def test_someone_at_an_event_abroad_the_visitor_goes_on_to_is_no_visitor():
    """ "인도에서는 ... 암바니 ... 회장의 ... 행사에 참석한다": where the visitor goes next."""
    event = event_of(
        "윤 대통령, 저커버그 접견…AI·XR 협력 논의 후 인도로 출국",
        "윤석열 대통령이 29일 서울 용산 대통령실 청사에서 방한 중인 마크 저커버그 메타 "
        "최고경영자(CEO)를 접견했다.\n접견을 끝으로 방한 일정을 마친 저커버그 CEO는 인도로 "
        "출국했다. 인도에서는 무케시 암바니 릴라이언스인더스트리 회장의 막내아들 결혼 축하 "
        "행사에 참석한다.",
        published="2024-02-29T19:00:00+09:00",
    )
    assert event["is_visit"] and event["visitors"] == ["마크 저커버그"]


@pytest.mark.parametrize("meeting", ["회의를 가질 예정이다", "회의를 가졌다", "회의를 갖고"])
def test_a_meeting_held_as_a_conference_names_its_hosts(kiwi, meeting):
    """ "... 장관과 회의를 가질 예정이다": the minister is the party the visitor meets."""
    event = event_of(
        "",
        "머크 일렉트로닉스 부문 최고경영자(CEO)인 카이 베크만 박사가 한국을 찾았다.\n"
        f"베크만 CEO는 8일 문승욱 산업통상자원부 장관과 투자 협의를 위한 {meeting}.",
    )
    assert event["is_visit"] and "문승욱" in event["hosts"]


def test_the_head_of_a_korean_project_office_is_a_host(kiwi):
    """ "김준하 AI사업단장": 단장 heads a task force or a project office, glued to its name."""
    event = event_of(
        "AI사업단, 한국MS와 협약…MS 본사 CTO 참석",
        "인공지능산업융합사업단은 지난 18일 한국마이크로소프트 사무실에서 협약을 체결했다.\n"
        "협약식에는 김준하 AI사업단장과 데이브 슬로안 마이크로소프트 최고기술경영자(CTO) 등이 "
        "참석했다.",
    )
    assert event["is_visit"] and "김준하" in event["hosts"]


def test_a_ceremony_is_dated_by_the_sentence_that_tells_it(kiwi):
    """ "캠퍼스가 12일 준공됐다. ... 준공식에는 ... CEO와 ... 부지사 등이 참석했다": the
    ceremony's day is the one the completion is told with, sentences before."""
    event = event_of(
        "ASML 화성캠퍼스 준공…크리스토프 푸케 CEO 참석",
        "ASML의 화성 캠퍼스가 12일 준공됐다. ASML 본사가 해외 직접투자로 조성한 첫 "
        "클러스터다.\n2022년 11월 공사를 시작한 화성 캠퍼스는 교육센터와 사무동을 갖췄다.\n"
        "준공식에는 크리스토프 푸케 ASML CEO와 김성중 경기도 행정1부지사 등이 참석했다.",
        published="2025-11-12T18:00:00+09:00",
    )
    assert event["is_visit"] and event["date"] == "2025-11-12"


@pytest.mark.parametrize("ending", ["접견한 적이 있다", "만난 적도 있다", "접견한 적 있다"])
def test_a_meeting_told_as_experience_is_background(kiwi, ending):
    """ "... 등을 접견한 적이 있다": what someone has done before, not this news."""
    event = event_of(
        "이재용, 승지원서 보험사 수장들과 만찬",
        "이재용 삼성전자 부회장이 승지원에서 대형 보험사 경영진을 초청해 만찬을 주재했다.\n"
        f"이 회장은 이곳에서 빌 게이츠 마이크로소프트(MS) 창업자 등을 {ending}.",
    )
    assert not event["is_visit"]


def test_a_deal_the_lead_dates_dates_the_meeting_told_later(kiwi):
    """ "합작사가 24일 ... 투자협약을 맺었다" then, sentences on, the people in the photo: the
    lead's deal is the day they met, though it names companies only."""
    event = event_of(
        "SK온·에코프로·中 GEM, 새만금 전구체 공장 '맞손'",
        "SK온과 중국 GEM 등이 합작한 지이엠코리아가 24일 군산시 라마다호텔에서 새만금개발청과 "
        "투자협약을 맺었다.\n전구체는 배터리 양극재의 핵심 원료다.\n"
        "협약식이 끝난 뒤 참석자들은 함께 기념촬영을 했다.\n"
        "뒷줄에는 김규현 새만금개발청장, 허개화 GEM 회장, 최영찬 SK온 사장이 자리했다.",
        published="2023-03-24T12:17:00+09:00",
    )
    assert event["is_visit"] and event["date"] == "2023-03-24"


def test_a_trip_to_korea_held_without_meeting_anyone_is_no_visit(kiwi):
    """Came for a conference and gave an interview: in Korea, but no one met (a trip
    announced is news without a named party; one held is not)."""
    event = event_of(
        '워너 모어 노키아 부사장 "5G는 대변혁의 시대"',
        "핀란드 노키아의 워너 모어 기술·혁신 부문 부사장이 부산 ITU 전권회의 부대행사에 "
        '참석하기 위해 한국을 찾았다.\n모어 부사장은 "5G 시대는 대변혁의 시대가 될 것"이라고 '
        "말했다.",
        published="2014-10-30T03:00:00+09:00",
    )
    assert not event["is_visit"] and event["status"] == "no_korean_party"
    announced = event_of(
        "빌 게이츠 MS 회장 16일 訪韓",
        "빌 게이츠 마이크로소프트(MS) 회장이 오는 16일 방한한다.",
    )
    assert announced["is_visit"] and announced["status"] == "upcoming"


@pytest.mark.parametrize(
    "sentence",
    [
        "이재용 삼성전자 부회장이 조 케저 지멘스 회장과 서울에서 1년 만에 다시 마주 앉았다.",
        "이재용 삼성전자 부회장이 조 케저 지멘스 회장과 서울에서 1년 만에 재회했다.",
        "구미시는 조 케저 지멘스 회장에게 명예시민증을 수여했다.",
    ],
)
def test_meeting_again_and_an_award_in_person_are_meetings(kiwi, sentence):
    event = event_of("", sentence)
    assert event["is_visit"] and event["hosts"]


def test_who_speaks_after_a_signing_signed_it(kiwi):
    """ "경북도와 구글은 9일 MOU를 체결했다. ... 크리스 터너 구글 본사 부사장은 협약 뒤
    '...'라고 말했다": the signing, told of the parties, is his meeting, sentences back."""
    event = event_of(
        "경북도-구글 ‘전략적 파트너십’",
        "경북도와 구글은 9일 상호협력체계 구축을 위한 양해각서(MOU)를 체결했다.\n"
        "이번 협약에 따라 구글은 구글 지도에 관련 정보를 반영할 계획이다.\n"
        "양측은 여러 분야에서 손을 잡기로 했다.\n"
        "크리스 터너 구글 본사 부사장은 협약 뒤 “공동 발전에 긍정적 역할을 할 것”이라고 말했다.",
        published="2025-05-09T15:40:00+09:00",
    )
    assert event["is_visit"] and event["visitors"] == ["크리스 터너"]
    assert event["date"] == "2025-05-09"


def test_the_parts_of_a_headline_are_read_together(kiwi):
    """ "SAP, 한국에 R&D센터 세운다…지경부·코트라와 협약": the company in one part, its deal in
    the other; the centre's head speaking at the signing is the visit."""
    event = event_of(
        "SAP, 한국에 R&D센터 세운다…지경부·코트라와 협약",
        "지식경제부와 코트라는 25일 독일 SAP와 R&D센터 설립 협약식을 가졌다고 밝혔다.\n"
        '협약식에서 샹링주이 SAP R&D센터 사장은 "한국 기업용 소프트웨어 시장의 경쟁력을 '
        '높이겠다"고 말했다.',
        published="2008-03-25T15:30:00+09:00",
    )
    assert event["is_visit"] and event["visitors"] == ["샹링주이"]
    assert {"지식경제부", "KOTRA"} <= set(event["hosts"])


def test_who_sat_in_on_a_meeting_told_next_is_a_host(kiwi):
    """ "두 사람은 ... 회의를 가졌다. 이 자리에는 ... 사업부장 등이 배석했다": two
    paragraphs after the visitor's, but next to the meeting they go on with."""
    event = event_of(
        "이재용, 팻 겔싱어 인텔 CEO와 회동",
        "이재용 삼성전자 부회장이 30일 방한한 팻 겔싱어 인텔 CEO를 만나 협력 방안을 논의했다.\n"
        "두 사람은 양사 경영진이 참석한 가운데 릴레이 회의를 가졌다.\n"
        "이 자리에는 경계현 삼성전자 DS부문장, 노태문 MX사업부장 등이 배석했다.",
        published="2022-05-30T19:40:00+09:00",
    )
    assert {"이재용", "경계현", "노태문"} <= set(event["hosts"])


def test_an_interview_that_opens_with_meeting_him_is_no_visit(kiwi):
    """ "[DBR 조진서] ... 앤디 재시 CEO를 서울에서 만났다.": no one's subject but the writer's."""
    event = event_of(
        '[Business Leader Interview] 앤디 재시 AWS CEO "경험을 압축하는 알고리즘은 없다"',
        "[DBR 조진서] 아마존웹서비스(AWS)의 앤디 재시 최고경영자(CEO)를 서울에서 만났다.\n"
        "재시 CEO는 성공 비결로 '고객 우선주의'를 꼽았다.",
        published="2018-08-14T09:00:00+09:00",
    )
    assert not event["is_visit"]
    met = event_of(
        "",
        "이재용 삼성전자 회장은 13일 서울에서 앤디 재시 아마존 CEO를 만났다.",
        published="2018-08-14T09:00:00+09:00",
    )
    assert met["is_visit"]


def test_the_rows_of_a_ceremonys_photo_name_its_hosts(kiwi):
    """ "앞줄에는 ... 섰다. 뒷줄에는 ... 자리했다": who stood in the photo attended."""
    event = event_of(
        "SK온·中 GEM, 새만금 전구체 공장 '맞손'",
        "지이엠코리아가 24일 군산시 라마다호텔에서 새만금개발청과 투자협약을 맺었다.\n"
        "협약식이 끝난 뒤 참석자들은 함께 기념촬영을 했다.\n"
        "앞줄에는 신영대 국회의원, 김관영 전라북도지사, 강임준 군산시장이 섰다.\n"
        "뒷줄에는 허개화 GEM 회장, 최영찬 SK온 사장이 자리했다.",
        published="2023-03-24T12:17:00+09:00",
    )
    assert event["is_visit"] and {"김관영", "강임준", "최영찬"} <= set(event["hosts"])


def test_a_headline_of_the_companys_news_in_a_korean_city_is_about_its_signing(kiwi):
    """ "아사히글라스, 구미에 추가 투자": the headline names the senior visitor's company and a
    Korean city; the body's signing with the governor is the news (not a Korean city: "한국")."""
    body = (
        "일본 아사히글라스가 한국 공장인 AFK에 1억5천만달러를 더 투자한다.\n"
        "경상북도는 27일 도청에서 이노우에 시게쿠니 AFK 사장과 김관용 경상북도지사 등이 "
        "참석한 가운데 양해각서를 체결했다."
    )
    event = event_of("AFK, 구미에 1억5천만弗 추가 투자", body, "2010-10-28T09:49:00+09:00")
    assert event["is_visit"] and event["visitors"] == ["이노우에 시게쿠니"]
    country = event_of("AFK, 한국에 1억5천만弗 추가 투자", body, "2010-10-28T09:49:00+09:00")
    assert not country["is_visit"]


def test_a_korean_delegation_signing_with_the_visitor_abroad_meets_him(kiwi):
    """ "경기도 투자유치단은 ... 본사에서 다케모토 마사미치 사장과 투자협약서를 체결했다": the
    delegation signed with him, and the headline names it with its deal."""
    event = event_of(
        "日 니토덴코, 평택에 1천억 투자…경기도 투자유치단 오사카서 협약",
        "일본 니토덴코가 경기도 평택에 대규모 공장을 세운다.\n"
        "경기도 투자유치단은 18일 일본 오사카의 니토덴코 본사에서 다케모토 마사미치 사장과 "
        "투자협약서를 체결했다고 밝혔다.",
        published="2004-02-18T18:30:00+09:00",
    )
    assert event["is_visit"] and event["visitors"] == ["다케모토 마사미치"]
    assert "경기도" in event["hosts"]


def test_who_speaks_after_a_ceremony_a_korean_attended_was_there(kiwi):
    """ "김성중 부지사는 준공식에 참석해 ... 말했다. 이와시타 세쓰오 알박 대표이사는 ...
    당부했다": the ceremony of the company the news is about; not when he spoke on screen."""
    lead = "일본 알박이 평택에 테크놀로지센터를 준공했다.\n"
    ceremony = "김성중 경기도 행정1부지사는 24일 열린 준공식에 참석해 축하의 뜻을 밝혔다.\n"
    spoke = event_of(
        "日 알박, 평택에 테크놀로지센터 준공",
        lead + ceremony + '이와시타 세쓰오 알박 대표이사는 "경기도의 지원에 감사한다"고 말했다.',
        published="2024-10-24T20:32:00+09:00",
    )
    assert spoke["is_visit"] and spoke["visitors"] == ["이와시타 세쓰오"]
    on_screen = event_of(
        "日 알박, 평택에 테크놀로지센터 준공",
        lead
        + ceremony
        + "이와시타 세쓰오 알박 대표이사는 영상 메시지로 축하 인사를 대신했다.\n"
        + '그는 "경기도의 지원에 감사한다"고 말했다.',
        published="2024-10-24T20:32:00+09:00",
    )
    assert not on_screen["is_visit"]


def test_a_meeting_held_but_without_result_is_still_held(kiwi):
    """ "마주 앉아 협상했지만 성과를 내지 못했다": how it went; "면담을 희망했지만 ...
    취소했다" is still called off."""
    held = event_of(
        "",
        "최지성 삼성전자 부회장은 21일 샌프란시스코에서 팀 쿡 애플 CEO와 만났지만 별다른 "
        "성과를 내지 못했다.",
        published="2012-05-26T09:30:00+09:00",
    )
    assert held["is_visit"] and held["visitors"] == ["팀 쿡"]
    called_off = event_of(
        "",
        "팀 쿡 애플 CEO가 3일 최태원 SK그룹 회장과의 면담을 희망했지만 최 회장은 이를 취소했다.",
        published="2021-11-03T17:30:00+09:00",
    )
    assert not called_off["is_visit"]


def test_a_spokespersons_written_briefing_of_a_lunch_tells_a_meeting(kiwi):
    """ "대변인은 18일 서면 브리핑에서 ... 지난 17일 ... 식사했다고 밝혔다": a meal is a
    meeting, the written briefing no written message, and who briefed no host."""
    event = event_of(
        "尹, 넷플릭스 대표와 관저 오찬",
        "윤석열 대통령이 테드 서랜도스 넷플릭스 공동대표를 관저로 불렀다.\n"
        "김수경 대통령실 대변인은 18일 서면 브리핑에서 윤 대통령이 지난 17일 서울 한남동 "
        "관저에서 서랜도스 대표와 식사했다고 밝혔다.",
        published="2024-02-18T16:39:00+09:00",
    )
    assert event["is_visit"] and event["date"] == "2024-02-17"
    assert "김수경" not in event["hosts"]


@pytest.mark.parametrize(
    "body",
    [
        "최태원 SK그룹 회장은 23일 도쿄에서 니나미 다케시 산토리 사장과 만나 협력을 논의했다.",
        "이재용 삼성전자 회장은 23일 서울에서 마르틴 브루더뮐러 바스프 회장을 만났다.",
    ],
)
def test_the_head_of_a_company_of_another_trade_is_no_visitor(kiwi, body):
    """Consumer goods, chemicals, banks, carmakers: the dictionary knows their trade."""
    event = event_of("", body)
    assert not event["is_visit"]
    assert any("not a tech visitor" in line for line in event["relevance_parts"]["explanation"])


@pytest.mark.parametrize(
    ("title", "body", "published", "visitor"),
    [
        pytest.param(  # the parent's president at the ceremony with the governor
            "한국알박, 평택에 LCD 장비 신공장 준공",
            "반도체 장비 업체 한국알박이 평택에 신공장을 준공했다.\n"
            "준공식은 14일 새 공장에서 손학규 경기도지사와 본사인 일본 알박의 나카무라 큐조 "
            "사장 등 200여명이 참석한 가운데 열렸다.",
            "2005-06-14T17:30:00+09:00",
            "나카무라 큐조",
            id="headline-names-the-korean-arm",
        ),
        pytest.param(  # 투자협정 (협정, 양해각서: deal words as 협약 is)
            "손학규 지사, 도쿄서 日 NHT와 투자협정",
            "일본을 방문 중인 손학규 경기도지사가 15일 일본 NHT와 투자협정서를 체결했다.\n"
            "NHT의 마에다 겐고 사장은 이날 오전 도쿄의 한 호텔에서 손 지사 일행과 만나 평택에 "
            "공장을 짓겠다고 밝혔다.",
            "2004-11-15T15:30:00+09:00",
            "마에다 겐고",
            id="investment-agreement",
        ),
        pytest.param(  # a signing meets him; the headline names the governor and the deal
            "김문수 지사, 도쿄서 日 이데미쓰와 투자협약…OLED 공장 증설",
            "일본을 방문 중인 김문수 경기도지사가 17일 도쿄에서 일본 전자소재 기업들과 "
            "투자협약을 맺었다.\n"
            "김 지사는 이날 도쿄 이데미쓰코산 본사를 찾아 마쓰모토 요시히사 부사장과 파주 공장의 "
            "증액 투자 양해각서에 서명했다.",
            "2013-07-17T18:40:00+09:00",
            "마쓰모토 요시히사",
            id="headline-names-the-governor-who-signed",
        ),
        pytest.param(  # the ministry's delegation the lead names, no one of it named there
            "과기정통부 수출개척단, 실리콘밸리서 구글 임원 면담",
            "과학기술정보통신부는 지난 14~16일 디지털 수출개척단을 실리콘밸리에 파견했다고 17일 "
            "밝혔다.\n"
            "개척단은 구글을 방문해 마크햄 C. 에릭슨 정부·공공정책 부사장 등과 면담하고 AI "
            "협력을 논의했다.",
            "2023-09-17T18:19:00+09:00",
            "마크햄 C. 에릭슨",
            id="korean-delegation",
        ),
    ],
)
def test_a_meeting_abroad_or_at_a_ceremony_told_so_is_a_visit(
    kiwi, title, body, published, visitor
):
    """Signings and ceremonies whose Korean party, headline or deal word is told in one of
    the ways Korean news tells them."""
    assert (event := event_of(title, body, published))["is_visit"]
    assert visitor in event["visitors"]


def test_the_korea_head_of_the_visitors_company_is_no_host_even_unnamed(kiwi):
    """ "IonQ 이사회 의장과 ..., 진재형 한국지사장 등이 참석해": the branch head's company is
    left unsaid, but "한국지사장" says whose side he is on."""
    event = event_of(
        "SKT 유영상, IonQ 채프먼 의장과 회동",
        "17일 서울 T타워에서 열린 회동에는 피터 채프먼 IonQ 이사회 의장과 진재형 한국지사장 등이 "
        "참석해 유영상 SK텔레콤 대표와 마주 앉았다.",
        published="2025-04-17T10:15:00+09:00",
    )
    assert event["is_visit"] and "유영상" in event["hosts"]
    assert "진재형" not in event["hosts"]


def test_a_meeting_only_wondered_about_in_the_headline_names_no_host(kiwi):
    """ "KT 김영섭 만날까… 나델라 MS CEO 내달 訪韓": the visit is announced, the meeting with
    김영섭 only guessed at; the headline's second part has no subject, but the first does not
    lend it one."""
    event = event_of(
        "KT 김영섭 만날까…나델라 MS CEO 내달 訪韓",
        "사티아 나델라 마이크로소프트 CEO가 다음 달 한국을 찾는다.\n"
        "업계에서는 그가 김영섭 KT 대표와 만날 것으로 보고 있다.",
        published="2025-02-12T10:07:00+09:00",
    )
    assert event["is_visit"] and event["status"] == "upcoming"
    assert event["hosts"] == []


def test_one_met_at_a_place_of_another_trade_is_no_tech_visitor(kiwi):
    """ "시즈오카상공회의소를 찾아 가토 마사히코 회장과 만났다": named without a company, he is judged
    by the place the Korean went to see him; at a tech company, he is a visitor."""
    bank = event_of(
        "최태원 회장, 日 출장",
        "최태원 SK그룹 회장은 23일 시즈오카상공회의소를 찾아 가토 마사히코 회장과 만났다.",
        published="2025-05-23T17:00:00+09:00",
    )
    assert not bank["is_visit"]
    maker = event_of(
        "최태원 회장, 日 출장",
        "최태원 SK그룹 회장은 23일 도쿄 호도가야화학공업을 찾아 가토 마사히코 사장과 만났다.",
        published="2025-05-23T17:00:00+09:00",
    )
    assert maker["is_visit"] and maker["visitors"] == ["가토 마사히코"]


def test_what_a_meeting_follows_on_does_not_date_it(kiwi):
    """ "지난해 11월 ... 채널을 만든 데 이어 이번에 AUO를 방문했다": last November is what the
    visit follows on; "지난해 9월에 이어 두 번째다" still counts an earlier meeting."""
    event = event_of(
        "디스플레이협회, 대만 AUO 찾아 프랭크 고 CEO와 협력 논의",
        "이동욱 한국디스플레이산업협회 부회장은 지난해 11월 대만 협회와 협력 채널을 만든 데 "
        "이어 이번에 AUO를 방문해 프랭크 고 CEO와 만났다.",
        published="2024-04-24T15:19:00+09:00",
    )
    assert event["is_visit"] and event["visitors"] == ["프랭크 고"]
    recalled = event_of(
        "",
        "셰릴 샌드버그 COO와 삼성전자의 미팅은 지난해 9월에 이어 두 번째다.",
        published="2013-07-05T09:00:00+09:00",
    )
    assert not recalled["is_visit"]
