"""The alert query language: parsing (and its errors, with positions), and matching on real
enriched documents -- Korean inflection, dictionary aliases, fields, phrases, filters -- and
the inverted index never changing an answer."""

from __future__ import annotations

import random

import pytest

from enrich.alertquery import (
    And,
    DocTerms,
    Not,
    Or,
    QueryError,
    Rule,
    RuleSet,
    Term,
    compile_rule,
    compile_rules,
    parse,
)

# --- syntax ------------------------------------------------------------------------------------


def test_precedence_implicit_and_fields_and_phrases():
    tree = parse('나델라 AND (방한 OR 회동) NOT topic:모바일 "데이터 센터" person:"젠슨 황"')
    assert tree == And(
        (
            Term("나델라", 1),
            Or((Term("방한", 10), Term("회동", 16))),
            Not(Term("모바일", 24, field="topic")),
            Term("데이터 센터", 34, phrase=True),
            Term("젠슨 황", 43, phrase=True, field="person"),
        )
    )
    assert parse("a OR b c") == Or((Term("a", 1), And((Term("b", 6), Term("c", 8)))))
    assert parse("ORG:MS") == Term("MS", 1, field="org")  # field names in any case
    assert parse("10:30") == Term("10:30", 1)  # not a field: a term with a colon


@pytest.mark.parametrize(
    "query, message, position",
    [
        ("", "empty query", 1),
        ("나델라 AND", "expected a term after AND", 8),
        ("나델라 OR", "expected a term after OR", 7),
        ("NOT", "expected a term after NOT", 4),
        ("(나델라 OR 올트먼", "missing ')' for this '('", 1),
        ("나델라 )", "unexpected ')'", 5),
        ("()", "empty parentheses", 2),
        ("AND 나델라", "AND needs a term before it", 1),
        ("나델라 AND OR 방한", "expected a term after AND", 9),
        ('나델라 "방한', "unterminated quote", 5),
        ('나델라 "  "', "empty phrase", 5),
        ("company:삼성", "unknown field 'company:'", 1),
        ("방한 org:", "'org:' needs a value", 4),
    ],
)
def test_syntax_errors_name_the_position(query, message, position):
    with pytest.raises(QueryError) as err:
        parse(query)
    assert err.value.message.startswith(message) and err.value.position == position
    assert f"position {position}" in str(err.value)


def test_errors_name_the_rule(resolver):
    with pytest.raises(QueryError) as err:
        compile_rule(Rule("nadella-visit", "나델라 AND (방한"), resolver)
    assert str(err.value).startswith("rule 'nadella-visit': missing ')' for this '(' at position 9")


@pytest.mark.parametrize(
    "query, message, position",
    [
        ("나델라 topic:모바일즈", "unknown topic '모바일즈'", 5),
        ("source:chosun 나델라", "unknown source 'chosun'", 1),
        ("나델라 AND 에서", "'에서' has nothing to search for", 9),
    ],
)
def test_meaning_errors_name_the_rule_and_position(resolver, query, message, position):
    with pytest.raises(QueryError) as err:
        compile_rule(Rule("r1", query), resolver)
    assert err.value.rule_id == "r1" and err.value.position == position
    assert message in err.value.message


# --- matching ----------------------------------------------------------------------------------


def matching(resolver, doc: dict, *queries: str, **filters) -> set[str]:
    rules = compile_rules([Rule(q, q, **filters) for q in queries], resolver)
    return {m.rule_id for m in rules.match(doc)}


def test_korean_inflection_is_matched_on_morphemes(resolver, analyse):
    doc = analyse(
        "나델라, 서울서 최태원 회장 만났다",
        "방한한 나델라가 최태원 회장을 만났다. 나델라는 데이터센터를 둘러봤다.",
    )
    assert matching(
        resolver, doc, "나델라가", "나델라는", "나델라", "만났다", "만나다", "방한", "데이터센터를"
    ) == {"나델라가", "나델라는", "나델라", "만났다", "만나다", "방한", "데이터센터를"}
    assert not matching(resolver, doc, "올트먼", "방문했다")


def test_a_person_is_matched_by_any_of_their_names(resolver, analyse):
    english = analyse(
        "Microsoft CEO in Seoul",
        "Microsoft chief executive Satya Nadella met SK Group chairman Chey Tae-won "
        "in Seoul on Tuesday.",
    )
    assert "나델라" not in " ".join(english["tokens"])  # only the dictionary id links them
    assert matching(resolver, english, "나델라", "person:나델라", '"사티아 나델라"') == {
        "나델라",
        "person:나델라",
        '"사티아 나델라"',
    }
    korean = analyse("사티아 나델라 방한", "사티아 나델라 마이크로소프트 CEO가 방한했다.")
    assert matching(resolver, korean, '"Satya Nadella"', "Nadella") == {
        '"Satya Nadella"',
        "Nadella",
    }


def test_an_organisation_is_matched_by_any_alias(resolver, analyse):
    doc = analyse("MS, KT와 AI 협력", "MS는 KT와 손잡고 AI 데이터센터를 짓는다.")
    assert {e["id"] for e in doc["entities"]["organizations"]} >= {"microsoft"}
    assert matching(resolver, doc, "org:마이크로소프트", "org:Microsoft", "마이크로소프트") == {
        "org:마이크로소프트",
        "org:Microsoft",
        "마이크로소프트",
    }
    assert not matching(resolver, doc, "org:애플", "person:마이크로소프트")  # the wrong kind


def test_phrases_are_consecutive_morphemes(resolver, analyse):
    doc = analyse("AI 협력", "양사는 데이터 센터 건설에 합의했다. 센터 데이터는 따로 관리한다.")
    assert matching(resolver, doc, '"데이터 센터"', '"데이터센터"', '"센터 데이터"') == {
        '"데이터 센터"',
        '"데이터센터"',
        '"센터 데이터"',
    }
    assert not matching(resolver, doc, '"데이터 건설"')


def test_fields_filters_and_not(resolver, seeds):
    newspim, ddaily = seeds["seed_002"], seeds["seed_004"]
    assert newspim["source"] == "newspim" and "스타게이트" in newspim["event"]["topics"]
    assert matching(
        resolver,
        newspim,
        "source:newspim",
        "source:뉴스핌",
        "topic:스타게이트",
        "손정의 NOT topic:모바일",
        "손정의 NOT 올트먼",
        "person:정신아",
    ) == {
        "source:newspim",
        "source:뉴스핌",
        "topic:스타게이트",
        "손정의 NOT topic:모바일",
        "person:정신아",
    }
    assert not matching(resolver, newspim, "손정의", sources=("ddaily",))
    assert matching(resolver, ddaily, "org:MS", min_relevance=0.3) == {"org:MS"}
    assert not matching(resolver, ddaily, "org:MS", min_relevance=0.9)  # relevance 0.46


def test_a_discovered_person_is_matched_by_name(resolver, analyse):
    doc = analyse("현대차 송창현 사장", "송창현 현대자동차그룹 사장은 엔비디아와 협력을 논의했다.")
    assert any(p["name"] == "송창현" and not p["known"] for p in doc["entities"]["persons"])
    assert matching(resolver, doc, "person:송창현") == {"person:송창현"}


def test_explanations_say_why(resolver, seeds):
    rules = compile_rules(
        [
            Rule("visit", "올트먼 AND (방한 OR 회동)", min_relevance=0.5),
            Rule("ms", "org:마이크로소프트"),
        ],
        resolver,
    )
    visit, ms = rules.explain(seeds["seed_003"])
    assert visit.matched and not ms.matched
    assert any("person 샘 올트먼 (sam_altman)" in r for r in visit.reasons)
    assert any(r.startswith("회동: morpheme 회동") for r in visit.reasons)
    assert ms.reasons == (
        (
            "org:마이크로소프트: not found (looked for organization 마이크로소프트 "
            "(microsoft); organization named 마이크로소프트)"
        ),
    )
    low = rules.explain({**seeds["seed_003"], "event": {"relevance": 0.2}})[0]
    assert not low.matched and "relevance 0.2 is below the rule's minimum 0.5" in low.reasons


def test_the_index_never_changes_an_answer(resolver, seeds):
    """Random rules over the dictionary's names, topics and words: the indexed match equals
    testing every rule on every document."""
    rng = random.Random(7)
    words = [
        "나델라",
        "올트먼",
        "손정의",
        "방한",
        "회동",
        "org:MS",
        "org:삼성전자",
        "topic:AI",
        "topic:모바일",
        "source:newspim",
        '"데이터 센터"',
        "person:이재용",
        "스타게이트",
        "KT",
    ]

    def expr(depth: int) -> str:
        if depth == 0 or rng.random() < 0.3:
            return rng.choice(words)
        op = rng.choice([" AND ", " OR ", " ", " AND NOT "])
        return f"({expr(depth - 1)}{op}{expr(depth - 1)})"

    rules = compile_rules([Rule(f"r{i}", expr(3)) for i in range(400)], resolver)
    assert rules.always == [] or all(rules.rules[i].matcher.trigger is None for i in rules.always)
    for doc in seeds.values():
        d = DocTerms(doc)
        brute = {c.rule.id for c in rules.rules if c.matcher.test(d)}
        assert {m.rule_id for m in rules.match(doc)} == brute
    assert 0 < sum(len(rules.match(doc)) for doc in seeds.values()) < 400 * len(seeds)


def test_a_rule_set_is_its_rules(resolver):
    rules = RuleSet(
        [
            compile_rule(Rule("a", "NOT 나델라"), resolver),
            compile_rule(Rule("b", "나델라"), resolver),
        ]
    )
    assert len(rules) == 2 and rules.always == [0]
    assert [m.rule_id for m in rules.match({"tokens": ["날씨"]})] == ["a"]


def test_latin_words_match_in_any_case(resolver):
    """Documents indexed before tokens were lower-cased ("DeepSeek") and after ("deepseek"),
    and queries in any case, all meet: rules match what `newsmon search` finds."""
    rules = RuleSet(
        [
            compile_rule(Rule("words", "DEEPSEEK AND ai"), resolver),
            compile_rule(Rule("phrase", '"ai 동맹"'), resolver),
        ]
    )
    for tokens in (["딥시크", "DeepSeek", "AI", "동맹"], ["딥시크", "deepseek", "ai", "동맹"]):
        assert [m.rule_id for m in rules.match({"tokens": tokens})] == ["words", "phrase"]
