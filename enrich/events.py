"""The CEO-visit event of an article, with a relevance score that explains itself.

An article is about a visit when a foreign tech executive (a *visitor*: a
dictionary person with a tech role from abroad, or a discovered titled person
of a foreign company) appears in sentences with visit words ("방한", "회동",
"만나").  Those *meeting sentences* give the event its date (day references
resolved against the publication date, most frequent wins), its place (the
most specific place named there) and its Korean hosts (Korean people in the
visitor's paragraphs, Korean organisations in the event sentences).

Without a visitor, a watched foreign company next to a visit or deal word
("MS 본사에서 파트너십을 체결") still makes a related, low-scoring event; an
article about something else scores zero.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from datetime import date, datetime

from enrich.daterefs import day_numbers, day_references
from enrich.dictionary import Dictionary
from enrich.entities import Entities, Record
from enrich.nlp import TextAnalysis
from enrich.watchlist import WatchConfig

SPECIFICITY = {"venue": 3, "district": 2, "city": 1, "country": 0}
REPORTING = "따르면"  # "10일 업계에 따르면": the reporting date, not the event's


def _published_date(published_at: str | None) -> date | None:
    if not published_at:
        return None
    try:
        return datetime.fromisoformat(published_at).date()
    except ValueError:
        return None


class _Event:
    def __init__(self, analysis: TextAnalysis, entities: Entities, dictionary: Dictionary,
                 config: WatchConfig, published: date | None):
        self.a, self.e, self.d, self.config = analysis, entities, dictionary, config
        n = len(analysis.sentences)
        self._starts = [sentence.start for sentence in analysis.sentences]
        self.records: list[list[Record]] = [[] for _ in range(n)]
        for m in entities.mentions:
            self.records[m.sentence].append(entities.records[m.key])
        self.cues: list[set[str]] = [set() for _ in range(n)]
        starts = {m.start for m in analysis.morphs()}
        for hit in config.cues.find(analysis.text):
            if hit.start in starts or not analysis.text[hit.start - 1:hit.start].isalnum():
                self.cues[self.sentence_of(hit.start)].update(hit.values)
        self.day_refs = [(self.sentence_of(r.start), r)
                         for r in day_references(analysis.text, published)]
        self.carry_pronoun_subjects()

    def sentence_of(self, offset: int) -> int:
        return max(bisect_right(self._starts, offset) - 1, 0)

    def carry_pronoun_subjects(self) -> None:
        """"그는 ... 만났다": a sentence opening with 그 continues the previous one's visitor."""
        sentences = self.a.sentences
        for i in range(1, len(sentences)):
            first = sentences[i].morphs[0]
            if first.tag == "NP" and first.form == "그" and \
                    sentences[i - 1].paragraph == sentences[i].paragraph:
                self.records[i] += [r for r in self.records[i - 1] if r.visitor]

    def build(self) -> dict:
        visitors = [r for r in self.e.of_kind("person") if r.visitor]
        if visitors:
            keys = {r.key for r in visitors}
            event = [i for i, recs in enumerate(self.records) if keys & {r.key for r in recs}]
        else:
            event = [i for i, recs in enumerate(self.records) if self.cues[i] & {"visit", "deal"}
                     and any(self.watched_foreign(r) for r in recs)]
        meeting = [i for i in event if "visit" in self.cues[i]] or event
        hosts = self.hosts(event, visitors)
        dates = self.dates(meeting)
        day = dates[0].day if dates else self.day_of_month(meeting)
        place = self.place(meeting, dates[0] if dates else None)
        topics = self.topics() if event else []
        parts, why = self.relevance(visitors, event, hosts, place, dates, topics)
        weighted = {k: round(self.config.weights[k] * v, 3) for k, v in parts.items()}
        score = round(min(sum(weighted.values()), 1.0), 3)
        visit = bool(visitors) and parts["meeting"] >= 1 and score >= self.config.visit_threshold
        companies = [o for r in visitors for o in list(r.organizations)[:1]]
        companies += [r.id for i in event for r in self.records[i] if self.watched_foreign(r)]
        companies += [h.id for h in hosts if h.kind == "organization"]
        return {
            "type": "ceo_visit" if visit else ("related" if score else None),
            "is_visit": visit,
            "visitors": [r.name for r in visitors],
            "hosts": [h.name for h in hosts],
            "companies": list(dict.fromkeys(self.d.organizations[c].name for c in companies)),
            "date": dates[0].isoformat() if dates else None,
            "day_of_month": day,
            "place": place.name if place else None,
            "topics": topics,
            "relevance": score,
            "relevance_parts": {**weighted, "explanation": why},
        }

    def watched_foreign(self, r: Record) -> bool:
        return r.kind == "organization" and r.country != "KR" \
            and self.d.organizations[r.id].watch

    # -- parts ---------------------------------------------------------------------------

    def hosts(self, event: list[int], visitors: list[Record]) -> list[Record]:
        """Korean people in the event's paragraphs, then Korean organisations: those named
        in the event's sentences and those the Korean people belong to."""
        paragraphs = {self.a.sentences[i].paragraph for i in event}
        people: dict[str, Record] = {}
        orgs: dict[str, None] = {}
        for i, recs in enumerate(self.records):
            for r in recs:
                if r.kind == "person" and r.country == "KR" and not r.visitor \
                        and self.a.sentences[i].paragraph in paragraphs:
                    people.setdefault(r.key, r)
                elif r.kind == "organization" and r.country == "KR" and i in event:
                    orgs[r.id] = None
        for r in people.values():
            orgs.update(dict.fromkeys(r.organizations))
        visiting = {o for r in visitors for o in r.organizations}
        hosts = list(people.values())
        for org_id in orgs:
            org = self.d.organizations[org_id]
            if org.kind != "project" and org_id not in visiting and org.parent not in visiting:
                hosts.append(self.e.records.get(org_id) or
                             Record("organization", org_id, org.name, org.country))
        return hosts

    def dates(self, meeting: list[int]) -> list[date]:
        """Dates of the meeting sentences, most frequent (then earliest) first."""
        wanted = set(meeting)
        votes: Counter[date] = Counter()
        for sentence, ref in self.day_refs:
            if sentence in wanted:
                reporting = REPORTING in self.a.text[ref.end:ref.end + 12]
                votes[ref.date] += 0.5 if reporting else 1.0
        return sorted(votes, key=lambda d: (-votes[d], d))

    def day_of_month(self, meeting: list[int]) -> int | None:
        """Without a publication date: the day number most named in the meeting sentences."""
        wanted = set(meeting)
        votes = Counter(day for offset, day in day_numbers(self.a.text)
                        if self.sentence_of(offset) in wanted)
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
        best = max(seen.values(), key=lambda x: (
            SPECIFICITY.get(x[0].location_kind, 0), self.depth(x[0]), x[1], x[2]))
        return best[0]

    def depth(self, place: Record) -> int:
        """How many places of the dictionary contain this one (삼성동 < 강남구 < 서울)."""
        loc, n = self.d.locations.get(place.id or ""), 0
        while loc is not None and n < 5:
            loc = self.d.locations.get(loc.district or loc.city or "")
            n += loc is not None
        return n

    def topics(self) -> list[str]:
        counts = Counter(topic for hit in self.config.topic_lexicon.find(self.a.text)
                         for topic in hit.values)
        return [topic for topic, _ in counts.most_common()]

    def relevance(self, visitors: list[Record], event: list[int], hosts: list[Record],
                  place: Record | None, dates: list[date], topics: list[str]
                  ) -> tuple[dict[str, float], list[str]]:
        """Each part in [0, 1] (config weights them), and a line of explanation per part."""
        parts: dict[str, float] = dict.fromkeys(self.config.weights, 0.0)
        why: list[str] = []
        if visitors:
            in_lead = any(m.start < self.a.lead_end for m in self.e.mentions
                          if self.e.records[m.key].visitor)
            parts["visitor"] = 1.0 if in_lead else 0.7
            why.append(f"visitor: {', '.join(r.name for r in visitors)}"
                       + (" (in the lead)" if in_lead else " (not in the lead)"))
        elif event:
            parts["visitor"] = 0.4
            why.append("no visiting executive, but a watched foreign company")
        cues = set().union(*(self.cues[i] for i in event))
        if "visit" in cues:
            parts["meeting"] = 1.0 if visitors else 0.5
        elif "deal" in cues:
            parts["meeting"] = 0.6 if visitors else 0.4
        if parts["meeting"]:
            why.append("meeting: " + ("visit words" if "visit" in cues else "deal words only")
                       + " next to " + ("the visitor" if visitors else "the company"))
        korean_people = any(h.kind == "person" for h in hosts)
        if hosts:
            parts["host"] = 1.0 if korean_people else 0.6
            why.append(f"hosts: {', '.join(h.name for h in hosts[:5])}")
        if event:
            parts["in_korea"], reason = self.in_korea(place, cues, korean_people)
            why.append(reason)
        if dates:
            parts["date"] = 1.0
            why.append(f"date: {dates[0].isoformat()}")
        if topics:
            parts["topics"] = min(1.0, len(topics) / 3)
            why.append(f"topics: {', '.join(topics[:5])}")
        return parts, why

    @staticmethod
    def in_korea(place: Record | None, cues: set[str], korean_people: bool
                 ) -> tuple[float, str]:
        if place and place.country == "KR":
            return 1.0, f"in Korea: {place.name}"
        if place and place.country:
            return 0.0, f"abroad: {place.name} ({place.country})"
        if "korea" in cues:
            return 1.0, "in Korea: visit words say so (방한, 입국, ...)"
        if korean_people:
            return 0.5, "probably in Korea: Korean hosts, no place named"
        return 0.0, "no place in Korea named"


def detect_event(analysis: TextAnalysis, entities: Entities, dictionary: Dictionary,
                 config: WatchConfig, published_at: str | None) -> dict:
    """The ``event`` field of a document (always present; score 0 when unrelated)."""
    return _Event(analysis, entities, dictionary, config,
                  _published_date(published_at)).build()
