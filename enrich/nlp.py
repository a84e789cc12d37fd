"""Korean morphological analysis with kiwipiepy: one analyser per process.

Building a :class:`kiwipiepy.Kiwi` takes one to two seconds and a few
hundred MB, so the process keeps exactly one (:func:`get_kiwi`), built on
first use with the entity dictionary's names as user words: "사티아 나델라",
"SK하이닉스" or "LG에너지솔루션" then come out as one proper noun instead of
pieces.  Texts are analysed in batches (:func:`analyze_texts`) because Kiwi
spreads a batch over its worker threads.

From the morphemes this module derives the two search fields of a document:
``tokens`` (content morphemes, particles and endings stripped) and
``keywords`` (the article's salient nouns, weighted).
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
import weakref
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from kiwipiepy import Kiwi

from enrich import yamlfile
from enrich.dictionary import load_dictionary
from enrich.lexicon import term_key
from enrich.yamlfile import Lists, Words

log = logging.getLogger(__name__)

# Content morphemes kept for search: nouns, verb/adjective stems, roots,
# foreign words (SL), Hanja (SH) and numbers (SN).
CONTENT_TAGS = frozenset({"NNG", "NNP", "VV", "VA", "XR", "SL", "SH", "SN"})
NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "SH"})

# Where a paragraph sits in the document, and how much a keyword there counts.
POSITION_WEIGHT = {"title": 3.0, "subtitle": 2.0, "lead": 1.5, "body": 1.0}


class Morph(NamedTuple):
    """One morpheme (a tuple: made by the hundred per article, it must be cheap)."""

    form: str
    tag: str  # Kiwi tag without its irregular-conjugation suffix ("VV-I" -> "VV")
    start: int
    end: int


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int
    morphs: list[Morph]


@dataclass
class TextAnalysis:
    """One document's text (title, subtitles, body paragraphs joined by "\\n") analysed."""

    text: str
    paragraphs: list[tuple[int, int, str]]  # (start, end, position) with POSITION_WEIGHT keys
    sentences: list[Sentence] = field(default_factory=list)
    # where the nouns Kiwi does not know start (it guessed their tag): a common noun it does
    # know ("가운데") is never part of a name, one it guessed may be ("롤란트")
    guessed: set[int] = field(default_factory=set, repr=False)
    # noun runs by the spans they leave out: tokens() and keywords() ask for the same ones
    noun_runs: dict[tuple, list[tuple[int, int, int]]] = field(default_factory=dict, repr=False)
    _morphs: list[Morph] | None = field(default=None, repr=False)

    def morphs(self) -> list[Morph]:
        """All morphemes in text order (one list, kept: every stage walks them)."""
        if self._morphs is None:
            self._morphs = [m for sentence in self.sentences for m in sentence.morphs]
        return self._morphs

    def position(self, offset: int) -> str:
        """The position of the paragraph around *offset* (paragraphs are in text order)."""
        i = bisect_right(self.paragraphs, (offset, float("inf"))) - 1
        if i >= 0 and offset <= self.paragraphs[i][1]:
            return self.paragraphs[i][2]
        return "body"

    @property
    def lead_end(self) -> int:
        """End of the lead: title, subtitles and the first body paragraph."""
        ends = [end for _, end, position in self.paragraphs if position != "body"]
        return max(ends, default=0)


# --- the analyser -------------------------------------------------------------------------

_BASE_TAGS: dict[str, str] = {}  # Kiwi tag -> Morph.tag


def _base_tag(tag: str) -> str:
    _BASE_TAGS[tag] = tag.split("-", 1)[0]
    return _BASE_TAGS[tag]


_kiwi: Kiwi | None = None
_UNTHREADED: weakref.WeakSet[Kiwi] = weakref.WeakSet()  # built with num_workers=0 (Kiwi says 1)
_kiwi_lock = threading.Lock()


def build_kiwi(num_workers: int = -1, dictionary_path: Path | str | None = None) -> Kiwi:
    """A new analyser with the entity dictionary's names as proper nouns (slow: a second).

    Without Kiwi's multi-word dictionary (titles of works, foreign firms' names in
    several words): it doubles the load time and adds about 190 MB to every process that
    analyses, while the names newsmon looks for are the entity dictionary's own user words.
    The visit-event figures of the labelled sets are the same with or without it.
    """
    started = time.perf_counter()
    with warnings.catch_warnings():  # "num_workers=0 changed in 0.21": no threads, as wanted
        warnings.simplefilter("ignore", DeprecationWarning)
        kiwi = Kiwi(num_workers=num_workers, load_multi_dict=False)
    if num_workers == 0:
        _UNTHREADED.add(kiwi)
    words = load_dictionary(dictionary_path).user_words()
    for word in words:
        kiwi.add_user_word(word, "NNP", 0.0)  # False = already known: fine
    log.info("Kiwi loaded with %d user words in %.1f s", len(words), time.perf_counter() - started)
    return kiwi


def get_kiwi() -> Kiwi:
    """The process's analyser, built on first use (thread-safe)."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                _kiwi = build_kiwi()
    return _kiwi


def loaded_kiwi() -> Kiwi | None:
    """The process's analyser if it has one (none is built)."""
    return _kiwi


def set_kiwi(kiwi: Kiwi | None) -> None:
    """Replace the process's analyser (benchmarks: a single-threaded one)."""
    global _kiwi
    _kiwi = kiwi


@lru_cache(maxsize=4)
def _unknown_ids(kiwi: Kiwi) -> int:
    """Kiwi's first morphemes are one empty form per tag, the ids of the words it does not
    know: every id below the one returned."""
    known = 0
    while not kiwi.morpheme(known).form:
        known += 1
    return known


def compose(
    title: str | None, subtitles: Sequence[str] = (), body: str | None = ""
) -> TextAnalysis:
    """Join the parts of a document into one text with paragraph positions, unanalysed."""
    parts: list[tuple[str, str]] = []
    if title and title.strip():
        parts.append((title.strip(), "title"))
    parts += [(s.strip(), "subtitle") for s in subtitles if s and s.strip()]
    body_lines = [line.strip() for line in (body or "").split("\n") if line.strip()]
    parts += [(line, "lead" if i == 0 else "body") for i, line in enumerate(body_lines)]
    text, paragraphs = "", []
    for line, position in parts:
        start = len(text) + (1 if text else 0)
        text = f"{text}\n{line}" if text else line
        paragraphs.append((start, len(text), position))
    return TextAnalysis(text, paragraphs)


def analyze_texts(docs: Sequence[TextAnalysis], kiwi: Kiwi | None = None) -> list[TextAnalysis]:
    """Fill in the sentences of each composed text: all paragraphs in one Kiwi batch (over
    its threads), or one by one when it has none (``num_workers=0``: a Kiwi that forked
    processes can share, see :mod:`crawler.enrich_pool`)."""
    kiwi = kiwi or get_kiwi()
    jobs = [
        (doc, index, start, end)
        for doc in docs
        for index, (start, end, _) in enumerate(doc.paragraphs)
    ]
    texts = (doc.text[start:end] for doc, _, start, end in jobs)
    if kiwi in _UNTHREADED:
        results = (kiwi.tokenize(text, split_sents=True) for text in texts)
    else:
        results = kiwi.tokenize(texts, split_sents=True)
    tags, unknown = _BASE_TAGS, _unknown_ids(kiwi)
    for (doc, index, offset, _), sentences in zip(jobs, results, strict=True):
        for tokens in sentences:
            morphs = []
            for t in tokens:
                start, tag = offset + t.start, t.tag
                morphs.append(Morph(t.form, tags.get(tag) or _base_tag(tag), start, start + t.len))
                if t.id < unknown:
                    doc.guessed.add(start)
            if morphs:
                doc.sentences.append(Sentence(morphs[0].start, morphs[-1].end, index, morphs))
    for doc in docs:
        doc._morphs = None  # morphs() lists them anew
    return list(docs)


# --- search fields ------------------------------------------------------------------------


class NlpFile(Lists):
    """``config/nlp.yaml``."""

    keyword_stopwords: Words = ()


@lru_cache(maxsize=4)
def keyword_stopwords(path: Path | str | None = None) -> frozenset[str]:
    """``config/nlp.yaml``'s keyword_stopwords, compared by :func:`term_key`."""
    config = yamlfile.load_model(path or yamlfile.config_dir() / "nlp.yaml", NlpFile)
    return frozenset(map(term_key, config.keyword_stopwords))


def tokens(analysis: TextAnalysis, names: Mapping[tuple[int, int], str] = {}) -> list[str]:
    """Content morphemes in text order, lower-cased, for search.

    A recognised name spanning several morphemes is one token (*names* maps
    its span to the name as written, e.g. "사티아 나델라"); a compound of
    touching nouns is emitted whole after its parts ("인공", "지능",
    "인공지능"), so a search for either form finds it.  Lower case because the
    ``tokens`` field's analyzer (``whitespace``, the one every cluster has)
    does not fold case, and a query goes through this same function: "ai",
    "AI" and "Ai" are one token, "deepseek" finds "DeepSeek".
    """
    out: list[str] = []
    skip_until = -1
    starts = {start: (end, name) for (start, end), name in names.items()}
    compounds = {
        end: analysis.text[start:end]
        for start, end, size in _noun_runs(analysis, sorted(names))
        if size > 1
    }
    for m in analysis.morphs():
        if m.start < skip_until:
            continue
        if m.start in starts:
            skip_until, name = starts[m.start]
            out.append(name.lower())
            continue
        if m.tag in CONTENT_TAGS:
            out.append(m.form.lower())
        if m.end in compounds:
            out.append(compounds[m.end].lower())
    return out


def keywords(
    analysis: TextAnalysis,
    names: Mapping[tuple[int, int], str] = {},
    stopwords: frozenset[str] | None = None,
    top: int = 15,
) -> list[dict]:
    """Salient nouns and noun compounds with weights in (0, 1], best first.

    A candidate is a recognised name (counted under its canonical name, so
    "MS" and "마이크로소프트" add up) or a run of touching nouns ("데이터"+"센터"
    -> "데이터센터"). It scores its frequency, weighted by where it occurs
    (title > subtitle > lead > body); news-prose stopwords, single Hangul
    syllables and numbers are left out.
    """
    stopwords = keyword_stopwords() if stopwords is None else stopwords
    scores: Counter[str] = Counter()
    covered = sorted(names)  # name spans: counted as names, not as their pieces
    for (start, _), name in names.items():
        scores[name] += POSITION_WEIGHT[analysis.position(start)]
    for start, end, _ in _noun_runs(analysis, covered):
        word = analysis.text[start:end]
        if _keyword_ok(word, stopwords):
            scores[word] += POSITION_WEIGHT[analysis.position(start)]
    for word in [w for w in scores if not _keyword_ok(w, stopwords)]:
        del scores[word]
    best = scores.most_common(top)
    if not best:
        return []
    high = best[0][1]
    return [{"term": word, "weight": round(score / high, 3)} for word, score in best]


def _noun_runs(
    analysis: TextAnalysis, covered: list[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """(start, end, morpheme count) of maximal runs of touching nouns outside the sorted
    *covered* spans (worked out once per analysis and spans)."""
    key = tuple(covered)
    if key not in analysis.noun_runs:
        analysis.noun_runs[key] = list(_find_noun_runs(analysis, covered))
    return analysis.noun_runs[key]


def _find_noun_runs(
    analysis: TextAnalysis, covered: list[tuple[int, int]]
) -> Iterable[tuple[int, int, int]]:
    starts = [start for start, _ in covered]

    def inside(m: Morph) -> bool:
        i = bisect_right(starts, m.start) - 1
        return i >= 0 and m.start < covered[i][1]

    for sentence in analysis.sentences:
        run: list[Morph] = []
        for m in sentence.morphs:
            noun = m.tag in NOUN_TAGS and not inside(m)
            if run and (not noun or run[-1].end != m.start):
                yield run[0].start, run[-1].end, len(run)
                run = []
            if noun:
                run.append(m)
        if run:
            yield run[0].start, run[-1].end, len(run)


def _keyword_ok(word: str, stopwords: frozenset[str]) -> bool:
    key = term_key(word)
    return len(key) >= 2 and key not in stopwords and not key.isdigit()
