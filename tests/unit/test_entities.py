"""Entities of the cleaned seeds: canonical ids, discovered names, titles, no boilerplate names."""

from __future__ import annotations

import pytest


def by_name(doc: dict, kind: str) -> dict[str, dict]:
    return {e["name"]: e for e in doc["entities"][kind]}


def ids(doc: dict, kind: str) -> set[str]:
    return {e["id"] for e in doc["entities"][kind] if e["id"]}


EXPECTED = {
    "seed_000": (
        {
            "satya_nadella",
            "cho_joowan",
            "kim_dongmyung",
            "hyun_shinkyun",
            "chang_inhwa",
            "chung_kisun",
            "kim_youngshub",
        },
        {
            "microsoft",
            "kt",
            "lg_electronics",
            "lg_energy_solution",
            "lg_cns",
            "posco_group",
            "kdb",
            "shinhan_financial",
            "hd_hyundai",
            "ebs",
            "hyundai_motor_group",
        },
    ),
    "seed_001": (
        {"satya_nadella", "lee_jaeyong"},
        {"microsoft", "samsung_electronics", "microsoft_korea"},
    ),
    "seed_002": (
        {
            "sam_altman",
            "masayoshi_son",
            "lee_jaeyong",
            "chey_taewon",
            "kwak_noh_jung",
            "ryu_youngsang",
            "chung_shinah",
        },
        {
            "openai",
            "softbank_group",
            "samsung_electronics",
            "sk_group",
            "sk_hynix",
            "sk_telecom",
            "kakao",
            "stargate",
            "deepseek",
            "oracle",
        },
    ),
    "seed_003": (
        {"sam_altman", "masayoshi_son", "lee_jaeyong", "rene_haas", "jun_younghyun"},
        {
            "openai",
            "softbank_group",
            "samsung_electronics",
            "samsung_group",
            "arm",
            "oracle",
            "stargate",
        },
    ),
    "seed_004": (set(), {"microsoft", "kt", "msit", "naver_cloud"}),
}


@pytest.mark.parametrize("name", EXPECTED)
def test_expected_people_and_organisations(enriched, name):
    persons, organizations = EXPECTED[name]
    assert ids(enriched[name], "persons") >= persons
    assert ids(enriched[name], "organizations") >= organizations


def test_each_entity_is_reported_once_with_its_spellings(enriched):
    orgs = by_name(enriched["seed_004"], "organizations")
    assert set(orgs["마이크로소프트"]["aliases"]) == {"MS", "마이크로소프트"}
    assert orgs["마이크로소프트"]["mentions"] >= 10 and orgs["마이크로소프트"]["known"]
    people = by_name(enriched["seed_003"], "persons")
    assert {"샘올트먼", "샘 올트먼", "올트먼"} <= set(people["샘 올트먼"]["aliases"])
    names = [p["name"] for p in enriched["seed_003"]["entities"]["persons"]]
    assert len(names) == len(set(names))


def test_family_name_with_title_counts_for_the_person_named_in_full(enriched):
    son = by_name(enriched["seed_003"], "persons")["손정의"]
    assert "손 회장" in son["aliases"] and son["mentions"] >= 8
    lee = by_name(enriched["seed_003"], "persons")["이재용"]
    assert "이 회장" in lee["aliases"]
    chey = by_name(enriched["seed_002"], "persons")["최태원"]
    assert "최 회장" in chey["aliases"]
    # 서경배 (아모레퍼시픽) is only "서 회장" in seed 000: no full name, no person.
    assert not any(p["name"].startswith("서") for p in enriched["seed_000"]["entities"]["persons"])


def test_titles_seen(enriched):
    people = by_name(enriched["seed_000"], "persons")
    assert "CEO" in people["조주완"]["titles"] and people["조주완"]["mentions"] >= 2
    assert "LG에너지솔루션 사장" in people["김동명"]["titles"]
    assert "SK하이닉스 사장" in by_name(enriched["seed_002"], "persons")["곽노정"]["titles"]


def test_names_missing_from_the_dictionary_are_found_by_title_patterns(enriched):
    people = by_name(enriched["seed_000"], "persons")
    titled = [("송창현", "사장"), ("진옥동", "회장"), ("강석훈", "회장"), ("김유열", "사장")]
    for name, title in titled:
        assert people[name]["id"] is None and not people[name]["known"]
        assert any(t.split()[-1] == title for t in people[name]["titles"])
    teaser = by_name(enriched["ddareungi_003"], "persons")
    assert teaser["박정보"]["titles"][0] == "서울경찰청장"  # a title ending a compound
    assert "박 청장" in teaser["박정보"]["aliases"]


def test_boilerplate_names_never_appear(enriched):
    everything = {
        e["name"] for doc in enriched.values() for kind in doc["entities"].values() for e in kind
    }
    # seed 002's teaser (이범석, 김구), captions (이호형, 최지환) and byline (서영욱, 김정인);
    # seed 001's related list (구광모, 최태원 in 2019 headlines); seed 003's teaser (박정보).
    for name in ("이범석", "김구", "이호형", "최지환", "서영욱", "김정인", "조윤주", "구광모"):
        assert name not in everything
    assert "박정보" not in by_name(enriched["seed_003"], "persons")
    assert "최태원" not in by_name(enriched["seed_001"], "persons")


def test_foreign_names_with_foreign_companies_are_discovered(analyse_text):
    _, found = analyse_text("퀄컴의 제임스 톰슨 CEO가 방한했다. 톰슨 CEO는 삼성전자를 찾았다.")
    [person] = found.of_kind("person")
    assert person.name == "제임스 톰슨" and person.id is None
    assert person.country == "US" and person.visitor and "qualcomm" in person.organizations
    assert person.mentions == 2  # "톰슨 CEO" is the same person


def test_alias_boundaries_follow_kiwi_tokens(analyse_text):
    _, found = analyse_text("카카오톡 이용자가 MSCI 지수를 보며 서울 삼성동에 모였다.")
    names = {r.id for r in found.records.values()}
    assert not {"kakao", "microsoft", "samsung_electronics"} & names
    assert {"seoul", "samseong_dong"} <= names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("삼성이 발표했다. 삼성전자 반도체가 좋다.", "samsung_electronics"),
        ("삼성 그룹 총수가 바뀌었다. 삼성은 발표했다.", "samsung_group"),
        ("삼성은 발표했다.", "samsung_electronics"),  # the default, first candidate
    ],
)
def test_ambiguous_alias_follows_what_the_article_names(analyse_text, text, expected):
    _, found = analyse_text(text)
    first = next(m for m in found.mentions if found.analysis.text[m.start : m.end] == "삼성")
    assert first.key == expected


def test_venues_from_company_and_place_words(analyse_text):
    _, found = analyse_text(
        "그는 서울 서초구 삼성전자 사옥에서 만났다. 이어 미국 MS 본사를 찾았고 "
        "카카오 본사와 한빛전자 공장도 들렀다."
    )
    venues = {r.name: r for r in found.of_kind("location") if r.location_kind == "venue"}
    assert venues["삼성전자 서초사옥"].id == "samsung_seocho_office"
    assert venues["MS 본사"].country == "US"
    assert venues["카카오 판교아지트"].id == "kakao_pangyo"


def test_a_family_first_foreign_name_is_one_foreign_person(analyse_text):
    """Japanese and Chinese names are written family name first; the family name alone
    ("이시바 총리") is that person, though it would pass for a Korean name, and a nationality
    right before the title ("일본 총리") says where he is from.  The dateline's city is the
    agency's bureau."""
    _, found = analyse_text(
        "[서울=뉴시스] 이시바 시게루 일본 총리가 손정의 소프트뱅크그룹 회장을 만났다.\n"
        "이시바 총리는 7일 도쿄에서 손 회장과 식사를 했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert "이시바" not in people
    assert people["이시바 시게루"].country == "JP" and people["이시바 시게루"].mentions == 2
    assert "서울" not in {r.name for r in found.of_kind("location")}


def test_a_branch_word_after_a_company_is_no_name(analyse_text):
    _, found = analyse_text("에픽게임즈 코리아 대표로 10년을 일해 온 박성철 대표가 소회를 밝혔다.")
    assert "코리아" not in {p.name for p in found.of_kind("person")}


@pytest.mark.parametrize(
    "text, name",
    [
        # a verb form and an adverb before the name are no part of it
        ("이 자리에는 함께 방한한 니케시 아로라 구글 수석부사장이 동석했다.", "니케시 아로라"),
        # a Japanese given name ending like a particle ("-로")
        ("최 회장은 도쿄에서 요시다 겐이치로 소니그룹 회장을 만났다.", "요시다 겐이치로"),
        # a middle initial, before a family name that is also a company's ("에릭슨")
        ("티모시 M. 아처 램리서치 CEO가 방한했다.", "티모시 M. 아처"),
        ("박 차관은 마크햄 C. 에릭슨 구글 부사장 등과 면담했다.", "마크햄 C. 에릭슨"),
        # one word, but its original spelling after it says it is a whole name
        ("레이쥔 CEO와 린빈(林斌) 부회장이 이들을 직접 맞았다.", "린빈"),
        # one word, beside a colleague of a known company
        ("샤오미 공장에서 레이쥔 CEO와 린빈 부회장이 두 사람을 맞이했다.", "린빈"),
    ],
    ids=[
        "verb form before the name",
        "given name ending like a particle",
        "middle initial",
        "middle initial before a company's name",
        "one word spelled out",
        "one word beside a colleague",
    ],
)
def test_foreign_names_next_to_words_that_look_like_endings(analyse_text, text, name):
    _, found = analyse_text(text)
    assert name in {p.name for p in found.of_kind("person")}


@pytest.mark.parametrize(
    "text, name",
    [
        ("김택진 엔씨소프트 대표가 이재용 삼성전자 회장과 만났다.", "김택진"),
        ("성윤모 산업통상자원부 장관이 에릭 앨리슨 우버 총괄을 만났다.", "성윤모"),
        ("신종균 삼성전자 사장이 사티아 나델라 CEO와 만났다.", "신종균"),
        # Kiwi reads the given name as a verb form: 김/NNP 창/NNG 하/XSV ㄴ/ETM
        ("오전 중에는 김창한 크래프톤 대표와도 30분가량 면담했다.", "김창한"),
        ("준공식에는 김도읍 국회의원 등 100여명이 참석했다.", "김도읍"),
    ],
    ids=["택", "윤", "균", "given name read as a verb", "읍"],
)
def test_korean_given_names_with_syllables_rare_in_korean_names(analyse_text, text, name):
    """택, 윤, 균 and 읍 look like transliterations ("팩", "슌", "퓨", "즈") but are in
    Korean given names."""
    _, found = analyse_text(text)
    assert {p.name: p.country for p in found.of_kind("person")}[name] == "KR"


def test_of_two_words_that_read_as_korean_names_the_common_family_name_is_the_name(
    analyse_text,
):
    """ "김진우 라이너 대표": 라이너 (a startup) reads as a Korean name too, but 김 is a
    common family name and 라 a rare one: the first word is the name."""
    _, found = analyse_text("나델라 CEO는 김진우 라이너 대표 등과 비공개 간담회를 가졌다.")
    people = {p.name for p in found.of_kind("person")}
    assert "김진우" in people and "라이너" not in people


def test_a_two_syllable_name_before_an_offices_title_is_korean(analyse_text):
    """ "허선 경쟁국장" (a department's head at a ministry) is a Korean official; "주한" (posted
    in Korea) before "미국대사" is no name."""
    _, found = analyse_text(
        "이날 허선 경쟁국장과 면담했다. 델 코소 주한 미국대사 대리도 참석했다. "
        "최원호 과학기술비서관이 배석했다."
    )
    people = {p.name: p.country for p in found.of_kind("person")}
    assert people.get("허선") == "KR" and "주한" not in people
    assert people.get("최원호") == "KR"  # a secretary to the president (비서관)
    _, found = analyse_text(
        "이 자리에는 최순홍 청와대 미래전략수석과 주용태 서울시 경제실장이 배석한다."
    )  # 청와대, 서울시: places and bodies
    assert {p.name for p in found.of_kind("person")} == {"최순홍", "주용태"}
    _, found = analyse_text("대표단은 같은 날 응우옌안뚜언 탄콩그룹 회장을 만났다.")
    assert {p.name for p in found.of_kind("person")} == {"응우옌안뚜언"}  # not "날 ..."


def test_names_sharing_a_title_are_each_a_person(analyse_text):
    _, found = analyse_text(
        "삼성전자 윤종용·이윤우 부회장과 이원욱·조승래 의원이 그를 맞았다. SAP 측에서 "
        "게르하르트 오스발트·베른트 로이커트 부회장이 배석했다. 국내 팹리스·클라우드 기업 "
        "대표 등 100여 명이 참석했다. 변재일·윤영찬·정필모 의원도 함께했다. 아시아·태평양·중동 "
        "총괄도 왔다."
    )
    people = {p.name for p in found.of_kind("person")}
    assert {"윤종용", "이윤우", "이원욱", "조승래", "변재일", "윤영찬", "정필모"} <= people
    assert not any("태평양" in p or "중동" in p for p in people)
    assert {"게르하르트 오스발트", "베른트 로이커트"} <= people
    assert not any("팹리스" in p or "클라우드" in p for p in people)


def test_a_company_the_article_calls_foreign_and_its_spelled_out_head_are_foreign(analyse_text):
    """ "대만 반도체 기업 이-바이클": the company is Taiwan's, and its head, whose name reads
    like a Korean one but comes with its hanja ("허자오(何昭霆)"), is Taiwanese; a city with
    its suffix before a title is its government ("신병대 청주시 부시장")."""
    _, found = analyse_text(
        "청주시는 21일 대만 반도체 기업 이-바이클과 투자협약을 맺었다. 협약식에는 신병대 청주시 "
        "부시장, 허자오(何昭霆) 이-바이클 동사장 등이 참석했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    orgs = {o.name: o.country for o in found.of_kind("organization")}
    assert people["허자오"].country == "TW" and people["허자오"].visitor
    assert people["신병대"].country == "KR" and "신병대 청주시" not in people
    assert orgs["이-바이클"] == "TW" and "청주시" in orgs


def test_capitals_glued_to_an_unknown_word_name_a_company(analyse_text):
    """ "PT텔콤" (an Indonesian company's PT) is a company, so the one word before it is a
    name ("크리스티오노"); capitals glued to a common noun are not ("AI반도체")."""
    _, found = analyse_text("이상철 사장은 크리스티오노 PT텔콤 사장과 만나 양해각서를 체결했다.")
    people = {p.name: p for p in found.of_kind("person")}
    assert "크리스티오노" in people and people["크리스티오노"].country != "KR"
    assert "PT텔콤" in {o.name for o in found.of_kind("organization")}


def test_a_name_particle_does_not_join_a_korean_name(analyse_text):
    """뒤 is the "du" of French names, and "after": "회동 뒤 조현상 HS효성 부회장" names
    조현상, but "알 라마히" is one name."""
    _, found = analyse_text(
        "칼레니우스 회장은 회동 뒤 조현상 HS효성 부회장을 만났다. 강남훈 이사장은 모하메드 "
        "자밀 알 라마히 마스다르 대표이사와 양해각서를 체결했다."
    )
    people = {p.name for p in found.of_kind("person")}
    assert {"조현상", "모하메드 자밀 알 라마히"} <= people and "뒤 조현상" not in people


def test_a_japanese_name_whose_family_name_reads_korean_is_one_foreign_name(analyse_text):
    """ "가와이 도시키 CEO": 가와이 would pass for a Korean name, but its family name is an
    uncommon one and a transliterated given name follows: one foreign name, at the company
    the sentence visits; "진설화 화유코발트 동사장" keeps its company."""
    _, found = analyse_text(
        "안 장관은 도쿄일렉트론을 방문해 가와이 도시키 최고경영자(CEO)와 면담했다. 협약식에는 "
        "진설화 화유코발트 동사장이 참석했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert people["가와이 도시키"].visitor and "가와이" not in people
    assert "진설화" in people


def test_a_korean_name_heading_a_company_abroad_is_foreign(analyse_text):
    """ "김정상 아이온큐 공동창업자 겸 CTO" of a company the article calls American visits, as
    any of its executives would; a Korean branch's head ("구글코리아") and a team head of a
    company abroad stay Korean."""
    _, found = analyse_text(
        "과학기술정보통신부와 미국 양자컴퓨팅 기업 아이온큐(IonQ)가 손을 잡았다. 이종호 과기정통부 "
        "장관과 김정상 아이온큐 공동창업자 겸 최고기술책임자(CTO)는 27일 만나 협약을 맺었다. "
        "박민수 아이온큐 팀장과 김경훈 구글코리아 사장도 참석했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert people["김정상"].country == "US" and people["김정상"].visitor
    assert people["박민수"].country == "KR" and people["김경훈"].country == "KR"
    assert people["이종호"].country == "KR"


def test_a_company_named_after_a_city_or_a_company_is_a_company(analyse_text):
    """ "왕옌 베이징전공 동사장": 베이징전공 starts with a city, so it is the company, not the
    second word of a name; so is "코닝정밀소재", which starts with a company's name."""
    _, found = analyse_text(
        "체결식에는 구자영 부회장과 왕옌 베이징전공 동사장 등이 참석했다. 김태흠 지사는 "
        "반 홀 코닝정밀소재 사장과 양해각서를 체결했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert "왕옌" in people and "왕옌 베이징전공" not in people
    assert not any("코닝" in name for name in people)
    assert {"베이징전공", "코닝정밀소재"} <= {o.name for o in found.of_kind("organization")}


def test_a_bound_noun_is_no_given_name(analyse_text):
    """ "오는 만큼 이 회장": 만큼 is a bound noun, whatever its syllables look like, so "이
    회장" is a family name and a title, not "만큼 이"."""
    _, found = analyse_text(
        "두 CEO가 함께 오는 만큼 이 회장, 최 회장과의 만남이 성사될 가능성도 있다."
    )
    assert not any("만큼" in p.name for p in found.of_kind("person"))


def test_a_company_name_after_a_middle_initial_is_a_family_name(analyse_text):
    """ "마크햄 C. 에릭슨": 에릭슨 after a middle initial ends a name, it is not Ericsson;
    "베스트베리 에릭슨 CEO" still names the company."""
    _, found = analyse_text(
        "개척단은 구글을 방문해 마크햄 C. 에릭슨 부사장과 면담했다. 한스 베스트베리 에릭슨 "
        "CEO도 만났다."
    )
    assert {"마크햄 C. 에릭슨", "한스 베스트베리"} <= {p.name for p in found.of_kind("person")}


def test_the_words_after_a_company_with_its_genitive_are_the_name(analyse_text):
    """ "일본 소니의 주바치 료지 차기 사장": the company came first, with 의, so the two words
    before the title are the name, though the first reads like a Korean one; "차기"
    (president-designate) belongs to the title."""
    _, found = analyse_text(
        "이건희 삼성 회장이 20일 일본 소니의 주바치 료지 차기 사장 일행을 만나 협력을 논의했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert "주바치 료지" in people and people["주바치 료지"].country == "JP"
    assert not any("료지" in o.name for o in found.of_kind("organization"))


def test_a_local_heads_title_names_the_one_government_it_heads(analyse_text):
    """ "충남도지사", "충청남도지사" and "충남지사" head one 충청남도; "천안부시장" is 천안시's
    deputy mayor, "의정부시장" the mayor of 의정부."""
    _, found = analyse_text(
        "김태흠 충남도지사와 박한규 천안부시장, 안병용 의정부시장이 참석했다. "
        "김태흠 충청남도지사는 환영사를 했다. 이완구 충남지사도 왔다."
    )
    assert sorted(o.name for o in found.of_kind("organization")) == [
        "의정부시",
        "천안시",
        "충청남도",
    ]


def test_a_noun_a_determiner_points_with_is_no_part_of_the_name_after_it(analyse_text):
    """ "이 기간 한스 베스트베리 버라이즌 CEO": 기간 is "this period", not a given name."""
    _, found = analyse_text(
        "이 기간 한스 베스트베리 버라이즌 CEO, 마크 저커버그 메타 CEO와 각각 만났다."
    )
    assert {p.name for p in found.of_kind("person")} == {"한스 베스트베리", "마크 저커버그"}


def test_a_part_of_a_month_and_a_country_are_no_part_of_a_name(analyse_text):
    """ "11월 말께 스티브 발머 CEO": late November; "말레이시아 셀콤 CEO": a country and a
    company, no one named."""
    _, found = analyse_text(
        "MS는 11월 말께 스티브 발머 최고경영자(CEO)가 방한한다고 밝혔다. "
        "말레이시아 셀콤 CEO도 LG유플러스를 찾았다."
    )
    assert {p.name for p in found.of_kind("person")} == {"스티브 발머"}


def test_a_second_title_after_gyeom_glued_to_its_division_is_the_same_persons(analyse_text):
    """ "노태문 DX부문장 겸 MX사업부장": one person with two offices, no company "DX부문장"."""
    _, found = analyse_text("천 회장은 노태문 DX부문장 겸 MX사업부장(사장)을 만날 예정이다.")
    people = {p.name: p for p in found.of_kind("person")}
    assert list(people["노태문"].titles) == ["DX부문장 겸 MX사업부장"]
    assert not found.of_kind("organization")


def test_a_governor_called_jisa_heads_the_province_a_branch_head_nothing(analyse_text):
    """ "이완구 충남지사": 충청남도's governor; "부산지사" is no province (a branch office)."""
    _, found = analyse_text("이완구 충남지사와 홍길동 부산지사가 참석했다.")
    assert [o.name for o in found.of_kind("organization")] == ["충청남도"]


def test_a_korean_groups_company_read_as_a_verb_still_stands_before_a_title(analyse_text):
    """ "최영찬 SK온 사장": Kiwi reads 온 as the verb 오다; "LG회장," and "SK텔레콤은" are not
    such words."""
    _, found = analyse_text(
        "뒷줄에는 허개화 GEM 회장, 최영찬 SK온 사장이 자리했다. SK텔레콤은 유영상 사장이 "
        "참석했다고 밝혔다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert list(people["최영찬"].titles) == ["SK온 사장"]
    assert list(people["유영상"].titles) == ["사장"]


def test_a_company_the_article_says_has_headquarters_is_no_given_name(analyse_text):
    """ "도레이 닛카쿠 CEO" in the headline: 도레이 has a 본사 in the body, so it is the
    company, and the CEO is the body's 닛카쿠 아키히로."""
    _, found = analyse_text(
        "첫날인 7일에는 도레이 본사에서 닛카쿠 아키히로 CEO를 만난다.",
        title="김장호 시장, 도레이 닛카쿠 CEO 면담",
    )
    assert {p.name for p in found.of_kind("person") if p.visitor} == {"닛카쿠 아키히로"}


def test_a_market_is_no_mayor(analyse_text):
    """시장 glued to a common noun is a market ("세계시장"): no city, no mayor, no name read
    before it; glued to a place it is still a mayor ("아산시장")."""
    _, found = analyse_text(
        "2017년 기준 소재·부품 분야 세계시장 점유율은 독일 9.3%다. 박경귀 아산시장은 "
        "국내시장 동향을 설명했다."
    )
    assert {p.name for p in found.of_kind("person")} == {"박경귀"}
    assert {o.name for o in found.of_kind("organization")} == {"아산시"}


def test_a_chinese_name_in_korean_reading_at_a_company_called_chinese_is_foreign(analyse_text):
    """ "유상열 룽바이그룹 총재" reads like a Korean name, but the article calls the company
    Chinese, with its hanja between name and "그룹" ("룽바이(容百)그룹"): a Chinese name
    in Korean reading, as papers write them. At a company not called foreign, the same
    name is Korean."""
    text = (
        "중국 이차전지 소재 기업 룽바이(容百)그룹이 새만금에 공장을 짓는다. 협약식에는 "
        "김관영 전북지사와 유상열 룽바이그룹 총재가 참석했다."
    )
    _, found = analyse_text(text)
    people = {p.name: p for p in found.of_kind("person")}
    assert people["유상열"].country == "CN" and people["유상열"].visitor
    assert people["김관영"].country == "KR"
    _, found = analyse_text(text.replace("중국 이차전지 소재 기업 ", ""))
    assert {p.name: p.country for p in found.of_kind("person")}["유상열"] == "KR"


@pytest.mark.parametrize(
    "name, korean",
    [("왕쉐쩌", False), ("진춘쉐", False), ("김쌍수", True), ("김택진", True)],
)
def test_mandarin_syllables_no_korean_given_name_has(name, korean):
    """A tense onset ("쩌") or the vowel ㅞ ("쉐") marks a transliterated Chinese name that
    would otherwise read as a Korean one (family name 왕, 진); "쌍" is in Korean names."""
    from enrich.dictionary import load_dictionary

    assert load_dictionary().people_rules.looks_korean(name) is korean


def test_the_province_of_the_story_before_a_title_is_no_name(analyse_text):
    """ "서철모 도 기획조정실장": 도 is the province the story is about, not part of a name."""
    _, found = analyse_text("서철모 도 기획조정실장은 17일 도리스 슈 회장과 양해각서를 체결했다.")
    assert "서철모" in {p.name for p in found.of_kind("person")}


def test_korea_before_a_foreign_company_is_its_arm_before_another_word_a_korean_firm(
    analyse_text,
):
    """ "한국후지제록스 사장" heads 후지제록스's Korean arm; "한국통신 사장" a Korean company."""
    _, found = analyse_text(
        "이상철 한국통신 사장은 VNPT의 당딘람 사장과 면담했다. 고바야시 요타로 후지제록스 "
        "회장은 김영호 한국후지제록스 사장과 만났다."
    )
    orgs = {o.name: o for o in found.of_kind("organization")}
    assert orgs["한국통신"].country == "KR" and not orgs["한국통신"].branch
    assert orgs["한국후지제록스"].branch


@pytest.mark.parametrize("caption_first", [False, True])
def test_a_spelled_out_head_of_a_foreign_firm_stays_foreign_where_named_again(
    analyse_text, caption_first
):
    """ "화유코발트의 진설화(Chen Xuehua) 동사장" is Chinese; the caption's unspelled "진설화
    화유코발트 동사장", before or after, does not make him Korean."""
    spelled = "체결식에는 화유코발트의 진설화(Chen Xuehua) 동사장 등이 참석했다."
    caption = "신학철 부회장이 진설화 화유코발트 동사장과 기념사진을 촬영하고 있다."
    lines = [caption, spelled] if caption_first else [spelled, caption]
    _, found = analyse_text(" ".join(["LG화학이 중국 화유코발트와 계약했다.", *lines]))
    people = {p.name: p.country for p in found.of_kind("person")}
    assert people["진설화"] == "CN"


def test_the_head_of_a_korean_branch_leaves_the_company_foreign(analyse_text):
    """A Korean person's company is Korean ("김택진 엔씨소프트 대표"), but not the company whose
    Korean branch they head ("김영호 오로라소프트 한국지사장")."""
    _, found = analyse_text(
        "체결식에는 토마스 베버 오로라소프트 최고마케팅책임자(CMO)와 김영호 오로라소프트 "
        "한국지사장이 참석했다."
    )
    companies = {o.name: o.country for o in found.of_kind("organization")}
    assert companies["오로라소프트"] not in (None, "KR")


@pytest.mark.parametrize(
    "text, name",
    [
        ("이 만찬에는 라지브 수리 노키아 CEO도 참석했다.", "라지브 수리"),
        ("노키아 최고경영자(CEO) 라지브 수리 회장이 방한했다.", "라지브 수리"),
        ("이건희 회장이 내일(24일) 하워드 스트링어 소니 회장을 만납니다.", "하워드 스트링어"),
        ("이윤우 부회장은 런정페이(任正非) 화웨이 회장과 만났다.", "런정페이"),
        ("최 위원장은 윙 리(Wing K. Lee) 사장과 면담했다.", "윙 리"),
        ("정 회장과 앤서니 탄 '그랩' 창업자가 악수했다.", "앤서니 탄"),
        (
            "칼 헨릭 스반베리 에릭슨 최고경영자(CEO)가 방한했다.\n"
            "스반베리 CEO는 5G 협력을 논의했다.",
            "칼 헨릭 스반베리",
        ),
    ],
    ids=[
        "family name that is a noun too",
        "the same after a title",
        "day before the name",
        "known company after a one-word name",
        "words that are nouns too, spelled out",
        "company in quotes",
        "three-word name",
    ],
)
def test_a_foreign_name_before_a_known_company(analyse_text, text, name):
    _, found = analyse_text(text)
    names = {p.name for p in found.of_kind("person")}
    assert name in names and not any(n != name and name in n for n in names), names


def test_a_foreign_companys_name_inside_a_joint_ventures_is_not_the_company(analyse_text):
    """ "삼성코닝정밀소재", "에릭슨LG": a Korean joint venture, whose head is Korean."""
    _, found = analyse_text(
        "박근혜 대통령은 웬델 윅스 코닝 회장과 박원규 삼성코닝정밀소재 사장을 접견했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert people["박원규"].country == "KR" and "corning" not in people["박원규"].organizations
    assert "corning" in people["웬델 윅스"].organizations


def test_a_venue_word_in_a_title_is_no_place(analyse_text):
    """ "스노우플레이크 본사 최고마케팅책임자" works at the headquarters; the meeting is not there."""
    _, found = analyse_text(
        "서울시는 8일 시청에서 데니스 퍼슨 스노우플레이크 본사 최고마케팅책임자(CMO)와 "
        "업무협약을 맺었다."
    )
    assert "스노우플레이크 본사" not in {p.name for p in found.of_kind("location")}


def test_a_commissioner_is_a_korean_official(analyse_text):
    _, found = analyse_text("신용섭 방송통신위원회 상임위원이 울프 페르손 에릭슨 부사장을 만났다.")
    assert {p.name: p.country for p in found.of_kind("person")}.get("신용섭") == "KR"


def test_a_chinese_name_that_starts_like_a_korean_one_is_foreign(analyse_text):
    """ "정위췬": 정 is a Korean family name, but 췬 no Korean given name's syllable."""
    _, found = analyse_text("이 자리에는 CATL의 정위췬 회장이 참석했다.")
    assert {p.name: p.country for p in found.of_kind("person")}["정위췬"] not in (None, "KR")


def test_a_place_after_a_title_is_no_name(analyse_text):
    """ "초청 CEO 가운데 일본에서 ...": the words after a title are a name only up to a place."""
    _, found = analyse_text("초청 CEO 가운데 일본에서 베어링을 만드는 회사가 투자를 추진한다.")
    assert not any("일본" in p.name for p in found.of_kind("person"))


def test_a_second_title_after_gyeom_heads_a_division(analyse_text):
    """ "수석부사장 겸 조달 그룹장인 NAME": one title of two parts; the senior one counts,
    and a day before the company ("24일 소니") is no part of it."""
    _, found = analyse_text(
        "업계에 따르면 24일 소니 수석부사장 겸 조달 그룹장인 가즈아키 다카노세가 "
        "LG디스플레이 본사를 방문했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert people["가즈아키 다카노세"].visitor, people
    assert "24일 소니" not in {o.name for o in found.of_kind("organization")}


@pytest.mark.parametrize(
    "text, name, company",
    [
        ("이날 총회에는 차브리아 피놀렉스 그룹 회장이 참석했다.", "차브리아", "피놀렉스 그룹"),
        (
            "총회에는 라지브 차브리아 피놀렉스 그룹 회장이 참석했다. 차브리아 회장은 웃었다.",
            "라지브 차브리아",
            "피놀렉스 그룹",
        ),
    ],
)
def test_a_company_written_apart_from_its_suffix(analyse_text, text, name, company):
    """ "피놀렉스 그룹": an unknown word before a company suffix written alone is a company."""
    _, found = analyse_text(text)
    assert name in {p.name for p in found.of_kind("person")}
    assert company in {o.name for o in found.of_kind("organization")}


@pytest.mark.parametrize(
    "text, name, company, country",
    [
        (  # the country between the name and the company
            "무케시 암바니 인도 릴라이언스그룹 회장이 서초사옥을 찾았다.",
            "무케시 암바니",
            "릴라이언스인더스트리",  # the dictionary's name of the group's company
            "IN",
        ),
        (  # a family name that is a noun too ("사고") after a foreign given name
            "손 회장은 카츠노리 사고 부사장 등 소프트뱅크 경영진과 함께 청와대를 찾았다.",
            "카츠노리 사고",
            None,
            None,
        ),
    ],
)
def test_names_around_a_country_or_a_noun(analyse_text, text, name, company, country):
    _, found = analyse_text(text)
    people = {p.name: p for p in found.of_kind("person")}
    assert name in people, people
    if company:
        assert company in {o.name for o in found.of_kind("organization")}
    if country:
        assert people[name].country == country


def test_a_bureau_director_and_a_senior_secretary_are_korean_officials(analyse_text):
    _, found = analyse_text("이 자리에는 이호승 경제수석과 허선 공정위 경쟁국장이 배석했다.")
    people = {p.name: p for p in found.of_kind("person")}
    assert people["이호승"].country == "KR" and people["허선"].country == "KR", people


def test_a_noun_before_a_family_name_with_a_particle_is_no_given_name(analyse_text):
    _, found = analyse_text("첫 방한 폰 피어러 지멘스 회장이 27일 기자회견을 열었다.")
    assert not any(p.name.startswith("방한") for p in found.of_kind("person"))


def test_chinese_titles_and_dotcom_companies(analyse_text):
    """ "총경리" heads a Chinese company, "부총경리" is its deputy; "시나닷컴" is a company;
    "등" after a name is no name."""
    _, found = analyse_text(
        "쑹쥐 칭화기업집단 총재 등 방문단에는 진바오치 시나닷컴 집행부총경리와 쉬징홍 "
        "칭화건설 총경리가 포함됐다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert people["진바오치"].visitor and people["쉬징홍"].visitor, people
    assert "등" not in people


def test_a_title_alone_does_not_undo_the_korean_public_body_named_before(analyse_text):
    _, found = analyse_text(
        "이영 중기부 장관은 25일 르네 하스 Arm CEO를 만났다. 이영 장관과 협력을 논의했다."
    )
    assert {p.name: p.country for p in found.of_kind("person")}["이영"] == "KR"


def test_a_former_title_says_former_once(analyse_text):
    _, found = analyse_text("남궁석 전 장관이 중국을 방문했다.")
    assert list({p.name: p for p in found.of_kind("person")}["남궁석"].titles) == ["전 장관"]


def test_a_name_after_the_title_it_was_named_to(analyse_text):
    _, found = analyse_text(
        "벤자민 로 ASM CEO가 방문했으며, 후임 CEO로 내정된 히쳄 엠사드도 동행했다."
    )
    assert "히쳄 엠사드" in {p.name for p in found.of_kind("person")}


def test_a_kinship_word_between_a_title_and_the_name(analyse_text):
    _, found = analyse_text("방한에는 릴라이언스 지오 이사회 의장인 장남 아카시 암바니도 동행했다.")
    assert "아카시 암바니" in {p.name for p in found.of_kind("person")}


def test_a_verb_form_that_works_as_a_postposition_is_no_name(analyse_text):
    """ "순방에 따라 배럿 회장이": "따라" (according to) is no given name, "순방에" no word of
    one, and "배럿" no company."""
    _, found = analyse_text(
        "인텔코리아는 본사 경영진의 연례 아시아 순방에 따라 배럿 회장이 28일 입국한다고 밝혔다."
    )
    assert not any("따라" in p.name for p in found.of_kind("person"))
    assert "배럿" not in {o.name for o in found.of_kind("organization")}


def test_a_title_before_a_dot_ends_the_first_persons_mention(analyse_text):
    """ "최시중 위원장·퀄컴 회장": two titled people, "위원장·퀄컴" is no company."""
    _, found = analyse_text("최시중 위원장·퀄컴 회장 협력 논의")
    assert {o.name for o in found.of_kind("organization")} == {"퀄컴"}


def test_a_region_or_a_division_before_a_title_is_neither_name_nor_company(analyse_text):
    """ "SAP 아태 사장" names no one; "인텔의 ... 국제담당 사장" heads a part of 인텔."""
    _, found = analyse_text(
        "SAP 아태 사장이 참석했다. 손학규 지사는 인텔의 낸시 팔민티어 국제담당 사장과 "
        "MOU를 체결했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert "아태" not in people
    assert "intel" in people["낸시 팔민티어"].organizations


def test_a_countrys_branch_is_no_governor(analyse_text):
    """ "하반기 한국지사": a company's Korean branch office, no governor named 하반기 ("경기지사"
    still is one)."""
    _, found = analyse_text("인텔캐피털이 하반기 한국지사를 세운다. 김동연 경기지사가 환영했다.")
    assert {p.name for p in found.of_kind("person")} == {"김동연"}


def test_the_latin_spelling_says_how_many_words_the_name_has(analyse_text):
    """ "조 폰(Joe Pon)": both words, though each is also a common noun ("조", "폰") and "폰"
    a particle of names ("폰 피어러")."""
    _, found = analyse_text(
        "설명회에는 조 폰(Joe Pon) 어플라이드 머티어리얼즈 최고대외협력책임자가 참석했다."
    )
    assert "조 폰" in {p.name for p in found.of_kind("person")}


def test_a_region_a_title_heads_is_part_of_the_title(analyse_text):
    """ "마이클 로딩 아시아 대표", "프랭크 케른 아시아태평양 사장": the region is no word of the
    name."""
    _, found = analyse_text(
        "MS 마이클 로딩 아시아 대표가 방한했다. IBM 측에서는 프랭크 케른 아시아태평양 사장이 "
        "함께했다."
    )
    assert {"마이클 로딩", "프랭크 케른"} <= {p.name for p in found.of_kind("person")}


def test_a_family_name_that_is_also_a_companys(analyse_text):
    """ "찰스 필립스 오라클 사장": between a given name and the company, "필립스" is his."""
    _, found = analyse_text("찰스 필립스 오라클 사장이 오는 29일 방한한다.")
    people = {p.name: p for p in found.of_kind("person")}
    assert "oracle" in people["찰스 필립스"].organizations


def test_a_company_headquartered_abroad_is_foreign(analyse_text):
    """ "앰코테크놀로지는 미국에 본사를 둔 ... 기업": the country said after the name."""
    _, found = analyse_text(
        "김주진 앰코테크놀로지 회장이 광주를 방문했다. 앰코테크놀로지는 미국에 본사를 둔 반도체 "
        "패키징 기업이다."
    )
    assert {o.name: o.country for o in found.of_kind("organization")}["앰코테크놀로지"] == "US"


def test_fields_joined_with_a_dot_before_a_title_are_part_of_it(analyse_text):
    """ "앤드류 코헨 마케팅·사업전략 개발 부사장": the fields he heads, not two people ("코헨
    마케팅", "사업전략 개발"); names joined with a dot are still two people."""
    _, found = analyse_text(
        "이 시장은 램리서치 본사에서 앤드류 코헨 마케팅·사업전략 개발 부사장을 만났다. "
        "게르하르트 오스발트·베른트 로이커트 부회장도 함께했다."
    )
    assert {p.name for p in found.of_kind("person")} == {
        "앤드류 코헨",
        "게르하르트 오스발트",
        "베른트 로이커트",
    }


def test_a_time_before_a_title_is_no_name(analyse_text):
    """ "다음 달 CEO 교체를 앞두고": next month, no one called 다음 달."""
    _, found = analyse_text("벤자민 로 CEO의 방문은 다음 달 CEO 교체를 앞두고 이뤄졌다.")
    assert {p.name for p in found.of_kind("person")} == {"벤자민 로"}


def test_a_division_with_a_dot_or_a_region_with_jiyeok_is_part_of_the_title(analyse_text):
    """ "존 켐프 듀폰 전자·이미징사업부 사장", "데이비드 힐 딜로이트 아태지역 CEO": the company
    before them, the name before it."""
    _, found = analyse_text(
        "성윤모 장관과 존 켐프 듀폰 전자·이미징사업부 사장은 8일 면담했다. 데이비드 힐 딜로이트 "
        "아태지역 CEO도 자리했다."
    )
    assert {"존 켐프", "데이비드 힐"} <= {p.name for p in found.of_kind("person")}


def test_a_former_mark_before_a_country_does_not_break_the_reading(analyse_text):
    """ "베네트 前 이스라엘 요즈마 회장": an IndexError before (the country's place counted with
    "前" still among the words)."""
    _, found = analyse_text("김동연 지사, 베네트 前 이스라엘 요즈마 회장 접견")
    assert "김동연" in {p.name for p in found.of_kind("person")}


def test_a_colleague_of_someone_the_dictionary_knows_at_an_unnamed_company(analyse_text):
    """ "레이쥔 CEO와 린빈 부회장": 린빈 works where 레이쥔 does (Xiaomi, in the dictionary, not
    named in the text) -- a KeyError before."""
    _, found = analyse_text(
        "이 회장은 크리스티아노 아몬 퀄컴 회장과 함께 공장을 방문했으며, 레이쥔 CEO와 린빈 "
        "부회장이 두 사람을 직접 맞이했다."
    )
    assert "린빈" in {p.name for p in found.of_kind("person")}


def test_a_one_word_chinese_name_after_its_title(analyse_text):
    """ "램리서치 회장 쩡위친은": the name after the title is one word, as Chinese names are
    written; an adverb after a title is none ("회장 잇따라 방한")."""
    _, found = analyse_text(
        "BOE 대표 장이밍은 이날 LG디스플레이를 찾았다. 퀄컴·시스코 회장 잇따라 방한."
    )
    people = {p.name for p in found.of_kind("person")}
    assert "장이밍" in people and "잇따라" not in people


@pytest.mark.parametrize(
    "text, name",
    [
        ("팜 녓 브엉 빈그룹 회장은 이날 방한했다.", "팜 녓 브엉"),
        ("레 티 투 하 FPT 부사장은 이날 방한했다.", "레 티 투 하"),
        ("이날 면담에는 쩐 꽝 타인 사장도 참석했다.", "쩐 꽝 타인"),
        ("응우옌 반 훙 비엣텔 CEO는 이날 KT를 방문했다.", "응우옌 반 훙"),
        ("KT플라자에서 황 쭝 탄 비엣텔 텔레콤 CEO는 제품을 살펴봤다.", "황 쭝 탄"),
    ],
)
def test_a_vietnamese_name_is_its_family_name_and_the_short_words_after_it(
    analyse_text, text, name
):
    _, found = analyse_text(text)
    assert name in {p.name for p in found.of_kind("person")}


def test_a_family_name_shared_by_two_people_goes_to_the_one_with_that_title(analyse_text):
    """ "찐 회장" is the chairman 응우옌 쭝 찐, not the prime minister 팜 민 찐; "이 부회장" is the
    vice chairman, not the chairman of the same family name."""
    _, found = analyse_text(
        "이재용 삼성전자 부회장이 CMC의 응우옌 쭝 찐 회장을 만났다. 이번 만남은 팜 민 찐 "
        "베트남 총리의 방한 때 성사됐다. 찐 회장은 이건희 회장 시절부터 삼성과 일했다. "
        "이 부회장은 찐 회장과 만찬을 했다."
    )
    aliases = {p.name: set(p.aliases) for p in found.of_kind("person")}
    assert "찐 회장" in aliases["응우옌 쭝 찐"] and "찐 회장" not in aliases["팜 민 찐"]
    assert "이 부회장" in aliases["이재용"]


def test_a_name_particle_does_not_join_a_lone_family_name(analyse_text):
    """ "면담 뒤 최 본부장은": 뒤 is "after" here, and 최 the family name of 최형두."""
    _, found = analyse_text(
        "최형두 국민의힘 AI과학정책본부장이 제이슨 권 오픈AI CSO와 면담했다. 면담 뒤 최 "
        "본부장은 브리핑을 했다."
    )
    people = {p.name: set(p.aliases) for p in found.of_kind("person")}
    assert "뒤 최" not in people and "최 본부장" in people["최형두"]


@pytest.mark.parametrize(
    "text, wrong",
    [
        ("샤슈아 회장은 이날 현대차 본사에 들러 정 부회장을 만났다.", "들러 정"),
        ("회동이 끝나자 이 부회장은 기자들과 만났다.", "끝나자 이"),
        ("별세 소식이 전해진 이나모리 가즈오 교세라 명예회장은 한국과 인연이 깊다.", "전해진"),
    ],
)
def test_a_verb_or_a_bound_noun_before_a_family_name_is_no_given_name(analyse_text, text, wrong):
    """ "들러" (dropping by), "끝나자" (when it ended), "전해진" (reported): verbs Kiwi knows,
    with a connective or a noun's ending, are no part of the name."""
    _, found = analyse_text(text)
    assert wrong not in {p.name for p in found.of_kind("person")}


def test_a_noun_and_a_bound_noun_before_a_family_name_are_no_company(analyse_text):
    """ "기념식 참석차 슈미트 회장": "참석차" (to attend) is a noun and a bound noun."""
    _, found = analyse_text(
        "에릭 슈미트 알파벳 회장이 방한했다. 이번 면담은 기념식 참석차 슈미트 회장이 방한하면서 "
        "마련됐다."
    )
    assert "참석차 슈미트" not in {o.name for o in found.of_kind("organization")}
    assert {p.name for p in found.of_kind("person")} == {"에릭 슈미트"}


def test_a_former_title_before_a_dot_ends_the_first_mention(analyse_text):
    """ "이동채 前회장·쉬카이화 회장": two people, the first a former chairman."""
    _, found = analyse_text("이날 오창에서 이동채 前회장·쉬카이화 회장이 회동했다.")
    names = {e.name for kind in ("person", "organization") for e in found.of_kind(kind)}
    assert names and not any("·" in name for name in names)


def test_chinese_names_of_common_syllables_after_or_before_their_title(analyse_text):
    """ "EVE에너지 총경리 리우홍광은": a one-word name of Chinese sounds after the title, though
    no syllable of it is rare in Korean; "류청하오 나라다에너지 ... CEO": one Kiwi guesses to
    be a common noun.  "CEO 서밋에" is no name ("밋" is no sound of Chinese)."""
    _, found = analyse_text(
        "류청하오 나라다에너지 해외총괄 CEO는 화답했다. EVE에너지 총경리 리우홍광은 검토하겠다고 "
        "밝혔다. 황 CEO는 APEC CEO 서밋에 참석했다."
    )
    people = {p.name for p in found.of_kind("person")}
    assert {"류청하오", "리우홍광"} <= people and "서밋" not in people


def test_two_words_spelled_out_in_hanja_are_one_japanese_name(analyse_text):
    """ "우시오전기의 우시오 지로(牛尾治朗) 회장": the family name is also the company's."""
    _, found = analyse_text(
        "이건희 삼성 회장이 우시오전기의 우시오 지로(牛尾治朗) 회장을 만났다. 우시오 회장은 "
        "일본 재계의 유력 인사다."
    )
    assert "우시오 지로" in {p.name for p in found.of_kind("person")}


def test_headquarters_before_a_name_is_no_company(analyse_text):
    """ "일본 본사의 나카무라 규조 알박㈜ 사장": "본사의" (of the head office) names no company."""
    _, found = analyse_text("이날 준공식에는 일본 본사의 나카무라 규조 알박㈜ 사장도 참석했다.")
    assert "나카무라 규조" in {p.name for p in found.of_kind("person")}


def test_a_foreign_companys_other_name_in_brackets_names_it_elsewhere(analyse_text):
    """ "당딘람 베트남 우전공사(VNPT) 사장": the headline's "VNPT 사장은 한국통신 예방" is his
    company too."""
    _, found = analyse_text(
        "방한단 가운데 당딘람 베트남 우전공사(VNPT) 사장은 한국통신을 예방했다.",
        title="베트남 대표단 방한…VNPT 사장은 한국통신 예방",
    )
    orgs = {o.name: set(o.aliases) for o in found.of_kind("organization")}
    assert "VNPT" in orgs["우전공사"]


def test_a_division_between_the_company_and_the_name(analyse_text):
    """ "인피니언 오토모티브 사업부 피터 쉬퍼 사장": company, division, then the name."""
    _, found = analyse_text(
        "이날 체결식에는 인피니언 오토모티브 사업부 피터 쉬퍼 사장 등 양사 관계자들이 참석했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert "infineon" in people["피터 쉬퍼"].organizations


def test_the_division_a_titled_name_heads_is_read_whatever_its_word(analyse_text):
    """ "머크의 카이 베크만 일렉트로닉스 부문 대표": the word before "부문" names the division,
    even one the analyser splits into a verb ("일렉트로닉/NNG 스/VV")."""
    _, found = analyse_text(
        "문승욱 장관은 머크의 카이 베크만 일렉트로닉스 부문 대표를 만나 투자 계획을 논의했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert "머크 일렉트로닉스 부문 대표" in people["카이 베크만"].titles


def test_a_division_of_several_words_belongs_to_the_title(analyse_text):
    """ "데이브 슬로안 마이크로소프트 글로벌 마켓 디벨롭먼트 부문 CTO": seven words before the
    title, the company the first of the division's."""
    _, found = analyse_text(
        "협약식에는 데이브 슬로안(Dave Sloan) 마이크로소프트 글로벌 마켓 디벨롭먼트 부문 "
        "최고기술경영자(CTO) 등이 참석했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert "microsoft" in people["데이브 슬로안"].organizations


def test_the_body_a_compound_title_heads_is_an_organization(analyse_text):
    """ "김규현 새만금개발청장", "서종렬 한국인터넷진흥원장": the title is its body's 장; the body
    is a Korean public party, and the title is written once."""
    _, found = analyse_text("김규현 새만금개발청장과 서종렬 한국인터넷진흥원장도 자리를 함께했다.")
    orgs = {o.name: o for o in found.of_kind("organization")}
    assert orgs["새만금개발청"].country == "KR" and orgs["한국인터넷진흥원"].country == "KR"
    people = {p.name: p for p in found.of_kind("person")}
    assert list(people["김규현"].titles) == ["새만금개발청장"]


def test_a_ministrys_directors_are_korean_officials(analyse_text):
    """ "박재문 융합정책관", "라봉하 국제협력관", "김정호 연구처장": a ministry's or a
    university's office heads, titled like no company's."""
    _, found = analyse_text(
        "면담에는 방통위의 박재문 융합정책관과 라봉하 국제협력관, KAIST 김정호 연구처장이 함께했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    assert {"박재문", "라봉하", "김정호"} <= set(people)
    assert all(people[n].country == "KR" for n in ("박재문", "라봉하", "김정호"))


def test_a_family_name_that_is_the_companys_after_the_company(analyse_text):
    """ "타타그룹의 라탄 타타 회장": the company said first, the family name is its name."""
    _, found = analyse_text("타타그룹의 라탄 타타 회장이 한국 재계 인사들과 만났다.")
    assert "라탄 타타" in {p.name for p in found.of_kind("person")}


def test_a_region_joined_by_a_dot_and_a_field_are_part_of_the_title(analyse_text):
    """ "구글의 미카엘라 브라우닝 아시아·태평양 대외정책 총괄": the region and the field she
    heads, not her name."""
    _, found = analyse_text(
        "의원은 국회에서 구글의 미카엘라 브라우닝 아시아·태평양 대외정책 총괄(부사장)을 만났다."
    )
    assert "미카엘라 브라우닝" in {p.name for p in found.of_kind("person")}


def test_a_long_one_word_name_after_its_company(analyse_text):
    """ "인포시스의 고팔라크리슈난 대표": a family name of seven syllables, the company said
    before it; a long word in a name of several words is a company ("우방궈 전국인민대표대회")."""
    _, found = analyse_text(
        "서밋에 참석하려고 방한한 인포시스의 고팔라크리슈난 대표가 의지를 밝혔다. 최태원 회장은 "
        "우방궈 전국인민대표대회 상무위원장을 만났다."
    )
    people = {p.name for p in found.of_kind("person")}
    assert "고팔라크리슈난" in people and "우방궈 전국인민대표대회" not in people


def test_a_market_after_a_common_noun_is_no_mayor(analyse_text):
    """ "중국 내 전기차 시장은": the EV market, not a mayor named 전기차; "이 시장은" is the mayor."""
    _, found = analyse_text(
        '박원순 서울시장은 이날 사와다 회장을 만났다. 뤄 부총재는 "중국 내 전기차 시장은 계속 '
        '성장할 것"이라고 말했다. 이 시장은 "협력하자"고 답했다.'
    )
    people = {p.name: set(p.aliases) for p in found.of_kind("person")}
    assert "전기차" not in people and "박원순" in people


def test_a_korean_city_with_its_suffix_is_its_government_but_not_in_an_address(analyse_text):
    """ "포항시가 ... 협약을 맺었다": the city government; "천안시 성거읍 ...", "성남시 분당의
    ...": a place."""
    _, found = analyse_text(
        "포항시가 천쉬에화 회장과 협약을 맺었다. 슈 회장은 천안시 성거읍 공장을 방문했다. 그는 "
        "성남시 분당의 연구센터도 찾았다."
    )
    orgs = {o.name: o for o in found.of_kind("organization")}
    assert orgs["포항시"].role == "local_government" and orgs["포항시"].country == "KR"
    assert "천안시" not in orgs and "성남시" not in orgs


def test_a_chief_officers_title_the_list_does_not_name(analyse_text):
    """ "크레이그 먼디 MS 최고연구전략임원", "타이완모바일 최고기술경영자(CTO)인 톰 고(Tom Koh)를":
    최고 ... 임원/경영자/책임자 is a chief officer's title; the name after it ends at its
    spelling in Latin letters."""
    _, found = analyse_text(
        "조인식에는 크레이그 먼디 MS 최고연구전략임원이 참석했다. SK텔레콤은 타이완모바일 "
        "최고기술경영자(CTO)인 톰 고(Tom Koh)를 비롯한 임원 3명이 본사를 찾았다고 밝혔다."
    )
    assert {"크레이그 먼디", "톰 고"} <= {p.name for p in found.of_kind("person")}


def test_a_kind_of_company_before_a_country_is_no_name(analyse_text):
    """ "세계 최대 이통사 美 버라이즌 CEO": 이통사 (a mobile carrier) is no name before the
    country, as "당딘람 베트남 우전공사" is."""
    _, found = analyse_text("이재용 회장이 세계 최대 이통사 美 버라이즌 CEO와 뉴욕에서 회동했다.")
    assert "이통사" not in {p.name for p in found.of_kind("person")}


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "김동관 사장은 다보스에서 이사벨 오르테가 인텔 최고경영자(CEO)를 만났다.",
            "이사벨 오르테가",
        ),
        ("이재용 부회장이 방한한 엘레나 리히터 인텔 최고경영자(CEO)와 만났다.", "엘레나 리히터"),
        ("최 회장은 방한한 요시카와 히로시 도쿄일렉트론 사장과 만났다.", "요시카와 히로시"),
        ("도쿄일렉트론 회장 요시카와 히로시는 이날 LG전자 본사를 찾았다.", "요시카와 히로시"),
    ],
    ids=["가 before the company", "나 of the given name", "와 before the title", "after the title"],
)
def test_a_name_whose_last_syllable_reads_as_a_particle(analyse_text, text, name):
    """Kiwi reads "오르테가" as 오르테 + 가, "엘레나" as 엘레 + 나: a name written before more
    of the titled phrase keeps its last syllable when the article never writes it without."""
    _, found = analyse_text(text)
    assert name in {p.name for p in found.of_kind("person")}


@pytest.mark.parametrize(
    "text, absent",
    [
        # the particle is one: the name is written without it elsewhere
        ("엘레나 리히터 인텔 CEO가 방한했다. 리히터가 인텔 CEO로 온 뒤 처음이다.", "리히터가"),
        # two names joined by 와
        (
            "조달 그룹장인 가즈아키 다카노세와 다카시 하기와라 지사장이 방문했다.",
            "가즈아키 다카노세와",
        ),
        # a common noun before 와
        ("류 차관은 미국 내 한인 투자자와 창업자들이 만든 단체를 찾았다.", "한인 투자자와"),
    ],
    ids=["written without it", "two names joined", "common noun"],
)
def test_a_particle_after_a_name_stays_a_particle(analyse_text, text, absent):
    _, found = analyse_text(text)
    assert not any(absent in p.name for p in found.of_kind("person"))


@pytest.mark.parametrize(
    "text, name, company",
    [
        ("왕젠저우 트리톤 회장이 KT를 찾았다.", "왕젠저우", "트리톤"),
        ("트리톤 왕젠저우 회장이 KT를 찾았다.", "왕젠저우", "트리톤"),
        ("루멘텍 데렉 윌리엄스 사장이 방한했다.", "데렉 윌리엄스", "루멘텍"),
        ("실바넷 데렉 윌리엄스 사장이 방한했다.", "데렉 윌리엄스", "실바넷"),
    ],
    ids=["chinese name, then company", "company, then chinese name", "-텍", "-넷"],
)
def test_an_unknown_company_beside_a_name(analyse_text, text, name, company):
    """Neither the company nor the person is in the dictionary: a Chinese name is one word
    of Mandarin syllables, and a word ending like a tech company's name ("-텍", "-넷") is
    a company."""
    _, found = analyse_text(text)
    people = {p.name: p for p in found.of_kind("person")}
    assert name in people
    assert company in {o.name for o in found.of_kind("organization")}


@pytest.mark.parametrize(
    "text, name",
    [
        ("IBM 본사의 하리쉬 그라마 부사장이 방한했다.", "하리쉬 그라마"),
        ("데쓰로 히가시 회장이 방한했다.", "데쓰로 히가시"),
        ("마이클 자오 CEO가 방한했다.", "마이클 자오"),
        ("슈테판 하르트만 사장이 방한했다.", "슈테판 하르트만"),
    ],
    ids=["indian -sh", "japanese, all open syllables", "chinese family name alone", "german"],
)
def test_two_word_names_that_a_chinese_name_beside_a_company_does_not_split(
    analyse_text, text, name
):
    _, found = analyse_text(text)
    assert name in {p.name for p in found.of_kind("person")}


def test_an_arabic_family_name_with_el_is_one_name_and_its_references_are_the_person(
    analyse_text,
):
    """ "하산 엘 코우리": 엘 (El-) belongs to the family name, and "온세미 엘 코우리 회장" in the
    headline is the same person, not one of his own."""
    _, found = analyse_text(
        "미국 반도체 기업 온세미(onsemi)의 하산 엘 코우리(Hassane El-Khoury) 회장이 부천시 "
        "명예시민이 됐다. 엘 코우리 회장은 조용익 부천시장과 만났다.",
        title="온세미 엘 코우리 회장, 부천시 명예시민 됐다",
    )
    people = {p.name for p in found.of_kind("person")}
    assert "하산 엘 코우리" in people and "엘 코우리" not in people


@pytest.mark.parametrize(
    "text",
    [
        "국회 과방위, 내일 핀란드 양자컴퓨터 기업 IQM 창업자와 간담회",
        "오늘 美 반도체 기업 CEO 방한",
    ],
)
def test_a_relative_day_before_a_title_is_no_name(analyse_text, text):
    """ "내일", "오늘" end the words before a title, as "3일" does."""
    _, found = analyse_text(text)
    assert not {p.name for p in found.of_kind("person")} & {"내일", "오늘"}


def test_a_public_bodys_name_ending_a_longer_one_is_not_that_body(analyse_text):
    """The Assembly's "과학기술정보방송통신위원회" is not the agency "방송통신위원회"."""
    _, found = analyse_text("국회 과학기술정보방송통신위원회(위원장 정청래)가 1일 간담회를 연다.")
    assert "방송통신위원회" not in {o.name for o in found.of_kind("organization")}


@pytest.mark.parametrize(
    ("text", "company", "country"),
    [
        # a Latin Korean group's name is a word of its own: "NHT" is not NH's
        ("일본 NHT와 협정을 맺었다. NHT의 마에다 겐고 사장은 이날 손 지사와 만났다.", "NHT", "JP"),
        # a company listed with others of one country is of that country
        (
            "경기도가 NHT 등 일본 4개사와 투자협정을 맺었다. NHT의 마에다 겐고 사장이 서명했다.",
            "NHT",
            "JP",
        ),
        (
            "도는 에이펙스·윈텍 등 대만 업체들과 만났다. 에이펙스의 린 치밍 사장이 참석했다.",
            "에이펙스",
            "TW",
        ),
        ("에릭슨LG의 패트릭 요한슨 사장이 참석했다.", "에릭슨LG", "KR"),
    ],
)
def test_a_companys_country_from_its_name_and_its_list(analyse_text, text, company, country):
    _, found = analyse_text(text)
    assert {o.name: o.country for o in found.of_kind("organization")}.get(company) == country


def test_a_korean_citys_council_and_its_chair_are_korean(analyse_text):
    """ "허복 구미시의회 의장": a two-syllable name, whose body is a Korean city's council."""
    _, found = analyse_text(
        "김관용 경상북도지사, 남유진 구미시장, 허복 구미시의회 의장 등이 참석했다."
    )
    people = {p.name: p for p in found.of_kind("person")}
    orgs = {o.name: o for o in found.of_kind("organization")}
    assert people["허복"].country == "KR" and not people["허복"].visitor
    assert orgs["구미시의회"].country == "KR"
    # the council of a province the dictionary knows as a government, which its name begins
    _, province = analyse_text("김태형 경기도의회 의원과 김동연 경기도지사가 참석했다.")
    member = next(p for p in province.of_kind("person") if p.name == "김태형")
    assert [province.records[k].name for k in member.organizations] == ["경기도의회"]
    _, abroad = analyse_text("유럽의회의 로베르타 메촐라 의장이 참석했다.")
    assert {o.name: o.country for o in abroad.of_kind("organization")}.get("유럽의회") != "KR"


def test_a_name_whose_first_word_kiwi_reads_as_a_verb_is_read_whole(analyse_text):
    """ "부문의 와다 다카시 사장" (Kiwi: 오/VV 어다/EC 다카시/NNP), also called "와다 사장"."""
    _, found = analyse_text(
        "도시바 반도체 부문의 와다 다카시 사장은 24일 경북도청을 찾았다. "
        "와다 사장은 투자 계획을 밝혔다."
    )
    assert "와다 다카시" in {p.name for p in found.of_kind("person")}


@pytest.mark.parametrize(
    "text",
    [
        "김 사장은 CEO 워크숍 프로그램에 참여할 예정이다.",
        "두 사람은 CEO 라운드테이블 세션에서 만났다.",
    ],
)
def test_event_loanwords_after_a_title_are_no_name(analyse_text, text):
    """ "CEO 워크숍 프로그램에": loanwords whose syllables look transliterated."""
    _, found = analyse_text(text)
    assert not [p.name for p in found.of_kind("person") if p.visitor]


def test_the_body_a_sentence_is_about_is_the_titled_koreans_after_it(analyse_text):
    """ "무역협회는 정만기 부회장이 ...": his body, though his title names none."""
    _, found = analyse_text("무역협회는 정만기 부회장이 시찰단을 이끌고 선전을 방문했다고 밝혔다.")
    person = next(p for p in found.of_kind("person") if p.name == "정만기")
    assert "kita" in person.organizations


def test_fields_joined_with_and_before_a_title_are_part_of_it(analyse_text):
    """ "크레이그 먼디 연구·개발 및 전략담당 최고책임자": the fields, then the title (but "김철수
    및 이영희 사장": two people)."""
    _, found = analyse_text(
        "MS 측 인사는 크레이그 먼디 연구·개발 및 전략담당 최고책임자(CRSO)로 알려졌다."
    )
    assert "크레이그 먼디" in {p.name for p in found.of_kind("person")}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("남궁석 전 정보통신부 장관이 방문한다. 남궁 전 장관은 사장과 만났다.", "남궁석"),
        ("최기영 전 과기정통부 장관이 왔다. 최 전 장관은 사장과 만났다.", "최기영"),
    ],
)
def test_a_family_name_and_a_former_title_name_the_person(analyse_text, text, name):
    """ "남궁 전 장관" (a family name of two syllables), "최 전 장관": "전" is no name."""
    _, found = analyse_text(text)
    second = text.index(". ") + 2
    assert any(m.start >= second for m in found.mentions if found.records[m.key].name == name)
