"""Day references in Korean news text -> calendar dates.

Articles date events relative to their publication: "4일" (the 4th of this
month, or of the last one if the 4th is still to come -- unless a plan, or a
sentence told in the present tense as schedules are, follows it, or a day of a
later month was just named: "다음 달 2일 입국한다 ... 3일 강연을 한다"; a headline's
"4일" is the day its body tells), "지난 25일" (the most
recent 25th), "오는 9일" (the next 9th), "지난달 21일", "2월 4일", and the
anaphoric "이날" (the day just mentioned), "전날" / "다음 날" (one day before /
after it).  :func:`day_references` resolves all of them against the
publication date, in text order: "이날" is the day of the news: the last date named in its
paragraph, or else the last date named within a week of publication (a new
paragraph that says "이날" is back to the news of the day, not to a
background date such as "지난달 21일"), and not a date set apart from it
("지난 6일 입국한 그는 이날 ..."), unless a sentence was told of that day first
("지난 25일 KT는 ... 열었다. 이날 ...").  The other anaphora ("당일", "같은 날",
"전날", "다음 날") count from the day named just before, whatever the
paragraph ("오는 2일 입국해 당일 ...", "... 전날 방문했다.\n그는 같은 날
저녁 ...").  "오늘", "내일" and "어제" count from the day of the news too: in
reported speech ("7일 ... '내일 만난다'고 말했다") they are relative to when it
was said.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

# (not a span of days: "사흘간", "10일 만에"; "10일 만나" is a day and a verb)
_DAY = r"(?P<d>[0-3]?\d)\s*일(?!\s*(?:간|동안|째|치|이내|분|만(?![나났난날])|새|씩))"
_PATTERN = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[년.-]\s*(?P<ym>1[0-2]|0?[1-9])\s*[월.-]\s*(?P<yd>[0-3]?\d)"
    r"(?:\s*일)?(?!\d)"
    r"|(?:(?P<mq>지난|오는)\s*)?(?P<m>1[0-2]|0?[1-9])\s*월\s*"
    + _DAY.replace("?P<d>", "?P<md>")
    + r"|(?P<rel>지난\s?달|이번\s?달|이달|다음\s?달|내달|전달)\s*"
    + _DAY.replace("?P<d>", "?P<rd>")
    + r"|(?:(?P<q>지난|오는)\s*)?"
    + _DAY
    + r"|(?P<ana>이날|당일|같은\s?날|전날|전일|다음\s?날|이튿날|오늘(?!날)|어제|내일)"
)
NEWS_WEEK = 7  # days around publication that "이날" in a new paragraph may refer to
_NOT_AFTER = re.compile(r"[\d.~\-]")  # "2~4일", "1.5일" are not day references
_SENTENCE_END = re.compile(r"[다요]\.(?:\s|$)")
_STAY = re.compile(r"\d\s*박\s*$")  # "1박 2일": a length of stay
_UNTIL = re.compile(r"\s*(?:부터|에서)\s*$")  # "오는 11일부터 14일까지": the range's end
# A plain "N일" that a plan follows is ahead of publication ("2일 방한할 예정").
# (not the noun alone: "12일 ... 만나 이 같은 계획을 설명했다" told of a day gone)
_PLANNED = re.compile(r"[^.\n]{0,40}?(?:예정(?!이었|됐|되었)|할 것으로|한다\b|이다\b)")


@dataclass(frozen=True)
class DayRef:
    start: int
    end: int
    date: date
    explicit: bool  # written as a day number, not "이날"/"전날"


def _month_shift(d: date, months: int, day: int) -> date | None:
    year, month = divmod(d.year * 12 + d.month - 1 + months, 12)
    if not 1 <= day <= calendar.monthrange(year, month + 1)[1]:
        return None
    return date(year, month + 1, day)


def _day_only(published: date, day: int, qualifier: str | None) -> date | None:
    """ "N일": this month unless that is after publication (then last month).

    "오는 N일" looks forward; a plain "N일" up to a week ahead is read as this
    month (announcements: "26일 방한 예정").
    """
    if qualifier == "오는":
        return _month_shift(published, 0 if day >= published.day else 1, day)
    if qualifier == "지난":
        return _month_shift(published, 0 if day < published.day else -1, day)
    return _month_shift(published, 0 if day - published.day <= 7 else -1, day)


def _month_day(published: date, month: int, day: int, qualifier: str | bool | None) -> date | None:
    """ "M월 N일": this year's, unless that is over a month ahead (then last year's); "오는"
    (or *qualifier* True: told as planned) looks forward, to next year's if need be."""
    try:
        when = date(published.year, month, day)
    except ValueError:
        return None
    ahead = qualifier == "오는" or qualifier is True
    if ahead and when < published:
        return _month_shift(when, 12, day)
    if not ahead and when > published + timedelta(days=31):
        return _month_shift(when, -12, day)
    return when


def _told_ahead(text: str, start: int) -> bool:
    """The sentence ends in the present tense, as schedules are told ("30일 코엑스에서 ...
    라운드테이블을 열어 ... 논의한다."): its verb's last syllable before "다." ends in ㄴ
    (한다, 연다, 만난다, 는다), not in ㅆ (했다)."""
    end = _SENTENCE_END.search(text, start, start + 200)
    if end is None or "\n" in text[start : end.start()]:
        return False
    last = text[end.start() - 1]  # the syllable before "다."
    return "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 == _NIEUN


_NIEUN = 4  # the final ㄴ of a Hangul syllable


def _later_that_month(ahead: date | None, day: int, qualifier: str | None) -> date | None:
    """A plain "N일" a few days after the last day named ahead of publication is in that
    day's month ("다음 달 2일 입국한다 ... 3일 강연을 한다": the 3rd of next month)."""
    if qualifier or ahead is None or not ahead.day <= day <= ahead.day + NEWS_WEEK:
        return None
    return _month_shift(ahead, 0, day)


_RELATIVE_MONTH = {"지난달": -1, "전달": -1, "이번달": 0, "이달": 0, "다음달": 1, "내달": 1}
_ANAPHORA = {"이날": 0, "당일": 0, "같은날": 0, "전날": -1, "전일": -1, "다음날": 1, "이튿날": 1}
_DEICTIC = {"오늘": 0, "어제": -1, "내일": 1}


def day_references(text: str, published: date | None) -> list[DayRef]:
    """Every resolvable day reference in *text* (paragraphs separated by "\\n"), in order.

    Without a publication date only full dates ("2025년 2월 4일") resolve.
    """
    refs: list[DayRef] = []
    untold: list[int] = []  # plain days on a line with no sentence: a headline's
    recent = anchor = published  # last date near publication; last date of the paragraph
    named = published  # the day named just before (for 당일, 같은 날, 전날, 다음 날)
    ahead: date | None = None  # the last day named ahead of publication, in another month
    last = 0
    set_apart: DayRef | None = None  # the last day set apart from the news in the paragraph
    for m in _PATTERN.finditer(text):
        if (m.start() and _NOT_AFTER.match(text[m.start() - 1])) or _STAY.search(
            text, max(0, m.start() - 6), m.start()
        ):
            continue
        if "\n" in text[last : m.start()]:
            anchor = recent
            set_apart = None
        last = m.start()
        g = m.groupdict()
        when: date | None = None
        explicit = True
        try:
            if g["y"]:
                when = date(int(g["y"]), int(g["ym"]), int(g["yd"]))
            elif published is None:
                pass
            elif g["m"]:
                # (a day months ahead, told as planned: "6월 13일 방한해 ... 찾을 예정이다")
                planned = not g["mq"] and _PLANNED.match(text, m.end()) is not None
                when = _month_day(published, int(g["m"]), int(g["md"]), g["mq"] or planned)
            elif g["rel"]:
                shift = _RELATIVE_MONTH.get(g["rel"].replace(" ", ""))
                when = None if shift is None else _month_shift(published, shift, int(g["rd"]))
            elif g["d"] and refs and _UNTIL.fullmatch(text, refs[-1].end, m.start()):
                start = refs[-1].date  # the end of a range is on or after its start
                when = _month_shift(start, 0 if int(g["d"]) >= start.day else 1, int(g["d"]))
            elif g["d"] and (later := _later_that_month(ahead, int(g["d"]), g["q"])):
                when = later  # "다음 달 2일 방한 ... 3일 강연": the month of the day ahead
            elif g["d"]:
                planned = not g["q"] and (
                    _PLANNED.match(text, m.end()) is not None or _told_ahead(text, m.end())
                )
                when = _day_only(
                    published,
                    int(g["d"]),
                    "오는" if planned else g["q"],
                )
                if not g["q"] and not planned and _headline_line(text, m.start()):
                    untold.append(len(refs))
            else:
                word = g["ana"].replace(" ", "")
                explicit = False
                base = anchor if word == "이날" or word in _DEICTIC else named
                if (
                    word == "이날"
                    and set_apart
                    and _SENTENCE_END.search(text, set_apart.end, m.start())
                ):
                    base = set_apart.date  # "지난 25일 ... 열었다. 이날 ...": that day, told
                when = base + timedelta(days=_ANAPHORA.get(word, _DEICTIC.get(word, 0)))
        except ValueError:
            when = None
        if when is None:
            continue
        refs.append(DayRef(m.start(), m.end(), when, explicit))
        named = when
        if explicit and published is not None and when > published:
            ahead = when if (when.year, when.month) != (published.year, published.month) else None
        contrast = bool(g.get("q") or g.get("mq")) or (g.get("rel") or "").replace(" ", "") in (
            "지난달",
            "전달",
            "다음달",
            "내달",
        )
        if explicit and contrast and anchor == recent and recent is not None:
            set_apart = refs[-1]
        elif explicit:
            anchor, set_apart = when, None
            if published is None or abs((when - published).days) <= NEWS_WEEK:
                recent = when
    for k in untold:  # "…30일 코엑스서 라운드테이블": the day the body tells with its sentence
        told = next(
            (r for r in refs[k + 1 :] if r.explicit and r.date.day == refs[k].date.day), None
        )
        if told is not None:
            refs[k] = DayRef(refs[k].start, refs[k].end, told.date, True)
    return refs


def _headline_line(text: str, at: int) -> bool:
    """The line around *at* has no sentence ending: a headline (or a label)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return _SENTENCE_END.search(text[start : end if end >= 0 else len(text)] + " ") is None


def day_numbers(text: str) -> list[tuple[int, int]]:
    """(offset, day) of plain day references ("4일", "지난 25일") that cannot be
    resolved without a publication date: they still tell which day of the
    month a meeting was, which is enough to join two reports of one visit."""
    out = []
    for m in _PATTERN.finditer(text):
        if m.group("d") and not (m.start() and _NOT_AFTER.match(text[m.start() - 1])):
            day = int(m.group("d"))
            if 1 <= day <= 31:
                out.append((m.start(), day))
    return out
