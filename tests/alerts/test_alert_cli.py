"""`newsmon alerts test FILE`: a saved page goes through extraction, cleaning and enrichment, and
every rule says whether it matches and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.cli import main

PAGE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "pages"
    / "fnnews"
    / "202502261842174321.html"
)
URL = "https://www.fnnews.com/news/202502261842174321"
RULES = """channels:
  archive: {type: file, path: alerts.jsonl}
rules:
  - {id: nadella, name: 나델라 방한, query: '나델라가 AND (방한 OR 회동) AND org:마이크로소프트', channels: [archive]}
  - {id: zuckerberg, name: 저커버그, query: '저커버그 OR person:"마크 저커버그"', channels: [archive]}
  - {id: strict, name: 뉴스핌만, query: 나델라, min_relevance: 0.9, sources: [newspim], channels: [archive]}
"""


@pytest.fixture
def alerts_file(config_dir: Path) -> Path:
    path = config_dir / "alerts.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


def test_a_saved_page_is_enriched_and_every_rule_explained(alerts_file, data_dir, capsys):
    assert main(["alerts", "test", str(PAGE), "--url", URL]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "document: 나델라 MS CEO, 韓 기업들과 연쇄 회동…'AI 동맹' 굳히기"
    assert "  source fnnews (파이낸셜뉴스)" in lines[1]
    assert "사티아 나델라 (satya_nadella)" in out and "마이크로소프트 (microsoft)" in out
    assert "  MATCH  nadella  나델라 방한  [instant -> archive]" in lines
    assert any(
        line.strip().startswith("나델라가: person 사티아 나델라 (satya_nadella)") for line in lines
    )
    assert any(
        line.strip().startswith("org:마이크로소프트: organization 마이크로소프트 (microsoft)")
        for line in lines
    )
    assert "  no     zuckerberg  저커버그  [instant -> archive]" in lines
    assert any("저커버그: not found" in line for line in lines)
    assert lines[-3:] == [
        "  no     strict  뉴스핌만  [instant -> archive]",
        "         나델라: person 사티아 나델라 (satya_nadella); morpheme 나델라 (as 나델라, 사티아 나델라)",
        "         source fnnews is not one of newspim",
    ]


def test_a_crawled_document_line_works_too(alerts_file, data_dir, tmp_path, seeds, capsys):
    path = tmp_path / "doc.json"
    path.write_text(
        json.dumps({"key": "x", "doc": seeds["seed_001"]}, ensure_ascii=False), encoding="utf-8"
    )
    assert main(["alerts", "test", str(path)]) == 0
    assert (
        "  MATCH  nadella  나델라 방한  [instant -> archive]"
        in capsys.readouterr().out.splitlines()
    )


def test_a_broken_rule_file_is_reported_with_file_line_and_rule(config_dir, data_dir, capsys):
    (config_dir / "alerts.yaml").write_text(
        RULES.replace("'저커버그 OR", "'저커버그 OR OR"), encoding="utf-8"
    )
    assert main(["alerts", "test", str(PAGE)]) == 2
    err = capsys.readouterr().err
    assert (
        "alerts.yaml line 5: rules.1.query: rule 'zuckerberg': expected a term after OR at position 9"
        in err
    )
