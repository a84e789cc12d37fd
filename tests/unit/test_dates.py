from __future__ import annotations

import pytest

from enrich.dates import first_timestamp, labelled_datetimes, parse_datetime


@pytest.mark.parametrize(
    "text, expected",
    [
        ("기사입력 : 2025년02월04일 16:20", "2025-02-04T16:20:00+09:00"),
        ("입력 2025.02.04 16:20", "2025-02-04T16:20:00+09:00"),
        ("2018-11-07 16:12:56", "2018-11-07T16:12:56+09:00"),
        ("2025.02.04. 오후 4:20", "2025-02-04T16:20:00+09:00"),  # Naver
        ("2025. 2. 26. 18:41", "2025-02-26T18:41:00+09:00"),  # Daum num_date
        ("2025년 2월 4일 (화) 오전 12:05", "2025-02-04T00:05:00+09:00"),
        ("2025.02.04", "2025-02-04T00:00:00+09:00"),
        ("20250226184101", "2025-02-26T18:41:01+09:00"),
        ("2025-05-15T20:00:52.000+0900", "2025-05-15T20:00:52+09:00"),
        ("2025-05-15T11:00:52Z", "2025-05-15T20:00:52+09:00"),  # converted to KST
        ("2025-05-15T06:00:00-05:00", "2025-05-15T20:00:00+09:00"),
    ],
)
def test_korean_formats_become_iso_kst(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["", "날짜 없음", "2025.13.45 10:00"])
def test_no_date_gives_none(text):
    assert parse_datetime(text) is None


def test_labelled_published_and_updated():
    assert labelled_datetimes(
        "기사입력 : 2025년02월04일 16:20\n최종수정 : 2025년02월04일 18:29"
    ) == ("2025-02-04T16:20:00+09:00", "2025-02-04T18:29:00+09:00")
    assert labelled_datetimes("입력 : 2025-05-28 00:13:03 수정 : 2025-05-28 00:15:18") == (
        "2025-05-28T00:13:03+09:00",
        "2025-05-28T00:15:18+09:00",
    )
    assert labelled_datetimes("2026년 02월 09일 월요일") == (None, None)


def test_first_timestamp_needs_a_time_of_day():
    assert (
        first_timestamp("2026년 02월 09일 월요일\n조재범 기자 | 2018-11-07 16:12:56")
        == "2018-11-07T16:12:56+09:00"
    )
    assert first_timestamp("2026년 02월 09일 월요일") is None
