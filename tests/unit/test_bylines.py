from __future__ import annotations

import pytest

from enrich.bylines import (
    clean_name,
    dateline,
    emails,
    reporter_names,
    split_glued_byline,
    without_dateline,
)
from enrich.clean import clean_text


@pytest.mark.parametrize(
    "text, names",
    [
        ("[서울=뉴스핌] 서영욱 김정인 기자 = 중국 인공지능", ["서영욱", "김정인"]),
        ("[디지털데일리 권하영기자] KT가", ["권하영"]),
        ("yjjoe@fnnews.com 조윤주 임수빈 구자윤 기자", ["조윤주", "임수빈", "구자윤"]),
        ("(서울=연합뉴스) 홍길동·김철수 기자 = 정부가", ["홍길동", "김철수"]),
        ("순천, 광양 구현모 기자 ninek@hankookilbo.com", ["구현모"]),  # place names are not people
        ("조재범 기자 프로필보기 | 2018-11-07 16:12:56", ["조재범"]),
        ("워싱턴=남궁민 특파원", ["남궁민"]),
        ("이 기자는 말했다", []),
        ("[파이낸셜뉴스] 마이크로소프트", []),
    ],
)
def test_reporter_names(text, names):
    assert reporter_names(text) == names


def test_clean_name_accepts_only_hangul_personal_names():
    assert clean_name("By 안병준") == "안병준"
    assert clean_name("박준석 기자") == "박준석"
    assert clean_name("한국일보") is None
    assert clean_name("John Kim") is None


def test_emails_and_datelines():
    assert emails("서영욱 기자 (SYU@newspim.com), kji01@newspim.com.") == [
        "syu@newspim.com",
        "kji01@newspim.com",
    ]
    assert emails("2025.02.03 leemario@newspim") == []
    assert (
        dateline("[서울=뉴스핌] 서영욱 김정인 기자 = 중국") == "[서울=뉴스핌] 서영욱 김정인 기자 ="
    )
    assert dateline("[디지털데일리 권하영기자] KT가") == "[디지털데일리 권하영기자]"
    assert dateline("[파이낸셜뉴스] 마이크로소프트") is None


@pytest.mark.parametrize(
    "paragraph, rest",
    [
        ("[이투데이 산업부 기자] 정의선 부회장이", "정의선 부회장이"),
        ("[반도체산업부] 네덜란드 반도체 장비업체 ASML의", "네덜란드 반도체 장비업체 ASML의"),
        ("(서울=연합뉴스) 홍길동 기자 = 삼성전자가", "삼성전자가"),
        ("[전자신문 대구=정재훈 기자] 대구 지역", "대구 지역"),
        ("[이코노미스트 온라인뉴스팀] 이재용 부회장이", "이재용 부회장이"),
        ("[단독] 삼성전자", "[단독] 삼성전자"),
        ("(주)한화는", "(주)한화는"),
    ],
)
def test_the_opening_dateline_is_cut_from_the_text_analysed(paragraph, rest):
    assert without_dateline(paragraph) == rest


@pytest.mark.parametrize(
    "line, names",
    [
        ("연합뉴스TV 최지숙입니다. (js173@yna.co.kr)", ["최지숙"]),
        ("KBS 뉴스 김철수입니다.", ["김철수"]),
        ("오늘은 여기까지입니다.", []),
        ("문제는 정부입니다.", []),
    ],
)
def test_a_broadcasters_sign_off_names_the_reporter(line, names):
    assert reporter_names(line) == names


def test_a_byline_glued_to_the_last_paragraph_is_split_off_and_the_paragraph_kept():
    """비즈니스포스트 puts "김환 기자" after the last sentence with no break: the paragraph is
    the article's, the byline is not (before, the whole paragraph went as a photo credit)."""
    last = (
        "김주현 금융위원장은 전날 국회 정무위원회에 출석해 제도 개선을 검토하겠다는 의견을 "
        "내놨다. 이복현 금감원장은 3월까지 최종결론을 내겠다고 말했다."
    )
    body = "\n".join(
        [
            "시중은행이 연이어 ELS 상품 판매를 중단하고 있다. 30일 금융권에 따르면 국민은행은 "
            "이날 내부 회의를 열고 판매 중단을 결정했다.",
            "금융당국은 전체 판매중단에는 유보적 태도를 보이고 있다.",
            f"{last} 김환 기자",
        ]
    )
    result = clean_text(body)
    assert result.paragraphs[-1] == last
    assert "김환 기자" not in result.body
    # a caption of one sentence still ends in its photographer's credit
    assert (
        split_glued_byline("이재용 회장이 5일 서울 사옥에서 손님을 맞이하고 있다. 홍길동 기자")
        is None
    )
    assert split_glued_byline(f"{last} 삼성전자 기자") is None  # no person's name


@pytest.mark.parametrize(
    "line, rule",
    [
        (
            "구석구석 숨은 이야기를 듣는, 사회부 사건팀 조민정 기자입니다.",
            "bylines.reporter-introduction",
        ),
        ("[머니투데이방송 MTN = 유찬 기자 (curry30@mtn.co.kr)]", "bylines.bracketed-with-email"),
        (
            "머니투데이방송의 기사에 대해 반론·정정·추후 보도를 청구하실 분은 아래의 연락처로 "
            "연락주시길 바랍니다.",
            "copyright.correction-request",
        ),
    ],
)
def test_what_follows_the_article_is_dropped_by_its_rule(line, rule):
    body = "정부가 공공기관에 설치된 ESS를 전면 가동중지 시켰다. 업계의 우려는 커지고 있다."
    result = clean_text("\n".join([body, body.replace("정부가", "산업부가"), line]))
    assert line not in result.paragraphs
    assert rule in {d.rule for d in result.lines}


def test_a_broadcasts_own_sign_off_line_is_kept():
    """ "최지숙 기자입니다." is how a broadcast report hands over: the report's, not a card's."""
    body = "정부가 공공기관에 설치된 ESS를 전면 가동중지 시켰다. 업계의 우려는 커지고 있다."
    result = clean_text("\n".join(["최지숙 기자입니다.", body]))
    assert not any(d.rule == "bylines.reporter-introduction" for d in result.lines)
