"""Mistakes a user makes on the command line or in the configuration get one clear message
naming what is wrong -- never a Python traceback, never the same error three times."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.cli import main
from enrich.analyze import default_resources
from enrich.dictionary import load_dictionary
from enrich.nlp import keyword_stopwords
from enrich.rules import load_rules

REPO = Path(__file__).resolve().parents[2]


CACHED_LOADERS = (load_dictionary, default_resources, keyword_stopwords, load_rules)


@pytest.fixture
def config(tmp_path, monkeypatch) -> Path:
    """A copy of the shipped config/ and seeds/ that the test may break.  enrich caches what
    it loaded once per process (a command is one process): the caches start and end empty."""
    shutil.copytree(REPO / "config", tmp_path / "config")
    (tmp_path / "seeds").mkdir()
    shutil.copy(REPO / "seeds" / "sources.yaml", tmp_path / "seeds" / "sources.yaml")
    monkeypatch.setenv("NEWSMON_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NEWSMON_SEEDS_DIR", str(tmp_path / "seeds"))
    for loader in CACHED_LOADERS:
        loader.cache_clear()
    yield tmp_path
    for loader in CACHED_LOADERS:
        loader.cache_clear()


def free_port() -> int:
    """A port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check(capsys) -> tuple[int, str]:
    code = main(["config", "check"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


def test_config_check_with_entities_yaml_missing(config, capsys):
    (config / "config" / "entities.yaml").unlink()
    code, out = check(capsys)
    assert code == 2
    errors = [line for line in out.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and "entities.yaml: file not found" in errors[0]
    for dependent in ("watchlist.yaml", "alerts.yaml"):
        assert f"skip  config/{dependent}: not checked until config/entities.yaml is fixed" in out


def test_sources_yaml_mistake_is_reported_once(config, capsys):
    sources = config / "seeds" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.replace("    type: outlet", "    type: outlett", 1), encoding="utf-8")
    code, out = check(capsys)
    assert code == 2
    assert out.count("sources.0.type: Input should be 'outlet'") == 1
    assert "skip  config/schedule.yaml: not checked until seeds/sources.yaml is fixed" in out


def test_config_check_flags_private_sources_without_allow_private(config, capsys):
    sources = config / "seeds" / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + (
            "  - id: intranet\n    name: 사내 소식\n    type: outlet\n    profile: newscms\n"
            "    site: http://192.168.10.5\n"
            "  - id: lab\n    name: 실험실\n    type: outlet\n    profile: newscms\n"
            "    site: http://localhost:8080\n    allow_private: true\n"
        ),
        encoding="utf-8",
    )
    code, out = check(capsys)
    assert code == 0  # a warning: the crawl runs, and refuses that source
    [warning] = [line for line in out.splitlines() if line.startswith("warn")]
    assert "source intranet: http://192.168.10.5 is a private address" in warning
    assert "allow_private: true" in warning


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--since", "garbage"],
            "--since: expected a date (2025-02-01) or an age (7d, 12h), got 'garbage'",
        ),
        (["--since", "7x"], "--since: expected a date"),
        (["--limit", "-1"], "--limit: expected a whole number from 1 to 10000, got '-1'"),
        (["--limit", "ten"], "--limit: expected a whole number from 1 to 10000, got 'ten'"),
    ],
)
def test_search_arguments_are_checked(args, message, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["search", "나델라", *args])
    assert exit.value.code == 2
    assert message in capsys.readouterr().err


def test_search_with_elasticsearch_unreachable(tmp_path, monkeypatch, capsys):
    port = free_port()
    monkeypatch.setenv("ES_URL", f"http://127.0.0.1:{port}")
    assert main(["search", "나델라"]) == 1
    err = capsys.readouterr().err
    assert (
        f"newsmon search: Elasticsearch at http://127.0.0.1:{port} (no auth): Connection refused"
        in err
    )


def test_demo_with_elasticsearch_unreachable(config, tmp_path, monkeypatch, capsys):
    port = free_port()
    monkeypatch.setenv("ES_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("NEWSMON_DATA_DIR", str(tmp_path / "data"))
    code = main(["demo"])
    captured = capsys.readouterr()
    assert code == 1 and "Traceback" not in captured.out + captured.err
    assert f"Elasticsearch at http://127.0.0.1:{port} (no auth) is not reachable:" in captured.out
    assert "unset ES_URL" in captured.out


def test_index_setup_with_elasticsearch_unreachable_says_so_in_a_few_lines(config, tmp_path):
    """The failure once, in a line naming the cluster and the cause (the client's retry warnings
    with their tracebacks were 150 lines) -- and never the password in ES_URL."""
    port = free_port()
    env = {**os.environ, "ES_URL": f"http://newsmon:s3cret@127.0.0.1:{port}"}
    env["NEWSMON_DATA_DIR"] = str(tmp_path / "data")
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from crawler.cli import main; sys.exit(main())"]
        + ["index", "setup"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 1 and "Traceback" not in output and "s3cret" not in output
    assert len(output.splitlines()) == 1
    where = f"http://***@127.0.0.1:{port} (credentials in the URL)"
    assert f"newsmon index: Elasticsearch at {where}: Connection refused" in run.stderr


@pytest.mark.parametrize("command", [["sources", "status"], ["alerts", "status"]])
def test_a_damaged_state_file_is_named_with_what_to_do(
    command, config, tmp_path, monkeypatch, capsys
):
    """A state.sqlite that is not a database (a damaged disk, a file copied over it) stops
    the command with one line naming the file -- not 120 lines of SQLAlchemy traceback --
    and the file is left as it was, for its owner to move away or restore."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "state.sqlite").write_bytes(b"not a database" * 100)
    monkeypatch.setenv("NEWSMON_DATA_DIR", str(data))
    assert main(command) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert f"{data / 'state.sqlite'}: file is not a database: move the file away" in captured.err
    assert (data / "state.sqlite").read_bytes() == b"not a database" * 100


IMPORTED_COMMANDS = (
    "import sys; from crawler.cli import COMMANDS, build_parser; build_parser({argv!r}); "
    "print(' '.join(sorted(m for m in sys.modules if m in COMMANDS.values())))"
)


@pytest.mark.parametrize(
    "argv, modules",
    [
        (["search", "나델라"], {"crawler.cli.search"}),
        (["-v", "crawl", "--workers", "2"], {"crawler.cli.crawl", "crawler.cli.config"}),
        (["--help"], None),  # the whole list of commands
        (["nosuch"], None),  # argparse names the commands there are
    ],
)
def test_a_command_imports_its_own_module_only(argv, modules):
    """Every process of a crawl (its workers too) starts as a command: the others' modules
    (Elasticsearch's client, APScheduler, ...) would cost it a second of start-up."""
    out = subprocess.run(
        [sys.executable, "-c", IMPORTED_COMMANDS.format(argv=argv)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if modules is None:
        assert len(out) >= 12  # every command module
    else:
        assert set(out) == modules


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "localhost:5601",
            "localhost:5601 is not an http:// or https:// URL (expected e.g. http://localhost:5601)",
        ),
        (
            "http://127.0.0.1:{port}",
            "Kibana at http://127.0.0.1:{port} unreachable: Connection refused",
        ),
    ],
)
def test_a_bad_or_unreachable_kibana_is_named_in_one_line(url, message, capsys):
    port = free_port()
    assert main(["kibana", "import", "--url", url.format(port=port)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"newsmon kibana import: {message.format(port=port)}"


def test_index_names_a_missing_file_before_asking_for_a_cluster(tmp_path, monkeypatch, capsys):
    """Not "no Elasticsearch cluster" for a typo in the file's name."""
    monkeypatch.delenv("ES_URL", raising=False)
    missing = tmp_path / "nope.html"
    assert main(["index", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"newsmon index: {missing}: file not found"
