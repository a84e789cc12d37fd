"""Find dictionary terms (names, aliases, visit words) in Korean text, fast.

A few thousand terms are matched on every feed title and every article, so
they are compiled once into one regular expression shaped like a trie (a plain
alternation of literals is tried term by term at every position).  Matching
follows how Korean news writes names:

* spaces are optional where a term has one or where Hangul meets Latin
  letters ("샘 올트먼" = "샘올트먼", "오픈AI" = "오픈 AI");
* Latin letters match case-insensitively, except in terms of one to three
  letters ("MS", "KT", "Arm"), which must appear exactly as listed so that
  "ms" or "arm" in running text do not count;
* Latin and digit edges need a non-alphanumeric neighbour ("MS" is not in
  "MSCI"); Hangul edges need nothing (particles attach: "나델라가") --
  callers that have Kiwi tokens check those edges against token boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

V = TypeVar("V")

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SPACE = re.compile(r"\s+")
_SHORT_LATIN = re.compile(r"[A-Za-z]{1,3}")


@lru_cache(maxsize=1 << 16)
def term_key(term: str) -> str:
    """The form two spellings of one term share: no spaces, ASCII lower case (memoised:
    keyword candidates ask it of the same words article after article)."""
    return _SPACE.sub("", term).translate(_ASCII_LOWER)


_lowered: tuple[str | None, str] = (None, "")  # the last text lower-cased, and that text


def _ascii_lower(text: str) -> str:
    """*text* with ASCII letters in lower case (the several lexicons that read one
    article in turn lower it once)."""
    global _lowered
    last = _lowered  # one read: another thread may set it meanwhile
    if text is not last[0]:
        last = _lowered = (text, text.translate(_ASCII_LOWER))
    return last[1]


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


class Hit(NamedTuple, Generic[V]):
    """A term found (a tuple: made by the dozen per article, it must be cheap)."""

    start: int
    end: int
    surface: str
    values: tuple[V, ...]


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    space_before: set[str] = field(default_factory=set)  # child chars that may follow a space
    terminal: bool = False


class Lexicon(Generic[V]):
    """Terms -> values; :meth:`find` returns the longest term at each position."""

    def __init__(self, entries: Iterable[tuple[str, V]]):
        self._values: dict[str, list[V]] = {}
        self._exact: dict[str, set[str]] = {}  # short Latin terms: allowed exact spellings
        root = _Node()
        for term, value in entries:
            key = term_key(term)
            if not key:
                continue
            values = self._values.setdefault(key, [])
            if value not in values:
                values.append(value)
            if _SHORT_LATIN.fullmatch(key):
                self._exact.setdefault(key, set()).add(_SPACE.sub("", term))
            self._insert(root, term)
        self._regex = re.compile(_pattern(root, first=True)) if self._values else None
        self._last: tuple[str | None, list[Hit[V]]] = (None, [])  # the last text and its hits

    @staticmethod
    def _insert(root: _Node, term: str) -> None:
        node, prev, spaced = root, "", False
        for ch in term.strip().translate(_ASCII_LOWER):
            if ch.isspace():
                spaced = True
                continue
            if prev and (
                spaced or (_is_hangul(prev) != _is_hangul(ch) and (_alnum(prev) or _alnum(ch)))
            ):
                node.space_before.add(ch)
            node = node.children.setdefault(ch, _Node())
            prev, spaced = ch, False
        node.terminal = True

    def get(self, term: str) -> tuple[V, ...]:
        return tuple(self._values.get(term_key(term), ()))

    def find(self, text: str) -> list[Hit[V]]:
        if self._regex is None:
            return []
        last = self._last  # one read: another thread may set it meanwhile
        if text is last[0]:  # the entity and title passes look at one text in turn
            return list(last[1])
        hits = []
        for m in self._regex.finditer(_ascii_lower(text)):
            start, end = m.span()
            surface = text[start:end]
            key = "".join(m.group().split())  # term_key(surface): the match is lower case
            exact = self._exact.get(key)
            if exact is not None and "".join(surface.split()) not in exact:
                continue
            hits.append(Hit(start, end, surface, tuple(self._values[key])))
        self._last = (text, hits)
        return list(hits)


def _pattern(node: _Node, first: bool = False, end_guard: str = "") -> str:
    """Trie -> regex; longer continuations come before the "term ends here" branch."""
    alternatives = []
    for ch in sorted(node.children):
        piece = re.escape(ch)
        if ch in node.space_before:
            piece = r"\s?" + piece
        if first and _alnum(ch):  # after the character: every branch starts with a literal,
            piece += rf"(?<![a-z0-9]{piece})"  # which lets re skip most positions at once
        guard = r"(?![a-z0-9])" if _alnum(ch) else ""
        alternatives.append(piece + _pattern(node.children[ch], end_guard=guard))
    if node.terminal:
        alternatives.append(end_guard)
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"
