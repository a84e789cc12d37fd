"""Titled mentions: "<name> <company> <title>" and its variants, the way the Korean press
introduces people.

A person enters a Korean news story with a title, almost always in one of a few
shapes::

    매튜 프린스 클라우드플레어 최고경영자(CEO)      name, company, title
    드롭박스의 드루 휴스턴 CEO                      company의 name title
    HD현대 정기선 수석부회장                        company, name, title
    젠슨 황 엔비디아 창업자 겸 CEO                  titles joined by 겸
    팻 겔싱어 전 인텔 CEO                           a former holder (전)
    장덕현 삼성전기 사장                            a Korean name, a Korean company

:func:`titled_mentions` reads those shapes off the words in front of each title
word, without needing the person or the company in the dictionary.  Which words
are the name and which the company is decided by what each word looks like: a
dictionary organisation, Latin letters, a company suffix or a Korean group
prefix ("삼성전기", "SK실트론") make a company; a three-syllable word starting
with a Korean family name and without the syllables only transliterations
have makes a Korean name; the last word of a full name the article gives
elsewhere is a family name ("프린스 CEO는").  Foreign names are written with
spaces ("드루 휴스턴"), Korean ones without, which tells a foreign person from a
Korean one even when nobody is in the dictionary.

Pure text rules over the analysed text (:class:`enrich.nlp.TextAnalysis`);
the words they use are data (:class:`PeopleRules`, from ``config/entities.yaml``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial

from enrich.lexicon import Hit, Lexicon

_HANGUL_NAME = re.compile(r"[\uac00-\ud7a3]{1,6}")
_NAME_PART = re.compile(r"[\uac00-\ud7a3]{1,6}(?:-[\uac00-\ud7a3]{1,6})?")  # "베레스포드-와일리"
# A chief officer's title: 최고, one to ten letters of the field, 책임자, 경영자 or 임원.
_CHIEF = re.compile(r"최고[\uac00-\ud7a3·]{1,10}?(?:책임자|경영자|임원)(?![들급진단])")
_CHIEF_TITLE = "최고책임자"  # the title in config/entities.yaml whose rank they have
_NAME_END_PARTICLES = "가나도와"  # particles that end names too: "오르테가", "엘레나", "오가와"
_RIVER = ("가와", "카와", "사와", "자와")  # Japanese family names: "하세가와", "구로사와"
_LONG_NAME = re.compile(r"[\uac00-\ud7a3]{7,8}")  # a name of one long word: "고팔라크리슈난"
LOCAL_GOVERNMENT_WORDS = frozenset("도시군구")  # a province, city, county or district
_AND = "및"
_LIST_WORDS = frozenset(("등", _AND, "외"))  # a list ends or joins here: no name or company
_INITIAL = re.compile(r"[A-Z]\.")  # a middle initial: "리처드 M. 스미스"
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*")
_CAPITALS_GLUED = re.compile(r"[A-Z]{2,4}(?=[\uac00-\ud7a3]{2,})")  # "PT텔콤", "NHN클라우드"
_WORD = re.compile(r"\S+")
_TITLE_JOIN = re.compile(r"\s*(?:겸|및|이자|\s)\s*")
# After a title, the name it introduces: "최고경영자(CEO)인 에번 스피걸이".
# ... or named as that title: "후임 CEO로 내정된 히쳄 엠사드", "사장으로 선임된 ...".
_AFTER_TITLE = re.compile(
    r"(?:인|이자|(?:으)?로 (?:내정된|선임된|임명된|취임한|낙점된|승진한|영입된))?"
    r"(?: (?:장남|차남|삼남|장녀|차녀|아들|딸|동생|부인))?(?= )"  # "의장인 장남 아카시 암바니"
)  # (in the same paragraph)
# The name in "<organisation>(<title> <name>)", up to the closing bracket.
_BRACKETED_NAME = re.compile(r" ([\uac00-\ud7a3]{1,6}(?: [\uac00-\ud7a3]{1,6}){0,2})[)）]")
_OPEN_QUOTES, _CLOSE_QUOTES = "‘“'\"「『<《〈", "’”'\"」』>》〉"
_QUOTES = str.maketrans("", "", _OPEN_QUOTES + _CLOSE_QUOTES)
# Brackets after a title or a company: "최고경영자(CEO)", "마이크로소프트(MS)".
_BRACKETS = re.compile(r"\s*[(（][^()（）]{1,20}[)）]")
_FORMER = ("전", "前", "前)")
# Words between a name (or company) and its title that belong to the title: "공동 CEO".
_TITLE_MODIFIERS = (
    "공동",
    "신임",
    "차기",  # "주바치 료지 차기 사장": the president-designate
    "현",
    "초대",
    "각자",
    "단독",
    "대표이사",
    "수석",
    "상근",
    "상임",
    "본사",  # "스노우플레이크 본사 최고마케팅책임자"
    "글로벌",
)
# A division between the company and the title belongs to the title: "넷플릭스 정책부문 부사장",
# "텐센트 게임사업 총괄"; also written apart ("오토모티브 사업부"), or in the title itself
# ("오토모티브 사업부장").
_DIVISION_WORDS = ("부문", "사업부", "사업본부", "본부")
_DIVISION = re.compile(rf"[\uac00-\ud7a3A-Za-z&·]+(?:{'|'.join(_DIVISION_WORDS)}|사업|담당|총괄)")
_DIVISION_HEADS = ("사업부장", "부문장", "본부장")
# Regions a title heads: "SAP 아시아태평양 총괄 사장", "MS 마이클 로딩 아시아 대표".
_REGIONS = frozenset(
    [
        "아태",
        "아시아",
        "아시아태평양",
        "태평양",
        "인도태평양",
        "동남아",
        "동북아",
        "유럽",
        "북미",
        "남미",
        "중남미",
        "중동",
        "아프리카",
        "대중화권",
    ]
)


def _region(word: str) -> bool:
    """ "아태", "아태지역", "아시아·태평양": the region a title covers."""
    return all(part.removesuffix("지역") in _REGIONS for part in word.split("·"))


# After "겸", up to two words of a second title's division: "수석부사장 겸 조달 부문장".
_DIVISION_BEFORE_TITLE = re.compile(r"(?:[\uac00-\ud7a3A-Za-z&]+ ){1,2}")
_BULLETS = frozenset("▲△■□●○◆◇▶▷►•·-*")
# "내일(24일)", "7일(현지시간)", "24일": a day before the name, never part of it
_DAY_WORD = re.compile(
    r"\((?:\d{1,2}일|현지\s*시간)\)$|^\d{1,4}(?:년|월|일)$"
    r"|^(?:오늘|내일|어제|모레|이날|전날|당일|다음날|이튿날|그날)$"  # "과방위, 내일 핀란드 ..."
    r"|^(?:초|중순|하순|말)께?$"  # "11월 말께 스티브 발머 CEO가"
)
# A word after one of these is a common noun they point with ("이 기간 한스 베스트베리 ..."),
# no name's.
_DETERMINERS = ("이", "그", "저", "같은", "이번")
_HEADQUARTERS = re.compile(r"(?<![\w])([\uac00-\ud7a3A-Za-z]{2,12}) 본사")
# A name's original spelling glued after it: "나빈 셰노이(Navin Shenoy)", "라우 셍 유(SY Lau)",
# "런정페이(任正非)" (Latin words, not an acronym: "세계이동통신사업자협회(GSMA)" keeps its brackets).
_HANJA_NAME = r"[\u4e00-\u9fff]{2,6}"
_LATIN = "A-Za-zÀ-ÖØ-öø-ž"  # with the accented letters of European names ("Höttges")
_LATIN_NAME = rf"(?=[^)）]*[a-zß-öø-ž])[{_LATIN}][{_LATIN}.'\-]*(?: [{_LATIN}.'\-]+)+"
_ORIGINAL_SPELLING = re.compile(
    rf"(?<=[\uac00-\ud7a3])[(（](?:{_LATIN_NAME}(?:\s*[·,]\s*{_HANJA_NAME})?"
    rf"|{_HANJA_NAME}(?:\s*[·,]\s*{_LATIN_NAME})?)[)）]"
)
# Countries whose people's names, read in Hangul from Chinese characters or Japanese, can
# look like Korean ones ("오사무", "왕촨푸"): after their nationality no word is a Korean name.
_HANJA_NAME_NATIONS = frozenset({"JP", "CN", "TW", "HK"})
# Said of a person between the name and the title: the age, as Korean news gives it
# ("시노하라 오사무(67) 사장"), or where they stand in the photo ("박영선(오른쪽 첫 번째) 장관").
_ASIDE = re.compile(
    r"(?<=[\uac00-\ud7a3])[(（](?:\d{2}세?|(?:사진\s*)?(?:왼쪽|오른쪽|가운데|앞줄|뒷줄|맨)[^()（）]{0,12})[)）]"
)
_CORPORATE = re.compile(r"^(?:㈜|\(주\)|주식회사\s*)|(?:㈜|\(주\))$")
# Two-syllable Korean family names: "남궁", "제갈" (a four-syllable Korean name).
DOUBLE_SURNAMES = ("남궁", "제갈", "선우", "황보", "독고", "사공", "서문", "동방")


@dataclass(frozen=True)
class PeopleRules:
    """The words titled mentions are read with (``config/entities.yaml``)."""

    titles: Lexicon[str]
    ranks: dict[str, str]  # title -> top | senior | other | official
    surnames: frozenset[str]
    group_prefixes: tuple[str, ...]  # "삼성", "SK", ...: a word starting so is a Korean company
    company_suffixes: tuple[str, ...]  # "테크놀로지스", "전자", ...: a word ending so is a company
    government_suffixes: tuple[str, ...]  # "부", "위원회", ...: Korean public bodies
    branch_marks: tuple[str, ...]  # "코리아", "한국법인": a foreign company's Korean branch
    not_names: frozenset[str]  # words that precede titles but are no names ("업계", "신임")
    nationalities: dict[str, str]  # "미국" / "美" -> US
    company_official_titles: frozenset[str] = frozenset()  # "총재": top at a company
    public_bodies: tuple[str, ...] = ()  # "은행", "기금", "부", ...: a name ending so is no company
    particles: frozenset[str] = frozenset()  # "반", "폰", "데어": inside a family name
    institution_prefixes: tuple[str, ...] = ()  # "한국", "대한": with an institution suffix ...
    institution_suffixes: tuple[str, ...] = ()  # "협회", "진흥원": ... a Korean institution
    foreign_given_names: frozenset[str] = frozenset()  # "사이먼": look Korean, are not
    vietnamese_family_names: frozenset[str] = frozenset()  # "응우옌", "팜": a name of 3-4 words
    company_endings: tuple[str, ...] = ()  # "텍", "넷": a word ending so, no common noun, ...

    # Tests of one word, asked again and again of the same words article after article:
    # memoised per rule set (a worker process analyses thousands of articles).

    @cached_property
    def org_like(self) -> Callable[[str], bool]:
        """The word looks like a company's name (Latin capitals, a Korean group's prefix, a
        company or government suffix, a Korean branch's mark)."""
        return lru_cache(maxsize=WORD_CACHE)(partial(_org_like, self))

    @cached_property
    def korean_org(self) -> Callable[[str], bool]:
        """A Korean group's company or a Korean public body, by its name alone."""
        return lru_cache(maxsize=WORD_CACHE)(partial(_korean_org, self))

    @cached_property
    def korean_body(self) -> Callable[[str], str | None]:
        """ "government" for a public body's name ("중소벤처기업부"), "company" for a Korean
        group's company ("삼성전기"), "institution" for an association or an agency
        ("한국반도체산업협회", "대한상공회의소"), else None: a word of glued nouns, named
        alone."""
        return lru_cache(maxsize=WORD_CACHE)(partial(_korean_body, self))

    @cached_property
    def is_title(self) -> Callable[[str], bool]:
        """The word (brackets aside) is a title, whole."""
        return lru_cache(maxsize=WORD_CACHE)(partial(_is_title, self))

    def branch_head(self, titles: Iterable[str]) -> bool:
        """A title of a foreign company's Korean arm ("스노우플레이크 한국지사장", "한국지사장"):
        its holder is on that company's side."""
        return any(m in t for t in titles for m in self.branch_marks)

    def starts_with_title(self, text: str) -> bool:
        """*text* begins with a title word ("최고마케팅책임자(CMO)와 ...")."""
        return any(h.start == 0 for h in self.titles.find(text))

    @cached_property
    def described(self) -> re.Pattern[str]:
        """A country before a company's name, maybe with what the company is: "中 강풍전자",
        "대만 반도체 기업 '이-바이클'" (matched at the end of the text before the name)."""
        nations = "|".join(map(re.escape, sorted(self.nationalities, key=len, reverse=True)))
        return re.compile(
            rf"(?:^|[\s(\[])({nations})\s+(?:(?:\S+\s+){{0,3}}\S*(?:기업|업체|회사|社|제조사)\s*)?"
            r"['‘\"“]?$"
        )

    @cached_property
    def korean_group(self) -> re.Pattern[str]:
        """A company name that starts with a Korean group's name ("SK하이닉스", "삼성SDI"), or
        has a Latin one after other letters ("에릭슨LG": a joint venture in Korea).  A Latin
        one is a word of its own: "NHT" and "GSK" are not NH's or GS's."""
        latin = "|".join(re.escape(p) for p in self.group_prefixes if p.isascii())
        hangul = "|".join(re.escape(p) for p in self.group_prefixes if not p.isascii())
        return re.compile(rf"^(?:{hangul})|(?<![A-Za-z])(?:{latin})(?![A-Za-z])")

    @cached_property
    def country_after(self) -> re.Pattern[str]:
        """A country after a company's name, as where its head office is: "앰코테크놀로지는
        미국에 본사를 둔 ...", or of the companies it is listed with (matched at the start of
        the text after the name)."""
        nations = "|".join(map(re.escape, sorted(self.nationalities, key=len, reverse=True)))
        return re.compile(
            rf"[은는이가]?\s+(?:\S+\s+)?({nations})(?:에|의)?\s*본사(?:를|가)?\s*(?:둔|두고|있는)"
            # or one of a list of the country's companies: "NHT 등 일본 4개사", "TSMC 등 대만
            # 업체들"
            rf"|(?:\s*[·,]\s*[^\s·,]+){{0,3}}\s*등\s+({nations})\s+(?:\S+\s+){{0,2}}?"
            r"(?:\d+개\s*)?(?:사|기업|업체|회사|社)"
        )

    @cached_property
    def looks_korean(self) -> Callable[[str], bool]:
        """A Korean name: one word, a family name and a given name of Korean syllables."""
        return lru_cache(maxsize=WORD_CACHE)(partial(_looks_korean, self))


WORD_CACHE = 1 << 16  # words remembered per test


def _org_like(r: PeopleRules, word: str) -> bool:
    if _LATIN_WORD.fullmatch(word) and not word.islower():
        return True
    if any(  # a company named after its country: "중국롄퉁", "중국남방항공", "일본전산"
        len(n) >= 2 and word.startswith(n) and len(word) >= len(n) + 2 and _HANGUL_NAME.match(n)
        for n in r.nationalities
    ):
        return True
    if any(
        word.startswith(p) and (len(word) > len(p) or len(p) > 2 or p.isascii())
        for p in r.group_prefixes
    ):
        return True
    if any(word.endswith(g) and len(word) >= len(g) + 3 for g in r.government_suffixes):
        return True
    if any(word.endswith(s) and (len(word) > len(s) + 1 or len(s) > 3) for s in r.company_suffixes):
        return True
    # "구글코리아", and "코리아" alone after the company's name ("에픽게임즈 코리아 대표")
    return any(word == s or (word.endswith(s) and len(word) > len(s) + 1) for s in r.branch_marks)


def _korean_org(r: PeopleRules, word: str) -> bool:
    return any(word.startswith(p) for p in r.group_prefixes) or any(
        word.endswith(g) and len(word) >= len(g) + 3 for g in r.government_suffixes
    )


def _korean_body(r: PeopleRules, word: str) -> str | None:
    if any(word.endswith(g) and len(word) >= len(g) + 4 for g in r.government_suffixes):
        return "government"
    if any(word.startswith(p) and len(word) > len(p) + 1 for p in r.group_prefixes):
        return "company"
    if any(word.endswith(x) for x in r.institution_suffixes) and any(
        word.startswith(p) for p in r.institution_prefixes
    ):
        return "institution"
    return None


def _is_title(r: PeopleRules, word: str) -> bool:
    bare = _BRACKETS.sub("", word)
    return any(h.start == 0 and h.end == len(bare) for h in r.titles.find(bare))


def _looks_korean(r: PeopleRules, name: str) -> bool:
    if " " in name or not _HANGUL_NAME.fullmatch(name) or name in r.foreign_given_names:
        return False
    if len(name) == 3 and name[0] in r.surnames:
        given = name[1:]
    elif len(name) == 4 and name[:2] in DOUBLE_SURNAMES:
        given = name[2:]
    else:
        return False
    return not any(map(transliteration_syllable, given))


@dataclass
class TitledMention:
    """One "<name> <company> <title>" found in the text (offsets into it)."""

    name: str
    start: int
    end: int
    title: str
    rank: str
    company: str | None = None  # as written
    company_start: int = -1
    korean: bool | None = None  # the name looks Korean (True), foreign (False), can't tell
    former: bool = False
    nationality: str | None = None  # a country written in front ("미국 ... CEO")
    title_end: int = 0
    strong: bool = False  # the company is known for sure (a company word, or "<company>의")
    spelled: bool = False  # the original spelling follows the name: "린빈(林斌) 부회장"


# Syllables that Korean given names (almost) never have and transliterations of foreign
# names often do: an open ㅡ ("드", "스", "르"), ㅋ/ㅌ/ㅍ onsets, ㅔ or ㅐ after most onsets.
_OPEN_EU = frozenset("그느드르므브스으즈츠크트프흐")
_KOREAN_EU = frozenset("은근금흥승증능응을슬늘글득극흠읍")
_RARE_ONSETS = (15, 16, 17)  # ㅋ ㅌ ㅍ
_TENSE_ONSETS = (4, 8, 10, 13)  # ㄸ ㅃ ㅆ ㅉ
_KOREAN_E = frozenset("세제혜계예재태해채애래내배매대새택백")
# No Sino-Korean reading has these, Mandarin names in Hangul often do ("왕밍더", "샤오미"):
# -ing after most onsets, ㅅ/ㅈ/ㅊ before a glided vowel.
_MANDARIN = frozenset("밍핑링딩닝싱팅띵씽찡샤쟈챠쇼쵸슈쥬츄섀쟤챼셰졔쳬")


# The twenty most common Korean family names (four in five Koreans bear one).
_COMMON_SURNAMES = frozenset("김이박최정강조윤장임한오서신권황안송전홍")


def _likelier_name(first: str, second: str) -> bool:
    """Of two words that both read as Korean names, *first* is likelier the name."""
    return first[0] in _COMMON_SURNAMES and second[0] not in _COMMON_SURNAMES


def open_or_nasal(ch: str) -> bool:
    """A syllable that ends in a vowel, ㄴ or ㅇ, as every syllable of a Chinese name in Hangul
    does ("리우홍광", "쩡위친"; not "서밋")."""
    return (ord(ch) - 0xAC00) % 28 in (0, 4, 21) or ch == "얼"


def _mandarin_syllable(ch: str) -> bool:
    """A syllable of Mandarin in Hangul: open or ending in ㄴ/ㅇ, and ㅡ only after the
    hissing onsets of "쓰", "츠", "쯔" (not "트", "르", "크")."""
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172 or not open_or_nasal(ch):
        return False
    return (code % 588) // 28 != 18 or code // 588 in (9, 10, 12, 13, 14)  # ㅅㅆㅈㅉㅊ


def _chinese_sound(word: str, i: int) -> bool:
    """Syllable *i* of *word* has a sound of Mandarin that Korean and Western names hardly
    have: "쯔", "궈", "쥔", "롄", "젠", "훙", "펑", "촨", "밍", or a pair "자오", "저우"
    (not "워" of "하워드", "벤" of "벤저민", "슈" of "슈테판")."""
    code = ord(word[i]) - 0xAC00
    onset, vowel, final = code // 588, (code % 588) // 28, code % 28
    nxt = word[i + 1 : i + 2]
    return (
        onset in (10, 13)  # ㅆ, ㅉ
        or (vowel == 14 and onset != 11)  # ㅝ
        or (vowel == 16 and final == 4)  # ㅟ + ㄴ (not the "sh" of "하리쉬")
        or (vowel == 7 and final == 4)  # ㅖ + ㄴ
        or (vowel == 5 and final == 4 and onset in (9, 12, 14))  # "젠", "첸", "셴"
        or (vowel == 13 and final == 21)  # ㅜ + ㅇ
        or (vowel == 4 and final == 21 and onset not in (9, 11, 12, 14))  # "펑", not "정"
        or (vowel == 9 and final in (4, 21))  # ㅘ + ㄴ/ㅇ
        or (vowel == 20 and final == 21 and onset in (2, 3, 5, 6, 16, 17))  # "밍", "핑"
        or (final == 0 and vowel in (4, 8) and nxt == "우")  # "저우", "허우"
        or (final == 0 and nxt == "오" and (vowel == 2 or (vowel == 0 and onset not in (2, 9, 15))))
    )


def _mandarin_name(word: str) -> bool:
    """A Chinese full name as Korean writes it: one word of three or four Mandarin
    syllables, one of them with a sound only Chinese names have ("시궈화", "왕젠저우";
    not "피차이", and a family name alone, "자오", has two)."""
    return (
        3 <= len(word) <= 4
        and all(map(_mandarin_syllable, word))
        and any(_chinese_sound(word, i) for i in range(len(word)))
    )


def transliteration_syllable(ch: str, strong: bool = False) -> bool:
    """*strong*: only the syllables native words hardly have at all (an open ㅡ, a ㅋ/ㅌ/ㅍ
    onset), not the vowels they merely have less often ("데" of "가운데")."""
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return False
    onset, vowel = code // 588, (code % 588) // 28
    if ch in _OPEN_EU or ch in _MANDARIN or (vowel == 18 and ch not in _KOREAN_EU):  # ㅡ
        return True
    if onset in _RARE_ONSETS and ch not in "태택탁표평필":
        return True
    if strong:
        return False
    if (onset in _TENSE_ONSETS and ch != "쌍") or vowel in (10, 15):  # "쩌", "쓰", "쉐"
        return True  # (not "김쌍수")
    if vowel == 17 and ch not in "유규휴류뉴윤균율융륜":  # ㅠ: "슈", "튜", "퓨"
        return True
    if vowel in (3, 7, 16) and code % 28:  # ㅒ, ㅖ, ㅟ with a final consonant: "옘", "젬", "췬"
        return True
    return vowel in (1, 5) and ch not in _KOREAN_E  # ㅐ, ㅔ


class _Reader:
    def __init__(
        self,
        text: str,
        rules: PeopleRules,
        is_org,
        is_place,
        tail_ok,
        common,
        stem_end,
        proper,
        sentence_starts,
    ):
        self.text, self.rules = text, rules
        # the entity extractor's callbacks
        self.is_org, self.is_place, self.tail_ok, self.common = is_org, is_place, tail_ok, common
        self.stem_end, self.proper = stem_end, proper
        self.sentence_starts = sentence_starts
        self.family_words: set[str] = set()  # words used alone before a title ("프린스 CEO")
        self.company_words: set[str] = set()  # companies this article names (learned)
        self.full_names: set[str] = set()  # names of two or more words it gives (learned)
        # every name of two or more words the first reading found, the longest first
        self.read_names: tuple[str, ...] = ()
        self.given: dict[str, str] = {}  # family name -> given name, of those full names
        self.given_words: dict[str, list[str]] = {}  # the same, of "칼 헨릭 스반베리"
        # both readings ask for the same titles and words: what they depend on is not learned
        self._titles: dict[Hit, tuple[int, str, str]] = {}
        self._words: dict[int, list[tuple[int, int]]] = {}

    def title_at(self, hit: Hit) -> tuple[int, str, str]:
        """The whole title phrase starting at *hit*: "창업자 겸 CEO", "최고경영자(CEO)",
        "최고운영책임자(COO) 부회장"; returns its end, its text and its best rank."""
        if hit not in self._titles:
            self._titles[hit] = self._title_at(hit)
        return self._titles[hit]

    def _title_at(self, hit: Hit) -> tuple[int, str, str]:
        end, words = hit.end, [hit.surface]
        ranks = [self.rules.ranks.get(hit.values[0], "other")]
        while True:
            m = _BRACKETS.match(self.text, end)
            if m:  # "(CEO)"; "사업부장(사장)": the rank in brackets counts too
                ranks += [
                    self.rules.ranks.get(h.values[0], "other")
                    for h in self.rules.titles.find(m.group())
                ]
                end = m.end()
            m = _TITLE_JOIN.match(self.text, end)
            if not m:
                break
            ahead = self.text[m.end() : m.end() + 24]
            nxt = [
                h
                for h in self.rules.titles.find(ahead)
                if h.start == 0
                # "수석부사장 겸 조달 부문장": after 겸, the division the second title heads,
                # also glued to it ("DX부문장 겸 MX사업부장")
                or (
                    "겸" in m.group()
                    and (
                        _DIVISION_BEFORE_TITLE.fullmatch(ahead[: h.start])
                        or ahead[: h.start].isalnum()
                    )
                )
            ]
            if not nxt:
                break
            words += ["겸", ahead[: nxt[0].end]] if "겸" in m.group() else [nxt[0].surface]
            rank = self.rules.ranks.get(nxt[0].values[0], "other")
            if rank == "official" and "겸" not in m.group():
                ranks = []  # "국무원 상무 부총리": the office the phrase ends in, not 상무
            ranks.append(rank)
            end = m.end() + nxt[0].end
        order = ("top", "senior", "other", "official")
        return end, " ".join(words), min(ranks, key=order.index)

    def words_before(self, start: int) -> list[tuple[int, int]]:
        """Up to six bare words (nouns, no particle) right before *start*, same sentence;
        a word ending in 의 ("드롭박스의") is taken as the first and last one."""
        if start not in self._words:
            self._words[start] = self._words_before(start)
        return list(self._words[start])

    def _words_before(self, start: int) -> list[tuple[int, int]]:
        i = bisect_right(self.sentence_starts, start)
        floor = self.sentence_starts[i - 1] if i else 0
        out: list[tuple[int, int]] = []
        pos = start
        while len(out) < 6 or (  # (a division's name may take three more: "글로벌 마켓 ... 부문")
            len(out) < 9 and any(self.text[slice(*w)] in _DIVISION_WORDS for w in out)
        ):
            j = pos
            while j > floor and self.text[j - 1] == " ":
                j -= 1
            if j == pos and out:
                break  # glued to the next word: not a separate word
            j = self.before_original(j, floor)
            k = j
            while k > floor and not self.text[k - 1].isspace():
                k -= 1
            bullet = k < j and self.text[k] in _BULLETS  # "▲스티브 잡스 애플 CEO"
            k += bullet
            if k == j:
                break
            word = self.text[k:j]
            dot = word.rfind("·")
            if 0 < dot < len(word) - 1 and self.rules.is_title(word[:dot].lstrip("前現")):
                out.insert(0, (k + dot + 1, j))  # "최시중 위원장·퀄컴 회장": two titled people
                break
            if word.endswith("의") and len(word) > 1 and out and word.translate(_QUOTES) != word:
                out.insert(0, (k, j))  # "‘스냅챗’의 CEO인 ..."
                break
            if word.endswith("의") and len(word) > 2 and len(out) >= 2:
                out.insert(0, (k, j))  # "코닝의 웬델 윅스": Kiwi may read "코닝의" as a noun
                break
            if (
                _INITIAL.fullmatch(word)
                and out
                and _HANGUL_NAME.fullmatch(self.text[slice(*out[0])])
            ):
                out.insert(0, (k, j))  # joined to the family name after it (with_particles)
                pos = k
                continue
            if word == _AND and out and len(out) <= 2 and self.fields(k, out[0]):
                out.insert(0, (k, j))  # "연구·개발 및 전략담당 최고책임자": fields he heads
                pos = k
                continue
            nationality = word in self.rules.nationalities  # "... 일본 총리", "암바니 인도 ..."
            if _in_quotes(word) or _CORPORATE.search(word):
                out.insert(0, (k, j))  # a company in quotes or with ㈜: "앤서니 탄 '그랩' 창업자"
                pos = k
                continue
            if (
                (  # a place, but not one that is a body too: "청와대", "서울시"
                    self.is_place(k, j)
                    and not nationality
                    and word not in self.rules.government_suffixes
                    and not self.is_org(k, j)
                )
                or word in _LIST_WORDS  # "솔루블 OLED, 메탈로센 POE 등 ... 책임자"
                or word.translate(_QUOTES) != word
                or any(ch in "[]=" for ch in word)  # a dateline: "[서울=뉴시스]"
                or _DAY_WORD.search(word)
                or self.text[self.word_start(k - 1) : k].strip() in _DETERMINERS  # "이 기간"
                or self.rules.is_title(word)
                or self.rules.is_title(self.text[k : self.stem_end(k, j) or j])  # "국왕과"
                or (len(word) >= 3 and word.endswith("서") and _HANGUL_NAME.fullmatch(word))
            ):
                break  # a place ("헬싱키서": in Helsinki), a quotation or another title
            if (
                word not in _FORMER
                and not (out and self.text[slice(*out[0])] in _DIVISION_WORDS)  # its name
                and not self.group_company(k, j)
                and not self.tail_ok(k, j)
                and not self.name_syllables(k, j)
                and not self.name_head(k, j, out)
                and not (  # (one name word after it at most: not "A B와 C D 사장")
                    self.particle_syllable(k, j) and sum(not self.is_org(*w) for w in out) <= 1
                )
            ):
                if word.endswith("의") and (len(word) > 2 or (len(word) > 1 and out)):
                    out.insert(0, (k, j))  # (alone too: "모빌아이의 창업자 ... 암논 샤슈아를")
                break
            out.insert(0, (k, j))
            if bullet:
                break  # the item begins here
            pos = k
        return out

    def with_particles(self, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A family name with particles is one word: "마틴 [반 덴 브링크]"."""
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            j = i
            while (
                0 < j < len(words) - 1
                and self.particle(self.text[slice(*words[j])])
                and not self.text[words[j][1] : words[j + 1][0]].strip()  # "조 폰(Joe Pon)"
                and _HANGUL_NAME.fullmatch(self.text[slice(*words[j + 1])])  # not "빈 FPT"
                and not self.common_korean(self.text[slice(*words[j + 1])])  # "뒤 조현상"
                and self.text[slice(*words[j + 1])] not in self.rules.surnames  # "뒤 최 본부장"
            ):
                j += 1
            out.append((words[i][0], words[j][1]))
            i = j + 1
        return out

    def vietnamese(self, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A Vietnamese name is one word: "[팜 녓 브엉] 빈그룹 회장", "[레 티 투 하] 부사장" (a
        family name, then two or three short words; the company after them is longer)."""
        for i, (start, end) in enumerate(words):
            if self.text[start:end] not in self.rules.vietnamese_family_names:
                continue
            j = i + 1
            while j < len(words) and j - i < 4 and self.vietnamese_part(*words[j]):
                j += 1
            if j - i >= 3:
                return [*words[:i], (start, words[j - 1][1]), *words[j:]]
        return words

    def vietnamese_at(self, words: list[tuple[int, int]]) -> int | None:
        """Which of *words* is a Vietnamese name that :meth:`vietnamese` made one."""
        return next(
            (
                k
                for k, (s, e) in enumerate(words)
                if " " in self.text[s:e]
                and self.text[s:e].split(" ", 1)[0] in self.rules.vietnamese_family_names
            ),
            None,
        )

    def vietnamese_part(self, start: int, end: int) -> bool:
        word = self.text[start:end]
        return (
            len(word) <= 2
            and _HANGUL_NAME.fullmatch(word) is not None
            and word not in self.rules.not_names
            and not self.is_org(start, end)
            and not self.rules.org_like(word)
        )

    def division_before_name(
        self, words: list[tuple[int, int]], kinds: list[str]
    ) -> tuple[int, int] | None:
        """The words of a division between a company and a name ("오토모티브 사업부",
        "DS부문"): their first and last index, when one to three words of a name follow."""
        for k in range(len(words) - 2, 0, -1):
            word = self.text[slice(*words[k])]
            if not (word in _DIVISION_WORDS or _DIVISION.fullmatch(word)):
                continue
            after = kinds[k + 1 :]
            if len(after) > 3 or any(kind not in ("?", "family", "korean") for kind in after):
                return None
            first = k - 1 if word in _DIVISION_WORDS and k >= 2 else k
            return first, k
        return None

    def group_company(self, start: int, end: int) -> bool:
        """A Korean group's company, bare, that Kiwi reads as a verb: "SK온" (not "LG회장",
        "SK텔레콤은")."""
        word = self.text[start:end]
        prefix = next(
            (p for p in self.rules.group_prefixes if p.isascii() and word.startswith(p)), None
        )
        return (
            prefix is not None
            and word.isalnum()
            and self.stem_end(start, end) is None
            and not self.rules.is_title(word[len(prefix) :])
        )

    def common_korean(self, word: str) -> bool:
        """A Korean name of a common family name ("조현상", not "라마히" of "알 라마히")."""
        return word[0] in _COMMON_SURNAMES and self.rules.looks_korean(word)

    def particle(self, word: str) -> bool:
        """A word that belongs to the family name after it: "반 덴 브링크", "M. 스미스"."""
        return word in self.rules.particles or _INITIAL.fullmatch(word) is not None

    def nation_before(self, start: int) -> str | None:
        """The country of a nationality word right before *start* ("일본 ...")."""
        j = start
        while j > 0 and self.text[j - 1] == " ":
            j -= 1
        k = self.word_start(j)
        return self.rules.nationalities.get(self.text[k:j]) if k < j < start else None

    def word_start(self, end: int) -> int:
        """Where the word that ends at *end* begins."""
        while end > 0 and not self.text[end - 1].isspace():
            end -= 1
        return end

    def word_before(self, start: int) -> tuple[int, int]:
        """The span of the word before the one at *start* (the spaces between skipped)."""
        end = start - 1
        while end > 0 and self.text[end - 1] == " ":
            end -= 1
        return self.word_start(end), end

    def before_original(self, end: int, floor: int) -> int:
        """Where a word ends when the original spelling follows it ("셰노이(Navin Shenoy)"),
        or an age or a place in the photo: the words before a title skip it, as they skip a
        title's "(CEO)"."""
        if end - floor < 4 or self.text[end - 1] not in ")）":
            return end
        opening = max(self.text.rfind("(", floor, end), self.text.rfind("（", floor, end))
        if opening > floor and (
            _ORIGINAL_SPELLING.fullmatch(self.text, opening, end)
            or _ASIDE.fullmatch(self.text, opening, end)
        ):
            return opening
        return end

    def latin_words(self, end: int) -> int:
        """How many words, initials aside, the Latin spelling in brackets at *end* has."""
        m = _ORIGINAL_SPELLING.match(self.text, end)
        inside = m.group()[1:-1].split("·")[0].split(",")[0] if m else ""
        return sum(len(w.strip(".")) > 1 for w in inside.split() if w.isascii())

    def spelled_out(self, words: list[tuple[int, int]]) -> int | None:
        """The index of a word, not the last, that its original spelling follows."""
        for i, (_, end) in enumerate(words[:-1]):
            if _ORIGINAL_SPELLING.match(self.text, end):
                return i
        return None

    def particle_syllable(self, start: int, end: int) -> bool:
        """A transliterated name whose last syllable Kiwi read as a particle ("로베르토
        오르테가 인텔 CEO", "엘레나 리히터", "요시카와 히로시"): the article never writes it
        without that syllable, as it would write a name that takes one ("오르테 CEO")."""
        word = self.text[start:end]
        if (
            not 3 <= len(word) <= 6
            or word[-1] not in _NAME_END_PARTICLES
            or not _HANGUL_NAME.fullmatch(word)
            or self.stem_end(start, end) != end - 1
            or not (any(map(transliteration_syllable, word[:-1])) or word.endswith(_RIVER))
            or not self.proper(start, end - 1)
            or self.kind(start, end - 1) != "?"  # (not "포항시가", "김민수가")
        ):
            return False
        return self.text.count(word[:-1]) == self.text.count(word)

    def name_goes_on(self, end: int) -> bool:
        """Another word of a name follows *end*: "요시카와 [히로시는]", not "리히터가 [방한해]",
        "[이날]", "[삼성전자를]"."""
        m = _WORD.match(self.text, end + 1) if self.text[end : end + 1] == " " else None
        if m is None:
            return False
        start, stop = m.start(), self.stem_end(*m.span()) or m.end()
        return (
            _HANGUL_NAME.fullmatch(self.text, start, stop) is not None
            and (stop < m.end() or self.tail_ok(*m.span()))
            and not self.common(start, stop)
            and not self.is_org(start, stop)
            and not self.is_place(start, stop)
        )

    def fields(self, start: int, after: tuple[int, int]) -> bool:
        """Common nouns on both sides of the "및" at *start* ("연구·개발 및 전략담당"): the
        fields a title is of, not a list of people."""
        k, j = self.word_before(start)
        return k < j and self.common(k, j) and self.common(*after)

    def name_head(self, start: int, end: int, after: list[tuple[int, int]]) -> bool:
        """A short word Kiwi read as a verb form ("와다" of "와다 다카시": 오/VV 어다/EC) is a
        name's first word when one bare, unknown word that looks transliterated is all
        that follows it before the title ("다카시"), and the article also calls him by it
        alone ("와다 사장은")."""
        word = self.text[start:end]
        if len(after) != 1 or not 2 <= len(word) <= 3 or not _HANGUL_NAME.fullmatch(word):
            return False
        given = self.text[slice(*after[0])]
        return (
            self.stem_end(start, end) is None
            and _HANGUL_NAME.fullmatch(given) is not None
            and 2 <= len(given) <= 4
            and any(transliteration_syllable(ch, True) for ch in given)
            and self.tail_ok(*after[0])
            and self.kind(*after[0]) == "?"
            and any(
                self.rules.starts_with_title(self.text[m.end() : m.end() + 16])
                for m in re.finditer(rf"(?<![\uac00-\ud7a3]){word} ", self.text)
            )
        )

    def name_syllables(self, start: int, end: int) -> bool:
        """A word Kiwi read as a verb form ("탄" of "앤서니 탄", "올릴라" of "요르마
        올릴라") is a name's last word when the word before it is a bare, unknown one
        ("앤서니"); a longer one needs either word to look transliterated ("요르마",
        "겐이치로")."""
        word = self.text[start:end]
        if end - start > 4 or not _HANGUL_NAME.fullmatch(word) or word[-1] in "은는이가을를의도":
            return False
        k, j = self.word_before(start)
        before = self.text[k:j]
        return (
            k < j
            and self.tail_ok(k, j)
            and not self.common(k, j)
            and _HANGUL_NAME.fullmatch(before) is not None
            and not self.rules.looks_korean(before)
            and (
                end - start <= 2
                or any(map(transliteration_syllable, before))
                or any(map(transliteration_syllable, word))  # "요시다 겐이치로"
            )
        )

    def read(self, hit: Hit) -> TitledMention | None:
        title_end, title, rank = self.title_at(hit)
        if hit.start and self.text[hit.start - 1] in "(（":
            return self.in_brackets(hit.start - 1, title_end, title, rank)
        words = self.vietnamese(self.with_particles(self.words_before(hit.start)))
        text = lambda w: self.text[w[0] : w[1]]  # noqa: E731
        former = False
        while len(words) > 1 and (_DIVISION.fullmatch(text(words[-1])) or _region(text(words[-1]))):
            title = f"{text(words[-1])} {title}"
            words = words[:-1]
        field = next(  # "앤드류 코헨 마케팅·사업전략 개발 부사장": the fields he heads, and
            # the region of "미카엘라 브라우닝 아시아·태평양 대외정책 총괄"
            (
                k
                for k in range(len(words) - 1, max(len(words) - 4, 0), -1)
                if ("·" in text(words[k]) and self.common(*words[k]))
                or (
                    _region(text(words[k]))
                    and k < len(words) - 1
                    and all(self.common(*w) for w in words[k + 1 :])
                )
            ),
            None,
        )
        if field is not None:
            title = " ".join([*map(text, words[field:]), title])
            words = words[:field]
        if len(words) > 2 and (
            text(words[-1]) in _DIVISION_WORDS or title.endswith(_DIVISION_HEADS)
        ):  # "인피니언 오토모티브 사업부 CMO", "인피니언 오토모티브 사업부장": the division
            if text(words[-1]) in _DIVISION_WORDS:
                title, words = f"{text(words[-1])} {title}", words[:-1]
            title, words = f"{text(words[-1])} {title}", words[:-1]
            company = next(
                (i for i in range(len(words) - 2, 0, -1) if self.is_org(*words[i])), None
            )
            if company is not None:  # "마이크로소프트 [글로벌 마켓] 디벨롭먼트 부문"
                title = " ".join([*map(text, words[company + 1 :]), title])
                words = words[: company + 1]
        while words and text(words[-1]) in _TITLE_MODIFIERS + _FORMER:
            former |= text(words[-1]) in _FORMER
            title = f"{text(words[-1])} {title}"
            words = words[:-1]
        of_company = None  # "드롭박스의 ...", "스냅챗의 CEO인 ..."
        if (
            words
            and text(words[0]).endswith("의")
            and (not self.tail_ok(*words[0]) or (len(words) >= 3 and len(text(words[0])) > 2))
        ):
            if text(words[0])[:-1] not in self.rules.not_names:  # (not "본사의": no name)
                of_company = (words[0][0], words[0][1] - 1)
            words = words[1:]
        nationality = None  # "미국 ... CEO", "... 일본 총리"
        after_nation = False  # "일본 도쿄일렉트론 ... 사장": the country before the company
        while words and text(words[0]) in self.rules.nationalities:
            nationality = self.rules.nationalities[text(words[0])]
            words, after_nation = words[1:], True
        while words and text(words[-1]) in self.rules.nationalities:
            nationality = self.rules.nationalities[text(words[-1])]
            words = words[:-1]
        # "전 인텔 CEO"; taken out before a country is looked for among the words, whose
        # places it would shift ("베네트 前 이스라엘 요즈마 회장")
        marks = [i for i, w in enumerate(words) if text(w) in _FORMER]
        if marks:
            former = True
            words = [w for i, w in enumerate(words) if i not in marks]
        middle = next(  # "무케시 암바니 인도 릴라이언스그룹 회장": name, country, company
            (
                k
                for k in range(1, min(len(words) - 1, 4))
                if text(words[k]) in self.rules.nationalities
            ),
            None,
        )
        if middle is not None:
            nationality = self.rules.nationalities[text(words[middle])]
        if words and nationality is None:
            nationality = self.nation_before(words[0][0])
            after_nation = nationality is not None
        kinds = self.kinds(words)
        if nationality in _HANJA_NAME_NATIONS:  # "시노하라 오사무": no Korean name
            kinds = ["?" if k == "korean" else k for k in kinds]
        # "루이민 차이나유니콤 총재" heads a company, "아제이 방가 세계은행 총재" is an official
        shared = title.rsplit(" ", 1)[-1] in self.rules.company_official_titles
        if shared and words and not text(words[-1]).endswith(self.rules.public_bodies):
            rank = "top"
        first = middle
        while first and middle - first < 3 and self.name_word(words[first - 1], kinds[first - 1]):
            first -= 1
        if (
            middle is not None
            and first < middle
            and (first == 0 or kinds[middle + 1] == "org")  # "방문단 가운데 당딘람 베트남 우전공사"
        ):
            split = (words[first][0], words[middle - 1][1]), (words[middle + 1][0], words[-1][1])
        elif (
            of_company
            and 1 < len(words) <= 3
            and (
                kinds[0] == "?"
                or (
                    kinds[0] == "korean"
                    # "소니의 주바치 료지 사장": a Korean-looking first word of a foreign name
                    and (self.transliterated(words[1:]) or (len(words) == 2 and kinds[1] == "?"))
                )
            )
            and all(
                k in ("?", "family")
                or e - s == 1
                # the family's company: "타타그룹의 라탄 타타 회장"
                or (k == "org" and self.text[s:e] in self.text[slice(*of_company)])
                for (s, e), k in zip(words[1:], kinds[1:], strict=True)
            )
        ):
            # the company is said ("텐센트의"): the words left are the name ("라우 셍 유",
            # "마크 런": a one-syllable word is a family name, whatever else it means)
            split = (words[0][0], words[-1][1]), None
        elif (
            of_company
            and len(words) == 1
            and kinds == ["?"]
            and len(text(words[0])) >= 3
            and any(map(transliteration_syllable, text(words[0])))
        ):
            split = words[0], None  # "인포시스의 고팔라크리슈난 대표": a name of one word
        elif (
            1 < len(words) <= 3
            and _ORIGINAL_SPELLING.match(self.text, words[-1][1])
            and all(k in ("?", "common", "family", "korean") or of_company for k in kinds)
        ):
            # "윙 리(Wing K. Lee) 사장", "우시오전기의 우시오 지로(牛尾治朗) 회장": a name (a
            # Korean one is one word)
            split = (words[0][0], words[-1][1]), None
        elif (viet := self.vietnamese_at(words)) is not None:
            rest = (words[viet + 1][0], words[-1][1]) if viet + 1 < len(words) else None
            split = words[viet], rest  # "팜 녓 브엉 빈그룹 회장"
        elif (spelled := self.spelled_out(words)) is not None:
            # the original spelling ends the name: "루이민(陸益民) 차이나유니콤 총재"
            start = spelled
            while start and spelled - start < 2 and kinds[start - 1] in ("?", "family"):
                start -= 1
            # as many words as the spelling gives: "조 폰(Joe Pon)" ("조", "폰": common nouns)
            latin = self.latin_words(words[spelled][1])
            while (
                start
                and spelled - start + 1 < latin
                and _HANGUL_NAME.fullmatch(self.text[slice(*words[start - 1])])
                and self.text[slice(*words[start - 1])] not in self.rules.not_names
            ):
                start -= 1
            split = (words[start][0], words[spelled][1]), (words[spelled + 1][0], words[-1][1])
        elif (division := self.division_before_name(words, kinds)) is not None:
            # "인피니언 오토모티브 사업부 피터 쉬퍼 사장": the company, its division, the name
            first_word, last_word = division
            title = " ".join([*map(text, words[first_word : last_word + 1]), title])
            company = (words[0][0], words[first_word - 1][1]) if first_word else None
            split = (words[last_word + 1][0], words[-1][1]), company
        else:
            family_first = nationality in _HANJA_NAME_NATIONS
            split = self._split(words, kinds, rank, family_first, after_nation) if words else None
        strong = (
            split is not None
            and split[1] is not None
            and (any(self.kind(*w) == "org" for w in words) or of_company is not None)
        )
        if split is not None and split[0] is not None and self.lone_unknown(*split[0]):
            # "인텔 데이터센터 총괄 나빈 셰노이": a full name after the title is the person, the
            # lone word before it part of what the title heads
            after = self.name_after(title_end)
            if after is not None and " " in self.text[after[0] : after[1]]:
                split = after, (words[0][0], words[-1][1])
        if split is None or split[0] is None:
            after = self.name_after(title_end)
            if after is None:
                return None
            company = (words[0][0], words[-1][1]) if words and not of_company else of_company
            split = after, company
        (ns, ne), company = split
        if company is None:
            company = of_company
        if company and self.text[company[0] : company[1]] in self.rules.not_names:
            company = None  # "반도체 자회사의 ... 대표": no company's name
        if company is None and title == hit.surface and (body := self.body_of_title(title)):
            company = hit.start, hit.start + len(body)  # "서종렬 한국인터넷진흥원장"
        if company and _in_quotes(self.text[company[0] : company[1]]):
            company = company[0] + 1, company[1] - 1  # "'그랩'"
        name = self.text[ns:ne]
        if not self.valid_name(name):
            return None
        if shared and company is None:
            rank = "official"  # "이창용 총재"
        return TitledMention(
            name,
            ns,
            ne,
            title,
            rank,
            company=self.text[company[0] : company[1]] if company else None,
            company_start=company[0] if company else -1,
            korean=self.rules.looks_korean(name)
            # a two-syllable name before an office's title: "허선 경쟁국장", "이영 중기부장관"
            or (
                rank == "official"
                and not self.rules.is_title(title.rsplit(" ", 1)[-1])
                and self.looks_korean_short(name)
            ),
            former=former,
            nationality=nationality,
            title_end=title_end,
            strong=strong or of_company is not None,
            spelled=_ORIGINAL_SPELLING.match(self.text, ne) is not None,
        )

    def body_of_title(self, title: str) -> str | None:
        """The public body or institution a compound title heads ("새만금개발청장",
        "한국전자통신연구원장"): the word less its 장, when that is one."""
        if self.rules.is_title(title) or not title.endswith("장"):
            return None
        body = title[:-1]
        return body if _korean_body(self.rules, body) in ("government", "institution") else None

    def coordinated(self, hit: Hit) -> list[TitledMention]:
        """Names that share the title: "이원욱·조승래·변재일 의원", "삼성전자 윤종용·이윤우 부회장",
        "게르하르트 오스발트·베른트 로이커트 부회장" (as many words before the dot as after)."""
        words = self.words_before(hit.start)
        dot = next((i for i, w in enumerate(words) if "·" in self.text[slice(*w)]), None)
        if dot is None:
            return []
        first = dot - (len(words) - 1 - dot)  # the name before the dot as long as the one after
        if first < 0:
            return []
        start, end = words[first][0], words[-1][1]
        parts = self.text[start:end].split("·")
        korean = all(map(self.rules.looks_korean, parts))
        if len(parts) > 2 and not (korean and first == dot):
            return []  # a longer list is of one-word Korean names: "조승래·변재일·윤영찬 의원"
        if not korean and not (
            all(" " in p and all(map(_HANGUL_NAME.fullmatch, p.split())) for p in parts)
            and all(k in ("?", "family") for k in self.kinds(words[first:]))
        ):
            return []  # (not "아시아·태평양 대외정책 총괄", "팹리스·클라우드 기업 대표")
        title_end, title, rank = self.title_at(hit)
        company = words[first - 1] if first and self.kind(*words[first - 1]) == "org" else None
        out = []
        for part in parts:
            out.append(
                TitledMention(
                    part,
                    start,
                    start + len(part),
                    title,
                    rank,
                    company=self.text[company[0] : company[1]] if company else None,
                    company_start=company[0] if company else -1,
                    korean=korean,
                    title_end=title_end,
                )
            )
            start += len(part) + 1
        return out

    def in_brackets(
        self, opening: int, title_end: int, title: str, rank: str
    ) -> TitledMention | None:
        """The head of the organisation named right before the brackets: "테크웨이브(대표
        김철수)", "제일시설공업(대표이사 시노하라 오사무)"."""
        m = _BRACKETED_NAME.match(self.text, title_end)
        k = self.word_start(opening)
        company = company_name(self.text[k:opening])
        if m is None or not company or not self.valid_name(m.group(1)):
            return None
        name = m.group(1)
        return TitledMention(
            name,
            m.start(1),
            m.end(1),
            title,
            rank,
            company=company,
            company_start=k,
            korean=self.rules.looks_korean(name),
            nationality=self.nation_before(k),
            title_end=title_end,
            strong=True,
        )

    def transliterated(self, words: list[tuple[int, int]]) -> bool:
        """Some word has a syllable only transliterations have ("사이먼 베레스포드": a
        foreign name, though "사이먼" alone would pass for a Korean one)."""
        return any(transliteration_syllable(ch) for s, e in words for ch in self.text[s:e])

    def lone_unknown(self, start: int, end: int) -> bool:
        """One word, neither a Korean name nor a family name the article uses."""
        return " " not in self.text[start:end] and self.kind(start, end) == "?"

    def name_after(self, title_end: int) -> tuple[int, int] | None:
        """ "<company>의 <title>인 <name>" and "<company> <title> <name>": the name after
        the title, when its words look like one (two words, or a known family name)."""
        m = _AFTER_TITLE.match(self.text, title_end)
        if m is None:
            return None
        start = m.end() + 1
        for name in self.read_names:  # one given elsewhere, the longest first
            end = start + len(name)
            if self.text.startswith(name, start) and (
                end == len(self.text) or not self.text[end].isalnum()
            ):
                return start, end
        words: list[tuple[int, int]] = []
        for w in _WORD.finditer(self.text, m.end(), min(len(self.text), m.end() + 40)):
            start, end = w.span()
            opening = self.text.find("(", start, end)
            if opening > start and _ORIGINAL_SPELLING.match(self.text, opening):
                words.append((start, opening))  # "톰 코크(Tom Koh)를": the name ends at its
                break  # spelling
            stem = self.stem_end(start, end)
            bare = stem or end
            if self.is_place(start, bare) or self.text[start:bare] in self.rules.nationalities:
                break  # "초청 CEO 가운데 일본에서 ...": no name
            if self.tail_ok(start, end) or (  # (first: not "A B와 C D")
                not words and self.particle_syllable(start, end) and self.name_goes_on(end)
            ):
                words.append((start, end))
            elif stem is not None:
                words.append((start, stem))  # "스피걸이": the name, then a particle
                break
            else:
                break
            if len(words) == 3:
                break
        if len(words) == 3 and self.titled_after(words[-1][1]):
            words = words[:2]  # "창업자인 세르게이 브린 알파벳 사장": the company of the next title
        kinds = [self.kind(s, e) for s, e in words]
        if (
            len(words) > 1
            and kinds[:2] == ["?", "common"]
            and self.titled_after(words[1][1])
            and self.kinds(words[:2])[1] == "family"
        ):  # "노키아 CEO 라지브 수리 회장"
            words, kinds = words[:2], ["?", "family"]
        while kinds and kinds[-1] not in ("?", "family"):
            words, kinds = words[:-1], kinds[:-1]
        if not words or any(k not in ("?", "family") for k in kinds):
            return None
        ok = (
            len(words) >= 2
            or kinds == ["family"]
            or (kinds == ["?"] and self.one_word_name(*words[0]))
        )
        return (words[0][0], words[-1][1]) if ok else None

    def one_word_name(self, start: int, end: int) -> bool:
        """A name written as one word, as Chinese ones are ("램리서치 회장 쩡위친은"): two to
        four syllables of the sounds of Chinese names, and a particle or a stop after it (not
        "CEO 서밋에", not the adverb of "회장 잇따라 방한")."""
        word = self.text[start:end]
        return (
            2 <= len(word) <= 4
            and self.text[end : end + 1] not in ("", " ")
            and _HANGUL_NAME.fullmatch(word) is not None
            and word not in self.rules.not_names
            and all(open_or_nasal(ch) for ch in word)
        )

    def name_word(self, word: tuple[int, int], kind: str) -> bool:
        """A word of the name before a country ("당딘람 베트남 우전공사 사장"), also one Kiwi
        knows as a noun when it is long, but for a kind of company ("세계 최대 이통사 美
        버라이즌 CEO")."""
        written = self.text[slice(*word)]
        return kind in ("?", "family", "korean") or (
            kind == "common"
            and len(written) >= 3
            and _HANGUL_NAME.fullmatch(written) is not None
            and written not in self.rules.not_names
            and not written.endswith("사")
        )

    def titled_after(self, end: int) -> bool:
        """A title word follows *end* (after one space)."""
        return self.text[end : end + 1] == " " and self.rules.starts_with_title(
            self.text[end + 1 : end + 13]
        )

    def kinds(self, words: list[tuple[int, int]]) -> list[str]:
        """The kind of each word; a one-syllable common noun before an unknown word is a
        given name ("짐 켈러", "빌 맥더멋")."""
        kinds = [self.kind(s, e) for s, e in words]
        for i in range(len(kinds)):
            word = self.text[words[i][0] : words[i][1]]
            one = (  # (not before a family name with a particle: "방한 폰 피어러")
                len(word) <= 2
                and (i + 1 == len(words) or " " not in self.text[slice(*words[i + 1])])
                and _HANGUL_NAME.fullmatch(word) is not None
                and word not in self.rules.not_names
            )
            if (
                one
                and kinds[i] in ("common", "common1")
                and i + 1 < len(kinds)
                and kinds[i + 1] in ("?", "family")
                and not (len(word) == 2 and words[i + 1][1] - words[i + 1][0] == 1)
            ):
                kinds[i] = "?"  # a given name: "짐 켈러", "조 케저" (not "기간 박 사장")
            elif kinds[i] in ("korean", "common", "?", "org") and self.suffix_next(words, i):
                # a company's first word: "오로라 시스템스", "펭귄 솔루션스", "피놀렉스 그룹"
                kinds[i] = kinds[i + 1] = "org"
            elif kinds[i] == "common1" and i and kinds[i - 1] == "?":
                kinds[i] = "family"  # a family name: "제이슨 권"
            elif (
                kinds[i] == "org"
                and 0 < i < len(kinds) - 1
                and kinds[i - 1] == "?"
                and kinds[i + 1] == "org"
                and not self.suffix_next(words, i)
                and _HANGUL_NAME.fullmatch(word) is not None
                and any(map(transliteration_syllable, self.text[slice(*words[i - 1])]))
            ):
                kinds[i] = "family"  # a company's name, but the name's: "찰스 필립스 오라클 사장"
            elif (
                len(word) <= 3
                and _HANGUL_NAME.fullmatch(word) is not None
                and word not in self.rules.not_names
                and kinds[i] == "common"
                and i
                and kinds[i - 1] == "?"
                and (i == 1 or kinds[i - 2] != "org")  # not "IT 벤처 청년 CEO"
                and (i + 1 == len(kinds) or kinds[i + 1] == "org")
                and any(map(transliteration_syllable, self.text[words[i - 1][0] : words[i - 1][1]]))
            ):
                kinds[i] = "family"  # a noun too, after a foreign given name: "라지브 수리"
            elif (
                kinds[i] == "korean"
                and i
                and kinds[i - 1] == "?"
                and any(map(transliteration_syllable, self.text[words[i - 1][0] : words[i - 1][1]]))
            ):
                kinds[i] = "family"  # after a foreign given name: "마틴 설리번"
            elif (
                kinds[i] in ("?", "common")
                and i + 1 < len(kinds)
                and kinds[i + 1] == "org"
                and self.looks_korean_short(word)
                and word not in self.rules.not_names
                and self.rules.korean_org(self.text[words[i + 1][0] : words[i + 1][1]])
            ):
                kinds[i] = "korean"  # a two-syllable Korean name: "이영 중소벤처기업부 장관"
        return ["common" if k == "common1" else k for k in kinds]

    def suffix_next(self, words: list[tuple[int, int]], i: int) -> bool:
        """The word after the *i*-th is a company suffix alone ("시스템스", "테크놀로지스")."""
        return i + 1 < len(words) and self.text[slice(*words[i + 1])] in self.rules.company_suffixes

    def kind(self, start: int, end: int) -> str:
        """ "org", "korean" (a Korean name), "family" (a family name the article uses
        alone), "common" (a common noun: never part of a name) or "?" for one word."""
        if _INITIAL.match(self.text, start) and _HANGUL_NAME.fullmatch(self.text, start + 3, end):
            return "family"  # "M. 스미스", "C. 에릭슨" (not the company)
        word = company_name(self.text[start:end])
        if self.is_org(start, end) or self.rules.org_like(word) or word in self.company_words:
            return "org"
        glued = _CAPITALS_GLUED.match(word)
        if glued and word[glued.end() :].isalpha() and not self.common(start + glued.end(), end):
            return "org"  # capitals glued to a name: "PT텔콤" (not "AI반도체", "IT업계")
        if word in LOCAL_GOVERNMENT_WORDS or word in self.rules.government_suffixes:
            return "org"  # "서철모 도 기획조정실장" (the story's province), "최순홍 청와대 수석"
        if self.rules.looks_korean(word):
            return "korean"
        if word in self.family_words:
            return "family"
        if any(ch.isdigit() for ch in word) or word in self.rules.not_names:
            return "common"
        if self.common(start, end):  # a one-syllable one may be a family name ("권", "황")
            return "common1" if len(word) == 1 and word in self.rules.surnames else "common"
        if any(word.endswith(e) and len(word) > len(e) + 1 for e in self.rules.company_endings):
            return "org"  # "루멘텍", "실바넷" (not "인터넷", a common noun)
        return "?"

    def looks_korean_short(self, name: str) -> bool:
        return (
            len(name) == 2
            and name[0] in self.rules.surnames
            and _HANGUL_NAME.fullmatch(name) is not None
            and not transliteration_syllable(name[1])
        )

    def valid_name(self, name: str) -> bool:
        parts = [p for p in name.split() if not self.particle(p)] or name.split()
        longest = 4 if parts[0] in self.rules.vietnamese_family_names else 3
        return (
            0 < len(parts) <= longest
            and all(
                _NAME_PART.fullmatch(p) or (len(parts) == 1 and _LONG_NAME.fullmatch(p))
                for p in parts
            )
            and not any(p in self.rules.not_names for p in parts)
        )

    def _split(
        self, words, kinds, rank: str = "top", family_first: bool = False, after_nation=False
    ):
        """(name span, company span or None) out of the words before a title.

        A Korean name is one word with its company next to it.  Otherwise the name
        ends at a family name when the article has one (a word it uses alone before
        a title): the words after it are the company ("테드 서랜도스 넷플릭스"); with
        none after it, the word before it is a given name only if the article gives
        the two as a full name elsewhere ("조 케저"), else the company ("팔란티어
        카프").  Without a family name, known companies split the words; failing
        that, three words are a two-word name and a company ("매튜 프린스
        클라우드플레어").
        """
        n = len(words)
        text = [self.text[s:e] for s, e in words]

        def span(a: int, b: int) -> tuple[int, int] | None:
            return (words[a][0], words[b - 1][1]) if 0 <= a < b <= n else None

        def name_before(end: int, most: int = 2) -> int:
            start = end
            while start > 0 and end - start < most and kinds[start - 1] in ("?", "family"):
                start -= 1
            return start

        if "korean" in kinds:
            i = len(kinds) - 1 - kinds[::-1].index("korean")  # the one next to the title
            if i and kinds[i - 1] == "korean" and _likelier_name(text[i - 1], text[i]):
                return span(i - 1, i), span(i, n)  # "김진우 라이너 대표": name, then company
            # "제이미 다이먼 JP모건": a given name, a family name, then the company
            # (or two unknown words: "마리아 로페스 에어비앤비", a transliterated one first)
            foreign = (
                i + 2 < n
                and kinds[i + 1] == "?"
                and (
                    kinds[i + 2] == "org"
                    or (kinds[i + 2] == "?" and any(map(transliteration_syllable, text[i + 1])))
                )
            ) or (  # "가와이 도시키 CEO": an uncommon family name, then a transliterated word
                i + 2 == n
                and kinds[i + 1] == "?"
                and text[i][0] not in _COMMON_SURNAMES
                and len(text[i + 1]) <= 4  # a given name ("화유코발트" is a company)
                and any(transliteration_syllable(ch, True) for ch in text[i + 1])
            )
            if (
                not foreign
                and i + 1 < n
                and (kinds[i + 1] == "org" or (kinds[i + 1] == "?" and rank != "official"))
            ):
                return span(i, i + 1), span(i + 1, n)
            if i + 1 == n and not foreign:
                start = i
                while start and kinds[start - 1] == "org":
                    start -= 1  # "HD현대 정기선": the company right before the name
                return span(i, i + 1), span(start, i) if start < i else None
            kinds = kinds[:i] + ["?"] + kinds[i + 1 :]  # "기시다 후미오 총리": a foreign name
        families = [i for i, k in enumerate(kinds) if k == "family"]
        if families:  # the family name of a full name given elsewhere, else the first one
            given = self.given
            f = next((i for i in reversed(families) if text[i] in given), families[0])
            if family_first and f + 2 == n and kinds[f + 1] == "?":
                return span(f, n), span(0, f)  # "제일시설공업 시노하라 오사무": family name first
            start = f
            if (
                f > 0
                and kinds[f - 1] in ("?", "family")
                and (
                    f + 1 < n
                    or given.get(text[f]) == text[f - 1]
                    or (self.common(*words[f]) and len(text[f - 1]) > 1)
                    or _INITIAL.match(text[f]) is not None  # "마크햄 C. 에릭슨"
                )
                and given.get(text[f], text[f - 1]) == text[f - 1]
            ):
                # its given name ("서밋에 잡스": not the given name of 잡스); a family name that
                # is a noun too follows one ("카츠노리 사고 부사장")
                start = f - 1
            more = self.given_words.get(text[f], ())
            if (
                more
                and text[max(f - len(more), 0) : f] == more
                and all(k in ("?", "family") for k in kinds[f - len(more) : f])
            ):
                start = f - len(more)  # "칼 헨릭 스반베리"
            rest = kinds[f + 1 :] if f + 1 < n else kinds[:start]
            company = span(f + 1, n) if f + 1 < n else span(0, start)
            if "common" in rest:
                company = None
            return span(start, f + 1), company
        orgs = [i for i, k in enumerate(kinds) if k == "org"]
        if orgs and orgs[0] > 0 and self.suffix_next(words, orgs[0] - 1):
            orgs.insert(0, orgs[0] - 1)  # "팔란티어 테크놀로지스": one company
        if orgs and orgs[0] > 0 and all(k in ("org", "?", "common") for k in kinds[orgs[0] :]):
            # name ... company [department]: "올리버 제이 오픈AI 국제비즈니스 총괄"
            start = name_before(orgs[0], 3)
            return (span(start, orgs[0]), span(orgs[0], n)) if start < orgs[0] else None
        if orgs and orgs[0] == 0 and orgs[-1] < n - 1:  # company ... name
            start = name_before(n, 3)
            return (span(start, n), span(0, orgs[-1] + 1)) if start > orgs[-1] else None
        if orgs or kinds[-1] == "common":
            return None  # only organisations ("삼성전자 회장"), or mixed up
        if n == 3 and after_nation and "common" not in kinds:  # "미국 테크웨이브 피터 존슨"
            return span(1, 3), span(0, 1)
        if n >= 3 and "common" not in kinds[-3:]:  # "매튜 프린스 클라우드플레어"
            return span(n - 3, n - 1), span(n - 1, n)
        if n == 2 and kinds == ["?", "?"] and list(map(_mandarin_name, text)).count(True) == 1:
            # "시궈화 차이나모바일", "트리톤 왕젠저우": a Chinese name is one word, so the
            # word beside it, which no Chinese name could have, is the company
            i = [_mandarin_name(w) for w in text].index(True)
            other = text[1 - i]
            if not all(map(_mandarin_syllable, other)):
                return span(i, i + 1), span(1 - i, 2 - i)
        start = name_before(n)
        return (span(start, n), None) if start < n else None


@lru_cache(maxsize=WORD_CACHE)
def _in_quotes(word: str) -> bool:
    """One word in quotes, none inside: "'그랩'"."""
    return (
        len(word) > 2
        and word[0] in _OPEN_QUOTES
        and word[-1] in _CLOSE_QUOTES
        and word[1:-1].translate(_QUOTES) == word[1:-1]
    )


def company_name(written: str) -> str:
    """A company as written before a name: brackets, quotes, ㈜ and a final 의 off."""
    name = _CORPORATE.sub("", _BRACKETS.sub("", written.translate(_QUOTES))).strip()
    return name.removesuffix("의") if len(name) > 2 else name


def _with_chiefs(text: str, hits: list[Hit]) -> list[Hit]:
    """The titles found, and the chief officers' titles the list does not name
    ("최고기술경영자", "최고연구전략임원"): a senior executive's, as 최고책임자 is."""
    spans = [(h.start, h.end) for h in hits]
    chiefs = [
        Hit(m.start(), m.end(), m.group(), (_CHIEF_TITLE,))
        for m in _CHIEF.finditer(text)
        if not any(s < m.end() and m.start() < e for s, e in spans)
    ]
    return sorted(hits + chiefs) if chiefs else hits


def titled_mentions(
    text: str,
    rules: PeopleRules,
    *,
    is_org,
    is_place,
    tail_ok,
    common,
    stem_end,
    proper,
    sentence_starts: list[int],
    skip=lambda start, end: False,
) -> list[TitledMention]:
    """Every titled mention of *text*.

    *is_org(start, end)*: the word there is a known organisation; *is_place*: a place
    (names stop there: "워싱턴서 팔란티어 카프 CEO"); *tail_ok(start, end)*:
    the word ends bare (no particle, no verb ending: it can stand before a title);
    *common(start, end)*: the word is a common noun; *stem_end(start, end)*: where the
    word's nouns end before a particle (None: no particle); *proper(start, end)*: one proper
    noun is written there; *skip(start, end)*: a title word
    to ignore (inside a name, say).  Read twice: the full names and companies the first
    reading finds ("한스 베스트베리 에릭슨 CEO") give the family names and companies
    that tell the second how to read shorter mentions ("베스트베리 에릭슨 회장").
    """
    reader = _Reader(
        text, rules, is_org, is_place, tail_ok, common, stem_end, proper, sentence_starts
    )
    hits, title_end = [], -1
    for hit in _with_chiefs(text, rules.titles.find(text)):
        if hit.start < title_end or skip(hit.start, hit.end):
            continue  # "창업자 겸 CEO": CEO belongs to the title before it
        start = hit.start
        while start and (text[start - 1].isalnum() or text[start - 1] in "()"):
            start -= 1  # a title ending a compound is the whole word: "서울경찰청장"
        if start < hit.start and text[start : hit.start].isalnum():
            if text[start : hit.start] in rules.nationalities and hit.surface == "지사":
                continue  # "한국지사", "일본지사": a company's branch, no governor
            hit = Hit(start, hit.end, text[start : hit.end], hit.values)
        hits.append(hit)
        title_end = reader.title_at(hit)[0]
    first = [m for m in map(reader.read, hits) if m is not None]

    def phrase(m: TitledMention) -> str:
        start = min(m.start, m.company_start) if m.company else m.start
        end = max(m.end, m.company_start + len(m.company)) if m.company else m.end
        return f" {text[start:end]} "

    def contradicted(m: TitledMention) -> bool:
        """Two guesses read the same words two ways ("넷플릭스 딘 가필드" in the headline,
        "딘 가필드 넷플릭스" in the body): the name is the one both write as a pair."""
        name, mine = set(m.name.split()), phrase(m)
        words = name | set((m.company or "").split())
        return any(
            o.company
            and not o.strong
            and (set(o.company.split()) & name or words & set(o.name.split()))
            and f" {m.name} " not in phrase(o)
            for o in first
            if o is not m and phrase(o) != mine
        )

    def learned(strong: bool) -> tuple[set[str], set[str]]:
        # A guess without a company ("A B CEO": a name? a company and a name?) teaches nothing.
        mentions = [
            m
            for m in first
            if m.strong == strong and (strong or (m.company and not contradicted(m)))
        ]
        names = {m.name for m in mentions if " " in m.name}
        companies = {company_name(m.company) for m in mentions if m.company and not m.korean} - {""}
        short = {  # "알리바바그룹" is "알리바바" too
            c[: -len(x)]
            for c in companies
            for x in rules.company_suffixes
            if c.endswith(x) and len(c) > len(x) + 1
        }
        return names, companies | short | {c.split()[0] for c in companies}

    names, companies = learned(True)
    weak_names, weak_companies = learned(False)
    families = {n.split()[-1] for n in names}
    reader.full_names = names | {n for n in weak_names if n.split()[-1] not in companies}
    reader.read_names = tuple(
        sorted({m.name for m in first if " " in m.name}, key=len, reverse=True)
    )
    reader.given = {n.split()[-1]: n.split()[0] for n in sorted(reader.full_names - names)}
    reader.given.update({n.split()[-1]: n.split()[0] for n in sorted(names)})
    reader.given_words = {  # words like those of names ("칼 헨릭", "응우옌 테"; not "방한 스티브")
        n.split()[-1]: n.split()[:-1]
        for n in names
        if n.count(" ") > 1
        and all(len(w) == 1 or any(map(transliteration_syllable, w)) for w in n.split()[:-1])
    }
    given = {n.split()[0] for n in names | weak_names}
    headquartered = {  # "도레이 본사": a company, whose name the headline may put first
        m[1]
        for m in _HEADQUARTERS.finditer(text)
        if not common(*m.span(1)) and m[1] not in rules.not_names and not is_place(*m.span(1))
    }
    reader.company_words = companies | (weak_companies - families - given) | headquartered
    reader.family_words = {n.split()[-1] for n in reader.full_names} - reader.company_words
    out: list[TitledMention] = []
    for hit in hits:
        m = reader.read(hit)
        out += [m] if m is not None else reader.coordinated(hit)
    return out
