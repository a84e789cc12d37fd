"""People, organisations and places in an analysed (already cleaned) article.

Three sources, in order of trust:

1. the entity dictionary: every alias found on Kiwi token boundaries
   ("나델라가" counts, "카카오톡" is not 카카오), an ambiguous alias ("삼성")
   resolved to the candidate the article also names explicitly;
2. titled mentions (:mod:`enrich.people`) for people and companies missing
   from the dictionary: "매튜 프린스 클라우드플레어 CEO", "드롭박스의 드루
   휴스턴 CEO", "HD현대 정기선 수석부회장".  A foreign-looking name at a
   foreign company with a top or senior title is a visitor; a Korean name
   makes a Korean person, and the company of a Korean person a Korean one;
3. ``<family name> <title>`` ("손 회장", "황 CEO") counted for the one person
   of that family already named in full in the same article.

Places: dictionary places, and venues built from ``<org|place> <venue word>``
("삼성전자 사옥" next to "서초구" -> 삼성전자 서초사옥).

Run on cleaned text only: a name that appears only in a dropped teaser or
caption must not become an entity of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from enrich.dictionary import VISITOR_ROLES, Dictionary, EntityRef, Kind, Location
from enrich.lexicon import Hit
from enrich.nlp import Morph, TextAnalysis
from enrich.people import (
    DOUBLE_SURNAMES,
    LOCAL_GOVERNMENT_WORDS,
    TitledMention,
    company_name,
    open_or_nasal,
    titled_mentions,
    transliteration_syllable,
)

_SAME_COMPANY = ("그룹", "홀딩스", "코퍼레이션", "컴퍼니")  # a company and its group: one company
# Another name of a company in brackets after it: "우전공사(VNPT)", "엔비디아(NVIDIA)".
_INNER_NAME = re.compile(r"[(（]([A-Za-z][A-Za-z0-9&.\-]{1,15}|[\uac00-\ud7a3]{2,10})[)）]")
_BARE_TAGS = ("NN", "NR", "SL", "SH", "SN", "XSN", "SSC", "XR")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_AFTER_INITIAL = re.compile(r"[\uac00-\ud7a3] [A-Z]\. ?$")  # "마크햄 C. " before a family name
_PAIRED = re.compile(r"(?:\([^)]{1,30}\))?(?:와|과|,)\s+")  # "레이쥔 CEO와 린빈 부회장"
# Last syllables of particles and verb endings: a word ending so is no bare name.
_PARTICLE_ENDS = frozenset("은는이가을를에의와과도로서며고면다한된인할던해했아어게지요")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
UNKNOWN_FOREIGN = "ZZ"  # a foreign country we cannot name
# Countries whose names Korean papers may write in Korean reading, as Korean names look
_HANJA_NAMES = frozenset({"CN", "TW", "HK"})
_RANK_ORDER = ("top", "senior", "other", "official")
PUBLIC = ("government", "local_government")  # organisation roles of Korean public bodies
_FORMER_WORD = "전 "  # a title that says it already: "전 장관"
_FAMILY_BEFORE = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,4}) $")
_FORMER_MARKS = ("전", "前")  # between a family name and its title: "최 전 장관"
_AGENCY_DATELINE = re.compile(r"(?m)^[ \t]*[\[(【][^\])】\n=]{1,20}=[^\])】\n]{1,20}[\])】]")
_WORD_CHAR = re.compile(r"\w")
_ORG_GAPS = ("", " ", "의 ")  # between "<org>" and the name after it
# The head of a Korean local government is named with it: "부산시장" heads 부산시,
# "경기도지사" (and "경기지사") 경기도, "양평군수" 양평군, "강남구청장" 강남구; "천안부시장" is
# 천안시's deputy.
_MARKET = "시장"  # a mayor, and a market
_LOCAL_HEADS = {
    "부시장": "시",
    "시장": "시",
    "도지사": "도",
    "지사": "도",
    "군수": "군",
    "구청장": "구",
}
_LOCAL_HEAD = re.compile(rf"([\uac00-\ud7a3]{{2,4}}?)({'|'.join(_LOCAL_HEADS)})")
HQ_WORDS = frozenset({"본사", "사옥"})
_TOPIC_BEFORE = re.compile(r"(?:은|는) $")  # "무역협회는 [정만기 부회장]"
# A local council: "구미시의회", "경기도의회", "강남구의회" (a Korean place's, see korean_place).
_COUNCIL = re.compile(
    r"([\uac00-\ud7a3]{2,4}?)(?:특별시|광역시|특별자치시|특별자치도|시|도|군|구)?의회"
)
# A city's name with 시 or 군 glued, then a particle or a stop: its government ...
_CITY_BODY = re.compile(r"([\uac00-\ud7a3]{1,4}?)(시|군)(?=[은는이가을를과와의에도로,·\s]|$)")
# ... unless an address goes on: a district ("천안시 성거읍"), a place in it ("성남시 분당의").
_ADDRESS = re.compile(r" [\uac00-\ud7a3]{1,6}(?:읍|면|동|구|리|로|길)(?![\uac00-\ud7a3])")
_PLACE_AFTER = re.compile(r" ([\uac00-\ud7a3]{2,4}?)(의|에서|에)?(?![\uac00-\ud7a3])")


class _Spans:
    """Sorted, non-overlapping (start, end) spans with fast "is this offset inside" tests."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def covers(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.spans[i][1]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, end - 1) - 1
        return i >= 0 and start < self.spans[i][1]


@dataclass
class Record:
    """One entity of the article, however often and however spelt it is mentioned."""

    kind: Kind
    id: str | None  # dictionary id; None for a discovered name
    name: str
    country: str | None = None
    visitor: bool = False  # a foreign tech executive
    location_kind: str | None = None
    aliases: dict[str, None] = field(default_factory=dict)  # surfaces seen (ordered set)
    titles: dict[str, None] = field(default_factory=dict)
    organizations: dict[str, None] = field(default_factory=dict)  # affiliations (record keys)
    mentions: int = 0
    first: int = 0
    rank: str | None = None  # a person's highest title rank (top, senior, other, official)
    former: bool = False  # the title is a former one ("전 인텔 CEO")
    role: str | None = None  # a dictionary person's role; an organisation's kind
    branch: bool = False  # an organisation that is a foreign company's Korean arm

    @property
    def key(self) -> str:
        return self.id or f"~{self.name}"

    def to_json(self) -> dict:
        """The index's shape (config/elasticsearch/articles.template.json)."""
        out: dict = {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "mentions": self.mentions,
            "known": self.id is not None,
        }
        if self.kind == "person":
            out["titles"] = list(self.titles)
        return out


@dataclass(frozen=True)
class Mention:
    key: str
    start: int
    end: int
    sentence: int


@dataclass
class Entities:
    analysis: TextAnalysis
    records: dict[str, Record] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    spans: dict[tuple[int, int], str] = field(default_factory=dict)  # name span -> record key

    def of_kind(self, kind: Kind) -> list[Record]:
        found = [r for r in self.records.values() if r.kind == kind]
        return sorted(found, key=lambda r: (-r.mentions, r.first))

    def in_sentence(self, index: int) -> list[Record]:
        return [self.records[m.key] for m in self.mentions if m.sentence == index]

    def to_json(self) -> dict:
        return {
            kind + "s": [r.to_json() for r in self.of_kind(kind)]
            for kind in ("person", "organization", "location")
        }

    def token_names(self) -> dict[tuple[int, int], str]:
        """Name spans -> the name as written (one search token, single spaces)."""
        return {
            span: " ".join(self.analysis.text[span[0] : span[1]].split()) for span in self.spans
        }

    def canonical_names(self) -> dict[tuple[int, int], str]:
        return {span: self.records[key].name for span, key in self.spans.items()}


class _Extractor:
    def __init__(self, analysis: TextAnalysis, dictionary: Dictionary):
        self.a, self.d, self.text = analysis, dictionary, analysis.text
        self.out = Entities(analysis)
        morphs = list(analysis.morphs())
        self.morph_at = {m.start: m for m in morphs}
        self.morph_end = {m.end: m for m in morphs}
        self.ends = set(self.morph_end)
        # Inside a name Kiwi took as one word with spaces ("팻 겔싱어"): word ends too.
        self.inner_ends = {
            m.start + i for m in morphs if " " in m.form for i, ch in enumerate(m.form) if ch == " "
        }
        self.sentence_starts = [s.start for s in analysis.sentences]
        # Kiwi's tag for a word it does not know depends on its neighbours ("= 미야우치 켄":
        # a common noun; "소프트뱅크 미야우치 회장": a proper noun): read once as a proper noun
        # in the article, it is never a common one
        self.proper = {m.form for m in morphs if m.tag == "NNP"}

    # -- helpers ---------------------------------------------------------------------------

    def aligned(self, start: int, end: int) -> bool:
        """*start*..*end* begins and ends on token boundaries (or on non-word characters)."""
        before = self.text[start - 1] if start else " "
        after = self.text[end] if end < len(self.text) else " "
        return (start in self.morph_at or not _WORD_CHAR.match(before)) and (
            end in self.ends or not _WORD_CHAR.match(after)
        )

    def word_head(self, offset: int) -> int:
        """Where the word around *offset* begins (a title ending a compound, a name glued
        to other nouns: "서울경찰청장", "삼성코닝정밀소재")."""
        while offset and _WORD_CHAR.match(self.text[offset - 1]):
            offset -= 1
        return offset

    def inside_word(self, offset: int) -> bool:
        """*offset* falls inside a token of a word, not between two of them."""
        return (
            offset < len(self.text)
            and _WORD_CHAR.match(self.text[offset]) is not None
            and offset not in self.ends
        )

    def sentence(self, offset: int) -> int:
        return max(bisect_right(self.sentence_starts, offset) - 1, 0)

    def gap(self, end: int, start: int) -> str:
        return self.text[end:start] if 0 <= start - end <= 3 else "\0"

    def record(self, kind: Kind, ref_id: str | None, name: str, **extra) -> Record:
        key = ref_id or f"~{name}"
        if key not in self.out.records:
            self.out.records[key] = Record(kind, ref_id, name, **extra)
        return self.out.records[key]

    def mention(self, rec: Record, start: int, end: int, surface: str | None = None) -> None:
        if rec.mentions == 0 or start < rec.first:
            rec.first = start
        rec.mentions += 1
        rec.aliases[" ".join((surface or self.text[start:end]).split())] = None
        self.out.mentions.append(Mention(rec.key, start, end, self.sentence(start)))

    def dictionary_record(self, ref: EntityRef) -> Record:
        e = self.d.entity(ref)
        if ref.kind == "person":
            rec = self.record(
                "person",
                e.id,
                e.name,
                country=e.country,
                role=e.role,
                visitor=e.foreign and e.role in VISITOR_ROLES,
            )
            if e.org:
                rec.organizations[e.org] = None
            return rec
        if ref.kind == "location":
            return self.record(
                "location", e.id, e.name, country=self.country_of(e), location_kind=e.kind
            )
        return self.record("organization", e.id, e.name, country=e.country, role=e.kind)

    def city_country(self, name: str) -> str:
        """The country of a city or province a local head's title names: Korea, unless the
        dictionary knows it as a place abroad ("장완안 타이베이시장")."""
        for ref in self.d.lexicon.get(name):
            if ref.kind == "location":
                return self.country_of(self.d.locations[ref.id]) or "KR"
        return "KR"

    def country_of(self, loc: Location) -> str | None:
        while loc.country is None and loc.city:
            loc = self.d.locations[loc.city]
        return loc.country

    # -- passes ----------------------------------------------------------------------------

    def run(self) -> Entities:
        hits = self.dictionary_hits()
        named = _Spans((h.start, h.end) for h, _ in hits)
        for hit, ref in hits:
            rec = self.dictionary_record(ref)
            self.mention(rec, hit.start, hit.end, hit.surface)
            self.out.spans[(hit.start, hit.end)] = rec.key
        self.org_hits = _Spans((h.start, h.end) for h, ref in hits if ref.kind == "organization")
        self.place_hits = _Spans((h.start, h.end) for h, ref in hits if ref.kind == "location")
        self.hit_refs = {(h.start, h.end): ref for h, ref in hits}
        mentions = titled_mentions(
            self.text,
            self.d.people_rules,
            is_org=self.known_org,
            is_place=self.place_word,
            tail_ok=self.bare,
            common=self.common,
            stem_end=self.stem_end,
            proper=self.proper_noun,
            sentence_starts=self.sentence_starts,
            skip=lambda start, end: (
                (named.overlaps(start, end) and not self.org_hits.covers(start))
                or self.inside_word(end)  # "대표단" (a delegation), "회장단", "사장실"
                or self.market(start, end)
            ),
        )
        self.titled_people(mentions)
        self.korean_companies()
        self.city_governments()
        self.family_references(self.title_hits(_Spans(self.out.spans)))
        self.venues(hits)
        return self.out

    def dictionary_hits(self) -> list[tuple[Hit, EntityRef]]:
        # The agency's dateline ("[서울=뉴시스]", "(도쿄=연합뉴스)") names its bureau: neither
        # the event's place nor an organisation of the story.
        datelines = _Spans(m.span() for m in _AGENCY_DATELINE.finditer(self.text))
        hits = [
            h
            for h in self.d.lexicon.find(self.text)
            if self.aligned(h.start, h.end)
            and not datelines.covers(h.start)
            and not self.inside_name(h)
            and not self.institution_of(h)
            and not self.inside_body(h)
        ]
        named = {h.values[0] for h in hits if len(h.values) == 1}
        # An ambiguous alias ("삼성") is the candidate the article also names explicitly.
        return [(h, next((v for v in h.values if v in named), h.values[0])) for h in hits]

    def inside_name(self, hit: Hit) -> bool:
        """A foreign company's name glued to other nouns is part of a longer name, a joint
        venture's in Korea ("삼성코닝정밀소재", "에릭슨LG"), not the company itself; its
        Korean branch ("구글코리아", "한국MS") is read as such elsewhere."""
        foreign = [
            v
            for v in hit.values
            if v.kind == "organization" and self.d.organizations[v.id].country != "KR"
        ]
        if not foreign or len(foreign) < len(hit.values):
            return False
        if _AFTER_INITIAL.search(self.text, max(0, hit.start - 8), hit.start):
            return True  # "마크햄 C. 에릭슨": a family name after a middle initial
        start, end = self.word_head(hit.start), hit.end
        while end < len(self.text) and _WORD_CHAR.match(self.text[end]):
            end += 1
        before, after = self.text[start : hit.start], self.text[hit.end : end]
        if before == "한국" or after in self.d.people_rules.branch_marks:
            return False
        return any(
            m.tag in ("NNP", "NNG", "SL") and not hit.start <= m.start < hit.end
            for m in self.morphs_in(start, end)
        )

    def inside_body(self, hit: Hit) -> bool:
        """A public body's name glued after other nouns ends a longer body's name: the
        National Assembly's "과학기술정보방송통신위원회" is not "방송통신위원회"."""
        if not all(
            v.kind == "organization" and self.d.organizations[v.id].kind == "government"
            for v in hit.values
        ):
            return False
        before = self.text[self.word_head(hit.start) : hit.start]
        return len(before) >= 2 and before.isalpha() and not before.isascii()

    def institution_of(self, hit: Hit) -> bool:
        """A place glued to the name of a Korean institution is part of it
        ("한국광학기기협회", not 한국)."""
        if not any(v.kind == "location" for v in hit.values):
            return False
        end = hit.end
        for m in self.morphs_in(hit.start, len(self.text)):  # (up to the word's end)
            if m.tag not in ("NNP", "NNG", "SL", "SN"):
                break
            end = max(end, m.end)
        word = self.text[hit.start : end]
        return end > hit.end and self.d.people_rules.korean_body(word) == "institution"

    def title_hits(self, named: _Spans) -> list[Hit]:
        """Title words ending on a token boundary; a title ending a compound stands for
        the whole word ("서울경찰청장", "HE사업본부장")."""
        out = []
        for h in self.d.title_lexicon.find(self.text):
            if (
                named.overlaps(h.start, h.end)
                or self.suffixed(h.end)
                or h.end not in self.ends
                or self.market(h.start, h.end)
            ):
                continue
            start = self.word_head(h.start)
            if start not in self.morph_at or (start < h.start and len(h.surface) < 2):
                continue
            out.append(Hit(start, h.end, self.text[start : h.end], h.values))
        return out

    def market(self, start: int, end: int) -> bool:
        """ "세계시장", "국내 시장": 시장 after a common noun, not after a place or a name, is
        a market, not a mayor."""
        if self.text[start:end] != _MARKET:
            return False
        head = self.word_head(start)
        if head == start and self.text[start - 2 : start - 1].isalnum():  # "전기차 시장": the
            head, start = self.word_head(start - 1), start - 1  # word before, by itself
            if self.text[head:start] in self.d.surnames:
                return False  # "이 시장": the mayor, Mr Lee
        return (
            head < start
            and self.common(head, start)
            and not self.place_named(self.text[head:start])
        )

    def suffixed(self, end: int) -> bool:
        """A title followed by a suffix is not a title ("대표들", "대표적")."""
        nxt = self.morph_at.get(end)
        return nxt is not None and nxt.tag == "XSN"

    # -- titled mentions -------------------------------------------------------------------

    def known_org(self, start: int, end: int) -> bool:
        """A dictionary organisation covers the word (brackets and 의 aside), or it is a
        place with an administrative suffix: a local government ("청주시 부시장")."""
        if self.org_hits.covers(start) and self.org_hits.covers(max(start, end - 2)):
            return True
        word = self.text[start:end]
        if len(word) > 2 and word[-1] in LOCAL_GOVERNMENT_WORDS:
            return self.place_named(word[:-1])
        # a company named after its city or country ("베이징전공", "서울반도체"), or after
        # a company ("코닝정밀소재"); not a public body ("중국무역촉진위원회")
        return (
            _HANGUL_WORD.fullmatch(word) is not None
            and not any(word.endswith(g) for g in self.d.people_rules.government_suffixes)
            and any(self.named_after(word[:k]) for k in range(2, len(word) - 1))
        )

    def named_after(self, name: str) -> bool:
        return any(r.kind in ("location", "organization") for r in self.d.lexicon.get(name))

    def org_named(self, name: str) -> EntityRef | None:
        return next((r for r in self.d.lexicon.get(name) if r.kind == "organization"), None)

    def place_named(self, name: str) -> bool:
        return any(r.kind == "location" for r in self.d.lexicon.get(name))

    def council_of(self, name: str, ref: EntityRef | None) -> bool:
        """*name* is the council of the Korean local government *ref* names ("경기도의회",
        which the dictionary's "경기도" begins)."""
        org = (
            self.d.organizations.get(ref.id)
            if ref is not None and ref.kind == "organization"
            else None
        )
        return (
            org is not None
            and org.kind == "local_government"
            and org.country == "KR"
            and name.endswith("의회")
            and name != org.name
        )

    def korean_place(self, name: str) -> bool:
        """A city or province in Korea the dictionary knows."""
        return any(
            r.kind == "location" and self.country_of(self.d.locations[r.id]) == "KR"
            for r in self.d.lexicon.get(name)
        )

    def place_word(self, start: int, end: int) -> bool:
        return self.place_hits.covers(start)

    def bare(self, start: int, end: int) -> bool:
        """The word ends in a noun (or a bracket), not in a particle or a verb ending.

        Kiwi often reads a transliterated name as something else ("부슈" -> 불/VX 슈/EC,
        "장덕현" -> 장덕/NNP 현/MM), so a short Hangul word whose last syllable is no usual
        particle or ending counts as bare too."""
        if self.text[end - 1] in ")）" or end in self.inner_ends:
            return True
        last = self.morph_end.get(end)
        if last is not None and last.tag.startswith(_BARE_TAGS) and last.form != "의":
            return True
        word = self.text[start:end]
        first = self.morph_at.get(start)
        if (
            first is not None
            and first.start in self.a.guessed
            and first.end == end - 1
            and word[-1] == "라"
            and self.morph_end.get(end, first).tag == "EC"
        ):
            return True  # a word Kiwi does not know, read as "...(이)라": "텔리아소네라"
        if (
            first is not None
            and first.tag == "NNP"
            and first.end == start + 1
            and self.d.people_rules.looks_korean(word)
        ):
            return True  # a family name, then a given name read as a verb: "김창한" (김/NNP ...)
        if (
            _HANGUL_WORD.fullmatch(word) is None
            or len(word) > 5
            or word[-1] in _PARTICLE_ENDS
            or (last is not None and last.tag.startswith("J"))
        ):
            return False
        morphs = self.morphs_in(start, end)
        if len(morphs) == 1 and morphs[0].tag.startswith("MA"):
            return False  # an adverb: "함께", "직접"
        if (
            first is not None
            and last is not None
            and first.tag in ("VV", "VA")
            and len(first.form) > 1  # (not "스리니": 스/VV 리니/EC)
            and last.tag in ("EC", "ETM")
            and first.start not in self.a.guessed
        ):
            return False  # a verb Kiwi knows, then a comma's or a noun's ending: "들러", "오른"
        if (
            last is not None
            and last.tag == "ETM"
            and morphs[0].tag == "NNG"
            and len(morphs[0].form) > 1
            and any(m.tag in ("XSV", "XSA") for m in morphs)
        ):
            return False  # a noun made a verb before a noun: "방한한", "참석한"
        name_like = (
            any(map(transliteration_syllable, word))
            or (len(word) == 3 and word[0] in self.d.surnames)
            or any(m.tag == "NNP" for m in morphs)
        )
        return name_like

    def morphs_in(self, start: int, end: int) -> list[Morph]:
        out, pos = [], start
        while pos < end and (m := self.morph_at.get(pos)) is not None:
            out.append(m)
            pos = m.end
        return out

    def stem_end(self, start: int, end: int) -> int | None:
        """End of the nouns of a word that ends in a particle ("스피걸이" -> 스피걸)."""
        last = self.morph_end.get(end)
        if last is None or not last.tag.startswith("J") or last.start <= start:
            return None
        before = self.morph_end.get(last.start)
        return last.start if before is not None and before.tag.startswith(_BARE_TAGS) else None

    def proper_noun(self, start: int, end: int) -> bool:
        first = self.morph_at.get(start)
        return first is not None and first.tag == "NNP" and first is self.morph_end.get(end)

    def common(self, start: int, end: int) -> bool:
        """The word is one common noun (or a determiner, an adverb) or a compound of common
        nouns ("청년실업", "금융회사"): no part of a name -- unless it has syllables only
        transliterations have ("롤란트"); fields joined with "·" whose nouns Kiwi knows
        ("마케팅·사업전략", "커뮤니케이션·정부관계")."""
        if "·" in self.text[start:end]:
            parts, k = [], start
            for part in self.text[start:end].split("·"):
                parts.append(self.morphs_in(k, k + len(part)))
                k += len(part) + 1
            return all(
                morphs and all(m.tag == "NNG" and m.start not in self.a.guessed for m in morphs)
                for morphs in parts
            )
        first = self.morph_at.get(start)
        if first is not None and first is self.morph_end.get(end):
            word = self.text[start:end]
            if word in self.proper:
                return False
            if first.tag == "NNG" and len(word) >= 3 and word.endswith("사"):
                return True  # a kind of company: "통신사", "장비사", "투자사"
            if first.tag in ("NNB", "MM", "MAG"):
                return True  # a bound noun, a determiner, an adverb: "오는 만큼 이 회장"
            # a noun Kiwi knows looks foreign by its strong signs only ("크리스천", not "가운데")
            strong = first.start not in self.a.guessed
            if not strong and 3 <= len(word) <= 4 and all(map(open_or_nasal, word)):
                return False  # a word it guesses, of a Chinese name's sounds: "류청하오"
            return first.tag == "NNG" and not any(
                transliteration_syllable(ch, strong) for ch in word
            )
        # Kiwi splits a transliterated name, if at all, into one-syllable pieces ("다라")
        parts = []
        while first is not None and first.end <= end and first.tag in ("NNG", "XSN", "NNB"):
            parts.append(first)
            first = self.morph_at.get(first.end)
        return (
            len(parts) >= 2
            and parts[-1].end == end
            and parts[0].tag == "NNG"
            and len(parts[0].form) >= 2
        )

    def org_record(self, start: int, word: str, person_korean: bool | None) -> Record | None:
        """The organisation a titled mention names: the dictionary's, or one found here."""
        rules = self.d.people_rules
        name = company_name(word)
        branch = any(name.endswith(m) for m in rules.branch_marks)  # "구글코리아"
        ref = next(
            (
                r
                for (s, e), r in self.hit_refs.items()
                if r.kind == "organization" and s <= start < e
            ),
            None,
        )
        if ref is None:  # "도요타그룹", "인텔코퍼레이션": the company the dictionary knows
            ref = next(
                (
                    r
                    for suffix in _SAME_COMPANY
                    if name.endswith(suffix) and len(name) > len(suffix) + 1
                    if (r := self.org_named(name.removesuffix(suffix))) is not None
                ),
                None,
            )
        council = self.council_of(name, ref)  # "경기도의회", not the dictionary's "경기도"
        if ref is not None and not branch and not council:
            return self.dictionary_record(ref)
        if len(name) < 2:
            return None
        rec = self.record("organization", None, name)
        if branch or self.korean_arm(name):
            rec.branch, rec.country = True, "KR"
        elif council or ((m := _COUNCIL.fullmatch(name)) and self.korean_place(m[1])):
            rec.country, rec.role = "KR", "government"  # "구미시의회", "경기도의회"
        elif (group := rules.korean_group.search(name)) and group.start():
            rec.country = rec.country or "KR"  # a joint venture in Korea: "에릭슨LG"
        elif rec.country is None and (country := self.described_country(name)):
            rec.country = country  # "대만 반도체 기업 '이-바이클'", "中 강풍전자"
        elif group or person_korean:
            rec.country = rec.country or "KR"
        elif (
            any(name.endswith(g) for g in rules.government_suffixes) and person_korean is not False
        ):
            # (a foreigner's "위원회" is their company's board: "SAP ... 경영감독위원회 의장")
            rec.country = rec.country or "KR"
            rec.role = "party" if name.endswith("당") else "government"  # "새누리당 심재철 의원"
        elif person_korean is False and rec.country is None:
            rec.country = UNKNOWN_FOREIGN
        if rec.mentions == 0:
            self.mention(rec, start, start + len(name))
        return rec

    def paired_with(self, m: TitledMention, titled: dict[int, Record]) -> Record | None:
        """A lone foreign-looking word before a title, joined to a foreign person of a known
        company ("레이쥔 CEO와 린빈 부회장"), is a colleague of theirs, not a family name."""
        if m.korean is not False or len(m.name) < 2 or not _HANGUL_WORD.fullmatch(m.name):
            return None
        for end, rec in titled.items():
            if (
                _PAIRED.fullmatch(self.text, end, m.start)
                and rec.country not in (None, "KR")
                and rec.organizations
            ):
                return rec
        return None

    def korean_arm(self, name: str) -> bool:
        """ "한국IBM", "한국후지제록스": 한국 and a foreign company's name (not "한국통신")."""
        rest = name.removeprefix("한국")
        return (
            rest != name
            and len(rest) > 1
            and (
                rest[0].isascii()
                or any(  # in the dictionary, or found in the article
                    r.kind == "organization" and self.d.organizations[r.id].country != "KR"
                    for r in self.d.lexicon.get(rest)
                )
                or any(
                    r.kind == "organization" and r.name == rest and r.country != "KR"
                    for r in self.out.records.values()
                )
            )
        )

    def described_country(self, name: str) -> str | None:
        """The country the article puts before the company's name, anywhere it names it,
        also with its original spelling in brackets or without its "그룹" ("중국 이차전지
        소재 기업 룽바이(容百)그룹", "中 룽바이"), or after it as its head office's
        ("앰코테크놀로지는 미국에 본사를 둔")."""
        rules = self.d.people_rules
        stem = next(
            (
                name[: -len(s)]
                for s in ("그룹", "홀딩스")
                if name.endswith(s) and len(name) > len(s) + 1
            ),
            name,
        )
        for m in re.finditer(re.escape(stem), self.text):
            said = rules.described.search(
                self.text, max(0, m.start() - 40), m.start()
            ) or rules.country_after.match(self.text, m.end())
            if said:
                return rules.nationalities[next(filter(None, said.groups()))]
        return None

    def host_company(self, start: int) -> Record | None:
        """A foreign company the sentence names before a titled mention that has none:
        "엔비디아 본사에서 제이 푸리 수석 부사장을 만나" -- the closest one, or its venue's."""
        floor = self.sentence_starts[self.sentence(start)]
        before = sorted(
            ((e, ref) for (s, e), ref in self.hit_refs.items() if floor <= s and e <= start),
            key=lambda x: x[0],
            reverse=True,
        )
        for _, ref in before:
            entity = self.d.entity(ref)
            org_id = entity.id if ref.kind == "organization" else getattr(entity, "org", None)
            if ref.kind != "person" and org_id is not None:
                org = self.d.organizations.get(org_id)
                foreign = org is not None and org.country not in (None, "KR")
                return (
                    self.dictionary_record(EntityRef("organization", org_id)) if foreign else None
                )
        return None

    def topic_body(self, start: int) -> Record | None:
        """The Korean organisation the sentence is about, right before a Korean's name and
        title that name none ("무역협회는 정만기 부회장이 ... 방문했다"): theirs."""
        m = _TOPIC_BEFORE.search(self.text, max(start - 4, 0), start)
        if m is None:
            return None
        ref = next(
            (
                r
                for (s, e), r in self.hit_refs.items()
                if e == m.start() and r.kind == "organization"
            ),
            None,
        )
        if ref is None:
            return None
        org = self.dictionary_record(ref)
        return org if org.country == "KR" else None

    def titled_people(self, mentions: list[TitledMention]) -> None:
        """People of the titled mentions: dictionary people get their titles and companies,
        others become people of their own (Korean or foreign by the look of the name)."""
        person_hits = [(s, e, ref) for (s, e), ref in self.hit_refs.items() if ref.kind == "person"]
        found: dict[str, Record] = {}
        # "서랜도스 CEO" is "테드 서랜도스", named in full elsewhere in the article; "이시바
        # 총리" is "이시바 시게루 일본 총리" (family name first, as Japanese and Chinese names
        # are written), even when the family name alone would pass for a Korean name.
        first = {
            m.name.split()[0]: (m.name, m.nationality)
            for m in mentions
            if " " in m.name and (m.nationality not in (None, "KR"))
        }
        # A foreign name's first word alone before a title, when no full name ends with it,
        # is that name too: "라우 부회장" is "라우 셍 유", written family name first.
        first_word = {
            m.name.split()[0]: (m.name, m.nationality)
            for m in mentions
            if " " in m.name and m.nationality != "KR" and not m.korean
        }
        full = {m.name.split()[-1]: m.name for m in mentions if " " in m.name}
        full.update(
            {
                self.d.persons[ref.id].family: self.d.persons[ref.id].name
                for _, _, ref in person_hits
                if self.d.persons[ref.id].family
            }
        )
        spelled_abroad: set[str] = set()  # looks Korean, but spelled out at a foreign firm
        bracketed: list[tuple[str, Record]] = []  # "우전공사(VNPT)": the headline's "VNPT"
        titled: dict[int, Record] = {}  # the people read so far, by where their title ends
        by_last: dict[str, list[TitledMention]] = {}  # "찐": 응우옌 쭝 찐 회장, 팜 민 찐 총리
        for m in mentions:
            if " " in m.name:
                by_last.setdefault(m.name.split()[-1], []).append(m)
        particles = self.d.people_rules.particles
        for m in mentions:
            if m.name.split()[0] in particles:  # "엘 코우리 회장": the family name of one given
                longer = {o.name for o in mentions if o.name.endswith(" " + m.name)}
                if len(longer) == 1:  # in full elsewhere ("하산 엘 코우리")
                    m.name, m.korean = longer.pop(), False
            if " " not in m.name and m.name in full and (not m.korean or len(m.name) > 2):
                # (also one that looks Korean: "마이크 모하임 ... 모하임 CEO")
                same = {
                    o.name for o in by_last.get(m.name, ()) if self.same_title(o.title, m.title)
                }
                m.name, m.korean = same.pop() if len(same) == 1 else full[m.name], False
            elif " " not in m.name and m.name in first_word:
                (m.name, m.nationality), m.korean = first_word[m.name], False
            known = next(
                (ref for s, e, ref in person_hits if m.start <= s < m.end or s <= m.start < e), None
            )
            if known is None and m.name in self.d.lexicon_persons:
                known = self.d.lexicon_persons[m.name]
            if known is not None:
                rec = self.dictionary_record(known)
            elif m.name in found or " " in m.name or m.korean or m.company or m.spelled:
                rec = found.get(m.name) or self.record("person", None, m.name)
                found[m.name] = rec
            elif (partner := self.paired_with(m, titled)) is not None:
                rec = found[m.name] = self.record("person", None, m.name)
                rec.organizations.update(partner.organizations)  # "레이쥔 CEO와 린빈 부회장"
                rec.country = partner.country
            else:
                continue  # a lone word before a title: a family name, see family_references
            titled[m.title_end] = rec
            korean = rec.country == "KR" if rec.id else m.korean
            org = self.org_record(m.company_start, m.company, korean) if m.company else None
            if org is not None and not korean and (inner := _INNER_NAME.search(m.company)):
                bracketed.append((inner[1], org))
            if org is None and rec.id is None and not m.korean:
                org = self.host_company(m.start)
            if org is None and rec.id is None and m.korean:
                org = self.topic_body(m.start)
            if org is None and (head := _LOCAL_HEAD.fullmatch(m.title)):
                place, office = head[1], head[2]
                if office == "부시장" and self.place_named(place + "부"):
                    place, office = place + "부", "시장"  # "의정부시장": the mayor of 의정부
                body = place + _LOCAL_HEADS[office]
                known = self.org_named(body)
                # "충남도지사", "충남지사": 충청남도, as the dictionary names it; "부산지사" is a
                # branch office's head, unless the dictionary knows the province
                if known is not None:
                    org = self.dictionary_record(known)
                elif office != "지사":
                    org = self.record("organization", None, body)
                    org.country, org.role = self.city_country(place), "government"
                if org is not None and org.country != "KR":
                    korean = False  # a Korean-looking name heading a city abroad
            if rec.id is None and korean is None and org is not None and org.country:
                korean = org.country == "KR" and not org.branch
            if rec.id is None and m.spelled and org is not None and org.country not in (None, "KR"):
                spelled_abroad.add(rec.key)  # "허자오(何昭霆) 이-바이클 동사장": Taiwan's
            if rec.key in spelled_abroad:
                korean = False  # (and where the article names them again, unspelled)
            if rec.id is None and m.korean and org is not None and org.country in _HANJA_NAMES:
                korean = False  # "유상열 룽바이그룹 총재": a Chinese name in Korean reading
            elif (
                rec.id is None
                and m.korean
                and org is not None
                and org.country not in (None, "KR", UNKNOWN_FOREIGN)
                and not org.branch
                and m.rank in ("top", "senior")
            ):
                korean = False  # "김정상 아이온큐 CTO": heads a company abroad
            if rec.id is None and org is not None and org.country == "KR" and org.role in PUBLIC:
                korean = True  # "허선 공정위 경쟁국장": a Korean public body's people are Korean
            former = "전" if m.former and not m.title.startswith(_FORMER_WORD) else ""
            # (the company once: not "새만금개발청 새만금개발청장")
            company = None if m.company and m.title.startswith(m.company) else m.company
            label = " ".join(filter(None, [former, company, m.title]))
            rec.titles[label] = None
            if org is not None:
                rec.organizations[org.key] = None
            rec.rank = min(filter(None, [rec.rank, m.rank]), key=_RANK_ORDER.index)
            rec.former = rec.former or m.former
            if rec.id is None and (
                rec.key in spelled_abroad
                or not (rec.country == "KR" and not korean and not m.nationality)
            ):
                # (a mention without a company does not undo what another said: "이영 중기부
                # 장관 ... 이영 장관")
                rec.country = "KR" if korean else (m.nationality or self.foreign_country(rec))
        for rec in found.values():
            rec.visitor = rec.country not in (None, "KR") and rec.rank in ("top", "senior")
            if rec.country == "KR" and not self.d.people_rules.branch_head(rec.titles):
                # a Korean person's company is Korean, unless they head its Korean branch
                # ("최기영 스노우플레이크 한국지사장")
                for key in rec.organizations:
                    org = self.out.records[key]
                    if org.id is None and org.country == UNKNOWN_FOREIGN:
                        org.country = "KR"
        # Every mention of a discovered name counts, with or without its title; a foreign
        # name's last word alone is its family name ("프린스는"), a family-first one's first word.
        taken = _Spans(self.out.spans)
        names = list(found.items())
        names += [
            (name.split()[-1], rec)
            for name, rec in found.items()
            if " " in name and len(name.split()[-1]) > 1
        ]
        names += [(word, found[name]) for word, (name, _) in first.items() if name in found]
        # and so does every mention of a company found before a title ("에릭슨 CTO" makes
        # "SK텔레콤·도이치텔레콤·에릭슨" in the headline name 에릭슨 too)
        found_orgs = [
            rec
            for rec in list(self.out.records.values())
            if rec.kind == "organization" and rec.id is None and len(rec.name) > 1
        ]
        names += [(rec.name, rec) for rec in found_orgs] + bracketed
        names += [  # a group is its name without the word ("FPT그룹" is "FPT" too)
            (rec.name.removesuffix("그룹").rstrip(), rec)
            for rec in found_orgs
            if rec.name.endswith("그룹") and len(rec.name.removesuffix("그룹").rstrip()) > 1
        ]
        for name, rec in names:
            for m in re.finditer(re.escape(name), self.text):
                if self.aligned(m.start(), m.end()) and not taken.overlaps(m.start(), m.end()):
                    self.mention(rec, m.start(), m.end())
                    self.out.spans[(m.start(), m.end())] = rec.key
                    taken = _Spans(self.out.spans)

    def korean_companies(self) -> None:
        """Korean companies and public bodies named without a person: a word of nouns
        glued together that starts with a Korean group's name ("삼성전기와", "LG이노텍") or
        ends like a ministry or commission ("중소벤처기업부", "방송통신위원회")."""
        rules = self.d.people_rules
        taken = _Spans(self.out.spans)
        for sentence in self.a.sentences:
            run: list[Morph] = []
            for m in [*sentence.morphs, None]:
                if (
                    m is not None
                    and m.tag in ("NNP", "NNG", "SL", "SN")
                    and (not run or run[-1].end == m.start)
                ):
                    run.append(m)
                    continue
                if (len(run) > 1 or (run and run[0].tag == "NNP")) and not taken.overlaps(
                    run[0].start, run[-1].end
                ):
                    start, end = run[0].start, run[-1].end
                    word = self.text[start:end]
                    kind = rules.korean_body(word)
                    if kind and self.aligned(start, end):
                        rec = self.record(
                            "organization",
                            None,
                            word,
                            country="KR",
                            role="government" if kind == "government" else None,
                        )
                        self.mention(rec, start, end)
                        self.out.spans[(start, end)] = rec.key
                run = [m] if m is not None and m.tag in ("NNP", "NNG", "SL", "SN") else []

    def city_governments(self) -> None:
        """ "구미시가 ... 명예시민증을 수여했다": a Korean city the dictionary knows, with 시 or
        군 glued to it, is its government, as "구미시장" names its mayor."""
        taken = _Spans(self.out.spans)
        for m in _CITY_BODY.finditer(self.text):
            start, end = m.span(1)[0], m.span(2)[1]
            if (
                taken.overlaps(start, end)
                or (start and self.text[start - 1].isalnum())
                or _ADDRESS.match(self.text, end)
                or (
                    (after := _PLACE_AFTER.match(self.text, end))
                    and (after[2] or self.place_named(after[1]))
                )
            ):
                continue  # (not the place of an address: "천안시 성거읍 ...", "성남시 분당의")
            city = next(
                (self.d.locations[r.id] for r in self.d.lexicon.get(m[1]) if r.kind == "location"),
                None,
            )
            if city is None or city.kind != "city" or self.country_of(city) != "KR":
                continue
            rec = self.record("organization", None, m[1] + m[2], country="KR")
            rec.role = rec.role or "local_government"
            self.mention(rec, start, end)
            self.out.spans[(start, end)] = rec.key

    def foreign_country(self, person: Record) -> str | None:
        """A person with a spaced (foreign) name, or at a foreign company: abroad; one who
        works for a company in Korea (a Korean arm, a joint venture) is not.  (A colleague's
        company may be known from the dictionary only: "레이쥔 CEO와 린빈 부회장", Xiaomi unnamed.)"""
        countries = [
            rec.country if (rec := self.out.records.get(key)) else self.d.organizations[key].country
            for key in person.organizations
            if key in self.out.records or key in self.d.organizations
        ]
        if "KR" in countries:
            return None
        return next(filter(None, countries), UNKNOWN_FOREIGN if " " in person.name else None)

    def family_references(self, titles: list[Hit]) -> None:
        """ "손 회장" -> 손정의, when he is the only 손 named in the article (a name found in
        the text may have its family name first or last)."""
        families: dict[str, list[Record]] = {}
        for rec in self.out.records.values():
            if rec.kind != "person":
                continue
            family = (
                self.d.persons[rec.id].family
                if rec.id
                else (rec.name.split()[-1] if " " in rec.name else rec.name[0])
            )
            families.setdefault(family, []).append(rec)
            if rec.id is None and rec.name[:2] in DOUBLE_SURNAMES and len(rec.name) >= 3:
                families.setdefault(rec.name[:2], []).append(rec)  # "남궁 전 장관": 남궁석
            first = rec.name.split()[0]
            if rec.id is None and " " in rec.name and len(first) >= 2:
                # a Japanese name puts the family first: "히가시 데쓰로" -> "히가시 회장"
                families.setdefault(first, []).append(rec)
        taken = _Spans(self.out.spans)
        for title in titles:
            m = _FAMILY_BEFORE.search(self.text, max(title.start - 6, 0), title.start)
            if m and m[1] in _FORMER_MARKS:  # "남궁 전 장관": the family name before "전"
                m = _FAMILY_BEFORE.search(self.text, max(m.start() - 6, 0), m.start())
            if not m or taken.overlaps(m.start(1), m.end(1)):
                continue
            named = families.get(m.group(1), [])
            if len(named) > 1:  # "찐 회장": the chairman, not the prime minister "팜 민 찐"
                named = [
                    r for r in named if any(self.same_title(t, title.surface) for t in r.titles)
                ]
            if len(named) > 1:  # "이 회장": 이재용 회장, not the late 이건희 선대회장
                exact = [r for r in named if any(t.split()[-1] == title.surface for t in r.titles)]
                named = exact if len(exact) == 1 else named
            if len(named) != 1:
                continue
            rec = named[0]
            self.mention(rec, m.start(1), title.end)
            rec.titles[title.surface] = None

    def same_title(self, full: str, title: str) -> bool:
        """*full* ends in the title *title* ("AI과학정책본부장": 본부장), not in another one
        that ends so ("부회장" is no 회장)."""
        last = full.rsplit(" ", 1)[-1]
        return last == title or (last.endswith(title) and not self.d.people_rules.is_title(last))

    def venues(self, hits: list[tuple[Hit, EntityRef]]) -> None:
        """ "<org|place|proper noun> <venue word>" -> a venue (dictionary or discovered)."""
        by_end = {h.end: (h, ref) for h, ref in hits}
        named = _Spans((h.start, h.end) for h, _ in hits)
        morph_end = {m.end: m for m in self.a.morphs()}
        for m in self.a.morphs():
            if m.form not in self.d.venue_words or named.covers(m.start) or self.titled(m):
                continue
            chain: list[tuple[int, EntityRef | None]] = []  # what precedes the word
            pos = m.start
            while len(chain) < 2:
                prev = next((e for e in (pos, pos - 1) if e in by_end), None)
                if prev is None or self.gap(prev, pos) not in ("", " "):
                    break
                hit, ref = by_end[prev]
                chain.insert(0, (hit.start, ref))
                pos = hit.start
            if not chain:
                prev = next((morph_end[e] for e in (pos, pos - 1) if e in morph_end), None)
                if prev is None or prev.tag != "NNP" or self.gap(prev.end, pos) not in ("", " "):
                    continue
                chain = [(prev.start, None)]
            self.venue(chain, m)

    def titled(self, word: Morph) -> bool:
        """The venue word is part of a title ("스노우플레이크 본사 최고마케팅책임자",
        "연구소장"): the person's, not a place."""
        rules, after = self.d.people_rules, self.text[word.end : word.end + 16]
        return rules.starts_with_title(self.text[word.start : word.end + 16]) or (
            after[:1] == " " and rules.starts_with_title(after[1:])
        )

    def venue(self, chain: list[tuple[int, EntityRef | None]], word: Morph) -> None:
        start = chain[0][0]
        org = next((ref for _, ref in chain if ref and ref.kind == "organization"), None)
        places = [ref.id for _, ref in chain if ref and ref.kind == "location"]
        country = None
        if org is not None:
            near = {
                r.id
                for r in self.out.in_sentence(self.sentence(word.start))
                if r.kind == "location"
            } | set(places)
            options = [
                v for v in self.d.locations.values() if v.org == org.id and word.form in v.refs
            ]
            options.sort(key=lambda v: not ({v.district, v.city} & near))
            if options:
                rec = self.dictionary_record(EntityRef("location", options[0].id))
                self.mention(rec, start, word.end)
                return
            if word.form in HQ_WORDS:
                country = self.d.organizations[org.id].country
        elif places:
            country = self.country_of(self.d.locations[places[0]])
        name = " ".join(self.text[start : word.end].split())
        rec = self.record("location", None, name, country=country, location_kind="venue")
        self.mention(rec, start, word.end)


def extract_entities(analysis: TextAnalysis, dictionary: Dictionary) -> Entities:
    """Entities of one analysed document."""
    return _Extractor(analysis, dictionary).run()
