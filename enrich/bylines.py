"""Reporter names and e-mail addresses from bylines and datelines.

Korean articles name their reporters in many places: a byline line
(``조재범 기자``, ``yjjoe@fnnews.com 조윤주 임수빈 구자윤 기자``), a dateline
that opens the body (``[서울=뉴스핌] 서영욱 김정인 기자 =``,
``[디지털데일리 권하영기자]``, ``(서울=연합뉴스) 홍길동 기자 =``), metadata
(``By 안병준``, JSON-LD ``author``).  A reporter name is taken only when it is
Hangul-only, two to four syllables, starts with a Korean family name and
stands right before a reporter title, so place names and outlet names in the
same line (``순천, 광양 구현모 기자``) are not mistaken for people.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[A-Za-z0-9][\w.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# Titles a reporter's name stands before (longest first so alternation prefers them).
TITLES = (
    "선임기자",
    "수습기자",
    "인턴기자",
    "객원기자",
    "전문기자",
    "기자",
    "특파원",
    "통신원",
    "논설위원",
    "논설실장",
    "에디터",
    "PD",
    "데스크",
)
_TITLE = "(?:" + "|".join(TITLES) + ")"

# One- and two-syllable Korean family names (covers well over 99% of the population).
_SURNAMES_1 = set(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄"
    "채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부가"
    "복태목형피두감음빈동온호범좌라당승간견시요탄팽하"
)
_SURNAMES_2 = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방", "어금", "망절")
# Two-syllable words that look like names but are roles or places in bylines.
_NOT_NAMES = {
    "사진",
    "영상",
    "취재",
    "정리",
    "글",
    "그래픽",
    "기자",
    "편집",
    "디지털",
    "온라인",
    "뉴스",
    "대표",
    "사장",
    "회장",
    "인턴",
    "수습",
    "특별",
    "객원",
    "전문",
    "선임",
    "종합",
}

# Endings of outlet and company names ("한국일보", "매일경제") that would otherwise pass as names.
_ORG_ENDINGS = re.compile(
    r"(?:일보|신문|뉴스|경제|방송|미디어|통신|데일리|타임스|저널|투데이|닷컴|그룹|전자|은행|증권|"
    r"코리아|재단|협회|연구원|위원회|공사|기업|산업|금융|홀딩스)$"
)

_NAME_RUN = re.compile(r"((?:[가-힣]{2,4}[\s·,ㆍ]*){1,6}?)\s*" + _TITLE + r"(?![가-힣])")


def is_name(token: str) -> bool:
    """True for a Hangul-only personal name of 2-4 syllables with a Korean family name."""
    if (
        not re.fullmatch(r"[가-힣]{2,4}", token)
        or token in _NOT_NAMES
        or _ORG_ENDINGS.search(token)
    ):
        return False
    return token[:2] in _SURNAMES_2 or token[0] in _SURNAMES_1


def clean_name(raw: str) -> str | None:
    """``'박준석 기자'`` / ``'By 안병준'`` -> the bare name, or None when it is no person's name."""
    text = re.sub(r"^(?:by|글|사진|취재)\s*[:=]?\s*", "", raw.strip(), flags=re.IGNORECASE)
    text = re.sub(_TITLE + r"$", "", text).strip()
    return text if is_name(text) else None


# A broadcaster's sign-off: "연합뉴스TV 최지숙입니다.", "KBS 뉴스 김철수입니다."
_SIGN_OFF = re.compile(
    r"^(?:[A-Z][A-Za-z0-9]*|[가-힣A-Za-z]+(?:TV|뉴스))(?:\s+뉴스)?\s+([가-힣]{2,4})입니다\.?"
    r"\s*(?:\(?[\w.+-]+@[\w.-]+\)?)?$"
)


def signed_off(line: str) -> str | None:
    """The reporter a broadcaster's sign-off line names, or None."""
    m = _SIGN_OFF.match(line.strip())
    return m[1] if m and is_name(m[1]) else None


# Prose of two or more sentences with the reporter's name glued on after the last one, where
# the page put no line break before the byline ("... 말했다. 김환 기자").
_GLUED_BYLINE = re.compile(
    r"^(?P<text>.{40,}?[다요]\.[\"”’']?)\s+(?P<byline>[가-힣]{2,4}(?:[\s·,]+[가-힣]{2,4}){0,2}\s*"
    + _TITLE
    + r")\s*$"
)


def split_glued_byline(line: str) -> tuple[str, str] | None:
    """(prose, byline) for a paragraph that ends in its reporter's byline, or None.  Two
    sentences at least: a photo caption ends in its photographer's name the same way, in
    one."""
    m = _GLUED_BYLINE.match(line)
    if m is None or len(re.findall(r"[다요]\.[\"”’']?(?:\s|$)", m["text"])) < 2:
        return None
    names = re.split(r"[\s·,]+", re.sub(_TITLE + r"$", "", m["byline"]).strip())
    return (m["text"], m["byline"]) if all(map(is_name, names)) else None


def reporter_names(text: str) -> list[str]:
    """Names standing before a reporter title anywhere in *text*, in order, without repeats;
    or the one a broadcaster's sign-off gives."""
    if name := signed_off(text):
        return [name]
    names: list[str] = []
    for m in _NAME_RUN.finditer(text):
        run = re.split(r"[\s·ㆍ]+", m.group(1).strip())
        picked: list[str] = []
        for token in reversed(run):  # walk back from the title; stop at a non-name
            if not is_name(token.removesuffix(",")):
                break  # (names listed with commas: "박진아, 이시연 수습기자")
            picked.insert(0, token.removesuffix(","))
        for name in picked:
            if name not in names:
                names.append(name)
    return names


def emails(text: str) -> list[str]:
    """E-mail addresses in *text*, lower-cased, in order, without repeats."""
    found: list[str] = []
    for m in EMAIL.finditer(text):
        address = m.group(0).rstrip(".").lower()
        if address not in found:
            found.append(address)
    return found


_DATELINE = re.compile(
    r"^\s*(?:[\[(【]\s*[^\])】]{1,30}[\])】]\s*(?:[가-힣]{2,4}(?:[\s·,]+[가-힣]{2,4}){0,5}\s*"
    + _TITLE
    + r"\s*=?)?|[\[(【][^\])】]{0,30}?[가-힣]{2,4}\s*"
    + _TITLE
    + r"(?:\s*/[^\])】/]{1,30})?\s*[\])】])"  # (other credits: "/ 디자인 최지민")
)


def dateline(paragraph: str) -> str | None:
    """The dateline that opens *paragraph* (``[서울=뉴스핌] 서영욱 기자 =``), or None."""
    m = _DATELINE.match(paragraph)
    return m.group(0).strip() if m and reporter_names(m.group(0)) else None


# A bracket opening a paragraph that says who reports from where ("[이투데이 산업부 기자]",
# "(서울=연합뉴스) 홍길동 기자 =", "[디일렉 기자]", "[이코노미스트 온라인뉴스팀]", "[반도체산업부]"), with or
# without the reporter's name.
_OPENING_DATELINE = re.compile(
    r"^\s*[\[(【][^\])】]{0,40}?(?:=|" + _TITLE + r"|팀|[가-힣]*부)[^\])】]{0,20}[\])】]\s*"
    r"(?:[가-힣]{2,4}(?:[\s·,]+[가-힣]{2,4}){0,5}\s*" + _TITLE + r"\s*=\s*)?"
)


def without_dateline(paragraph: str) -> str:
    """*paragraph* without its opening dateline: the desk it names ("산업부") is the
    newspaper's, not a ministry, and the reporter is no one in the story."""
    m = _OPENING_DATELINE.match(paragraph)
    return paragraph[m.end() :] if m else paragraph
