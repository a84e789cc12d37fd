"""Configuration is validated once, with errors naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.alerts.config import load_alerts
from crawler.cli import main
from crawler.config import ConfigError, load_settings
from crawler.elastic.client import Connection, redact, resolve
from crawler.schedule import load_schedule
from crawler.sources import load_sources
from enrich.dictionary import load_dictionary
from enrich.nlp import keyword_stopwords
from enrich.rules import load_rules
from enrich.watchlist import load_watch_config

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_configuration_is_valid():
    assert load_settings(REPO / "config" / "newsmon.yaml").elasticsearch.alias == "newsmon-articles"
    sources = load_sources(REPO / "seeds" / "sources.yaml")
    assert {"fnnews", "newdaily", "newspim", "ddaily", "daum", "naver"} <= {
        s.id for s in sources.sources
    }


def test_wrong_type_names_file_line_and_key(tmp_path):
    path = write(tmp_path, "newsmon.yaml", "elasticsearch:\n  alias: a\n  request_timeout: soon\n")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert err.value.line == 3
    assert err.value.key == "elasticsearch.request_timeout"
    assert str(err.value).startswith(f"{path} line 3: elasticsearch.request_timeout: ")
    assert "'soon'" in str(err.value)


def test_unknown_key_is_an_error_not_ignored(tmp_path):
    path = write(tmp_path, "newsmon.yaml", "elasticsearch:\n  verify_cert: false\n")
    with pytest.raises(ConfigError, match=r"line 2: elasticsearch.verify_cert: unknown key"):
        load_settings(path)


def test_every_mistake_is_reported_at_once(tmp_path):
    path = write(
        tmp_path,
        "newsmon.yaml",
        "elasticsearch:\n  index_version: 0\n  local_node:\n    heap: lots\n",
    )
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    message = str(err.value)
    assert "line 2: elasticsearch.index_version" in message
    assert "line 4: elasticsearch.local_node.heap" in message


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = write(tmp_path, "newsmon.yaml", "elasticsearch:\n  alias: [unclosed\n  x: 1\n")
    with pytest.raises(ConfigError, match=r"invalid YAML") as err:
        load_settings(path)
    assert err.value.line == 3


# Every configuration file of either package and its loader (uncached where enrich caches).
LOADERS = {
    "config/newsmon.yaml": load_settings,
    "seeds/sources.yaml": load_sources,
    "config/alerts.yaml": load_alerts,
    "config/schedule.yaml": load_schedule,
    "config/boilerplate.yaml": load_rules.__wrapped__,
    "config/entities.yaml": load_dictionary.__wrapped__,
    "config/watchlist.yaml": load_watch_config.__wrapped__,
    "config/nlp.yaml": keyword_stopwords.__wrapped__,
}


@pytest.mark.parametrize("name", LOADERS)
def test_a_duplicate_key_in_any_configuration_file_names_file_line_and_key(tmp_path, name):
    """YAML keeps the last of two equal keys without a word; newsmon refuses the file."""
    shipped = (REPO / name).read_text(encoding="utf-8")
    first_key = next(line for line in shipped.splitlines() if line[:1].isalpha())
    first_line = shipped.splitlines().index(first_key) + 1
    text = shipped.rstrip("\n") + "\n" + first_key.split(":")[0] + ":\n"
    path = write(tmp_path, Path(name).name, text)
    LOADERS[name](REPO / name)  # the shipped file loads
    with pytest.raises(ConfigError) as err:
        LOADERS[name](path)
    key = first_key.split(":")[0]
    assert (err.value.path, err.value.line, err.value.key) == (path, len(text.splitlines()), key)
    assert str(err.value) == (
        f"{path} line {err.value.line}: {key}: given twice (first on "
        f"line {first_line}); YAML would keep the last one"
    )


def test_nested_duplicate_keys_are_all_reported(tmp_path):
    path = write(
        tmp_path,
        "newsmon.yaml",
        "elasticsearch:\n  request_timeout: 30\n"
        "  bulk: {batch_size: 100, batch_size: 10}\n  request_timeout: 5\n",
    )
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert str(err.value).splitlines() == [
        f"{path} line 3: elasticsearch.bulk.batch_size: given twice (first on line 3); "
        "YAML would keep the last one",
        f"{path} line 4: elasticsearch.request_timeout: given twice (first on line 2); "
        "YAML would keep the last one",
    ]


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match=r"nothere\.yaml: file not found"):
        load_settings(tmp_path / "nothere.yaml")


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "  - id: a\n    name: A\n    type: outlet\n    domains: [a.kr]\n    article_url: ['(']\n",
            "line 6: sources.0.article_url: invalid regular expression '('",
        ),
        (
            "  - id: a\n    name: A\n    type: blog\n    domains: [a.kr]\n",
            "line 4: sources.0.type: ",
        ),
        (
            "  - id: a\n    name: A\n    type: outlet\n    domains: [a.kr]\n    profile: nope\n",
            "unknown profile 'nope'",
        ),
        (
            "  - id: a\n    name: A\n    type: outlet\n    domains: [a.kr]\n    article_url: [x]\n"
            "  - id: a\n    name: B\n    type: outlet\n    domains: [b.kr]\n    article_url: [x]\n",
            "duplicate source id 'a'",
        ),
    ],
)
def test_source_mistakes_are_explained(tmp_path, body, expected):
    path = write(tmp_path, "sources.yaml", "sources:\n" + body)
    with pytest.raises(ConfigError) as err:
        load_sources(path)
    assert expected in str(err.value)


def test_config_check_command_exit_codes(tmp_path, monkeypatch, capsys):
    assert main(["config", "check"]) == 0
    write(tmp_path, "newsmon.yaml", "elasticsearch:\n  alias: Bad Alias\n")
    monkeypatch.setenv("NEWSMON_CONFIG_DIR", str(tmp_path))
    assert main(["config", "check"]) == 2
    assert "line 2: elasticsearch.alias" in capsys.readouterr().out


def test_credentials_never_appear_in_descriptions(monkeypatch):
    monkeypatch.setenv("ES_URL", "https://elastic:s3cret@es.example:9243")
    monkeypatch.setenv("ES_API_KEY", "c2VjcmV0LWtleQ==")
    connection = resolve(load_settings(REPO / "config" / "newsmon.yaml").elasticsearch)
    text = connection.describe() + repr(connection)
    assert "s3cret" not in text and "c2VjcmV0LWtleQ==" not in text
    assert "es.example:9243" in text and "api key" in text
    assert redact("http://127.0.0.1:9200") == "http://127.0.0.1:9200"


def test_basic_auth_from_environment(monkeypatch):
    monkeypatch.setenv("ES_URL", "https://a.example:9200,https://b.example:9200")
    monkeypatch.setenv("ES_USERNAME", "newsmon")
    monkeypatch.setenv("ES_PASSWORD", "pw")
    monkeypatch.delenv("ES_API_KEY", raising=False)
    connection = resolve(load_settings(REPO / "config" / "newsmon.yaml").elasticsearch)
    assert connection == Connection(
        hosts=["https://a.example:9200", "https://b.example:9200"],
        basic_auth=("newsmon", "pw"),
        request_timeout=30,
    )
    assert "pw" not in connection.describe()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"ES_URL": "es.example:9200"},
            "ES_URL: es.example:9200 is not an http:// or https:// URL",
        ),
        ({"ES_URL": "http://localhost"}, "ES_URL: http://localhost has no port"),
        (
            {"ES_URL": "https://elastic:s3cret@es.example"},
            "ES_URL: https://***@es.example has no port",
        ),
        ({"ES_URL": "https://a.example:9200, ftp://b:21"}, "ES_URL: ftp://b:21 is not an http://"),
        ({"ES_URL": "https://a.example:9200", "ES_PASSWORD": "s3cret"}, "ES_PASSWORD is set but"),
        (
            {"ES_URL": "https://a.example:9200", "ES_CA_CERTS": "/nowhere/ca.pem"},
            "ES_CA_CERTS: /nowhere/ca.pem: no such file",
        ),
    ],
)
def test_a_malformed_cluster_environment_is_named_at_start(env, message, monkeypatch):
    for name in ("ES_USERNAME", "ES_PASSWORD", "ES_API_KEY", "ES_CA_CERTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as err:
        resolve(load_settings(REPO / "config" / "newsmon.yaml").elasticsearch)
    assert message in str(err.value) and "s3cret" not in str(err.value)
