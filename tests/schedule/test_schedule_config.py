"""config/schedule.yaml: the shipped file is valid, mistakes name file, line and key, and
`newsmon schedule --list` shows the jobs without starting anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from schedule_helpers import quick_job

from crawler.cli import main
from crawler.config import ConfigError
from crawler.schedule import load_schedule, trigger

REPO = Path(__file__).resolve().parents[2]


def test_the_shipped_schedule_is_valid():
    config = load_schedule(REPO / "config" / "schedule.yaml")
    assert config.jobs and config.misfire_grace_time is None
    for job in config.jobs:
        assert trigger(job, config.timezone) is not None


@pytest.mark.parametrize(
    "jobs, expected",
    [
        (
            "  - {id: a, sources: [chosun], interval: {minutes: 5}}\n",
            "jobs.0.sources: unknown source id(s) chosun",
        ),
        (
            "  - {id: a, group: evening, interval: {minutes: 5}}\n",
            "job 'a' names unknown group 'evening'",
        ),
        (
            "  - {id: a, interval: {minutes: 5}, cron: '* * * * *'}\n",
            "exactly one of interval and cron",
        ),
        (
            "  - {id: a, cron: '0 9 * * 1-5'}\n",
            "line 3: jobs.0.cron: write the day of the week by name",
        ),
        ("  - {id: a, cron: '0 25 * * *'}\n", "jobs.0.cron: invalid cron expression"),
        ("  - {id: a, interval: {}}\n", "jobs.0.interval: the interval is zero"),
        ("  - {id: a, interval: {minute: 5}}\n", "jobs.0.interval.minute: unknown key (a typo?)"),
        (
            "  - {id: a, interval: {minutes: 5}, settings: [DOWNLOAD_DELAY]}\n",
            "expected NAME=VALUE",
        ),
        (
            "  - {id: a, interval: {minutes: 5}}\n  - {id: a, cron: '0 9 * * mon'}\n",
            "duplicate job id 'a'",
        ),
    ],
)
def test_mistakes_name_file_line_and_key(config_dir, jobs, expected):
    (config_dir / "schedule.yaml").write_text(
        "groups: {morning: [fnnews]}\njobs:\n" + jobs, encoding="utf-8"
    )
    with pytest.raises(ConfigError) as err:
        load_schedule()
    assert "schedule.yaml" in str(err.value) and expected in str(err.value)


def test_an_unknown_time_zone_is_named(config_dir):
    (config_dir / "schedule.yaml").write_text(
        "timezone: Asia/Busan\njobs:\n" + quick_job(), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="line 1: timezone: unknown time zone 'Asia/Busan'"):
        load_schedule()


def test_list_shows_jobs_before_anything_ran(schedule, data_dir, capsys):
    schedule(quick_job() + quick_job("nightly", "cron: '30 2 * * mon-fri'"))
    assert main(["schedule", "--list"]) == 0
    out = capsys.readouterr().out
    assert "quick\n  crawls  newdaily\n  when    every 1 h\n  next    " in out
    assert "nightly\n  crawls  newdaily\n  when    cron '30 2 * * mon-fri'\n  next    " in out
    assert " 02:30:00  (not started yet" in out
    assert not (data_dir / "schedule.sqlite").exists()  # listing starts nothing


def test_a_broken_schedule_stops_the_command(config_dir, data_dir, capsys):
    (config_dir / "schedule.yaml").write_text(
        "jobs:\n  - {id: a, interval: {hours: 1}, cron: x}\n", encoding="utf-8"
    )
    assert main(["schedule"]) == 2
    assert "schedule.yaml line 2: jobs.0" in capsys.readouterr().err
