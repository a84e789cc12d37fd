"""Alert-rule queries: a small search language, compiled once, matched on enriched documents.

Syntax (``config/alerts.yaml``, one query per rule)::

    나델라 AND (방한 OR 회동) NOT topic:모바일
    "데이터 센터" org:마이크로소프트 source:newspim person:"젠슨 황"

- a *term* is a word or a "quoted phrase"; ``field:value`` restricts it to
  people (``person:``), organisations (``org:``), places (``location:``), the
  outlet or portal (``source:``) or the event's topics (``topic:``);
- ``AND``, ``OR``, ``NOT`` (upper case) and parentheses combine them; terms
  side by side mean AND; NOT binds tightest, then AND, then OR.

Meaning -- the same Korean analysis as the document's, so that spelling and
inflection do not matter:

- a term matches the document's Kiwi morphemes (``tokens``): the query word
  goes through Kiwi too, so ``나델라가`` is the morpheme ``나델라`` and a phrase
  is a run of consecutive morphemes;
- a term that names an entity of the dictionary (``config/entities.yaml``,
  directly or once reduced to morphemes) also matches the entity's canonical
  id, so ``나델라`` matches an article that only says "Satya Nadella" and
  ``org:마이크로소프트`` one that only says "MS";
- ``person:``/``org:``/``location:`` values missing from the dictionary match
  the names the article's entity extraction found, as written.

Speed: queries are parsed and their terms resolved (one Kiwi batch) once, at
start-up.  A document becomes one set of features (morphemes, entity ids,
names, source, topics); an inverted index from each rule's *trigger*
features -- a set the document must touch for the rule to have any chance --
leaves only a handful of candidate rules to evaluate per document.

Pure: no Scrapy, no network, nothing of :mod:`crawler`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from enrich.dictionary import Dictionary, EntityRef, load_dictionary
from enrich.lexicon import term_key

# Query field -> what it looks at (entity kinds are the dictionary's).
FIELDS = {
    "person": "person",
    "org": "organization",
    "location": "location",
    "source": "source",
    "topic": "topic",
}
ENTITY_KINDS = ("person", "organization", "location")
OPERATORS = ("AND", "OR", "NOT")
_FIELD_NAME = re.compile(r"[A-Za-z_]+")
_STOP = ' \t\r\n()"'


class QueryError(ValueError):
    """A query that cannot be parsed or compiled.  *position*: 1-based character of the query."""

    def __init__(self, message: str, position: int, query: str, rule_id: str | None = None):
        self.message, self.position, self.query, self.rule_id = message, position, query, rule_id
        super().__init__(str(self))

    def __str__(self) -> str:
        rule = f"rule {self.rule_id!r}: " if self.rule_id else ""
        return f"{rule}{self.message} at position {self.position} of the query {self.query!r}"

    def for_rule(self, rule_id: str) -> QueryError:
        return QueryError(self.message, self.position, self.query, rule_id)


# --- syntax --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    text: str
    position: int  # 1-based
    phrase: bool = False
    field: str | None = None  # a FIELDS key


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Term | And | Or | Not


@dataclass(frozen=True)
class _Token:
    kind: str  # "(" ")" AND OR NOT TERM END
    position: int  # 1-based
    term: Term | None = None


def _tokens(query: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            out.append(_Token(ch, i + 1))
            i += 1
        elif ch == '"':
            start = i
            text, i = _phrase(query, i)
            out.append(_Token("TERM", start + 1, Term(text, start + 1, True)))
        else:
            start = i
            while i < n and query[i] not in _STOP:
                i += 1
            word = query[start:i]
            if word in OPERATORS:
                out.append(_Token(word, start + 1))
                continue
            name, colon, value = word.partition(":")
            if not colon or not _FIELD_NAME.fullmatch(name):
                out.append(_Token("TERM", start + 1, Term(word, start + 1)))
                continue
            if name.lower() not in FIELDS:
                raise QueryError(
                    f"unknown field '{name}:' (fields: {', '.join(FIELDS)})", start + 1, query
                )
            phrase = False
            if not value and i < n and query[i] == '"':
                value, i = _phrase(query, i)
                phrase = True
            if not value:
                raise QueryError(f"'{name}:' needs a value", start + 1, query)
            out.append(_Token("TERM", start + 1, Term(value, start + 1, phrase, name.lower())))
    out.append(_Token("END", n + 1))
    return out


def _phrase(query: str, start: int) -> tuple[str, int]:
    """The text of the quoted phrase opening at *start*, and the index after its closing quote."""
    end = query.find('"', start + 1)
    if end < 0:
        raise QueryError("unterminated quote", start + 1, query)
    text = " ".join(query[start + 1 : end].split())
    if not text:
        raise QueryError("empty phrase", start + 1, query)
    return text, end + 1


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary ([AND] unary)*; unary := NOT unary |
    '(' or ')' | TERM."""

    STARTS = ("TERM", "(", "NOT")

    def __init__(self, query: str):
        self.query, self.tokens, self.i = query, _tokens(query), 0

    def peek(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def error(self, message: str, token: _Token | None = None) -> QueryError:
        return QueryError(message, (token or self.peek()).position, self.query)

    def parse(self) -> Node:
        if self.peek().kind == "END":
            raise self.error("empty query")
        node = self.parse_or()
        token = self.peek()
        if token.kind == ")":
            raise self.error("unexpected ')' without a matching '('")
        if token.kind != "END":  # pragma: no cover - every other token starts or joins a term
            raise self.error(f"unexpected {token.kind}")
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.peek().kind == "OR":
            children.append(self.operand_of(self.take(), self.parse_and))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def operand_of(self, operator: _Token, parse: Callable[[], Node]) -> Node:
        if self.peek().kind not in self.STARTS:
            raise self.error(f"expected a term after {operator.kind}")
        return parse()

    def parse_and(self) -> Node:
        children = [self.parse_unary()]
        while True:
            kind = self.peek().kind
            if kind == "AND":
                children.append(self.operand_of(self.take(), self.parse_unary))
            elif kind in self.STARTS:  # side by side: AND
                children.append(self.parse_unary())
            else:
                break
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self) -> Node:
        token = self.take()
        if token.kind == "NOT":
            return Not(self.operand_of(token, self.parse_unary))
        if token.kind == "(":
            if self.peek().kind == ")":
                raise self.error("empty parentheses")
            node = self.parse_or()
            if self.peek().kind != ")":
                raise self.error("missing ')' for this '('", token)
            self.take()
            return node
        if token.kind == "TERM":
            return token.term
        if token.kind in ("AND", "OR"):
            raise self.error(f"{token.kind} needs a term before it", token)
        if token.kind == ")":
            raise self.error("unexpected ')' without a matching '('", token)
        raise self.error("expected a term", token)


def parse(query: str) -> Node:
    """The syntax tree of *query*; :class:`QueryError` names the position of a mistake."""
    return _Parser(query).parse()


def terms(node: Node) -> Iterable[Term]:
    if isinstance(node, Term):
        yield node
    elif isinstance(node, Not):
        yield from terms(node.child)
    else:
        for child in node.children:
            yield from terms(child)


# --- what query words mean ----------------------------------------------------------------------


def kiwi_morphemes(texts: Sequence[str]) -> list[list[str]]:
    """Content morphemes of each text, exactly as ``enrich.nlp.tokens`` makes a document's."""
    from enrich.nlp import analyze_texts, compose, tokens
    from enrich.text import analysis_text

    return [tokens(a) for a in analyze_texts([compose(None, [], analysis_text(t)) for t in texts])]


class Resolver:
    """Query words -> their morphemes (Kiwi) and the dictionary entities they name.

    *topics* and *sources*, when given, are the values ``topic:`` and
    ``source:`` accept: a misspelt one is an error instead of a rule that
    never fires.
    """

    def __init__(
        self,
        dictionary: Dictionary | None = None,
        *,
        morphemes: Callable[[Sequence[str]], list[list[str]]] = kiwi_morphemes,
        topics: Iterable[str] | None = None,
        sources: Iterable[str] | None = None,
    ):
        self.dictionary = dictionary or load_dictionary()
        self._analyse = morphemes
        self._words: dict[str, tuple[str, ...]] = {}
        self.topics = None if topics is None else {term_key(t): t for t in topics}
        self.sources = None if sources is None else {term_key(s): s for s in sources}

    def prepare(self, texts: Iterable[str]) -> None:
        """Analyse every not yet known text in one Kiwi batch."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._words))
        for text, forms in zip(todo, self._analyse(todo) if todo else [], strict=True):
            self._words[text] = tuple(flat_words(forms))

    def words(self, text: str) -> tuple[str, ...]:
        """*text*'s content morphemes as :func:`flat_words`."""
        self.prepare([text])
        return self._words[text]

    def entities(self, text: str, kind: str | None = None) -> tuple[EntityRef, ...]:
        """Dictionary entities *text* names, as written or reduced to its morphemes."""
        lexicon = self.dictionary.lexicon
        refs = lexicon.get(text)
        if not refs and kind is None:  # "나델라가" -> "나델라"
            words = self.words(text)
            refs = lexicon.get("".join(words)) if words else ()
        return tuple(r for r in refs if kind is None or r.kind == kind)

    def label(self, ref: EntityRef) -> str:
        return f"{ref.kind} {self.dictionary.entity(ref).name} ({ref.id})"


# --- documents as features ----------------------------------------------------------------------


def relevance(doc: dict) -> float:
    """``event.relevance`` (a number, or ``{"score": ...}``); 0 without an event."""
    score = (doc.get("event") or {}).get("relevance")
    if isinstance(score, dict):
        score = score.get("score")
    return float(score or 0.0)


_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _token_list(doc: dict) -> list[str]:
    tokens = doc.get("tokens") or []
    return tokens.split() if isinstance(tokens, str) else list(tokens)


def flat_words(tokens: Iterable[str]) -> list[str]:
    """Tokens as a sequence for phrases: term_keys, multi-word names split at spaces, and the
    whole compound ``enrich.nlp.tokens`` adds after its parts ("데이터", "센터", "데이터센터")
    left out -- so "데이터센터" and "데이터 센터" are the same phrase."""
    out: list[str] = []
    for key in " ".join(tokens).translate(_LOWER).split():
        if (
            len(out) >= 2
            and key.endswith(out[-1])
            and key.startswith(out[-2])
            and any(len(out) >= n and key == "".join(out[-n:]) for n in (2, 3, 4))
        ):
            continue
        out.append(key)
    return out


class DocTerms:
    """One document as the set of features queries test, built once per document.

    ``t:<morpheme>``, ``e:<kind>:<id>`` (dictionary entities), ``n:<kind>:<name>``
    (entity names and spellings as found), ``s:<source|outlet|portal>``,
    ``c:<topic>``; all values compared by :func:`~enrich.lexicon.term_key`.
    """

    __slots__ = ("_phrases", "_positions", "doc", "features", "written")

    def __init__(self, doc: dict):
        self.doc = doc
        tokens = set(_token_list(doc))
        for token in [t for t in tokens if " " in t]:  # a name "샘 올트먼": its words too
            tokens.update(token.split())
        features = {"t:" + token.translate(_LOWER) for token in tokens if " " not in token}
        features.update("t:" + term_key(token) for token in tokens if " " in token)
        # How the document writes a feature, where that is not the feature itself.
        written: dict[str, list[str]] = {}
        entities = doc.get("entities") or {}
        for kind in ENTITY_KINDS:
            for entity in entities.get(kind + "s") or ():
                names = [n for n in entity.get("aliases") or [entity.get("name")] if n]
                keys = [f"n:{kind}:{term_key(n)}" for n in (entity.get("name"), *names) if n]
                if entity.get("id"):
                    keys.append(f"e:{kind}:{entity['id']}")
                written.update(dict.fromkeys(keys, names))
        features.update(written)
        for value in (doc.get("source"), doc.get("outlet"), doc.get("portal")):
            if value:
                features.add("s:" + term_key(value))
        for topic in (doc.get("event") or {}).get("topics") or ():
            features.add("c:" + term_key(topic))
        self.features, self.written = features, written
        self._positions: dict[str, set[int]] | None = None
        self._phrases: dict[tuple[str, ...], bool] = {}  # many rules share a phrase

    def surfaces(self, feature: str) -> list[str]:
        """How the document writes what *feature* stands for (for snippets and explanations)."""
        if feature in self.written:
            return self.written[feature]
        return [feature[2:]] if feature.startswith("t:") else []

    def has_phrase(self, words: tuple[str, ...]) -> bool:
        """*words* as consecutive morphemes (names split at spaces) somewhere in the document."""
        found = self._phrases.get(words)
        if found is None:
            found = self._phrases[words] = self._find(words)
        return found

    def _find(self, words: tuple[str, ...]) -> bool:
        if self._positions is None:
            self._positions = {}
            for i, word in enumerate(flat_words(_token_list(self.doc))):
                self._positions.setdefault(word, set()).add(i)
        positions = self._positions
        if any(w not in positions for w in words):
            return False
        rest = [(k, positions[w]) for k, w in enumerate(words[1:], 1)]
        return any(all(i + k in after for k, after in rest) for i in positions[words[0]])


# --- compiled queries ---------------------------------------------------------------------------


class _Matcher:
    """A compiled query node: ``test`` is the fast path, ``explain`` says why."""

    trigger: frozenset[str] | None  # the document must have one of these to match; None: any may
    cost: float  # roughly how many documents the trigger lets through (relative; inf: all)

    def test(self, d: DocTerms) -> bool:
        raise NotImplementedError

    def words(self, d: DocTerms) -> list[str]:
        """How the document writes the terms that made it match (for a snippet)."""
        raise NotImplementedError

    def explain(self, d: DocTerms) -> tuple[bool, list[str]]:
        """(matched, one reason per term)."""
        raise NotImplementedError


class _Atom(_Matcher):
    """One term: any of its features, or (several morphemes) the phrase of them."""

    def __init__(self, term: Term, features: dict[str, str], phrase: tuple[str, ...] = ()):
        self.term, self.labels, self.phrase = term, features, phrase
        self.features = frozenset(features)
        self.trigger = self.features | ({"t:" + max(phrase, key=len)} if phrase else set())
        # Names (a dictionary entity, or a person:/org:/location: value) are rare in news text;
        # words, topics and sources are common.
        rare = any(f[0] in "en" for f in self.features)
        self.cost = (0.2 if rare else 1.0) * len(self.trigger)

    def test(self, d: DocTerms) -> bool:
        return not self.features.isdisjoint(d.features) or bool(
            self.phrase and d.has_phrase(self.phrase)
        )

    def words(self, d: DocTerms) -> list[str]:
        found = [w for f in self.features if f in d.features for w in d.surfaces(f)]
        return found or (list(self.phrase) if self.phrase and d.has_phrase(self.phrase) else [])

    def explain(self, d: DocTerms) -> tuple[bool, list[str]]:
        name = f"{self.term.field}:{self.term.text}" if self.term.field else self.term.text
        hits = sorted(f for f in self.features if f in d.features)
        if hits:
            words = list(dict.fromkeys(w for f in hits for w in d.surfaces(f)))
            found = "; ".join(self.labels[f] for f in hits)
            return True, [f"{name}: {found}" + (f" (as {', '.join(words)})" if words else "")]
        if self.phrase and d.has_phrase(self.phrase):
            return True, [f"{name}: morphemes {' '.join(self.phrase)} in a row"]
        wanted = [self.labels[f] for f in sorted(self.features)]
        if self.phrase:
            wanted.append(f"morphemes {' '.join(self.phrase)} in a row")
        return False, [f"{name}: not found (looked for {'; '.join(wanted)})"]


class _All(_Matcher):
    def __init__(self, children: list[_Matcher]):
        self.children = children
        # Any one child's trigger will do: take the one least likely to be in a document.
        best = min(
            (c for c in children if c.trigger is not None), key=lambda c: c.cost, default=None
        )
        self.trigger, self.cost = (best.trigger, best.cost) if best else (None, float("inf"))

    def test(self, d: DocTerms) -> bool:
        return all(c.test(d) for c in self.children)

    def words(self, d: DocTerms) -> list[str]:
        return [w for c in self.children for w in c.words(d)]

    def explain(self, d: DocTerms) -> tuple[bool, list[str]]:
        results = [c.explain(d) for c in self.children]
        return all(r[0] for r in results), [x for r in results for x in r[1]]


class _Any(_Matcher):
    def __init__(self, children: list[_Matcher]):
        self.children = children
        triggers = [c.trigger for c in children]
        self.trigger = None if None in triggers else frozenset().union(*triggers)
        self.cost = sum(c.cost for c in children)

    def test(self, d: DocTerms) -> bool:
        return any(c.test(d) for c in self.children)

    def words(self, d: DocTerms) -> list[str]:
        return [w for c in self.children if c.test(d) for w in c.words(d)]

    def explain(self, d: DocTerms) -> tuple[bool, list[str]]:
        results = [c.explain(d) for c in self.children]
        hits = [r for r in results if r[0]]
        return bool(hits), [x for r in hits or results for x in r[1]]


class _Not(_Matcher):
    trigger, cost = None, float("inf")

    def __init__(self, child: _Matcher):
        self.child = child

    def test(self, d: DocTerms) -> bool:
        return not self.child.test(d)

    def words(self, d: DocTerms) -> list[str]:
        return []

    def explain(self, d: DocTerms) -> tuple[bool, list[str]]:
        matched, reasons = self.child.explain(d)
        return not matched, [f"NOT ({r})" for r in reasons]


def _compile(node: Node, resolver: Resolver, query: str) -> _Matcher:
    if isinstance(node, Not):
        return _Not(_compile(node.child, resolver, query))
    if isinstance(node, (And, Or)):
        children = [_compile(c, resolver, query) for c in node.children]
        return _All(children) if isinstance(node, And) else _Any(children)
    return _compile_term(node, resolver, query)


def _compile_term(term: Term, resolver: Resolver, query: str) -> _Atom:
    key = term_key(term.text)
    field = FIELDS.get(term.field or "")
    if field == "topic":
        if resolver.topics is not None and key not in resolver.topics:
            raise QueryError(
                f"unknown topic '{term.text}' (topics: {', '.join(resolver.topics.values())})",
                term.position,
                query,
            )
        return _Atom(term, {"c:" + key: f"topic {term.text}"})
    if field == "source":
        if resolver.sources is not None and key not in resolver.sources:
            raise QueryError(
                f"unknown source '{term.text}' (a source id or outlet name of seeds/sources.yaml)",
                term.position,
                query,
            )
        return _Atom(term, {"s:" + key: f"source {term.text}"})
    if field is not None:  # person / organization / location
        features = {
            f"e:{r.kind}:{r.id}": resolver.label(r) for r in resolver.entities(term.text, field)
        }
        features[f"n:{field}:{key}"] = f"{field} named {term.text}"
        return _Atom(term, features)
    words = resolver.words(term.text)
    features = {f"e:{r.kind}:{r.id}": resolver.label(r) for r in resolver.entities(term.text)}
    if not words and not features:
        raise QueryError(
            f"'{term.text}' has nothing to search for (no content morphemes)", term.position, query
        )
    features["t:" + key] = f"morpheme {term.text}"
    if len(words) == 1:
        features["t:" + words[0]] = f"morpheme {words[0]}"
    return _Atom(term, features, words if len(words) > 1 else ())


# --- rules --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    query: str
    min_relevance: float = 0.0
    sources: tuple[str, ...] = ()  # source ids; empty: every source


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    matcher: _Matcher

    def admits(self, score: float, source: str | None) -> bool:
        """The rule's filters: minimum relevance and sources."""
        return score >= self.rule.min_relevance and (
            not self.rule.sources or source in self.rule.sources
        )


@dataclass(frozen=True)
class Match:
    rule_id: str
    words: tuple[str, ...]  # how the document writes what matched (for a snippet)


@dataclass(frozen=True)
class Explanation:
    rule_id: str
    matched: bool
    reasons: tuple[str, ...]


def compile_rule(rule: Rule, resolver: Resolver) -> CompiledRule:
    """Parse and resolve one rule; errors name the rule and the position."""
    try:
        return CompiledRule(rule, _compile(parse(rule.query), resolver, rule.query))
    except QueryError as exc:
        raise exc.for_rule(rule.id) from None


def prepare(rules: Iterable[Rule], resolver: Resolver) -> None:
    """Analyse the words of every parsable rule in one Kiwi batch (compile_rule is then fast)."""
    texts = []
    for rule in rules:
        try:
            texts += [t.text for t in terms(parse(rule.query)) if t.field is None]
        except QueryError:
            continue
    resolver.prepare(texts)


class RuleSet:
    """Compiled rules behind an inverted index from trigger features to rules."""

    def __init__(self, rules: Iterable[CompiledRule]):
        self.rules = list(rules)
        self.index: dict[str, list[int]] = {}
        self.always: list[int] = []  # rules with no trigger (a NOT alone): tested on every document
        for i, compiled in enumerate(self.rules):
            trigger = compiled.matcher.trigger
            if trigger is None:
                self.always.append(i)
            for feature in trigger or ():
                self.index.setdefault(feature, []).append(i)

    def __len__(self) -> int:
        return len(self.rules)

    def candidates(self, d: DocTerms) -> list[CompiledRule]:
        found = set(self.always)
        index = self.index
        for feature in d.features:
            hit = index.get(feature)
            if hit:
                found.update(hit)
        return [self.rules[i] for i in sorted(found)]

    def match(self, doc: dict) -> list[Match]:
        """The rules *doc* matches, in rule order."""
        d, score, source = DocTerms(doc), relevance(doc), doc.get("source")
        out = []
        for compiled in self.candidates(d):
            if compiled.admits(score, source) and compiled.matcher.test(d):
                out.append(Match(compiled.rule.id, tuple(dict.fromkeys(compiled.matcher.words(d)))))
        return out

    def explain(self, doc: dict) -> list[Explanation]:
        """Every rule, matched or not, with the reasons (slow path: ``newsmon alerts test``)."""
        d = DocTerms(doc)
        out = []
        for compiled in self.rules:
            rule = compiled.rule
            matched, reasons = compiled.matcher.explain(d)
            score = relevance(doc)
            if score < rule.min_relevance:
                matched = False
                reasons.append(
                    f"relevance {score} is below the rule's minimum {rule.min_relevance}"
                )
            if rule.sources and doc.get("source") not in rule.sources:
                matched = False
                reasons.append(
                    f"source {doc.get('source')} is not one of {', '.join(rule.sources)}"
                )
            out.append(Explanation(rule.id, matched, tuple(reasons)))
        return out


def compile_rules(rules: Iterable[Rule], resolver: Resolver | None = None) -> RuleSet:
    """Compile every rule (raises the first :class:`QueryError`)."""
    rules = list(rules)
    resolver = resolver or Resolver()
    prepare(rules, resolver)
    return RuleSet(compile_rule(rule, resolver) for rule in rules)
