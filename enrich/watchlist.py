"""The crawl watchlist: which feed and listing entries are worth fetching.

Spiders call :meth:`Watchlist.matches` on every entry of every feed, so it is
a pure, NLP-free function over one compiled :class:`~enrich.lexicon.Lexicon`
(microseconds per title).  Its names come from the entity dictionary (people
and organisations marked ``watch: true`` in ``config/entities.yaml``); its
words (visit words, topics, search words, relevance weights) from
``config/watchlist.yaml``, which :mod:`enrich.events` reads too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from enrich import yamlfile
from enrich.dictionary import Dictionary, load_dictionary
from enrich.lexicon import Lexicon
from enrich.text import normalize
from enrich.yamlfile import Lists, Strict, Words

RELEVANCE_PARTS = ("visitor", "meeting", "host", "in_korea", "date", "topics")
Share = Annotated[float, Field(ge=0, le=1)]

# Hangul syllable arithmetic: final consonants ㄴ, ㄹ, ㅂ, ㅆ added to an open syllable,
# and the vowels that 어/아 contracts with (나누어 -> 나눠, 보아 -> 봐, 지어 -> 져, 쓰어 -> 써).
_FINALS = {"ㄴ": 4, "ㄹ": 8, "ㅂ": 17, "ㅆ": 20}
_CONTRACTED = {13: 14, 8: 9, 20: 6, 18: 4}  # ㅜ -> ㅝ, ㅗ -> ㅘ, ㅣ -> ㅕ, ㅡ -> ㅓ


def surface_forms(word: str) -> list[str]:
    """The spellings of a watch word in running text.

    Nouns are themselves; a verb in dictionary form ("만나다", "찾다") is its
    stem plus the stem's contracted forms (만난, 만났, ...; 했 for 하다 verbs),
    so that prefix matching finds every inflection.
    """
    if len(word) < 2 or not word.endswith("다"):
        return [word]
    stem = word[:-1]
    forms = [stem]
    last = ord(stem[-1]) - 0xAC00
    if stem.endswith("하"):  # 하다 verbs: 한, 할, 합, 했
        forms += [stem[:-1] + s for s in ("한", "할", "합", "했")]
    elif 0 <= last < 11172 and last % 28 == 0:  # open syllable: 만난, 만날, 만납, 만났
        vowel = (last % 588) // 28
        forms += [stem[:-1] + chr(0xAC00 + last + f) for f in _FINALS.values()]
        if vowel in _CONTRACTED:  # the past of 나누 is 나눴, not 나눘
            past = last + (_CONTRACTED[vowel] - vowel) * 28
            forms[-1:] = [stem[:-1] + chr(0xAC00 + past), stem[:-1] + chr(0xAC00 + past + 20)]
    return forms


MODALITIES = ("cancelled", "recorded", "virtual", "background", "upcoming")
EVENT_WORDS = (
    "meeting_words",
    "attendance_words",
    "occasion_words",
    "signing_words",
    "speech_words",
    "arrival_words",
    "press_words",
    "internal_words",
    "obituary_words",
    "travel_words",
    "tech_words",
    "non_tech_words",
)


class Relevance(Strict):
    """Weights of a visit event's parts (they sum to 1), and the score that makes a visit."""

    visitor: Share
    meeting: Share
    host: Share
    in_korea: Share
    date: Share
    topics: Share
    visit_threshold: Share = 0.6

    @model_validator(mode="after")
    def _sum_to_one(self) -> Relevance:
        total = sum(getattr(self, part) for part in RELEVANCE_PARTS)
        if abs(total - 1) > 1e-6:
            raise ValueError(f"the weights must sum to 1 (they sum to {total:g})")
        return self


class Modality(Lists):
    """How a meeting sentence speaks of the meeting; the first kind that matches decides."""

    cancelled: Words = ()
    recorded: Words = ()
    virtual: Words = ()
    background: Words = ()
    upcoming: Words = ()


class WatchConfig(Lists):
    """``config/watchlist.yaml``."""

    visit_words: Words
    in_korea_words: Words = ()
    deal_words: Words = ()
    topics: dict[str, Words] = {}
    search_words: Words = ()
    relevance: Relevance
    modality: Modality = Modality()
    news_days: int = Field(14, ge=1, le=366)
    background_after_meeting: Words = ()
    homonyms: Words = ()
    meeting_words: Words = ()
    attendance_words: Words = ()
    occasion_words: Words = ()
    signing_words: Words = ()
    speech_words: Words = ()
    delegation_words: Words = ()
    arrival_words: Words = ()
    press_words: Words = ()
    internal_words: Words = ()
    obituary_words: Words = ()
    travel_words: Words = ()
    tech_words: Words = ()
    non_tech_words: Words = ()
    non_tech_company_words: Words = ()

    @property
    def weights(self) -> dict[str, float]:
        return {part: getattr(self.relevance, part) for part in RELEVANCE_PARTS}

    @property
    def visit_threshold(self) -> float:
        return self.relevance.visit_threshold

    @cached_property
    def event_cues(self) -> Lexicon[str]:
        """Words of the visit-event rules: "meeting", "attendance", "occasion", "signing", "speech",
        "arrival", "press", "internal", "travel", "korea", "deal", "tech", "non_tech" and the
        modalities ("cancelled", ... "upcoming")."""
        kinds = [(name.removesuffix("_words"), getattr(self, name)) for name in EVENT_WORDS]
        kinds += [("korea", self.in_korea_words), ("deal", self.deal_words)]
        kinds += self._modalities
        kinds.append(("after_meeting", self.background_after_meeting))
        kinds.append(("homonym", self.homonyms))  # found to be passed over
        return _cue_lexicon(kinds)

    @cached_property
    def modality_cues(self) -> Lexicon[str]:
        """The modality words alone, to find one that begins inside another cue word ("한국
        [방문을 추진]하고", where "한국 방문" is read first)."""
        return _cue_lexicon(self._modalities)

    @property
    def _modalities(self) -> list[tuple[str, Words]]:
        return [(kind, getattr(self.modality, kind)) for kind in MODALITIES]

    @cached_property
    def delegation(self) -> re.Pattern[str]:
        """A delegation word anywhere (also inside "방문단에는", where the cue words would
        read 방문)."""
        return re.compile("|".join(map(re.escape, self.delegation_words)) or "(?!)")

    @cached_property
    def leads(self) -> re.Pattern[str]:
        """Right after a name: a company or team it leads or founded ("... CEO가 이끄는
        엔비디아는"), whose news is not that person's -- but not a delegation it leads ("이화순
        부지사가 이끄는 대표단은 ... 만찬을 가졌다"): its leader is in the room."""
        return re.compile(
            r"[^,.\n]{0,25}?(?:이끄는|이끌고 있는|세운|창업한|설립한|창립한) "
            rf"(?!(?:\S+ )?\S*(?:{self.delegation.pattern}))"
        )

    @cached_property
    def topic_lexicon(self) -> Lexicon[str]:
        return Lexicon(
            (form, topic)
            for topic, words in self.topics.items()
            for word in words
            for form in surface_forms(word)
        )


def _cue_lexicon(kinds: list[tuple[str, Words]]) -> Lexicon[str]:
    """Every surface form of each kind's words, valued with the kind."""
    return Lexicon(
        (form, kind) for kind, words in kinds for word in words for form in surface_forms(word)
    )


@lru_cache(maxsize=4)
def load_watch_config(path: Path | str | None = None) -> WatchConfig:
    """Load and validate ``config/watchlist.yaml`` (cached per path)."""
    return yamlfile.load_model(path or yamlfile.config_dir() / "watchlist.yaml", WatchConfig)


@dataclass(frozen=True)
class WatchMatch:
    """Why a feed entry matched: watched people, organisations and visit words found."""

    persons: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    score: float = 0.0
    reasons: tuple[str, ...] = ()


class Watchlist:
    """Watched names (from the entity dictionary) and visit words, matched on titles."""

    def __init__(self, dictionary: Dictionary, config: WatchConfig):
        self.dictionary, self.config = dictionary, config
        entries: list[tuple[str, tuple[str, str]]] = []
        for p in dictionary.persons.values():
            if p.watch:
                entries += [(name, ("person", p.id)) for name in (p.name, *p.aliases)]
                entries += [(form, ("short", p.id)) for form in p.short_forms]
        for o in dictionary.organizations.values():
            if o.watch:
                entries += [(name, ("organization", o.id)) for name in (o.name, *o.aliases)]
        entries += [
            (form, ("word", word))
            for word in config.visit_words + config.in_korea_words + config.deal_words
            for form in surface_forms(word)
        ]
        # An executive's title: "<someone> CEO 방한" is worth a look even when the
        # dictionary does not know the person (enrich.events decides after fetching).
        entries += [
            (title, ("title", title))
            for title, rank in dictionary.title_ranks.items()
            if rank in ("top", "senior") and title not in ("대표", "사장")
        ]
        self._lexicon = Lexicon(entries)

    @classmethod
    def load(
        cls, entities_path: Path | str | None = None, watchlist_path: Path | str | None = None
    ) -> Watchlist:
        return cls(load_dictionary(entities_path), load_watch_config(watchlist_path))

    def matches(self, title: str, summary: str = "") -> WatchMatch | None:
        """What of the watchlist a feed entry mentions, or None if it is not worth fetching.

        A watched person named in full ("나델라", "Sam Altman") is enough; a short
        form ("황 CEO", "손 회장"), a watched company ("엔비디아") or an executive's
        title ("클라우드플레어 CEO") needs a visit or deal word too ("방한", "회동",
        "만나", "손잡은").
        """
        found: dict[str, dict[str, None]] = {
            "person": {},
            "short": {},
            "organization": {},
            "word": {},
            "title": {},
        }
        for hit in self._lexicon.find(normalize(f"{title}\n{summary}")):
            for kind, value in hit.values:
                found[kind][value] = None
        persons = list(found["person"])
        weak = [p for p in found["short"] if p not in found["person"]]
        orgs, words, titles = list(found["organization"]), list(found["word"]), list(found["title"])
        if not persons and not (words and (weak or orgs or titles)):
            return None
        reasons = [f"watched person: {', '.join(persons)}"] if persons else []
        if weak:
            reasons.append(f"short form of: {', '.join(weak)}")
        if orgs:
            reasons.append(f"watched organization: {', '.join(orgs)}")
        if titles and not (weak or orgs):
            reasons.append(f"an executive's title: {', '.join(titles)}")
        if words:
            reasons.append(f"visit or deal words: {', '.join(words)}")
        score = min(
            1.0,
            0.6 * bool(persons)
            + 0.2 * bool(weak or orgs)
            + 0.1 * bool(titles and not (weak or orgs))
            + 0.3 * bool(words),
        )
        return WatchMatch(
            tuple(persons + weak), tuple(orgs), tuple(words), round(score, 2), tuple(reasons)
        )

    def search_queries(self) -> list[str]:
        """Portal news-search queries: "<person> <search word>" for every watched person."""
        return [
            f"{p.query} {word}"
            for p in self.dictionary.persons.values()
            if p.watch
            for word in self.config.search_words
        ]
