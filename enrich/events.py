"""The CEO-visit event of an article, with a decision and a relevance score that explain
themselves.

*Visitors* are foreign tech executives: dictionary people with a tech role from
abroad, or people the text introduces that way ("매튜 프린스 클라우드플레어 CEO",
:mod:`enrich.people`) -- a foreign-looking name, a top or senior title, a
company that is not Korean and not described as something other than tech
(an oil company, a carmaker).

A *meeting sentence* names a visitor (by name, family name and title, or "그는"
carrying the previous sentence's visitor) together with a meeting word (회동,
만나, 방한, 방문, ...).  How it speaks of the meeting is its *modality*, read off
words in the sentence (``config/watchlist.yaml``): it happened or is planned
(``held``, ``upcoming``), or it was called off (``cancelled``), happened on a
screen (``virtual``), was a message read out (``recorded``), or is an earlier
visit told as background (``background``: a marker such as "당시", or a day --
or a month named without a day -- more than ``news_days`` before publication).

The article is about a visit when a visitor has a held or upcoming meeting
sentence that outweighs the called-off ones (title and lead count double), a
Korean party is involved (Korean hosts in the meeting sentences and their
neighbours, or the meeting is in Korea) and, for a senior executive who is
not the company's head, the meeting is in the title or the lead.  Otherwise the
explanation says which of these failed.

The meeting sentences give the event its date (the day referred to in them,
a meeting day counting more than an arrival day), its place (the most specific
one named) and its Korean hosts.  Without a visitor, a watched foreign company
next to a visit or deal word still makes a related, low-scoring event; an
article about something else scores zero.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, partial
from itertools import pairwise

from enrich.daterefs import DayRef, day_numbers, day_references
from enrich.dictionary import Dictionary
from enrich.entities import PUBLIC, Entities, Record
from enrich.nlp import TextAnalysis
from enrich.watchlist import MODALITIES, WatchConfig

SPECIFICITY = {"venue": 4, "district": 3, "city": 2, "province": 1, "country": 0}
# "…했다고 24일 밝혔다": a day between a reported clause and its reporting verb
_ANNOUNCED_BEFORE = re.compile(r"[다라]고\s+(?:오늘\s*\(\s*)?$")
_ANNOUNCED_AFTER = re.compile(r"\s*(?:\(\d{1,2}일\))?\)?\s*(?:밝혔|발표했|전했|알렸)")
_DESCRIBED = 12  # characters: a tech word this far before a company describes it
_DESCRIBED_TRADES = 30  # and other trades' words, listed further ahead ("방송·유통·금융 ...")
# "10일 업계에 따르면", "30일 현대중공업그룹에 따르면": the reporting date, not the event's
_REPORTED = re.compile(r"\s*[^\n.,\"“”]{1,30}?에\s*따르면")
# after a day: it bounds a stay or is only rough (see Event.spanned)
_SPAN = re.compile(r"\s*(?:\(현지\s*시간\)\s*)?(?:부터|까지|(?:께|경|쯤)(?![가-힣])|을?\s*전후)")
POSITIVE = ("held", "upcoming")
NEGATIVE = ("cancelled", "virtual", "recorded")
HEADS = ("top",)  # title ranks of a company's head; "senior" needs the title or lead
# How much a day counts for the event's date, by the strongest cue after it (up to the next day).
DAY_WEIGHT = {"meeting": 1.0, "attendance": 0.8, "korea": 0.4, "arrival": 0.3}
# "방한 반년 만", "회동한 지 일주일 만": time since an earlier meeting (but "10년 만에
# 방한", a visit after ten years, is this one).
_YEAR = re.compile(r"((?:19|20)\d\d)\s*년(?!\s*\d{1,2}\s*월\s*\d)")  # a year, no month-day
# A month without a day or a year: "지난 2월", "2월에는", "지난달" (not "2월 3일", "3개월").
_MONTH = re.compile(r"(?<![\d년.\-/])(?:(\d{1,2})\s*월|지난달)(?!\s*\d)")
# What a month names when the words after it are "... 앞두고" (ahead of): the coming event
# ("4월 CEO 교체를 앞두고 ... 방한한"), not the meeting.
_AHEAD = re.compile(r"[^,.\n]{0,16}?앞(?:두고|둔)")
_SINCE = re.compile(
    r"[^.\n]{0,8}?(?:지\s+)?(?:약\s*)?(?:반년|일주일|보름|하루|이틀|사흘|한\s*달|"
    r"\d+\s*(?:년|개월|달|주일|주|일))\s*(?:여\s*)?만(?!에)"
)


def _published_date(published_at: str | None) -> date | None:
    if not published_at:
        return None
    try:
        return datetime.fromisoformat(published_at).date()
    except ValueError:
        return None


# Someone's words, quoted: “...”, "...", 「...」 (not a short title in quotes: ‘…’).
_QUOTED = re.compile(r"“[^”\n]{8,}”|\"[^\"\n]{8,}\"|「[^」\n]{8,}」")
# "일론 머스크가 이끄는 스페이스X", "머스크 CEO와 함께 스페이스X를 이끄는 숏웰 사장": the person
# only says whose company it is, he is not in that sentence's meeting.
# The adnominal ending after a negation, and the word it describes when that is no plan or
# state ("나타나지 않았던 소니의 ...", not "확정되지 않은 상태").
_ADNOMINAL = re.compile(r"[던은는] +(?!일정|계획|상태|상황|단계|것|만큼)")
# A company's part, named as the company in a title ("삼성전자 무선사업부 사장").
_DIVISIONS = ("사업부", "부문", "담당", "사업본부", "본부", "사업팀")
# After a province or city: the place, not its government ("경기도에 있는", "경기도 화성시").
_IN_PROVINCE = re.compile(
    r"에(?!게)| [\uac00-\ud7a3]+[시군구](?:에|의| |$)| (?:일대|소재|내)\b"
    r"| [\uac00-\ud7a3]{2,4}(?:에 있는|에 위치한|에서 운영하는|에 자리한)"  # "경기도 안산에 있는"
    r"| [\uac00-\ud7a3]{2,4}의 [\uac00-\ud7a3]*(?:센터|공장|사업장|캠퍼스|연구소|시설|단지)"
)


@dataclass
class _Meeting:
    sentence: int
    visitor: str  # record key
    modality: str


class _Event:
    def __init__(
        self,
        analysis: TextAnalysis,
        entities: Entities,
        dictionary: Dictionary,
        config: WatchConfig,
        published: date | None,
    ):
        self.a, self.e, self.d, self.config = analysis, entities, dictionary, config
        self.published = published
        n = len(analysis.sentences)
        self._starts = [sentence.start for sentence in analysis.sentences]
        self.records: list[list[Record]] = [[] for _ in range(n)]
        quoted = [q.span() for q in _QUOTED.finditer(analysis.text)]
        place_starts = {
            m.start for m in entities.mentions if entities.records[m.key].kind == "location"
        }
        for m in entities.mentions:
            rec = entities.records[m.key]
            if config.leads.match(analysis.text, m.end) or any(a < m.start < b for a, b in quoted):
                continue  # someone named in someone's words is not in the room for it
            if rec.role == "local_government" and (
                _IN_PROVINCE.match(analysis.text, m.end) or m.end + 1 in place_starts
            ):
                continue  # "경기도에 있는 기술센터", "경기도 안산에": the province, not its government
            self.records[m.sentence].append(rec)
        self.cues: list[dict[str, list[int]]] = [{} for _ in range(n)]  # kind -> offsets
        morphs = analysis.morphs()
        starts, ends = {m.start for m in morphs}, {m.end for m in morphs}
        # a noun Kiwi reads as one with the words before it ends a compound: "깐부회동"
        noun_ends = {m.end for m in morphs if m.tag.startswith("NN")}
        hits = config.event_cues.find(analysis.text)
        hits = sorted(
            hits
            + [
                h
                for h in config.modality_cues.find(analysis.text)
                if any(o.start < h.start < o.end and "homonym" not in o.values for o in hits)
            ]
        )
        press_talk = False  # a press conference named before: "기자간담회", "미디어 간담회"
        talks: set[int] = set()  # "간담회" after it
        for hit in hits:
            if hit.end - hit.start == 1 and hit.end not in ends:
                continue  # a one-syllable word starting another: 군 (army) in "군산시장"
            if (
                hit.start in starts
                or not analysis.text[hit.start - 1 : hit.start].isalnum()
                or (hit.end - hit.start > 1 and hit.end in noun_ends and "meeting" in hit.values)
            ):
                press_talk = press_talk or ("press" in hit.values and _TALK in hit.surface)
                if press_talk and hit.surface == _TALK:
                    talks.add(hit.start)
                for kind in hit.values:
                    if kind == "cancelled" and self.describes_someone(hit.end, hits):
                        continue
                    self.cues[self.sentence_of(hit.start)].setdefault(kind, []).append(hit.start)
        for cues in self.cues:
            # "이날 간담회 도중 이 회장의 이름을 ... 언급했다": the press conference again, said
            # in it, no one else met ("간담회 직후 ... 만났다", "간담회에는 ... 참석했다")
            meeting = cues.get("meeting", ())
            if meeting and set(meeting) <= talks and "speech" in cues and "attendance" not in cues:
                cues["press"] = cues.get("press", []) + cues.pop("meeting")
                travel = [o for o in cues.pop("travel", ()) if o not in talks]
                if travel:
                    cues["travel"] = travel
        self.day_refs = [
            (self.sentence_of(r.start), r) for r in day_references(analysis.text, published)
        ]
        self.carry_pronoun_subjects()

    def describes_someone(self, end: int, hits) -> bool:
        """A negation that ends a clause describing the word after it, not a meeting word
        ("기공식에는 나타나지 않았던 소니의 안도 사장이 ... 방문했다"; but "확정되지 않은
        방한 일정" doubts the visit)."""
        m = _ADNOMINAL.match(self.a.text, end)
        return m is not None and not any(h.start == m.end() for h in hits)

    def sentence_of(self, offset: int) -> int:
        return max(bisect_right(self._starts, offset) - 1, 0)

    def carry_pronoun_subjects(self) -> None:
        """ "그는 ... 만났다": a sentence opening with 그 continues the visitor last named, up
        to three sentences back (also across a paragraph break, as news paragraphs often
        start so)."""
        for i in range(1, len(self.a.sentences)):
            bare = (  # a meeting told without a subject goes on with the visitor's meetings
                self.subjectless(i)
                and self.has(i, "meeting")
                and self.modality(i) in POSITIVE
                and not any(r.visitor for r in self.records[i])
            )
            he = self.opens_with_he(i)
            if he or bare:
                for j in range(i - 1, max(i - 4, -1), -1):
                    if named := [r for r in self.records[j] if r.visitor]:
                        told = self.modality(j)
                        if (
                            not bare
                            or (self.has(j, "meeting", "korea") and told in POSITIVE)
                            # "같은 날 ... 만나": the day of what he does in the sentence before
                            or (self.same_day(i) and told in (*POSITIVE, "mention"))
                        ):
                            self.records[i] += named
                        break
                    if he and (named := [r for r in self.records[j] if r.kind == "person"]):
                        self.records[i] += named  # a Korean host: "황 회장은 ... 그는 ... 만나"
                        break

    def opens_with_he(self, sentence: int) -> bool:
        """ "그는", also after a time ("같은 날 그는"), and the plural "이들은", "그들은" (a
        delegation named before)."""
        m = self.a.sentences[sentence].morphs
        if len(m) > 1 and m[0].tag == "NP" and m[0].form == "이" and m[1].form == "들":
            return True
        return any(
            m[k].tag == "NP" and m[k].form == "그" and (k == 0 or m[k + 1].tag in ("JX", "JKS"))
            for k in range(min(len(m) - 1, 4))
        )

    def delegation(self, sentence: int) -> bool:
        s = self.a.sentences[sentence]
        return self.config.delegation.search(self.a.text, s.start, s.end) is not None

    def in_caption(self, sentence: int) -> bool:
        """The sentence is a photo caption's ("[사진] ... 악수하고 있다. (KT 제공)")."""
        start, end, _ = self.a.paragraphs[self.a.sentences[sentence].paragraph]
        return _CAPTION.search(self.a.text[start:end]) is not None

    def same_day(self, sentence: int) -> bool:
        """The sentence opens on the day just told ("같은 날 이명박 대통령과 만나 ...")."""
        return _SAME_DAY.match(self.a.text, self.a.sentences[sentence].start) is not None

    def subjectless(self, sentence: int) -> bool:
        """No noun in the sentence takes a subject or topic particle (이/가, 은/는)."""
        m = self.a.sentences[sentence].morphs
        return not any(
            m[k].tag == "JKS"
            or (m[k].tag == "JX" and m[k].form in ("은", "는") and m[k - 1].tag[0] in "NSX")
            for k in range(1, len(m))
        )

    def in_lead(self, sentence: int) -> bool:
        """In the headline, its subtitles or the first body paragraph."""
        return self.a.sentences[sentence].start < self.a.lead_end

    # -- the decision ---------------------------------------------------------------------

    def build(self) -> dict:
        why: list[str] = []
        visitors = [r for r in self.e.of_kind("person") if r.visitor and self.tech(r, why)]
        meetings = self.meetings(visitors)
        visiting, status = self.decide(visitors, meetings, why)
        keys = {r.key for r in visiting} or {r.key for r in visitors}
        positive = [m.sentence for m in meetings if m.visitor in keys and m.modality in POSITIVE]
        if visitors:
            event = sorted(
                {i for i, recs in enumerate(self.records) if keys & {r.key for r in recs}}
            )
        else:
            event = [
                i
                for i, recs in enumerate(self.records)
                if self.has(i, "meeting", "deal") and any(self.watched_foreign(r) for r in recs)
            ]
        meeting = positive or [i for i in event if self.has(i, "meeting", "korea")] or event
        hosts = self.hosts(meeting, visiting or visitors)
        dates = self.dates(meeting)
        day = dates[0].day if dates else self.day_of_month(meeting)
        place = self.place(meeting, dates[0] if dates else None)
        topics = self.topics() if event else []
        shown = visiting or visitors
        parts = self.relevance(shown, event, meeting, hosts, place, dates, topics, why)
        weighted = {k: round(self.config.weights[k] * v, 3) for k, v in parts.items()}
        score = round(min(sum(weighted.values()), 1.0), 3)
        visit = bool(visiting)
        threshold = self.config.visit_threshold
        if visit and score < threshold:  # a decided visit ranks with the visits
            weighted["meeting"] = round(weighted["meeting"] + threshold - score, 3)
            score = threshold
        elif not visit and score >= threshold:  # and a decided non-visit below them
            weighted["meeting"] = round(weighted["meeting"] - (score - threshold) - 0.01, 3)
            score = round(threshold - 0.01, 3)
        companies = [o for r in shown for o in list(r.organizations)[:1]]
        companies += [r.key for i in event for r in self.records[i] if self.watched_foreign(r)]
        companies += [h.key for h in hosts if h.kind == "organization"]
        return {
            "type": "ceo_visit" if visit else ("related" if score else None),
            "is_visit": visit,
            "status": status,
            "visitors": [r.name for r in shown],
            "hosts": [h.name for h in hosts],
            "companies": list(
                dict.fromkeys(self.e.records[c].name for c in companies if c in self.e.records)
            ),
            "date": dates[0].isoformat() if dates else None,
            "day_of_month": day,
            "place": place.name if place else None,
            "topics": topics,
            "relevance": score,
            "relevance_parts": {**weighted, "explanation": why},
        }

    def has(self, sentence: int, *kinds: str) -> bool:
        return any(kind in self.cues[sentence] for kind in kinds)

    def tech(self, person: Record, why: list[str]) -> bool:
        """A visitor's company is tech: not a dictionary company of another industry, and
        for one the dictionary does not know, not described with non-tech words only."""
        orgs = [self.e.records[k] for k in person.organizations if k in self.e.records]
        known = [self.d.organizations[o.id] for o in orgs if o.id in self.d.organizations]
        if known and all(o.industry != "tech" for o in known):
            why.append(f"not a tech visitor: {person.name} ({known[0].name})")
            return False
        if person.id is not None or known:
            return True
        unknown = [o.name for o in orgs] or self.visited_for(person)
        words = self.config.non_tech_company_words
        if unknown and all(any(w in name for w in words) for name in unknown):
            why.append(f"not a tech visitor: {person.name} ({unknown[0]})")
            return False
        near = {
            i
            for i, recs in enumerate(self.records)
            if any(r.key in person.organizations or r.key == person.key for r in recs)
        }
        tech = sum(len(self.cues[i].get("tech", ())) for i in near)
        other = sum(len(self.cues[i].get("non_tech", ())) for i in near)
        # what the article calls the company counts most: "전자상거래 업체 알리바바그룹의 ...",
        # "방송·유통·금융 계열사를 거느린 인도네시아 CT그룹의 ..."
        starts = [m.start for m in self.e.mentions if m.key in person.organizations]

        def described(kind: str, reach: int) -> int:
            return sum(
                1
                for i in near
                for offset in self.cues[i].get(kind, ())
                if any(0 < start - offset <= reach for start in starts)
            )

        tech += 2 * described("tech", _DESCRIBED)
        other += 2 * described("non_tech", _DESCRIBED_TRADES)
        if other > tech:
            why.append(
                f"not a tech visitor: {person.name} ({', '.join(o.name for o in orgs) or 'no company'} "
                "is described as non-tech)"
            )
            return False
        return True

    def visited_for(self, person: Record) -> list[str]:
        """Where the article went to meet one it names without a company: the word right
        before ("일본상공회의소를 찾아 고바야시 겐 회장과 회동했다")."""
        text = self.a.text
        return [
            m[1]
            for mention in self.e.mentions
            if mention.key == person.key
            and (m := _VISITED_FOR.search(text, max(mention.start - 30, 0), mention.start))
        ]

    def meetings(self, visitors: list[Record]) -> list[_Meeting]:
        keys = {r.key for r in visitors}
        # meeting sentence -> visitors named just after it "이 자리에서", or speaking for the
        # company it says was met ("FPT그룹 경영진과 회의를 열었다. ... FPT그룹 부총괄사장은 ...")
        there: dict[int, list[str]] = {}
        for i, recs in enumerate(self.records):
            if not self.has(i, "occasion", "speech") or self.has(i, "meeting", "korea"):
                continue
            if (j := self.occasion_of(i, signing=self.has(i, "signing"))) is not None:
                met = {r.key for r in self.records[j]}
            elif self.has(i, "speech") and (j := self.ceremony_before(i)) is not None:
                met = self.lead_records  # the ceremony of the company the news is about
            else:
                continue
            there.setdefault(j, []).extend(
                r.key
                for r in recs
                if r.key in keys
                and (
                    self.has(i, "occasion")
                    or (self.has(i, "speech") and met & set(r.organizations))
                )
            )
        out = []
        for i, recs in enumerate(self.records):
            present = [r.key for r in recs if r.key in keys] + there.get(i, [])
            present += [r.key for r in visitors if self.headline_title(i, r)]
            if not present or not (
                self.has(i, "meeting", "korea", "attendance", *NEGATIVE)
                or self.signing(i)
                or there.get(i)  # a signing one of them spoke at ("협약 뒤 ... 말했다")
            ):
                continue
            modality = self.modality(i)
            if modality == "mention" and there.get(i):
                modality = "held"  # the signing they spoke at took place
            if self.interviewed(i):
                continue  # "성수동에서 만난 카프 CEO는 ...": the reporter met him
            if self.has(i, "press") and not self.has(i, "korea") and modality not in NEGATIVE:
                continue  # a press conference or a speech: no meeting with anyone (but a
                # speech called off says the visit is: "잡스 CEO의 ... 강연이 무산됐다")
            if modality in POSITIVE and self.online_headline and not self.has(i, "korea"):
                modality = "virtual"  # "세미콘코리아 온라인 개막": its keynotes are on screen
            for key in dict.fromkeys(present):
                out.append(_Meeting(i, key, modality))
        return out

    def occasion_of(self, sentence: int, signing: bool = False) -> int | None:
        """The meeting sentence "이 자리에서" points back at: the nearest one of the three
        before, if it is a meeting of now (not a press conference: what is said there meets
        no one); "협약 뒤" points back at a signing too."""
        for j in range(sentence - 1, max(sentence - (7 if signing else 4), -1), -1):
            if self.a.position(self.a.sentences[j].start) == "title" or self.has(j, "press"):
                return None
            if self.has(j, "meeting"):
                return j if self.modality(j) in POSITIVE else None
            if signing and self.has(j, "deal") and self.modality(j) in ("held", "mention"):
                return j  # the signing, told of the parties ("mention"), not what it will bring
        return None

    def ceremony_before(self, sentence: int) -> int | None:
        """A ceremony a Korean attended, told in one of the two sentences before ("김성중
        부지사는 24일 열린 준공식에 참석해 ... 말했다. 이와시타 세쓰오 알박 대표이사는 ...
        당부했다"): who speaks next spoke there."""
        for j in range(sentence - 1, max(sentence - 3, -1), -1):
            if self.has(j + 1, *NEGATIVE):
                return None  # "... 참석했다. 그는 영상 메시지로 축하 인사를 대신했다"
            if (
                self.has(j, "attendance")
                and _CEREMONY.search(self.sentence_text(j))
                and self.modality(j) in POSITIVE
                and any(map(_korean, self.records[j]))
            ):
                return j
        return None

    @cached_property
    def lead_records(self) -> set[str]:
        """What the headline and the lead name."""
        return {r.key for i, recs in enumerate(self.records) if self.in_lead(i) for r in recs}

    def headline_title(self, sentence: int, person: Record) -> bool:
        """A headline names *person* by company and title alone ("노키아 CEO 방한", "FPT 회장,
        韓 기업 대표와 간담회")."""
        if sentence not in self.title_sentences:
            return False
        text = self.sentence_text(sentence)
        return any(" " in label and label in text for label in person.titles)

    def signing(self, sentence: int) -> bool:
        """A deal signed by the people named ("박 시장은 ... 달미아 부사장과 협약을 체결했다"):
        they met to sign it, where a deal between companies alone is no meeting."""
        if not self.has(sentence, "deal") or self.opens_with_he(sentence):
            return False  # "그는 ...": the deal of a story he tells, not one signed in person
        recs = self.records[sentence]
        if any(r.kind == "person" and r.country in (None, "KR") and not r.visitor for r in recs):
            return True
        # a Korean body signing with the visitor himself ("경기도 투자유치단은 ... 본사에서
        # 다케모토 마사미치 사장과 투자협약서를 체결했다")
        return any(map(_korean, recs)) and any(
            _WITH.match(self.a.text, m.end)
            for m in self.e.mentions
            if m.sentence == sentence and (r := self.e.records.get(m.key)) and r.visitor
        )

    @cached_property
    def online_headline(self) -> bool:
        """The headline says the whole event happens on screen ("온라인 개막", "화상 회의")."""
        return any(
            self.has(i, "virtual") and not self.has(i, "korea") for i in self.title_sentences
        )

    @cached_property
    def title_sentences(self) -> list[int]:
        return [i for i, s in enumerate(self.a.sentences) if self.a.position(s.start) == "title"]

    def modality(self, sentence: int) -> str:
        cues = self.cues[sentence]
        if self.meeting_before(sentence, "after_meeting") and not self.has(sentence, "upcoming"):
            return "background"  # "지난 방한 때" (not "다음 주 방한 때 회동할 계획")
        named = [r for s, r in self.day_refs if s == sentence]
        refs = [r for r in named if r.explicit]
        for kind in MODALITIES:
            if kind in cues:
                if kind in ("virtual", "recorded") and not self.has(
                    sentence, "meeting", "attendance", "korea"
                ):
                    continue
                if kind == "background" and all(
                    self.in_relative_clause(sentence, o) or self.followed_on(sentence, o)
                    for o in cues[kind]
                ):
                    continue  # "지난해 11월 서비스를 시작한 YTL커뮤니케이션즈를 찾아 ... 면담했다"
                if kind == "cancelled" and all(self.after_held(sentence, o) for o in cues[kind]):
                    continue  # "... 마주 앉아 협상했지만 별다른 성과를 내지 못했다"
                if kind == "background" and self.recent(named):
                    # "4일 ... 접견하고 ... 1973년 이래 이어진 투자에 감사를 표했다", "전날 ...
                    # 행사에도 참석해 기업인들을 만난 바 있다"
                    continue
                return kind
        if self.since(sentence) or (self.earlier_year(sentence) and not self.recent(refs)):
            return "background"
        if not refs and self.earlier_month(sentence):
            return "background"
        if (
            refs
            and self.published
            and all((self.published - r.date).days > self.config.news_days for r in refs)
        ):
            return "background"
        if refs and self.published and all(r.date > self.published for r in refs):
            return "upcoming"
        if not self.has(sentence, "meeting", "korea", "attendance") and not self.signing(sentence):
            return "mention"
        return "held"

    def after_held(self, sentence: int, offset: int) -> bool:
        """The word at *offset* comes after a meeting told as done and a "but" ("협상했지만
        ... 내지 못했다"): it says how the meeting went, not that it did not take place."""
        text = self.a.text
        for word in (o for o in self.cues[sentence].get("meeting", ()) if o < offset):
            but = _HELD_BUT.search(text, word, min(word + 16, offset))
            if but and not _NOT_YET.search(text, word, but.start()):
                return True
        return False

    def in_relative_clause(self, sentence: int, offset: int) -> bool:
        """The word at *offset* is in a clause that describes a noun ("지난해 ... 시작한
        YTL커뮤니케이션즈"): a verb's adnominal ending, then a noun, before any meeting word."""
        return self.relative_clause_end(sentence, offset) is not None

    def relative_clause_end(self, sentence: int, offset: int) -> int | None:
        """Where the clause describing a noun that holds *offset* ends (see
        :meth:`in_relative_clause`), or None."""
        meetings = [o for o in self.cues[sentence].get("meeting", ()) if o > offset]
        until = min(meetings, default=self.a.sentences[sentence].end)
        morphs = self.a.sentences[sentence].morphs
        for m, n in pairwise(morphs):
            if m.start <= offset or m.start >= until:
                continue
            if m.tag in ("SP", "JX"):  # "1994년 12월, ... 기자였던 필자는": the clause starts later
                return None
            if m.tag == "ETM" and n.tag in ("NNP", "NNG", "SL"):
                return m.end
        return None

    def followed_on(self, sentence: int, offset: int) -> bool:
        """The time at *offset* is of what the meeting follows on ("지난해 11월 ... 채널을
        만든 데 이어 이번에 AUO를 방문했다", "지난해에 이어 올해도"), not the meeting's."""
        end = min(
            (o for o in self.cues[sentence].get("meeting", ()) if o > offset),
            default=self.a.sentences[sentence].end,
        )
        return _FOLLOWING.search(self.a.text, offset, end) is not None

    def dates_the_visit(self, sentence: int, offset: int) -> bool:
        """The time at *offset* is the main clause's, or that of a clause describing the
        visit itself ("지난 2월 한국을 찾은 손 회장과 ... 회동을 갖고"), not some other
        noun's ("지난해 서비스를 시작한 YTL커뮤니케이션즈를 찾아")."""
        if self.followed_on(sentence, offset):
            return False
        end = self.relative_clause_end(sentence, offset)
        return end is None or any(
            offset < o < end for k in ("korea", "meeting") for o in self.cues[sentence].get(k, ())
        )

    def recent(self, refs: list[DayRef]) -> bool:
        """A day named that is news: within ``news_days`` before publication."""
        return self.published is not None and any(
            0 <= (self.published - r.date).days <= self.config.news_days for r in refs
        )

    def earlier_year(self, sentence: int) -> bool:
        """ "2014년 방한 때", "1980년 MS에 합류": a year before publication, no day."""
        if self.published is None:
            return False
        s = self.a.sentences[sentence]
        years = [
            int(m.group(1))
            for m in _YEAR.finditer(self.a.text, s.start, s.end)
            if not self.in_relative_clause(sentence, m.start())
        ]
        return bool(years) and all(y < self.published.year for y in years)

    def earlier_month(self, sentence: int) -> bool:
        """ "지난 2월에는 ... 회동하기도 했다" in a September article: a month, no day, that
        ended more than ``news_days`` before publication (a month after the publication's
        is last year's)."""
        if self.published is None:
            return False
        s, pub = self.a.sentences[sentence], self.published
        months = [
            (int(m.group(1)) if m.group(1) else (pub.month - 2) % 12 + 1)
            for m in _MONTH.finditer(self.a.text, s.start, s.end)
            if self.dates_the_visit(sentence, m.start()) and not _AHEAD.match(self.a.text, m.end())
        ]
        if not months or not all(1 <= m <= 12 for m in months):
            return False
        years = [pub.year - (m > pub.month) for m in months]
        ends = [date(y + (m == 12), m % 12 + 1, 1) for y, m in zip(years, months, strict=True)]
        return all((pub - end).days >= self.config.news_days for end in ends)

    def since(self, sentence: int) -> bool:
        """ "방한 반년 만", "회동한 지 일주일 만이다": told as time since that meeting."""
        text = self.a.text
        return any(
            _SINCE.match(text, o + 1)
            for k in ("meeting", "korea")
            for o in self.cues[sentence].get(k, ())
        )

    def obituary(self, person: Record) -> bool:
        """The headline or the lead names *person* with a word of their death."""
        return any(
            self.in_lead(i) and self.has(i, "obituary") and any(r.key == person.key for r in recs)
            for i, recs in enumerate(self.records)
        )

    def meeting_before(self, sentence: int, kind: str) -> bool:
        """A marker of *kind* right after a meeting word ("방한 당시", "방한 때")."""
        marks = self.cues[sentence].get(kind, ())
        words = [o for k in ("meeting", "korea") for o in self.cues[sentence].get(k, ())]
        return any(0 < m - w <= 12 for m in marks for w in words)

    def decide(
        self, visitors: list[Record], meetings: list[_Meeting], why: list[str]
    ) -> tuple[list[Record], str | None]:
        """The visitors who visit, and the event's status (why not, when no one does)."""
        if not visitors:
            return [], None
        statuses: list[str] = []
        visiting = []
        juniors = []  # senior executives not in the lead: they visit with someone who does
        for person in visitors:
            if self.obituary(person):
                statuses.append("background")
                continue
            mine = [m for m in meetings if m.visitor == person.key]
            weight = Counter()
            for m in mine:
                weight[m.modality] += 2 if self.in_lead(m.sentence) else 1
            positive = weight["held"] + weight["upcoming"]
            negative = sum(weight[k] for k in NEGATIVE)
            if not positive:
                reason = max(NEGATIVE + ("background",), key=lambda k: weight[k])
                statuses.append(reason if weight[reason] else "no_meeting")
                continue
            if negative >= positive and not self.met_in_person(mine):
                statuses.append(max(NEGATIVE, key=lambda k: weight[k]))
                continue
            lead = any(self.in_lead(m.sentence) for m in mine if m.modality in POSITIVE)
            sentences = [m.sentence for m in mine if m.modality in POSITIVE]
            status = "upcoming" if weight["upcoming"] > weight["held"] else "held"
            party = self.korean_party(sentences, person, status)
            entry = (person, status, not party)
            if not party and any(self.delegation(i) for i in sentences):
                juniors.append(entry)  # a member of a delegation visits with its leader
                statuses.append("no_korean_party")
                continue
            if not party and not any(
                self.has(i, "attendance") and not self.happens_abroad(i) for i in sentences
            ):  # (joined a meeting here, not an event abroad: "인도에서는 ... 행사에 참석한다")
                statuses.append("no_korean_party")
                continue
            if all(self.in_caption(i) for i in sentences):
                juniors.append(entry)  # only a photo of the meeting: the news is another
                statuses.append("not_about_meeting")
                continue
            if (
                person.rank not in HEADS
                and person.id is None
                and not (lead or self.headline(person))
            ):
                juniors.append(entry)
                statuses.append("not_about_meeting")
                continue
            visiting.append(entry)
        if visiting:  # "... CEO, 아무개 사장 등과 만났다", "... 사장이 배석했다": the delegation
            visiting += juniors
        # One who only joined ("이 자리에는 ... CEO도 함께했다") visits with the others.
        if visiting and all(only_joined for *_, only_joined in visiting):
            statuses.append("no_korean_party")
            visiting = []
        visiting = [(p, s) for p, s, _ in visiting]
        if not visiting:
            status = Counter(statuses).most_common(1)[0][0]
            why.append("not a visit: " + _WHY_NOT[status])
            return [], status
        status = "upcoming" if all(s == "upcoming" for _, s in visiting) else "held"
        why.append(f"a visit ({status}): " + ", ".join(p.name for p, _ in visiting))
        return [p for p, _ in visiting], status

    def headline(self, person: Record) -> bool:
        """The headline is about *person*'s meeting: it names them, or, with no one else's
        visit and not called off, names the Korean who met them with a meeting or deal word,
        or their company with a meeting or deal word or a Korean company or person
        ("김동연, ... 재무총괄과 면담", "엔비디아·오픈AI 본사 방문", "스노우플레이크와 MOU",
        "텐센트, CJ게임즈에 투자", "진대제 장관·SAP 아태 사장 참석"; not "인텔 CEO, 6월 방한
        무산")."""
        together = {  # the Koreans who met the visitor
            r.key
            for j, recs in enumerate(self.records)
            if any(r.key == person.key for r in recs) and (self.meets_someone(j) or self.signing(j))
            for r in recs
            if _korean(r)
        }
        title = self.title_sentences
        if any(person.key == r.key for i in title for r in self.records[i]):
            return True
        # the headline's parts read together ("SAP, 한국에 R&D센터 세운다…지경부·코트라와 협약")
        recs = [r for i in title for r in self.records[i]]
        if any(r.kind == "person" and r.visitor for r in recs) or any(
            self.modality(i) in NEGATIVE for i in title
        ):
            return False
        named = {r.key for r in recs} | {  # a venue of the company: "엔비디아 본사 방문"
            self.d.locations[r.id].org
            for r in recs
            if r.kind == "location" and r.id in self.d.locations
        }
        meeting = any(self.has(i, "meeting", "deal") for i in title)
        if meeting and named & together:
            return True
        branch = self.own_branch(person)  # or its Korean arm: "한국알박, 평택에 신공장 준공"
        ours = named & set(person.organizations) or (
            branch is not None and any(branch.search(self.sentence_text(i)) for i in title)
        )
        return bool(ours) and (
            meeting
            or any(
                r.country == "KR" and (r.kind != "location" or r.location_kind != "country")
                for r in recs
            )
        )

    def interviewed(self, sentence: int) -> bool:
        """The sentence's only meeting word is "만난" right before a visitor's name, and no
        Korean is named in it: the way an interview introduces its subject ("13일 서울
        성수동에서 만난 알렉스 카프 CEO는 ..."), not a meeting with anyone Korean.  Or the
        newspaper itself met him ("본지는 지난 29일 ... 시버스 수석부회장을 만났다")."""
        s = self.a.sentences[sentence]
        if _PRESS_MET.match(self.a.text, s.start, s.end):
            return True
        korean = any(map(_korean, self.records[sentence]))
        if (  # an interview's opening: "앤디 재시 CEO를 서울에서 만났다" (who met him: we)
            not korean
            and sentence == len(self.title_sentences)  # the first after the headline
            and self.subjectless(sentence)
            and self.sentence_text(sentence).rstrip(" .").endswith(("만났다", "만났습니다"))
        ):
            return True
        words = self.cues[sentence].get("meeting", ())
        visitors = {
            m.start
            for m in self.e.mentions
            if m.sentence == sentence and (rec := self.e.records.get(m.key)) and rec.visitor
        }
        return (
            bool(words)
            and all(
                (met := _MET_BEFORE.match(self.a.text, o)) is not None and met.end() in visitors
                for o in words
            )
            and not korean
        )

    def met_in_person(self, mine: list[_Meeting]) -> bool:
        """A meeting told as done, with a Korean named in its sentence ("그는 이날 ... 경계현
        사장과 면담했다"): the doubts around it are about other meetings ("이재용 회장과도
        만날까")."""
        return any(
            m.modality == "held"
            and self.meets_someone(m.sentence)
            and self.told_as_past(m.sentence)
            and any(r.kind == "person" and r.country == "KR" for r in self.records[m.sentence])
            for m in mine
        )

    def told_as_past(self, sentence: int) -> bool:
        """A past-tense ending after the sentence's first meeting word ("면담했다", "만났다";
        not "만남에 이목이 쏠린다")."""
        first = min(self.cues[sentence].get("meeting", ()), default=None)
        return first is not None and any(
            m.tag == "EP" and m.form in _PAST and m.start > first
            for m in self.a.sentences[sentence].morphs
        )

    def korean_party(self, sentences: list[int], person: Record, status: str) -> bool:
        """Someone Korean on the other side: in Korea, Korean hosts will do; abroad, a
        Korean person must be there (a company named abroad is often only a topic).  A trip
        to Korea announced is news without a named party; one held must have met someone."""
        hosts = self.hosts(sentences, [person])
        if self.abroad(self.place(sentences, None), sentences):
            # or Korean hosts who went to the visitor's company ("협회는 ... AUO를 방문했다")
            return (
                any(h.kind == "person" for h in hosts)
                or bool(hosts and any(map(partial(self.went_to, person), range(len(self.records)))))
                or self.korean_delegation(sentences)
            )
        if hosts or self.korean_delegation(sentences):
            return True
        # in Korea, unnamed Korean parties will do ("국내 고객사들을 만날 예정"), but not only
        # the press or the company's own Korean branch ("한국레노버 사무실에서 만났다", also
        # as its name and a mark: "마이크론 한국법인 사무실", "ASM코리아는")
        own = self.own_branch(person)
        here = [i for i in sentences if not self.names_abroad(i)]  # not "인도로 건너가 ... 만날"
        if not any(map(self.meets_someone, here)) and any(
            self.has(i, "press")
            and any(r.key == person.key for r in recs)
            and not self.meets_someone(i)
            for i, recs in enumerate(self.records)
        ):
            return False  # came for a show and met the press ("... 참석하려고 방한했다")
        met = status == "upcoming" or any(
            self.meets_someone(i) or self.has(i, "deal") for i in sentences
        )  # (a signing meets the other side)
        return (
            self.in_korea(sentences)
            and met
            and not any(
                self.has(i, "press", "internal")
                or any(r.branch for r in self.records[i])
                or (
                    own
                    and own.search(self.a.text, self.a.sentences[i].start, self.a.sentences[i].end)
                )
                for i in sentences
            )
        )

    def happens_abroad(self, sentence: int) -> bool:
        """The sentence says where it happens, and that is abroad ("인도에서는 ...")."""
        text = self.a.text
        return any(
            m.sentence == sentence
            and text.startswith("에서", m.end)
            and (r := self.e.records.get(m.key)) is not None
            and r.kind == "location"
            and r.country not in (None, "KR")
            for m in self.e.mentions
        )

    def names_abroad(self, sentence: int) -> bool:
        return any(
            r.kind == "location" and r.country not in (None, "KR") for r in self.records[sentence]
        )

    def korean_delegation(self, sentences: list[int]) -> bool:
        """A Korean delegation met the visitor ("개척단은 구글을 방문해 ... 부사장 등과
        면담하고"): the lead says whose it is."""
        return any(self.delegation(i) and self.meets_someone(i) for i in sentences) and any(
            _korean(self.e.records[key]) for key in self.lead_records
        )

    def went_to(self, person: Record, sentence: int) -> bool:
        """Someone else went to the visitor's company: a visit word beside the company, the
        visitor not named."""
        keys = {r.key for r in self.records[sentence]}
        return (
            self.has(sentence, "travel")
            and self.modality(sentence) in POSITIVE
            and person.key not in keys
            and not keys.isdisjoint(person.organizations)
        )

    def meets_someone(self, sentence: int) -> bool:
        """A meeting word that is more than going somewhere ("만나다", not "방한")."""
        cues = self.cues[sentence]
        return bool(set(cues.get("meeting", ())) - set(cues.get("travel", ())))

    def only_told(self, person: Record, sentences: set[int]) -> bool:
        """A spokesperson who tells of the meeting (not one who attended it: "접견에는 ...
        이동관 대변인 ... 배석했다")."""
        told = [i for i in sentences if any(r.key == person.key for r in self.records[i])]
        return (
            bool(person.titles)
            and all(t.endswith(_SPOKESPERSON) for t in person.titles)
            and all(self.has(i, "speech") and not self.has(i, "attendance") for i in told)
        )

    def own_branch(self, person: Record) -> re.Pattern[str] | None:
        """The visitor's company's Korean arm as written: its name, then a branch mark (not
        the branch's head: "한국지사장"), or 한국 and its name ("한국후지제록스")."""
        names = [self.e.records[k].name for k in person.organizations if k in self.e.records]
        marks = [m for m in self.d.people_rules.branch_marks if not m.endswith("장")]
        if not names or not marks:
            return None
        names_re = "|".join(map(re.escape, names))
        return re.compile(f"(?:{names_re}) ?(?:{'|'.join(marks)})(?!장)|한국(?:{names_re})")

    def abroad(self, place: Record | None, sentences: list[int]) -> bool:
        """The meeting is held abroad: its place is in another country -- unless that place
        is only a country and the sentences say the visitor came to Korea ("인도 IT기업
        ... 부사장이 방한해": the country describes the company)."""
        return (
            place is not None
            and place.country not in (None, "KR")
            and not (
                place.location_kind == "country" and any(self.has(i, "korea") for i in sentences)
            )
        )

    def in_korea(self, sentences: list[int]) -> bool:
        if any(self.has(i, "korea") for i in sentences):
            return True
        # A place in Korea; "한국" itself only as an in-Korea word ("한국을 찾아"): alone it is
        # mostly an attribute ("한국 기자단", "한국 시장") of a meeting held anywhere.
        return any(
            r.kind == "location" and r.country == "KR" and r.location_kind != "country"
            for i in sentences
            for r in self.records[i]
        )

    def watched_foreign(self, r: Record) -> bool:
        return (
            r.kind == "organization"
            and r.id is not None
            and r.country != "KR"
            and self.d.organizations[r.id].watch
        )

    # -- parts ---------------------------------------------------------------------------

    def hosts(self, meeting: list[int], visitors: list[Record]) -> list[Record]:
        """Korean people and organisations of the meeting sentences and of the sentences
        next to them (same paragraph) that say who met or attended; the visitors' own
        companies, their Korean arms and the people of those are not hosts."""
        if not meeting:
            return []
        others = {r.key for r in self.e.of_kind("person") if r.visitor} - {r.key for r in visitors}
        told = [i for i in self.told_who_met if not others & {r.key for r in self.records[i]}]
        context = set(meeting)
        for _ in range(2):  # and the ones next to those ("두 사람은 ... 회의를 가졌다. 이
            # 자리에는 ... 사업부장 등이 배석했다")
            near = {self.a.sentences[i].paragraph + d for i in context for d in (-1, 0, 1)}
            context |= {i for i in told if self.a.sentences[i].paragraph in near}
        # a meeting sentence without a subject goes on with the one before ("이 회장은 ...
        # 만나 ... 논의했다. 이후 서부로 옮겨 ... CEO와 ... 논의했고")
        # (not one in doubt: "KT 김영섭 만날까… 나델라 MS CEO 내달 訪韓")
        for i in meeting:
            j = i
            while j and i - j < 3 and self.subjectless(j) and self.modality(j - 1) not in NEGATIVE:
                j -= 1
                context.add(j)
        visiting = {o for r in visitors for o in r.organizations}
        visiting |= {
            self.d.organizations[o].parent
            for o in visiting
            if o in self.d.organizations and self.d.organizations[o].parent
        }
        visiting_ids = (
            {self.e.records[k].id for k in visiting if k in self.e.records} | visiting
        ) - {None}
        people: dict[str, Record] = {}
        orgs: dict[str, Record] = {}
        for i in sorted(context):
            for r in self.records[i]:
                if r.country != "KR" or r.visitor:
                    continue
                if r.kind == "person":
                    people.setdefault(r.key, r)
                elif r.kind == "organization" or r.name in self.d.people_rules.government_suffixes:
                    orgs.setdefault(r.key, r)  # (and "청와대", "국회": a place and a host)
                elif (o := self.venue_org(r)) is not None:
                    orgs.setdefault(o.key, o)  # "용산 대통령실 청사에서": the office hosts
        hosts: list[Record] = []
        for p in people.values():
            if self.only_told(p, context):
                continue  # "... 관저에서 식사했다고 김수경 대변인이 밝혔다": told, not met
            own = [self.e.records[k] for k in p.organizations if k in self.e.records]
            if any(o.branch or self.arm_of(o, visiting_ids) for o in own):
                continue  # the visitor's company's own people in Korea
            if not own and self.d.people_rules.branch_head(p.titles):
                continue  # ("IonQ 이사회 의장과 ..., 진재형 한국지사장"): theirs too
            hosts.append(p)
            for o in own:
                orgs.setdefault(o.key, o)
        # a party met as such is a host ("여야 ... 관계자들을 만나"); a lawmaker's party is not
        affiliations = {key for p in hosts for key in p.organizations}
        for o in orgs.values():
            if o.role == "party" and o.key in affiliations:
                continue
            if o.branch or self.arm_of(o, visiting_ids) or o.role == "project":
                continue
            if o.id is None and o.name.endswith(_DIVISIONS):
                continue  # "무선사업부", "AI인프라 담당": a part of a company, not a party
            hosts.append(o)
        return hosts

    @cached_property
    def told_who_met(self) -> list[int]:
        """Sentences that say who met or attended (not the paper: "본지는 ... 빌딩에서")."""
        return [
            i
            for i in range(len(self.a.sentences))
            if self.has(i, "meeting", "attendance")
            and self.modality(i) in POSITIVE
            and not self.interviewed(i)
        ]

    def venue_org(self, place: Record) -> Record | None:
        """The Korean public body whose premises a venue is, when the article names it (not
        a company's: "LG트윈타워" houses many)."""
        venue = self.d.locations.get(place.id or "") if place.kind == "location" else None
        if venue is None or venue.org is None:
            return None
        return next(
            (
                r
                for r in self.e.records.values()
                if r.id == venue.org and r.country == "KR" and r.role in PUBLIC
            ),
            None,
        )

    def arm_of(self, org: Record, visiting: set) -> bool:
        if org.key in visiting or org.id in visiting:
            return True
        known = self.d.organizations.get(org.id or "")
        return known is not None and known.parent in visiting and known.country == "KR"

    def dates(self, meeting: list[int], fallback: bool = True) -> list[date]:
        """Dates of the meeting sentences, the most weighted (then earliest) first: a day
        followed by a meeting word counts more than one followed by an arrival word."""
        wanted = set(meeting)
        votes: Counter[date] = Counter()
        for sentence, ref in self.day_refs:
            if sentence in wanted and not self.announced_on(ref) and not self.spanned(ref):
                lead = 2 if self.in_lead(sentence) else 1  # the lead says what the news is
                # a meeting held counts before one still to come ("21일 ... 만찬을 함께했다.
                # 22일 ... 만날 예정이다")
                held = 0.5 if self.published and ref.date > self.published else 1
                votes[ref.date] += self.day_weight(sentence, ref) * lead * held
        if not votes and meeting and fallback:
            # the visit's other sentences ("27일 경기도와 협약을 맺었다"), and the one before a
            # meeting sentence (or before an undated one before it), which may say what the
            # meeting was ("20일 착공식을 열었다. 김 지사와 ... 대표 등이 자리했다")
            dated = {sentence for sentence, ref in self.day_refs}

            ceremonies = {c for j in wanted for c in self.ceremonies(j)}

            def says_when(i: int) -> bool:
                if i + 1 in wanted or (i + 2 in wanted and i + 1 not in dated):
                    return self.modality(i) in (*POSITIVE, "mention")
                if i in dated and any(c in self.sentence_text(i) for c in ceremonies):
                    return self.modality(i) in (*POSITIVE, "mention")  # "12일 준공됐다"
                return self.has(i, "meeting", "deal", "attendance") and (
                    self.modality(i) in POSITIVE
                    or (self.modality(i) == "mention" and self.in_lead(i))  # "24일 협약을 맺었다"
                )

            return self.dates(list(filter(says_when, range(len(self.a.sentences)))), False)
        return sorted(votes, key=lambda d: (-votes[d], d))

    def ceremonies(self, sentence: int) -> list[str]:
        """What the ceremonies a sentence opens on are of ("준공식에는 ... 참석했다": 준공), to
        find the day another sentence gives them ("캠퍼스가 12일 준공됐다")."""
        text = self.sentence_text(sentence)
        return [
            word[: -len(_AT_CEREMONY)]
            for word in self.config.occasion_words
            if word.endswith(_AT_CEREMONY) and word in text
        ]

    def sentence_text(self, sentence: int) -> str:
        s = self.a.sentences[sentence]
        return self.a.text[s.start : s.end]

    def announced_on(self, ref: DayRef) -> bool:
        """ "면담했다고 24일 밝혔다", "22일 업계에 따르면": the day the news was given out,
        which says nothing of the meeting's ("지난달 말 한국을 찾아 ... 만났다")."""
        text = self.a.text
        return _REPORTED.match(text, ref.end) is not None or (
            _ANNOUNCED_BEFORE.search(text, max(ref.start - 12, 0), ref.start) is not None
            and _ANNOUNCED_AFTER.match(text, ref.end) is not None
        )

    def spanned(self, ref: DayRef) -> bool:
        """ "15일부터 22일까지", "28일을 전후해", "28일께": the bounds or the rough day of a
        stay, not the day of a meeting in it."""
        return _SPAN.match(self.a.text, ref.end) is not None

    def day_weight(self, sentence: int, ref: DayRef) -> float:
        """What the words after the day (up to the next day named) say happened on it: a
        meeting ("21일 방한 첫 일정으로 삼성전자를 찾았다") counts more than an arrival."""
        end = min(
            (r.start for s, r in self.day_refs if s == sentence and r.start > ref.start),
            default=len(self.a.text),
        )
        after: dict[int, float] = {}  # a word both a meeting and a visit ("방한") is the visit
        for kind, weight in DAY_WEIGHT.items():
            for o in self.cues[sentence].get(kind, ()):
                if ref.end <= o < end:
                    after[o] = min(after.get(o, weight), weight)
        return max(after.values(), default=0.5)

    def day_of_month(self, meeting: list[int]) -> int | None:
        """Without a publication date: the day number most named in the meeting sentences."""
        wanted = set(meeting)
        votes = Counter(
            day for offset, day in day_numbers(self.a.text) if self.sentence_of(offset) in wanted
        )
        return min(votes, key=lambda d: (-votes[d], d)) if votes else None

    def place(self, meeting: list[int], when: date | None) -> Record | None:
        """The most specific place of the meeting sentences (venue > district > city >
        country, the deepest, then the most named, then one in a sentence of the
        event's date)."""
        dated = {sentence for sentence, ref in self.day_refs if ref.date == when}
        seen: dict[str, list] = {}
        for i in meeting:
            for r in self.records[i]:
                if r.kind == "location":
                    entry = seen.setdefault(r.key, [r, 0, False])
                    entry[1] += 1
                    entry[2] |= i in dated
        if not seen:
            return None
        best = max(
            seen.values(),
            key=lambda x: (SPECIFICITY.get(x[0].location_kind, 0), self.depth(x[0]), x[1], x[2]),
        )
        return best[0]

    def depth(self, place: Record) -> int:
        """How many places of the dictionary contain this one (삼성동 < 강남구 < 서울)."""
        loc, n = self.d.locations.get(place.id or ""), 0
        while loc is not None and n < 5:
            loc = self.d.locations.get(loc.district or loc.city or loc.province or "")
            n += loc is not None
        return n

    def topics(self) -> list[str]:
        counts = Counter(
            topic for hit in self.config.topic_lexicon.find(self.a.text) for topic in hit.values
        )
        return [topic for topic, _ in counts.most_common()]

    def relevance(
        self,
        visitors: list[Record],
        event: list[int],
        meeting: list[int],
        hosts: list[Record],
        place: Record | None,
        dates: list[date],
        topics: list[str],
        why: list[str],
    ) -> dict[str, float]:
        """Each part in [0, 1] (config weights them); a line of explanation per part."""
        parts: dict[str, float] = dict.fromkeys(self.config.weights, 0.0)
        if visitors:
            in_lead = any(
                m.start < self.a.lead_end
                for m in self.e.mentions
                if m.key in {r.key for r in visitors}
            )
            parts["visitor"] = 1.0 if in_lead else 0.7
            why.append(
                f"visitor: {', '.join(r.name for r in visitors)}"
                + (" (in the lead)" if in_lead else " (not in the lead)")
            )
        elif event:
            parts["visitor"] = 0.4
            why.append("no visiting executive, but a watched foreign company")
        meets = any(self.has(i, "meeting", "korea") for i in meeting)
        deals = any(self.has(i, "deal") for i in event)
        if meets:
            parts["meeting"] = 1.0 if visitors else 0.5
        elif deals:
            parts["meeting"] = 0.6 if visitors else 0.4
        if parts["meeting"]:
            why.append(
                "meeting: "
                + ("visit words" if meets else "deal words only")
                + " next to "
                + ("the visitor" if visitors else "the company")
            )
        korean_people = any(h.kind == "person" for h in hosts)
        if hosts:
            parts["host"] = 1.0 if korean_people else 0.6
            why.append(f"hosts: {', '.join(h.name for h in hosts[:5])}")
        if event:
            parts["in_korea"], reason = self.where(place, meeting, korean_people)
            why.append(reason)
        if dates:
            parts["date"] = 1.0
            why.append(f"date: {dates[0].isoformat()}")
        if topics:
            parts["topics"] = min(1.0, len(topics) / 3)
            why.append(f"topics: {', '.join(topics[:5])}")
        return parts

    def where(
        self, place: Record | None, meeting: list[int], korean_people: bool
    ) -> tuple[float, str]:
        if place and place.country == "KR":
            return 1.0, f"in Korea: {place.name}"
        if self.abroad(place, meeting):
            return 0.0, f"abroad: {place.name} ({place.country})"
        if any(self.has(i, "korea") for i in meeting):
            return 1.0, "in Korea: visit words say so (방한, 입국, ...)"
        if korean_people:
            return 0.5, "probably in Korea: Korean hosts, no place named"
        return 0.0, "no place in Korea named"


_PAST = ("었", "았", "였")
# a photo caption's line: "[사진] ...", or one ending in its credit ("(KT 제공)"); not "▲",
# which also opens the items of a list
_CAPTION = re.compile(r"^\s*(?:\[사진\]|\(사진\)|사진\s*=)|(?:제공|\/\s*\S{2,4}\s*기자)\s*\)?\s*$")
_AT_CEREMONY = "식에는"  # "준공식에는": at the 준공 ceremony
_SAME_DAY = re.compile(r"(?:같은 날|이날|당일|이어|이후|그 뒤)\s")
_TALK = "간담회"  # a talk with businesspeople, or, after a press conference, that one


def _korean(r: Record) -> bool:
    """A Korean person or body (not a place in Korea)."""
    return r.kind != "location" and r.country == "KR"


_SPOKESPERSON = "대변인"
_HELD_BUT = re.compile(r"[했었았였눴났쳤](?:지만|으나|는데)\s")  # "만났지만", "협상했으나"
_NOT_YET = re.compile(r"희망|요청|원했|계획|추진|예정|시도|타진")  # "면담을 희망했지만"
_CEREMONY = re.compile(r"(?:준공|착공|기공|개관|개소|개원|협약|출범|기념)식")
# "... 만든 데 이어", "지난해에 이어" (not "지난해 9월에 이어 두 번째다": a count of meetings)
_FOLLOWING = re.compile(r"(?:데|에) 이어(?:서)? (?!(?:두|세|네|\d+) ?번째)")
_VISITED_FOR = re.compile(r"([\w·]{2,20})(?:을|를) (?:찾아|방문해|방문하여|예방해) $")
_WITH = re.compile(r"(?:\s+\S+){0,2}?(?:과|와)\s")  # "[name] 사장과 ...": with him
_MET_BEFORE = re.compile(r"만난\s+")  # "...에서 만난 [name]": an interview's subject
# a sentence whose subject is the paper itself: it met him ("본지는 ... 만났다")
_PRESS_MET = re.compile(r"(?:본지|본보|취재진|기자)(?:는|은|가|이|와의|와|의)\s")

_WHY_NOT = {
    "cancelled": "the visit was called off, postponed or denied, or is only in doubt",
    "virtual": "the visitor took part on screen (video call, online)",
    "recorded": "the visitor sent a recorded or written message",
    "background": "the visit is an earlier one, told as background",
    "mention": "the visitor is only mentioned, no meeting",
    "no_meeting": "the visitor is only mentioned, no meeting",
    "not_about_meeting": "a senior executive, but the title and lead are not about the meeting",
    "no_korean_party": "no Korean party and not in Korea (a meeting between foreign parties)",
}


def detect_event(
    analysis: TextAnalysis,
    entities: Entities,
    dictionary: Dictionary,
    config: WatchConfig,
    published_at: str | None,
) -> dict:
    """The ``event`` field of a document (always present; score 0 when unrelated)."""
    return _Event(analysis, entities, dictionary, config, _published_date(published_at)).build()
