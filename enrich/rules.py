"""Boilerplate rules: load ``config/boilerplate.yaml`` once, validate, compile.

The rules are data so that people tune the cleaner without touching code
(the same split trafilatura makes between its XPath tables and the code that
applies them).  Loading checks every key and compiles every pattern up front
(:mod:`enrich.yamlfile`, the loader of every configuration file); a mistake
fails at start-up with a message that names the file, the line, the key and
what is wrong, never halfway through a crawl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    ValidationInfo,
)

from enrich import yamlfile
from enrich.yamlfile import Problems, Strict, YamlFile, config_dir, format_key

_MACRO = re.compile(r"\{([A-Z_]+)\}")
_BULLET = re.compile(r"^[•·ㆍ∙◦‣\-*]\s+")


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"invalid regular expression: {exc}") from None


def _valid_regex(value: str) -> str:
    _compile(value)
    return value


def _expanded(value: Any, info: ValidationInfo) -> Any:
    """A pattern with its ``{MACRO}``s replaced (the file's macros come in the validation
    context), compiled."""
    if not isinstance(value, str):
        return value  # the schema below names the type that is wrong
    if not value:
        raise ValueError("expected a regular expression")
    macros = (info.context or {}).get("macros", {})

    def expand(m: re.Match[str]) -> str:
        if m.group(1) not in macros:
            raise ValueError(f"unknown macro {{{m.group(1)}}} (known: {', '.join(sorted(macros))})")
        return macros[m.group(1)]

    return _compile(_MACRO.sub(expand, value))


NonEmpty = Annotated[str, Field(min_length=1)]
Macro = Annotated[NonEmpty, AfterValidator(_valid_regex)]
Pattern = Annotated[re.Pattern, BeforeValidator(_expanded)]
Count = Annotated[StrictInt, Field(ge=0)]


class RuleEntry(Strict):
    id: NonEmpty
    pattern: Pattern
    max_chars: Annotated[StrictInt, Field(gt=0)] | None = None
    max_sentences: Count | None = None
    marks: Literal["image"] | None = None
    not_in_runs: StrictBool = False
    note: str | None = None


class Category(Strict):
    description: str = ""
    boundary: StrictBool = False
    rules: list[RuleEntry] = Field(min_length=1)


class Structure(Strict):
    """Tunable numbers and patterns of the positional (body-finding) pass."""

    prose_end: Pattern
    sentence_end: Pattern
    teaser_end: Pattern
    caption_after_image: Pattern
    min_prose_chars: StrictInt
    short_line_penalty: StrictInt
    rule_line_penalty: StrictInt
    boundary_penalty: StrictInt
    headline_min_chars: StrictInt
    headline_max_chars: StrictInt
    subtitle_max_lines: StrictInt
    title_search_lines: StrictInt
    max_short_gap: StrictInt
    min_title_overlap: StrictFloat
    min_subtitle_overlap: StrictFloat
    guard_max_cut_share: StrictFloat
    guard_max_cut_paragraphs: StrictInt
    min_article_chars: StrictInt


class RulesFile(Strict):
    """``config/boilerplate.yaml``."""

    macros: dict[str, Macro] = {}
    structure: Structure
    categories: dict[str, Category] = Field(min_length=1)


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


def parse_rules(data: Any, path: str = "<rules>") -> RuleSet:
    """Validate and compile an already-parsed rules document."""
    return _rule_set(YamlFile(Path(path), data, None))


@lru_cache(maxsize=8)
def load_rules(path: str | Path | None = None) -> RuleSet:
    """The rule set in *path* (default ``config/boilerplate.yaml``), loaded once per path."""
    return _rule_set(yamlfile.read(path or config_dir() / "boilerplate.yaml"))


def _rule_set(source: YamlFile) -> RuleSet:
    raw = source.data.get("macros") if isinstance(source.data, dict) else None
    macros = {k: v for k, v in raw.items() if isinstance(v, str)} if isinstance(raw, dict) else {}
    config = yamlfile.validate(source, RulesFile, context={"macros": macros})
    problems = Problems(source)
    rules: list[Rule] = []
    first: dict[str, tuple] = {}  # rule id -> where it is
    for name, category in config.categories.items():
        for n, entry in enumerate(category.rules):
            key = ("categories", name, "rules", n, "id")
            if not entry.id.startswith(f"{name}."):
                problems.add(key, f"a rule id starts with its category: '{name}.'")
            if entry.id in first:
                line = source.line(first[entry.id])
                where = f"line {line}" if line else format_key(first[entry.id])
                problems.add(key, f"duplicate id '{entry.id}' (first on {where})")
            first.setdefault(entry.id, key)
            rules.append(
                Rule(
                    entry.id,
                    name,
                    entry.pattern,
                    category.boundary,
                    entry.max_chars,
                    entry.marks,
                    entry.not_in_runs,
                    entry.max_sentences,
                )
            )
    problems.raise_if_any()
    return RuleSet(
        str(source.path),
        tuple(rules),
        config.structure,
        {name: category.description for name, category in config.categories.items()},
    )
