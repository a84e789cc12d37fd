"""`newsmon index FILE` and `newsmon search` against the real node: the seeds go
through extract -> clean -> enrich -> index, and Korean queries in any
inflection find them through the Kiwi `tokens` field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from configcopy import copy_config

from crawler.cli import main

pytestmark = pytest.mark.es

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "tests" / "fixtures" / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory, es, es_url):
    """The five seeds imported into an index of their own; returns {seed number: (id, story)}."""
    work = tmp_path_factory.mktemp("import")
    config = copy_config(work / "config", {"alias: newsmon-articles": "alias: nm-import"})
    patch = pytest.MonkeyPatch()
    patch.setenv("NEWSMON_CONFIG_DIR", str(config))
    patch.setenv("NEWSMON_DATA_DIR", str(work / "data"))
    patch.setenv("ES_URL", es_url)
    yield patch
    patch.undo()
    es.indices.delete(index="nm-import-v1")
    es.indices.delete_index_template(name="nm-import")


def run(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def parse(out: str) -> dict[str, tuple[str, str, str]]:
    rows = {}
    for line in out.splitlines():
        m = re.match(
            r".*/(\d{3})_\w+\.txt: (\w+) (created|updated|unchanged) v\d+ story (\w+)", line
        )
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3), m.group(4))
    return rows


def test_import_search_and_reimport(imported, capsys, tmp_path):
    code, out = run(capsys, "index", *map(str, SEEDS))
    assert code == 0, out
    rows = parse(out)
    assert set(rows) == {"000", "001", "002", "003", "004"}
    assert {status for _, status, _ in rows.values()} == {"created"}
    assert rows["002"][2] == rows["003"][2]  # one story across two outlets
    assert rows["000"][2] != rows["001"][2]  # Nadella in 2025 and in 2018: two stories

    code, out = run(capsys, "index", *map(str, SEEDS))
    assert {status for _, status, _ in parse(out).values()} == {"unchanged"}

    # Inflected Korean: 나델라가 / 방한 match 나델라 ... 방한한 in seed 000 only.
    code, out = run(capsys, "search", "나델라가", "방한")
    assert code == 0 and out.startswith("1 article(s)")
    assert "«나델라»" in out and "«방한한»" in out

    code, out = run(capsys, "search", "--person", "Satya Nadella")
    assert out.startswith("2 article(s)")
    assert "2018-11-07 16:12" in out and "이재용 삼성전자 부회장, MS CEO 만나" in out

    code, out = run(capsys, "search", "--story", rows["002"][2])
    assert out.startswith("2 article(s)")

    code, out = run(capsys, "search", "올트먼", "--limit", "1")
    assert out.startswith("2 article(s), newest 1:")
    code, out = run(capsys, "search", "올트먼", "--since", "2025-02-01")  # 003 has no date
    assert out.startswith("1 article(s)") and "뉴삼성" in out

    # Latin words in any case: tokens are lower-cased in the index and in the query.
    code, upper = run(capsys, "search", "AI", "동맹")
    assert code == 0 and not upper.startswith("0 article(s)")
    assert run(capsys, "search", "ai", "동맹")[1] == upper
    code, upper = run(capsys, "search", "DeepSeek")
    assert upper.startswith("1 article(s)")
    assert run(capsys, "search", "deepseek")[1] == run(capsys, "search", "DEEPSEEK")[1] == upper

    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    code, out = run(capsys, "index", str(empty))
    assert code == 1 and f"{empty}: rejected:" in out
