"""The entity dictionary and word lists load once and report mistakes with file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from enrich.dictionary import EntityRef, load_dictionary
from enrich.errors import ConfigError
from enrich.nlp import keyword_stopwords
from enrich.watchlist import load_watch_config

VALID_HEAD = """\
persons:
  - id: satya_nadella
    name: 사티아 나델라
    aliases: [나델라, Satya Nadella]
    org: microsoft
    country: US
    role: tech_ceo
organizations:
  - {id: microsoft, name: 마이크로소프트, aliases: [MS, Microsoft], country: US}
"""


def write(tmp_path: Path, text: str, name: str = "entities.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path, loader=load_dictionary) -> list[tuple[int | None, str]]:
    with pytest.raises(ConfigError) as caught:
        loader(path)
    for p in caught.value.problems:
        assert p.file == str(path)
        assert str(path) in str(caught.value)
    assert caught.value.path == path
    return [(p.line, f"{p.key}: {p.message}") for p in caught.value.problems]


def test_the_shipped_dictionary_maps_every_spelling_to_one_id():
    d = load_dictionary()
    for alias in ("MS", "마이크로소프트", "Microsoft", "microsoft"):
        assert d.lexicon.get(alias) == (EntityRef("organization", "microsoft"),)
    for alias in ("오픈AI", "OpenAI", "오픈 AI"):
        assert d.lexicon.get(alias) == (EntityRef("organization", "openai"),)
    for alias in ("샘 올트먼", "샘올트먼", "올트먼", "샘 알트먼", "Sam Altman"):
        assert d.lexicon.get(alias) == (EntityRef("person", "sam_altman"),)
    assert d.lexicon.get("삼성") == (
        EntityRef("organization", "samsung_electronics"),
        EntityRef("organization", "samsung_group"),
    )
    assert d.organizations["sk_hynix"].parent == "sk_group"
    assert d.persons["jensen_huang"].short_forms[0] == "황 CEO"
    assert d.persons["masayoshi_son"].short_forms[0] == "손 회장"


def test_user_words_include_multi_word_names_with_and_without_spaces():
    words = load_dictionary().user_words()
    assert {"사티아 나델라", "사티아나델라", "젠슨 황", "SK하이닉스"} <= set(words)
    assert "MS" not in words  # Latin-only names are Kiwi's SL tokens already


def test_the_shipped_word_lists_load():
    config = load_watch_config()
    assert "방한" in config.visit_words and "HBM" in config.topics
    assert abs(sum(config.weights.values()) - 1) < 1e-9
    assert {"기자", "이날", "지난", "관계자"} <= keyword_stopwords()


def test_a_valid_file_loads(tmp_path):
    d = load_dictionary(write(tmp_path, VALID_HEAD))
    assert d.persons["satya_nadella"].family == "나델라"
    assert d.persons["satya_nadella"].query == "사티아 나델라"


def test_unknown_key_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, VALID_HEAD.replace("    country: US\n", "    contry: US\n"))
    [(line, message)] = problems(path)
    assert line == 6 and message.startswith("persons.0.contry: unknown key (a typo?)")


def test_duplicate_id_names_both_lines(tmp_path):
    path = write(tmp_path, VALID_HEAD + "  - {id: microsoft, name: 마소, country: US}\n")
    [(line, message)] = problems(path)
    assert line == 10 and "duplicate id 'microsoft' (first on line 9)" in message


def test_an_alias_claimed_twice_is_an_error(tmp_path):
    path = write(tmp_path, VALID_HEAD + "  - {id: msi, name: MSI, aliases: [ms], country: TW}\n")
    [(line, message)] = problems(path)
    assert line == 10
    assert "'ms' already names organization microsoft (line 9)" in message


def test_references_must_exist(tmp_path):
    path = write(tmp_path, VALID_HEAD.replace("org: microsoft", "org: microsfot"))
    [(line, message)] = problems(path)
    assert line == 5 and "persons.0.org: no organization with id 'microsfot'" in message


def test_lines_stay_right_after_a_skipped_duplicate(tmp_path):
    path = write(
        tmp_path,
        VALID_HEAD + "  - {id: microsoft, name: 마소, country: US}\n"
        "  - {id: msk, name: 한국MS, country: KR, parent: nowhere}\n",
    )
    found = problems(path)
    assert (11, "organizations.2.parent: no organization with id 'nowhere'") in found


def test_bad_values_are_reported_all_at_once(tmp_path):
    path = write(
        tmp_path,
        VALID_HEAD.replace("country: US\n    role", "country: usa\n    role").replace(
            "role: tech_ceo", "role: ceo"
        ),
    )
    found = problems(path)
    assert (6, "persons.0.country: not a two-letter country code (KR, US) (got 'usa')") in found
    assert any(
        line == 7
        and m.startswith("persons.0.role: Input should be 'tech_ceo'")
        and m.endswith("(got 'ceo')")
        for line, m in found
    )


def test_yaml_syntax_errors_and_duplicate_keys_have_lines(tmp_path):
    broken = write(tmp_path, VALID_HEAD + "  - {id: x, name: [unclosed\n", "broken.yaml")
    [(line, message)] = problems(broken)
    assert line == 11 and "invalid YAML" in message
    dup = write(tmp_path, "persons: []\npersons: []\n", "dup.yaml")
    [(line, message)] = problems(dup)
    assert line == 2 and message.startswith("persons: given twice (first on line 1)")


def test_missing_file_is_reported():
    with pytest.raises(ConfigError, match=r"nowhere\.yaml: file not found"):
        load_dictionary(Path("/nonexistent/nowhere.yaml"))


def test_watchlist_weights_must_sum_to_one(tmp_path):
    path = write(
        tmp_path,
        """\
        visit_words: [방한]
        relevance: {visitor: 0.5, meeting: 0.5, host: 0.5, in_korea: 0, date: 0, topics: 0}
        """,
        "watchlist.yaml",
    )
    [(line, message)] = problems(path, load_watch_config)
    assert line == 2 and "the weights must sum to 1 (they sum to 1.5)" in message
