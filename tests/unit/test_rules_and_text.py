from __future__ import annotations

import codecs

import pytest

from enrich.decode import decode
from enrich.errors import ConfigError, ExtractionError
from enrich.rules import load_rules, parse_rules
from enrich.text import analysis_text, normalize, split_lines

VALID = {
    "macros": {"N": "[가-힣]{2,4}"},
    "structure": {
        "prose_end": "다\\.$",
        "sentence_end": "다\\.",
        "teaser_end": "…$",
        "caption_after_image": "^x$",
        "min_prose_chars": 15,
        "short_line_penalty": 25,
        "rule_line_penalty": 10,
        "boundary_penalty": 400,
        "headline_min_chars": 8,
        "headline_max_chars": 100,
        "subtitle_max_lines": 8,
        "title_search_lines": 120,
        "max_short_gap": 3,
        "min_title_overlap": 0.3,
        "min_subtitle_overlap": 0.15,
        "guard_max_cut_share": 0.4,
        "guard_max_cut_paragraphs": 2,
        "min_article_chars": 30,
    },
    "categories": {"weather": {"rules": [{"id": "weather.x", "pattern": "^{N}$"}]}},
}


def test_shipped_rules_load_and_are_grouped_by_category():
    rules = load_rules()
    assert {
        "weather",
        "controls",
        "image_notes",
        "bylines",
        "copyright",
        "portal",
        "related",
        "widgets",
    } <= set(rules.categories)
    assert all(r.id.startswith(r.category + ".") for r in rules.rules)
    assert rules.match("맑음서울 3.6℃").id == "weather.city-temperature"
    assert rules.match("• 기상청 제공").category == "weather"
    assert rules.match("Copyrightⓒ 파이낸셜뉴스. 무단전재 및 재배포 금지.").boundary
    assert rules.match("이 기사의 카테고리는 언론사의 분류를 따릅니다.").category == "portal"
    link = rules.match("▶관련기사: [단독]“최순실 딸 승마 독일연수, 삼성이 지원”")
    assert link.category == "links" and not link.boundary  # the body goes on after it
    assert rules.match("7일 삼성전자에 따르면 이재용 부회장은 이날 오전 서울에서 회동했다.") is None


def bad(**changes):
    import copy

    data = copy.deepcopy(VALID)
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for key in parents:
            target = target[key]
        target[last] = value
    return data


@pytest.mark.parametrize(
    "data, fragment",
    [
        (
            bad(categories={"weather": {"rules": [{"id": "weather.x", "pattern": "("}]}}),
            "categories.weather.rules.0.pattern: invalid regular expression",
        ),
        (
            bad(categories={"weather": {"rules": [{"id": "other.x", "pattern": "a"}]}}),
            "categories.weather.rules.0.id: a rule id starts with its category: 'weather.'",
        ),
        (
            bad(categories={"weather": {"rules": [{"id": "weather.x", "pattern": "{NOPE}"}]}}),
            "unknown macro {NOPE}",
        ),
        (
            bad(
                categories={
                    "weather": {"rules": [{"id": "weather.x", "pattern": "a", "max_chars": -1}]}
                }
            ),
            "categories.weather.rules.0.max_chars: Input should be greater than 0",
        ),
        (
            bad(
                categories={
                    "weather": {"boundary": "yes", "rules": [{"id": "weather.x", "pattern": "a"}]}
                }
            ),
            "categories.weather.boundary: Input should be a valid boolean (got 'yes')",
        ),
        (
            bad(structure__min_prose_chars="many"),
            "structure.min_prose_chars: Input should be a valid integer",
        ),
        (bad(extra=1), "extra: unknown key (a typo?)"),
        (
            bad(
                categories={
                    "weather": {
                        "rules": [
                            {"id": "weather.x", "pattern": "a"},
                            {"id": "weather.x", "pattern": "b"},
                        ]
                    }
                }
            ),
            "categories.weather.rules.1.id: duplicate id 'weather.x' "
            "(first on categories.weather.rules.0.id)",
        ),
    ],
)
def test_invalid_rules_name_the_file_the_rule_and_the_problem(data, fragment):
    with pytest.raises(ConfigError) as err:
        parse_rules(data, "config/boilerplate.yaml")
    assert str(err.value).startswith("config/boilerplate.yaml: ")
    assert fragment in str(err.value)


def test_unreadable_rules_file(tmp_path):
    broken = tmp_path / "rules.yaml"
    broken.write_text("categories: [", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 1: invalid YAML"):
        load_rules(broken)


def test_normalize_spaces_fullwidth_and_invisible_characters():
    assert normalize("삼성\u00a0전자\u3000ＡＩ\u200b（주）\r\n끝") == "삼성 전자 AI(주)\n끝"
    assert split_lines("  a \n\n\tb  ") == ["a", "", "b"]


def test_analysis_text_has_one_middle_dot_and_one_ellipsis():
    assert analysis_text("현대ㆍ기아차・LG･SK") == "현대·기아차·LG·SK"
    assert analysis_text("방한...삼성 회동⋯끝") == "방한… 삼성 회동… 끝"
    # an ellipsis before punctuation or a line end gets no space; stored text is untouched
    assert analysis_text("그래서…\n“아니다…”") == "그래서…\n“아니다…”"
    assert normalize("현대ㆍ기아차") == "현대ㆍ기아차"


def test_decode_bom_meta_charset_and_errors():
    korean = "<html><head><meta charset='euc-kr'></head><body>똠방각하 뷁</body></html>"
    assert decode(korean.encode("cp949")) == (korean, "cp949")  # CP949-only syllables
    assert decode(codecs.BOM_UTF8 + "한글".encode())[0] == "한글"
    assert (
        decode("<p>안녕하세요 반갑습니다</p>".encode("cp949"))[1] == "cp949"
    )  # no declaration at all
    with pytest.raises(ExtractionError, match="empty"):
        decode(b"")
    with pytest.raises(ExtractionError, match="binary"):
        decode(b"GIF89a\x00\x00\x01")
