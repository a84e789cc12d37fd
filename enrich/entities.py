"""People, organisations and places in an analysed (already cleaned) article.

Three sources, in order of trust:

1. the entity dictionary: every alias found on Kiwi token boundaries
   ("나델라가" counts, "카카오톡" is not 카카오), an ambiguous alias ("삼성")
   resolved to the candidate the article also names explicitly;
2. title patterns for people missing from the dictionary: a proper noun (or a
   three-syllable Korean name Kiwi split) followed by ``[<org>] <title>``
   ("송창현 현대자동차그룹 사장") or preceded by ``<org>[의]`` and followed by a
   title ("포스코그룹 장인화 회장", "Arm의 르네 하스 CEO");
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

_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_FAMILY_BEFORE = re.compile(r"(?<![\uac00-\ud7a3])([\uac00-\ud7a3]{1,4}) $")
_WORD_CHAR = re.compile(r"\w")
_ORG_GAPS = ("", " ", "의 ")  # between "<org>" and the name after it
HQ_WORDS = frozenset({"본사", "사옥"})


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
    organizations: dict[str, None] = field(default_factory=dict)  # affiliations (org ids)
    mentions: int = 0
    first: int = 0

    @property
    def key(self) -> str:
        return self.id or f"~{self.name}"

    def to_json(self) -> dict:
        """The index's shape (config/elasticsearch/articles.template.json)."""
        out: dict = {"id": self.id, "name": self.name, "aliases": list(self.aliases),
                     "mentions": self.mentions, "known": self.id is not None}
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
        return {kind + "s": [r.to_json() for r in self.of_kind(kind)]
                for kind in ("person", "organization", "location")}

    def token_names(self) -> dict[tuple[int, int], str]:
        """Name spans -> the name as written (one search token, single spaces)."""
        return {span: " ".join(self.analysis.text[span[0]:span[1]].split())
                for span in self.spans}

    def canonical_names(self) -> dict[tuple[int, int], str]:
        return {span: self.records[key].name for span, key in self.spans.items()}


class _Extractor:
    def __init__(self, analysis: TextAnalysis, dictionary: Dictionary):
        self.a, self.d, self.text = analysis, dictionary, analysis.text
        self.out = Entities(analysis)
        morphs = list(analysis.morphs())
        self.morph_at = {m.start: m for m in morphs}
        self.ends = {m.end for m in morphs}
        self.sentence_starts = [s.start for s in analysis.sentences]

    # -- helpers ---------------------------------------------------------------------------

    def aligned(self, start: int, end: int) -> bool:
        """*start*..*end* begins and ends on token boundaries (or on non-word characters)."""
        before = self.text[start - 1] if start else " "
        after = self.text[end] if end < len(self.text) else " "
        return ((start in self.morph_at or not _WORD_CHAR.match(before))
                and (end in self.ends or not _WORD_CHAR.match(after)))

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
            rec = self.record("person", e.id, e.name, country=e.country,
                              visitor=e.foreign and e.role in VISITOR_ROLES)
            if e.org:
                rec.organizations[e.org] = None
            return rec
        if ref.kind == "location":
            return self.record("location", e.id, e.name, country=self.country_of(e),
                               location_kind=e.kind)
        return self.record("organization", e.id, e.name, country=e.country)

    def country_of(self, loc: Location) -> str | None:
        while loc.country is None and loc.city:
            loc = self.d.locations[loc.city]
        return loc.country

    # -- passes ----------------------------------------------------------------------------

    def run(self) -> Entities:
        hits = self.dictionary_hits()
        named = _Spans((h.start, h.end) for h, _ in hits)
        titles = self.title_hits(named)
        for hit, ref in hits:
            rec = self.dictionary_record(ref)
            self.mention(rec, hit.start, hit.end, hit.surface)
            self.out.spans[(hit.start, hit.end)] = rec.key
        orgs = [(h, ref) for h, ref in hits if ref.kind == "organization"]
        people = [(h.start, h.end, self.out.records[ref.id]) for h, ref in hits
                  if ref.kind == "person"]
        taken = _Spans([*named.spans, *((t.start, t.end) for t in titles)])
        self.titled_people(people, self.name_candidates(taken), orgs, titles)
        self.family_references(titles)
        self.venues(hits)
        return self.out

    def dictionary_hits(self) -> list[tuple[Hit, EntityRef]]:
        hits = [h for h in self.d.lexicon.find(self.text) if self.aligned(h.start, h.end)]
        named = {h.values[0] for h in hits if len(h.values) == 1}
        # An ambiguous alias ("삼성") is the candidate the article also names explicitly.
        return [(h, next((v for v in h.values if v in named), h.values[0])) for h in hits]

    def title_hits(self, named: _Spans) -> list[Hit]:
        """Title words ending on a token boundary; a title ending a compound stands for
        the whole word ("서울경찰청장", "HE사업본부장")."""
        out = []
        for h in self.d.title_lexicon.find(self.text):
            if named.overlaps(h.start, h.end) or self.suffixed(h.end) or h.end not in self.ends:
                continue
            start = h.start
            while start and _WORD_CHAR.match(self.text[start - 1]):
                start -= 1
            if start not in self.morph_at or start < h.start and len(h.surface) < 2:
                continue
            out.append(Hit(start, h.end, self.text[start:h.end], h.values))
        return out

    def suffixed(self, end: int) -> bool:
        """A title followed by a suffix is not a title ("대표들", "대표적")."""
        nxt = self.morph_at.get(end)
        return nxt is not None and nxt.tag == "XSN"

    def name_candidates(self, taken: _Spans) -> list[tuple[int, int]]:
        """Spans that may be names: Hangul runs of proper nouns ("르네 하스" joined), or
        three-syllable words starting with a Korean family name that Kiwi split
        ("정신아" -> 정신/아)."""
        runs: list[list[Morph]] = []
        for sentence in self.a.sentences:
            run: list[Morph] = []
            for m in sentence.morphs:
                noun = m.tag in ("NNP", "NNG") and not taken.covers(m.start)
                if run and (not noun or run[-1].end != m.start):
                    runs.append(run)
                    run = []
                if noun:
                    run.append(m)
            if run:
                runs.append(run)
        spans: list[tuple[int, int, bool]] = []  # (start, end, proper nouns only)
        for run in runs:
            start, end = run[0].start, run[-1].end
            word = self.text[start:end]
            korean = len(word) == 3 and word[0] in self.d.surnames
            proper = all(m.tag == "NNP" for m in run) and len(word) > 1
            if not _HANGUL_WORD.fullmatch(word) or not (korean or proper):
                continue
            if proper and spans and spans[-1][2] and self.text[spans[-1][1]:start] == " ":
                spans[-1] = (spans[-1][0], end, True)
            else:
                spans.append((start, end, proper))
        return [(start, end) for start, end, _ in spans]

    def titled_people(self, people, candidates, orgs, titles) -> None:
        """Titles and affiliations of known people; unknown names that carry a title."""
        title_at = {t.start: t for t in titles}
        org_at = {h.start: (h, ref) for h, ref in orgs}
        org_end = {h.end: (h, ref) for h, ref in orgs}
        found: dict[str, Record] = {}
        # "톰슨 CEO" after "제임스 톰슨 CEO" is him again (see family_references), not a new name.
        families = {self.text[s:e].split()[-1] for s, e in candidates if " " in self.text[s:e]}
        families |= {self.d.persons[rec.id].family for _, _, rec in people}
        for start, end, rec in people + [(s, e, None) for s, e in candidates
                                         if self.text[s:e] not in families]:
            affiliations, title, pos = [], None, end
            while True:  # "<name> [<org>]{0,2} <title>"
                nxt = self.next_start(pos)
                if nxt in title_at and self.gap(pos, nxt) == " ":
                    title = title_at[nxt]
                    break
                if nxt in org_at and self.gap(pos, nxt) == " " and len(affiliations) < 2:
                    affiliations.append(org_at[nxt])
                    pos = org_at[nxt][0].end
                    continue
                break
            before = next((org_end[e] for e in range(start, start - 3, -1)
                           if e in org_end and self.gap(e, start) in _ORG_GAPS), None)
            if rec is None:
                if title is None:
                    continue
                rec = self.discovered_person(start, end, found)
            if title is not None:
                label = " ".join([h.surface for h, _ in affiliations] + [title.surface])
                rec.titles[label] = None
            for _, ref in affiliations + ([before] if before else []):
                rec.organizations[ref.id] = None
        for rec in found.values():
            rec.country = self.person_country(rec)
            rec.visitor = rec.country not in (None, "KR")
        # Every mention of a discovered name counts, with or without its title.
        for start, end in candidates:
            rec = found.get(self.text[start:end])
            if rec is not None:
                self.mention(rec, start, end)
                self.out.spans[(start, end)] = rec.key

    def next_start(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] == " ":
            pos += 1
        return pos

    def discovered_person(self, start: int, end: int, found: dict[str, Record]) -> Record:
        name = self.text[start:end]
        if name not in found:
            found[name] = self.record("person", None, name)
        return found[name]

    def person_country(self, rec: Record) -> str | None:
        for org_id in rec.organizations:
            country = self.d.organizations[org_id].country
            if country != "KR":
                return country
        if len(rec.name) == 3 and rec.name[0] in self.d.surnames:
            return "KR"
        return None

    def family_references(self, titles: list[Hit]) -> None:
        """"손 회장" -> 손정의, when he is the only 손 named in the article."""
        families: dict[str, list[Record]] = {}
        for rec in self.out.records.values():
            if rec.kind != "person":
                continue
            family = self.d.persons[rec.id].family if rec.id else (
                rec.name.split()[-1] if " " in rec.name else rec.name[0])
            families.setdefault(family, []).append(rec)
        taken = _Spans(self.out.spans)
        for title in titles:
            m = _FAMILY_BEFORE.search(self.text, max(title.start - 6, 0), title.start)
            if not m or len(families.get(m.group(1), ())) != 1 \
                    or taken.overlaps(m.start(1), m.end(1)):
                continue
            rec = families[m.group(1)][0]
            self.mention(rec, m.start(1), title.end)
            rec.titles[title.surface] = None

    def venues(self, hits: list[tuple[Hit, EntityRef]]) -> None:
        """"<org|place|proper noun> <venue word>" -> a venue (dictionary or discovered)."""
        by_end = {h.end: (h, ref) for h, ref in hits}
        named = _Spans((h.start, h.end) for h, _ in hits)
        morph_end = {m.end: m for m in self.a.morphs()}
        for m in self.a.morphs():
            if m.form not in self.d.venue_words or named.covers(m.start):
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

    def venue(self, chain: list[tuple[int, EntityRef | None]], word: Morph) -> None:
        start = chain[0][0]
        org = next((ref for _, ref in chain if ref and ref.kind == "organization"), None)
        places = [ref.id for _, ref in chain if ref and ref.kind == "location"]
        country = None
        if org is not None:
            near = {r.id for r in self.out.in_sentence(self.sentence(word.start))
                    if r.kind == "location"} | set(places)
            options = [v for v in self.d.locations.values()
                       if v.org == org.id and word.form in v.refs]
            options.sort(key=lambda v: not ({v.district, v.city} & near))
            if options:
                rec = self.dictionary_record(EntityRef("location", options[0].id))
                self.mention(rec, start, word.end)
                return
            if word.form in HQ_WORDS:
                country = self.d.organizations[org.id].country
        elif places:
            country = self.country_of(self.d.locations[places[0]])
        name = " ".join(self.text[start:word.end].split())
        rec = self.record("location", None, name, country=country, location_kind="venue")
        self.mention(rec, start, word.end)


def extract_entities(analysis: TextAnalysis, dictionary: Dictionary) -> Entities:
    """Entities of one analysed document."""
    return _Extractor(analysis, dictionary).run()
