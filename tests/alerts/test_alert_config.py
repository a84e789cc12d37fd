"""config/alerts.yaml: the shipped file is valid; every mistake names the file, line and key
(and, for a query, the rule and the position)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.alerts.config import load_alerts
from crawler.config import ConfigError

REPO = Path(__file__).resolve().parents[2]

CHANNELS = """channels:
  hook: {type: webhook, url: 'http://127.0.0.1:9/hook', token_env: TEST_TOKEN}
  mail:
    type: email
    host: 127.0.0.1
    username_env: TEST_SMTP_USER
    password_env: TEST_SMTP_PASSWORD
    sender: 뉴스몬 <newsmon@example.com>
    to: [desk@example.com]
"""


def write(tmp_path: Path, rules: str, channels: str = CHANNELS) -> Path:
    path = tmp_path / "alerts.yaml"
    path.write_text(channels + "rules:\n" + rules, encoding="utf-8")
    return path


def test_the_shipped_file_is_valid(resolver):
    config = load_alerts(REPO / "config" / "alerts.yaml", resolver=resolver)
    assert config.enabled() and all(r.channels for r in config.rules)


def test_a_query_syntax_error_names_file_line_rule_and_position(tmp_path):
    path = write(
        tmp_path,
        "  - id: ok\n    name: 괜찮음\n    query: 나델라\n    channels: [hook]\n"
        "  - id: broken\n    name: 고장\n    query: 나델라 AND (방한\n    channels: [hook]\n",
    )
    with pytest.raises(ConfigError) as err:
        load_alerts(path)  # syntax is checked without Kiwi
    assert (
        "alerts.yaml line 17: rules.1.query: rule 'broken': missing ')' for this '(' at "
        "position 9" in str(err.value)
    )


@pytest.mark.parametrize(
    "rule, expected",
    [
        (
            "    query: 나델라 topic:모바일즈\n    channels: [hook]\n",
            "line 13: rules.0.query: rule 'r': unknown topic '모바일즈'",
        ),
        (
            "    query: source:chosun\n    channels: [hook]\n",
            "line 13: rules.0.query: rule 'r': unknown source 'chosun'",
        ),
        (
            "    query: 나델라\n    sources: [chosun]\n    channels: [hook]\n",
            "line 14: rules.0.sources: unknown source id(s) chosun",
        ),
        (
            "    query: 나델라\n    channels: [hook, pager]\n",
            "rule 'r' names unknown channel(s) pager",
        ),
        ("    query: 나델라\n    channels: [hook]\n    mode: weekly\n", "line 15: rules.0.mode"),
        (
            "    query: 나델라\n    chanels: [hook]\n",
            "line 14: rules.0.chanels: unknown key (a typo?)",
        ),
        (
            "    query: 나델라\n    channels: [hook]\n    min_relevance: 2\n",
            "rules.0.min_relevance",
        ),
    ],
)
def test_rule_mistakes_name_the_key(tmp_path, resolver, rule, expected):
    path = write(tmp_path, "  - id: r\n    name: 규칙\n" + rule)
    with pytest.raises(ConfigError) as err:
        load_alerts(path, resolver=resolver)
    assert expected in str(err.value)


@pytest.mark.parametrize(
    "channel, expected",
    [
        (
            "  w: {type: webhook, url: 'http://a.kr/h', url_env: HOOK_URL}\n",
            "exactly one of url and url_env",
        ),
        ("  w: {type: webhook, url: 'ftp://a.kr/h'}\n", "not an http(s) URL"),
        (
            "  w: {type: webhook, url: 'http://a.kr/h', token_env: 'not a name'}\n",
            "channels.w.webhook.token_env",
        ),
        (
            "  w: {type: email, host: h, sender: x@y.kr, to: [a@b.kr], username_env: U}\n",
            "both username_env and password_env",
        ),
        ("  w: {type: pager, number: 1}\n", "channels.w"),
    ],
)
def test_channel_mistakes_name_the_key(tmp_path, channel, expected):
    path = write(
        tmp_path, "  - {id: r, name: 규칙, query: 나델라, channels: [w]}\n", "channels:\n" + channel
    )
    with pytest.raises(ConfigError) as err:
        load_alerts(path)
    assert "alerts.yaml" in str(err.value) and expected in str(err.value)


def test_missing_environment_variables_are_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("TEST_TOKEN", "t")
    monkeypatch.delenv("TEST_SMTP_USER", raising=False)
    monkeypatch.delenv("TEST_SMTP_PASSWORD", raising=False)
    config = load_alerts(
        write(tmp_path, "  - {id: r, name: 규칙, query: 나델라, channels: [hook, mail]}\n")
    )
    assert config.missing_env() == ["TEST_SMTP_USER", "TEST_SMTP_PASSWORD"]


def test_a_webhook_url_from_the_environment_that_is_no_url_stops_start_up(tmp_path, monkeypatch):
    """Named at start-up (``newsmon config check``, the crawl), its secret value never shown;
    it used to fail only when the first alert was sent."""
    from crawler.alerts.config import check

    (tmp_path / "alerts.yaml").write_text(
        "channels:\n  slack: {type: webhook, url_env: TEST_SLACK_URL, format: slack}\n"
        "rules:\n  - {id: r, name: 규칙, query: 나델라, channels: [slack]}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("NEWSMON_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("TEST_SLACK_URL", "hooks.slack.com/services/T0/B0/s3cret")
    with pytest.raises(ConfigError) as err:
        check(resolve=False)
    assert "TEST_SLACK_URL: not an http(s) URL" in str(err.value)
    assert "s3cret" not in str(err.value)
    monkeypatch.setenv("TEST_SLACK_URL", "https://hooks.slack.com/services/T0/B0/s3cret")
    assert check(resolve=False).startswith("1 enabled rule(s)")
