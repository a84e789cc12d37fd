"""Text-level Korean news boilerplate cleaner.

Runs on what an "all visible text" extractor returns (one block per line) and
on trafilatura's output alike.  Two passes:

1. **Rules** (``config/boilerplate.yaml``): each line is tested against the
   categorised patterns - weather widgets, date stamps, menus, share/print/
   font-size/translation controls, photo notes and captions, bylines,
   copyright, portal notices, related/most-read lists, comments, widgets,
   footers.  A matching line is dropped and keeps the id of the rule.
2. **Position**: the article body is the stretch of the page where prose
   outweighs everything else.  Each line scores its length when it reads like
   a sentence and a penalty otherwise (heavier for lines that open a
   related-list, copyright, widget or footer section), and the body is the
   maximum-sum run of lines.  That keeps short paragraphs, quotes and
   crossheads inside the body and drops menus, teasers and headline lists
   outside it, on outlets no rule was written for.  The headline and the
   deck (subtitle lines) are found just before the body: headline-shaped lines
   that share vocabulary with the body, preferring one the page repeats.
3. **Guard**: a positional cut may not throw away much of the article.  When
   the lines it would drop next to the body (not behind a boundary line, which
   explains them) hold more sentence-like text than a bounded share of the body,
   or more than a few sentence-like paragraphs, those lines are kept and
   recorded (``CleanResult.guarded``, ``kept_by_guard`` in
   ``boilerplate_removed``): on trafilatura's output this makes trafilatura's
   own text the floor, less only what a rule explains.

Every dropped line records the rule (or positional reason) that dropped it.
A text with no sentence-like paragraph at all is no article
(:attr:`CleanResult.no_article` says why).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from enrich import bylines
from enrich.rules import RuleSet, load_rules
from enrich.text import split_lines

# Rule ids of the positional pass (the data-driven ones live in boilerplate.yaml).
BEFORE_BODY = "structure.before-body"
AFTER_BODY = "structure.after-body"
REPEATED_IN_PAGE = "structure.repeated-in-page"
REPEATED_ACROSS_PAGES = "structure.repeated-across-pages"
KNOWN_TITLE = "structure.title-repeated"
_SECTION_TAG = re.compile(r"^\s*[\[【<][^\]】>]{1,20}[\]】>]\s*")
CAPTION_AFTER_IMAGE = "image_notes.caption-after-image"
# How far into the body the dateline is looked for (a portal's summary may come first).
_DATELINE_WITHIN = 3
# Categories whose lines sit next to the headline (date stamps, bylines).
_HEADER_META = {"dates", "bylines"}

_HANGUL_PAIR = re.compile(r"(?=([가-힣]{2}))")
# A headline or deck line does not end like a finished written sentence ("...했다.").
_SENTENCE_END = re.compile(r"(?:[다요죠]\.|니다)\s*$")


@dataclass
class LineDecision:
    """What the cleaner did with one input line."""

    index: int  # 0-based line number in the input
    text: str  # the normalised line
    keep: bool
    role: str  # "title" | "subtitle" | "body" | "drop" | "blank"
    rule: str | None = None  # rule id that dropped the line
    category: str | None = None  # category of that rule
    guard: str | None = None  # kept although this positional rule would have dropped it


@dataclass
class CleanResult:
    lines: list[LineDecision]
    title: str | None = None
    subtitles: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    no_article: str | None = None  # why the text holds no article, or None
    # Cuts a guard refused: (rule, lines, chars), from this cleaner or from extraction.
    guarded: list[tuple[str, int, int]] = field(default_factory=list)

    def text(self) -> str:
        """Title, subtitle lines and body paragraphs, one per line."""
        return article_text(self.title, self.subtitles, self.paragraphs)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)

    def dropped(self, category: str | None = None) -> list[LineDecision]:
        return [
            d
            for d in self.lines
            if d.role == "drop" and (category is None or d.category == category)
        ]

    def opening_dateline(self) -> str | None:
        return next(filter(None, map(bylines.dateline, self.paragraphs[:_DATELINE_WITHIN])), None)

    def reporters(self) -> tuple[list[str], list[str]]:
        """(names, e-mails) from the body's opening dateline (in one of its first paragraphs: a
        teaser may come first) and the dropped byline/date lines."""
        lines = [
            d.text
            for d in self.lines
            if d.category in ("bylines", "dates")
            or (d.role == "drop" and bylines.signed_off(d.text))
        ]  # (also a broadcaster's sign-off: "연합뉴스TV 최지숙입니다. (js173@yna.co.kr)")
        opening = self.opening_dateline()
        if opening:
            lines.insert(0, opening)
        names = [name for line in lines for name in bylines.reporter_names(line)]
        emails = [address for line in lines for address in bylines.emails(line)]
        return list(dict.fromkeys(names)), list(dict.fromkeys(emails))

    def removed(self) -> dict:
        """``{lines, chars, by_rule[, kept_by_guard]}`` for the document's ``boilerplate_removed``.

        ``kept_by_guard`` (``{lines, chars, by_rule}``) is there when a guard kept text
        that a rule would have cut.
        """
        dropped = self.dropped()
        removed = {
            "lines": len(dropped),
            "chars": sum(len(d.text) for d in dropped),
            "by_rule": dict(Counter(d.rule for d in dropped).most_common()),
        }
        if self.guarded:
            by_rule: Counter[str] = Counter()
            for rule, lines, _ in self.guarded:
                by_rule[rule] += lines
            removed["kept_by_guard"] = {
                "lines": sum(lines for _, lines, _ in self.guarded),
                "chars": sum(chars for _, _, chars in self.guarded),
                "by_rule": dict(by_rule.most_common()),
            }
        return removed


def article_text(title: str | None, subtitles: list[str], paragraphs: list[str]) -> str:
    """The `newsmon clean` output: title, subtitle lines, body paragraphs, one per line."""
    return "\n".join(([title] if title else []) + subtitles + paragraphs)


def _bigrams(text: str) -> set[str]:
    return set(_HANGUL_PAIR.findall(text))


def _overlap(line: str, body_pairs: set[str]) -> float:
    pairs = _bigrams(line)
    if not pairs:  # no Hangul: compare words instead
        words = set(re.findall(r"\w{2,}", line.lower()))
        return len(words & body_pairs) / len(words) if words else 0.0
    return len(pairs & body_pairs) / len(pairs)


def _max_run(scores: list[float]) -> tuple[int, int] | None:
    """(start, end) inclusive of the maximum-sum contiguous run, or None if nothing is positive."""
    best, best_span = 0.0, None
    run, start = 0.0, 0
    for i, s in enumerate(scores):
        if run <= 0:
            run, start = 0.0, i
        run += s
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def _extend(
    span: tuple[int, int], lines: list[str], free: list[bool], prose: list[bool], max_gap: int
) -> tuple[int, int]:
    """Widen the body over prose that only a few short unruled lines (a list, crossheads) cut off."""
    start, end = span
    for step in (-1, 1):
        edge = start if step < 0 else end
        while True:
            gap, i = 0, edge + step
            while 0 <= i < len(lines) and (not lines[i] or (free[i] and not prose[i])):
                gap += bool(lines[i])
                i += step
            if not (0 <= i < len(lines)) or not prose[i] or gap > max_gap:
                break
            edge = i
        start, end = (edge, end) if step < 0 else (start, edge)
    return start, end


def _squash(text: str) -> str:
    return "".join(text.split())


def _untagged(title: str) -> str:
    """The title without its section tag ("[IT] ..."): the page's own headline line."""
    return _squash(_SECTION_TAG.sub("", title, count=1))


def clean_text(
    text: str,
    *,
    title: str | None = None,
    subtitles: Iterable[str] = (),
    rules: RuleSet | None = None,
    repeated: set[str] | frozenset[str] = frozenset(),
) -> CleanResult:
    """Split *text* into headline, deck and body, dropping boilerplate line by line.

    *title* / *subtitles*: already known from the page's markup; lines equal
    to them are not repeated in the body and the title is not searched for.
    *repeated*: lines seen on many other pages of the same site
    (see :class:`RepeatedLines`); they are dropped as boilerplate.
    """
    lines = []
    for line in split_lines(text):
        lines.extend(bylines.split_glued_byline(line) or (line,))
    page = _Page(lines, rules or load_rules(), title, subtitles, repeated)
    span = page.body_span()
    page.keep_body(span, page.guard(span) if span else set())
    if span is not None:
        deck = page.deck(span[0])
        if not title:
            deck = page.headline(span[0], deck)
        deck = sorted(set(deck) | set(page.under_headline(span[0])))
        for i in deck:
            page.keep(i, "subtitle")
    return page.result(span)


class _Page:
    """One text's lines and what the passes decided about each."""

    def __init__(
        self,
        lines: list[str],
        rules: RuleSet,
        title: str | None,
        subtitles: Iterable[str],
        repeated: set[str] | frozenset[str],
    ):
        self.lines, self.st, n = lines, rules.structure, len(lines)
        self.decisions = [
            LineDecision(i, line, False, "blank" if not line else "drop")
            for i, line in enumerate(lines)
        ]
        self.counts = Counter(line for line in lines if line)
        self.matched = [False] * n  # dropped by a rule (or as the known title/deck)
        self.boundary = [False] * n  # ... by a rule of a boundary category
        self.free = [False] * n  # non-blank and no rule matched
        self.readable = [False] * n  # free and ends like a sentence or holds two or more
        self.prose = [False] * n  # readable, ends like a sentence, once on the page
        self.sentences = [False] * n  # readable and once on the page (the guard's unit)
        self.paragraphs: list[str] = []
        self.body_pairs: set[str] = set()
        known = {f(s) for s in (title, *subtitles) if s for f in (_squash, _untagged)}
        self._classify(rules, known, repeated)

    def _drop(self, i: int, rule: str, category: str, boundary: bool = False) -> None:
        self.decisions[i].rule, self.decisions[i].category = rule, category
        self.matched[i], self.boundary[i] = True, boundary

    def keep(self, i: int, role: str) -> None:
        d = self.decisions[i]
        d.keep, d.role, d.rule, d.category = True, role, None, None

    def _classify(
        self, rules: RuleSet, known: set[str], repeated: set[str] | frozenset[str]
    ) -> None:
        """The rules pass: every line is matched, dropped or marked free (and maybe prose)."""
        lines, st = self.lines, self.st
        found = [rules.match(line) if line else None for line in lines]
        nonblank = [i for i in range(len(lines)) if lines[i]]
        for k in _runs_and_series(
            [found[i] if found[i] is not None and found[i].not_in_runs else None for i in nonblank]
        ):
            found[nonblank[k]] = None
        after_image = False
        for i in nonblank:
            line, rule = lines[i], found[i]
            if known and _squash(line) in known:
                self._drop(i, KNOWN_TITLE, "structure")
            elif rule is not None:
                self._drop(i, rule.id, rule.category, rule.boundary)
            elif after_image and st.caption_after_image.search(line):
                self._drop(i, CAPTION_AFTER_IMAGE, "image_notes")
            elif line in repeated:
                self._drop(i, REPEATED_ACROSS_PAGES, "structure")
            else:
                self.free[i] = True
                ends = st.prose_end.search(line) is not None
                self.readable[i] = len(line) >= st.min_prose_chars and (
                    ends
                    or (len(st.sentence_end.findall(line)) >= 2 and not st.teaser_end.search(line))
                )
                self.sentences[i] = self.readable[i] and self.counts[line] == 1
                self.prose[i] = self.sentences[i] and ends
            after_image = rule is not None and rule.marks == "image"

    def body_span(self) -> tuple[int, int] | None:
        """The maximum-scoring run of lines, widened over short interruptions; None without prose."""
        st = self.st
        scores = [
            (len(line) if self.prose[i] else -st.short_line_penalty)
            if self.free[i]
            else (-st.boundary_penalty if self.boundary[i] else -st.rule_line_penalty)
            if self.matched[i]
            else 0
            for i, line in enumerate(self.lines)
        ]
        span = _max_run(scores)
        return _extend(span, self.lines, self.free, self.prose, st.max_short_gap) if span else None

    def guard(self, span: tuple[int, int]) -> set[int]:
        """Lines outside *span* that the positional pass may not drop (see the module docstring).

        Walking away from the body on each side until a boundary line, the
        sentence-like lines and the short free lines between them (at most
        ``max_short_gap`` in a row) are candidates; rule-matched lines stay dropped.
        They are kept only when they hold more than ``guard_max_cut_share`` of the
        text (body plus candidates) or more than ``guard_max_cut_paragraphs``
        sentence-like lines: below that the cut is a stray line, not the article.
        """
        st, kept = self.st, set()
        for edge, step in ((span[1], 1), (span[0], -1)):
            gap: list[int] = []
            i = edge + step
            while 0 <= i < len(self.lines) and not self.boundary[i]:
                if self.sentences[i]:
                    kept.update(gap, (i,))
                    gap = []
                elif self.free[i]:
                    gap.append(i)
                    if len(gap) > st.max_short_gap:
                        break
                i += step
        cut = [i for i in kept if self.sentences[i]]
        cut_chars = sum(len(self.lines[i]) for i in cut)
        body_chars = sum(len(self.lines[i]) for i in range(span[0], span[1] + 1) if self.free[i])
        if (
            cut_chars <= st.guard_max_cut_share * (body_chars + cut_chars)
            and len(cut) <= st.guard_max_cut_paragraphs
        ):
            return set()
        return kept

    def keep_body(self, span: tuple[int, int] | None, guarded: set[int]) -> None:
        """Free lines inside the span (and the *guarded* ones) are the body; all free lines when
        there is no prose at all."""
        start, end = span or (0, len(self.lines) - 1)
        summary, seen = self._summary_above_dateline(start, end), set()
        for i in sorted(guarded | set(range(start, end + 1))):
            line = self.lines[i]
            if not self.free[i]:
                continue
            if i in summary or (
                line in seen and not self.prose[i] and len(line) >= self.st.headline_min_chars
            ):
                self._drop(i, REPEATED_IN_PAGE, "structure")
                continue
            seen.add(line)
            self.keep(i, "body")
            if i in guarded:
                self.decisions[i].guard = BEFORE_BODY if i < start else AFTER_BODY
            self.paragraphs.append(line)
        self.body_pairs = set().union(*map(_bigrams, self.paragraphs)) if self.paragraphs else set()
        if not self.body_pairs:  # no Hangul in the body: compare words
            self.body_pairs = {w for p in self.paragraphs for w in re.findall(r"\w{2,}", p.lower())}

    def _summary_above_dateline(self, start: int, end: int) -> set[int]:
        """The lines before the body's opening dateline that its paragraphs repeat (a portal's
        summary: "자동요약" above "【서울=뉴시스】이근홍 기자 = ..."): the body's copy is the
        article's."""
        free = [i for i in range(start, end + 1) if self.free[i]][: _DATELINE_WITHIN + 1]
        opening = next((i for i in free if bylines.dateline(self.lines[i])), None)
        if opening is None:
            return set()
        after = {
            bylines.without_dateline(self.lines[j]) for j in range(opening, end + 1) if self.free[j]
        }
        return {i for i in free if i < opening and self.lines[i] in after}

    def _headline_like(self, i: int) -> bool:
        line = self.lines[i]
        return (
            self.free[i]
            and self.st.headline_min_chars <= len(line) <= self.st.headline_max_chars
            and " " in line
            and not _SENTENCE_END.search(line)
        )

    def deck(self, start: int) -> list[int]:
        """Headline-shaped lines right before the body (rule-dropped lines may sit between)."""
        deck: list[int] = []
        i = start - 1
        while i >= 0 and len(deck) < self.st.subtitle_max_lines:
            if self.decisions[i].rule == KNOWN_TITLE:
                break
            if self.lines[i] and not (self.matched[i] and not self.boundary[i]):
                if (
                    not self._headline_like(i)
                    or _overlap(self.lines[i], self.body_pairs) < self.st.min_subtitle_overlap
                ):
                    break
                deck.insert(0, i)
            i -= 1
        return deck

    def under_headline(self, start: int) -> list[int]:
        """Headline-shaped lines right under the headline, when a byline, a date or a
        share counter stands between them and the body ("<h1>...</h1><p>deck</p>" above
        "이소희 기자 / 발행 2020-04-21"): the deck walked back from the body stops there."""
        heads = [
            i
            for i in range(start)
            if self.decisions[i].rule == KNOWN_TITLE or self.decisions[i].role == "title"
        ]
        deck: list[int] = []
        i = heads[-1] + 1 if heads else start
        while i < start and len(deck) < self.st.subtitle_max_lines:
            if self.lines[i]:
                if (
                    not self._headline_like(i)
                    or _overlap(self.lines[i], self.body_pairs) < self.st.min_subtitle_overlap
                ):
                    break
                deck.append(i)
            i += 1
        return deck

    def _meta_follows(self, i: int) -> bool:
        """A date or byline line within the next three non-blank lines."""
        ahead = [j for j in range(i + 1, min(len(self.lines), i + 12)) if self.lines[j]][:3]
        return any(self.decisions[j].category in _HEADER_META for j in ahead)

    def headline(self, start: int, deck: list[int]) -> list[int]:
        """Mark the headline: the page's repeated headline, else the first headline-shaped line
        followed closely by a date or byline, else the first deck line.  Returns the deck after it."""
        window = [
            i
            for i in range(max(0, start - self.st.title_search_lines), start)
            if self._headline_like(i)
            and _overlap(self.lines[i], self.body_pairs) >= self.st.min_title_overlap
        ]
        repeated = [i for i in window if self.counts[self.lines[i]] > 1]
        with_meta = [i for i in window if self._meta_follows(i)]
        pick = (
            repeated[-1]
            if repeated
            else with_meta[0]
            if with_meta
            else deck[0]
            if deck
            else window[-1]
            if window
            else None
        )
        if pick is None:
            return deck
        self.keep(pick, "title")
        return [i for i in deck if i > pick and _squash(self.lines[i]) != _squash(self.lines[pick])]

    def result(self, span: tuple[int, int] | None) -> CleanResult:
        start = span[0] if span else 0
        for d in self.decisions:
            if d.role == "drop" and d.rule is None:
                d.rule, d.category = (BEFORE_BODY if d.index < start else AFTER_BODY), "structure"
        by_role = {
            role: [d.text for d in self.decisions if d.role == role]
            for role in ("title", "subtitle")
        }
        guarded = Counter(d.guard for d in self.decisions if d.guard)
        return CleanResult(
            self.decisions,
            (by_role["title"] or [None])[0],
            by_role["subtitle"],
            self.paragraphs,
            no_article=self._no_article(),
            guarded=[
                (rule, n, sum(len(d.text) for d in self.decisions if d.guard == rule))
                for rule, n in guarded.items()
            ],
        )

    def _no_article(self) -> str | None:
        """Why the text is no article (no sentence-like paragraph, or too little), or None.

        Repeated lines count here (a page may show its article twice), unlike in scoring.
        """
        st = self.st
        chars = sum(
            len(d.text) for d in self.decisions if d.role == "body" and self.readable[d.index]
        )
        if not chars:
            lines = sum(1 for line in self.lines if line)
            return (
                f"no sentence-like paragraph among {lines} lines "
                "(widgets, menus, link lists or captions only)"
            )
        if chars < st.min_article_chars:
            return (
                f"only {chars} characters of sentence-like text "
                f"(an article has at least {st.min_article_chars})"
            )
        return None


class RepeatedLines:
    """Counts lines across pages of one site; lines on many pages are boilerplate.

    The crawler keeps one per source: ``seen.add(text)`` for every page, then
    ``clean_text(text, repeated=seen.frequent())``.  Body paragraphs are
    unique to their article, while menus, footers and promos repeat.
    """

    def __init__(self, min_pages: int = 3, min_share: float = 0.5):
        self.pages = 0
        self.counts: Counter[str] = Counter()
        self.min_pages, self.min_share = min_pages, min_share

    def add(self, text: str) -> None:
        self.pages += 1
        self.counts.update({line for line in split_lines(text) if line})

    def frequent(self) -> frozenset[str]:
        if self.pages < self.min_pages:
            return frozenset()
        floor = max(self.min_pages, self.min_share * self.pages)
        return frozenset(line for line, c in self.counts.items() if c >= floor)


_SERIES = 4  # lines of one rule, each a few lines after the last: the items of a list
_SERIES_GAP = 3


def _runs_and_series(found: list) -> list[int]:
    """Where a rule that stands for single lines does not apply: lines next to another of
    its lines (a run of "▲..." lines is a list, a single one is a photo caption), and
    lines of a series of ``_SERIES`` or more, each one to ``_SERIES_GAP - 1`` lines after the
    last (the item heads of a digest: "▲headline", its summary, its link, "▲headline")."""
    out: set[int] = set()
    chain: list[int] = []
    for k, rule in enumerate(found):
        if rule is None:
            continue
        if chain and found[chain[-1]] is rule and k - chain[-1] == 1:
            out.update((chain[-1], k))
        if chain and (found[chain[-1]] is not rule or not 1 < k - chain[-1] <= _SERIES_GAP):
            if len(chain) >= _SERIES:
                out.update(chain)
            chain = []
        chain.append(k)
    if len(chain) >= _SERIES:
        out.update(chain)
    return sorted(out)
