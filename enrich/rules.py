"""Boilerplate rules: load ``config/boilerplate.yaml`` once, validate, compile.

The rules are data so that people tune the cleaner without touching code
(the same split trafilatura makes between its XPath tables and the code that
applies them).  Loading checks every key and compiles every pattern up front;
a mistake fails at start-up with a message that names the file, the
category or rule, and what is wrong, never halfway through a crawl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from enrich.errors import RulesError
from enrich.yamlfile import config_dir

_MACRO = re.compile(r"\{([A-Z_]+)\}")
_BULLET = re.compile(r"^[•·ㆍ∙◦‣\-*]\s+")
_STRUCTURE_KEYS = {
    "prose_end": str,
    "sentence_end": str,
    "teaser_end": str,
    "caption_after_image": str,
    "min_prose_chars": int,
    "short_line_penalty": int,
    "rule_line_penalty": int,
    "boundary_penalty": int,
    "headline_min_chars": int,
    "headline_max_chars": int,
    "subtitle_max_lines": int,
    "title_search_lines": int,
    "max_short_gap": int,
    "min_title_overlap": float,
    "min_subtitle_overlap": float,
    "guard_max_cut_share": float,
    "guard_max_cut_paragraphs": int,
    "min_article_chars": int,
}
_RULE_KEYS = {"id", "pattern", "max_chars", "max_sentences", "marks", "not_in_runs", "note"}
_CATEGORY_KEYS = {"description", "boundary", "rules"}
_MARKS = {"image"}


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    pattern: re.Pattern[str]
    boundary: bool = False
    max_chars: int | None = None
    marks: str | None = None
    not_in_runs: bool = False
    max_sentences: int | None = None

    def matches(self, line: str, sentences: int = 0) -> bool:
        """Whether the rule drops *line*, which holds *sentences* sentence endings."""
        if self.max_chars is not None and len(line) > self.max_chars:
            return False
        if self.max_sentences is not None and sentences > self.max_sentences:
            return False
        return self.pattern.search(line) is not None


@dataclass(frozen=True)
class Structure:
    """Tunable numbers and patterns of the positional (body-finding) pass."""

    prose_end: re.Pattern[str]
    sentence_end: re.Pattern[str]
    teaser_end: re.Pattern[str]
    caption_after_image: re.Pattern[str]
    min_prose_chars: int
    short_line_penalty: int
    rule_line_penalty: int
    boundary_penalty: int
    headline_min_chars: int
    headline_max_chars: int
    subtitle_max_lines: int
    title_search_lines: int
    max_short_gap: int
    min_title_overlap: float
    min_subtitle_overlap: float
    guard_max_cut_share: float
    guard_max_cut_paragraphs: int
    min_article_chars: int


@dataclass(frozen=True)
class RuleSet:
    path: str
    rules: tuple[Rule, ...]
    structure: Structure
    categories: dict[str, str] = field(default_factory=dict)  # name -> description

    def match(self, line: str) -> Rule | None:
        """The first rule that matches *line* (a leading list bullet is ignored)."""
        bare = _BULLET.sub("", line)
        sentences = len(self.structure.sentence_end.findall(bare))
        for rule in self.rules:
            if rule.matches(bare, sentences):
                return rule
        return None


def _fail(path: str, where: str, what: str) -> RulesError:
    return RulesError(f"{path}: {where}: {what}")


def _compile(path: str, where: str, pattern: Any, macros: dict[str, str]) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise _fail(path, where, "pattern must be a non-empty string")

    def expand(m: re.Match[str]) -> str:
        if m.group(1) not in macros:
            raise _fail(
                path, where, f"unknown macro {{{m.group(1)}}} (known: {', '.join(sorted(macros))})"
            )
        return macros[m.group(1)]

    try:
        return re.compile(_MACRO.sub(expand, pattern))
    except re.error as exc:
        raise _fail(path, where, f"invalid regular expression: {exc}") from None


def parse_rules(data: Any, path: str = "<rules>") -> RuleSet:
    """Validate and compile an already-parsed rules document."""
    if not isinstance(data, dict):
        raise _fail(
            path, "top level", "expected a mapping with 'macros', 'structure' and 'categories'"
        )
    unknown = set(data) - {"macros", "structure", "categories"}
    if unknown:
        raise _fail(path, "top level", f"unknown key(s) {sorted(unknown)}")

    macros = data.get("macros") or {}
    if not isinstance(macros, dict) or not all(isinstance(v, str) for v in macros.values()):
        raise _fail(path, "macros", "expected a mapping of NAME: regex string")
    for name, value in macros.items():
        _compile(path, f"macros.{name}", value, {})

    raw_structure = data.get("structure")
    if not isinstance(raw_structure, dict):
        raise _fail(path, "structure", "missing or not a mapping")
    missing = set(_STRUCTURE_KEYS) - set(raw_structure)
    if missing:
        raise _fail(path, "structure", f"missing key(s) {sorted(missing)}")
    structure_args: dict[str, Any] = {}
    for key, value in raw_structure.items():
        kind = _STRUCTURE_KEYS.get(key)
        if kind is None:
            raise _fail(path, f"structure.{key}", "unknown key")
        if kind is str:
            structure_args[key] = _compile(path, f"structure.{key}", value, macros)
        elif (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or (kind is int and not isinstance(value, int))
        ):
            raise _fail(
                path, f"structure.{key}", f"expected a number ({kind.__name__}), got {value!r}"
            )
        else:
            structure_args[key] = value

    categories = data.get("categories")
    if not isinstance(categories, dict) or not categories:
        raise _fail(path, "categories", "missing or empty")
    rules: list[Rule] = []
    seen: set[str] = set()
    descriptions: dict[str, str] = {}
    for cat_name, cat in categories.items():
        where = f"categories.{cat_name}"
        if not isinstance(cat, dict):
            raise _fail(path, where, "expected a mapping with 'rules'")
        unknown = set(cat) - _CATEGORY_KEYS
        if unknown:
            raise _fail(path, where, f"unknown key(s) {sorted(unknown)}")
        boundary = cat.get("boundary", False)
        if not isinstance(boundary, bool):
            raise _fail(path, f"{where}.boundary", "expected true or false")
        if not isinstance(cat.get("rules"), list) or not cat["rules"]:
            raise _fail(path, f"{where}.rules", "expected a non-empty list")
        descriptions[cat_name] = str(cat.get("description", ""))
        for n, raw in enumerate(cat["rules"]):
            rwhere = f"{where}.rules[{n}]"
            if not isinstance(raw, dict):
                raise _fail(path, rwhere, "expected a mapping with 'id' and 'pattern'")
            rule_id = raw.get("id")
            if isinstance(rule_id, str):
                rwhere = f"rule {rule_id!r}"
            unknown = set(raw) - _RULE_KEYS
            if unknown:
                raise _fail(path, rwhere, f"unknown key(s) {sorted(unknown)}")
            if not isinstance(rule_id, str) or not rule_id.startswith(f"{cat_name}."):
                raise _fail(path, rwhere, f"'id' must be a string starting with '{cat_name}.'")
            if rule_id in seen:
                raise _fail(path, rwhere, "duplicate id")
            seen.add(rule_id)
            max_chars = raw.get("max_chars")
            if max_chars is not None and (not isinstance(max_chars, int) or max_chars <= 0):
                raise _fail(path, f"{rwhere}.max_chars", "expected a positive integer")
            max_sentences = raw.get("max_sentences")
            if max_sentences is not None and (
                not isinstance(max_sentences, int) or isinstance(max_sentences, bool)
                or max_sentences < 0
            ):
                raise _fail(path, f"{rwhere}.max_sentences", "expected a non-negative integer")
            not_in_runs = raw.get("not_in_runs", False)
            if not isinstance(not_in_runs, bool):
                raise _fail(path, f"{rwhere}.not_in_runs", "expected true or false")
            marks = raw.get("marks")
            if marks is not None and marks not in _MARKS:
                raise _fail(path, f"{rwhere}.marks", f"expected one of {sorted(_MARKS)}")
            rules.append(
                Rule(
                    rule_id,
                    cat_name,
                    _compile(path, rwhere, raw.get("pattern"), macros),
                    boundary,
                    max_chars,
                    marks,
                    not_in_runs,
                    max_sentences,
                )
            )
    return RuleSet(path, tuple(rules), Structure(**structure_args), descriptions)


@lru_cache(maxsize=8)
def load_rules(path: str | Path | None = None) -> RuleSet:
    """The rule set in *path* (default ``config/boilerplate.yaml``), loaded once per path."""
    path = str(path or config_dir() / "boilerplate.yaml")
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except OSError as exc:
        raise RulesError(f"{path}: cannot read rules file: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: not valid YAML: {exc}") from None
    return parse_rules(data, path)
