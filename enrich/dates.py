"""Korean news datetimes -> ISO 8601 in Korea Standard Time (+09:00).

Korean pages write times in many shapes: ``기사입력 : 2025년02월04일 16:20``,
``입력 2025.02.04 16:20``, ``2018-11-07 16:12:56``, Naver's
``2025.02.04. 오후 4:20``, Daum's ``2025. 2. 26. 18:41``, compact
``20250226184101`` and proper ISO strings with or without an offset.  Every
datetime leaves this module as ``YYYY-MM-DDTHH:MM:SS+09:00`` so the index
compares like with like; a time given in another zone is converted to KST.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

KST = timezone(timedelta(hours=9), "KST")

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)
# Date part: 2025년 2월 4일 / 2025.02.04. / 2025-02-04 / 2025/02/04 / 2025. 2. 26.
_DATE = (
    r"(?P<y>(?:19|20)\d{2})\s*(?:년|[.\-/])\s*(?P<mo>\d{1,2})\s*(?:월|[.\-/])\s*(?P<d>\d{1,2})"
    r"(?![\d])\s*(?:일|\.)?"
)
# Optional time part: 16:20, 16:20:11, 오후 4:20, 16시 20분, with an optional weekday between.
_TIME = (
    r"(?:\s*(?:\(?[월화수목금토일]\)?(?:요일)?\s*)?(?P<ampm>오전|오후|AM|PM|am|pm)?\s*"
    r"(?P<h>\d{1,2})\s*(?::|시\s*)(?P<mi>\d{2})(?:\s*(?::|분\s*)(?P<s>\d{2})초?)?)?"
)
_KOREAN = re.compile(_DATE + _TIME)
_COMPACT = re.compile(
    r"(?<!\d)(?P<y>20\d{2})(?P<mo>[01]\d)(?P<d>[0-3]\d)(?P<h>[0-2]\d)(?P<mi>[0-5]\d)(?P<s>[0-5]\d)?(?!\d)"
)

# Labels that introduce the first-publication and the update time.
PUBLISHED_LABELS = ("기사입력", "입력", "등록", "게재", "승인", "발행", "작성", "송고", "published")
UPDATED_LABELS = ("최종수정", "최종 수정", "수정", "업데이트", "updated", "modified")


def _iso(dt: datetime) -> str:
    return dt.astimezone(KST).replace(microsecond=0).isoformat()


def _from_parts(m: re.Match) -> datetime | None:
    g = m.groupdict()
    try:
        hour = int(g.get("h") or 0)
        ampm = (g.get("ampm") or "").lower()
        if ampm in ("오후", "pm") and hour < 12:
            hour += 12
        elif ampm in ("오전", "am") and hour == 12:
            hour = 0
        return datetime(
            int(g["y"]),
            int(g["mo"]),
            int(g["d"]),
            hour,
            int(g.get("mi") or 0),
            int(g.get("s") or 0),
            tzinfo=KST,
        )
    except (TypeError, ValueError):
        return None


def parse_datetime(text: str | None) -> str | None:
    """The first datetime in *text* as ISO 8601 KST, or None.

    Times without an offset are taken as KST (the pages are Korean); ISO
    strings with an offset or ``Z`` are converted to KST.
    """
    if not text:
        return None
    text = text.strip()
    m = _ISO.search(text)
    if m:
        dt = _from_parts(m)
        tz = m.group("tz")
        if dt and tz:
            if tz == "Z":
                offset = UTC
            else:
                sign = -1 if tz[0] == "-" else 1
                digits = tz[1:].replace(":", "")
                offset = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
            dt = dt.replace(tzinfo=offset)
        if dt:
            return _iso(dt)
    for pattern in (_KOREAN, _COMPACT):
        m = pattern.search(text)
        if m and (dt := _from_parts(m)):
            return _iso(dt)
    return None


def first_timestamp(text: str) -> str | None:
    """The first date *with a time of day* in *text* (``2018-11-07 16:12:56``), as ISO KST.

    Unlabelled stamps next to a byline are the publication time on many
    pages; requiring the time of day skips "today's date" banners.
    """
    for m in _KOREAN.finditer(text):
        if m.group("h") is not None and (dt := _from_parts(m)):
            return _iso(dt)
    return None


def labelled_datetimes(text: str) -> tuple[str | None, str | None]:
    """(published, updated) from labelled stamps like ``입력 2025.02.04 16:20 수정 ...``.

    The first publication label wins for *published*, the first update label
    for *updated*; unlabelled dates are ignored here (see :func:`parse_datetime`).
    """
    published = updated = None
    for m in _LABELLED_SIMPLE.finditer(text):
        when = parse_datetime(text[m.end() : m.end() + 40])
        if not when:
            continue
        label = m.group("label").lower()
        if label in UPDATED_LABELS:
            updated = updated or when
        else:
            published = published or when
    return published, updated


_LABELLED_SIMPLE = re.compile(
    r"(?P<label>" + "|".join(map(re.escape, UPDATED_LABELS + PUBLISHED_LABELS)) + r")"
    r"(?:일시|시간|일)?\s*[:：]?\s*(?=(?:19|20)\d{2}\s*(?:년|[.\-/]))",
    re.IGNORECASE,
)
