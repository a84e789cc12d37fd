"""The entity dictionary (``config/entities.yaml``): people, organisations, places.

One file is both the crawl's watchlist of names and the enricher's entity
dictionary, so the two can never disagree.  It is loaded and validated once;
every mistake (unknown key, duplicate id, an alias claimed by two entities, a
reference to an id that does not exist) is reported with file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from enrich import yamlfile
from enrich.lexicon import Lexicon, term_key
from enrich.people import PeopleRules
from enrich.yamlfile import Problems

Kind = Literal["person", "organization", "location"]

ROLES = ("tech_ceo", "tech_founder", "tech_exec", "business_leader", "official")
TITLE_RANKS = ("top", "senior", "other", "official")
PEOPLE_WORDS = ("korean_group_prefixes", "company_suffixes", "government_suffixes",
                "branch_marks", "not_names")
VISITOR_ROLES = frozenset({"tech_ceo", "tech_founder", "tech_exec"})
ORG_KINDS = ("company", "group", "government", "institution", "project")
INDUSTRIES = ("tech", "other")  # an executive of an "other" company is no tech visitor
LOCATION_KINDS = ("country", "city", "district", "venue")
_ID = re.compile(r"[a-z0-9][a-z0-9_]*")
_COUNTRY = re.compile(r"[A-Z]{2}")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class EntityRef:
    kind: Kind
    id: str


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    org: str | None = None
    titles: tuple[str, ...] = ()
    country: str | None = None
    role: str | None = None
    watch: bool = False
    family: str = ""
    query: str = ""

    @property
    def foreign(self) -> bool:
        return self.country is not None and self.country != "KR"

    @property
    def short_forms(self) -> tuple[str, ...]:
        """"<family> <title>" ("황 CEO", "손 회장"): ambiguous alone, so never an alias."""
        return tuple(f"{self.family} {title}" for title in self.titles if self.family)


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    kind: str = "company"
    parent: str | None = None
    watch: bool = False
    industry: str = "tech"


@dataclass(frozen=True)
class Location:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "city"
    country: str | None = None
    city: str | None = None
    district: str | None = None
    org: str | None = None
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dictionary:
    persons: dict[str, Person]
    organizations: dict[str, Organization]
    locations: dict[str, Location]
    ambiguous: dict[str, tuple[str, ...]]  # alias -> organisation ids, default first
    title_ranks: dict[str, str]  # title -> top | senior | other | official
    venue_words: frozenset[str]
    surnames: frozenset[str]
    people_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    nationalities: dict[str, str] = field(default_factory=dict)

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(self.title_ranks)

    def tables(self) -> tuple[tuple[Kind, dict], ...]:
        return (("person", self.persons), ("organization", self.organizations),
                ("location", self.locations))

    def entity(self, ref: EntityRef) -> Person | Organization | Location:
        return dict(self.tables())[ref.kind][ref.id]

    @cached_property
    def lexicon(self) -> Lexicon[EntityRef]:
        """Every name and alias; an ambiguous alias maps to all its candidates."""
        entries: list[tuple[str, EntityRef]] = []
        for kind, table in self.tables():
            for entity in table.values():
                entries += [(name, EntityRef(kind, entity.id))
                            for name in (entity.name, *entity.aliases)]
        for alias, ids in self.ambiguous.items():
            entries += [(alias, EntityRef("organization", i)) for i in ids]
        return Lexicon(entries)

    @cached_property
    def lexicon_persons(self) -> dict[str, EntityRef]:
        """A person's name (canonical) -> the person."""
        return {p.name: EntityRef("person", p.id) for p in self.persons.values()}

    @cached_property
    def title_lexicon(self) -> Lexicon[str]:
        return Lexicon((t, t) for t in self.titles)

    @cached_property
    def people_rules(self) -> PeopleRules:
        words = self.people_words
        return PeopleRules(
            self.title_lexicon, self.title_ranks, self.surnames,
            words.get("korean_group_prefixes", ()), words.get("company_suffixes", ()),
            words.get("government_suffixes", ()), words.get("branch_marks", ()),
            frozenset(words.get("not_names", ())), self.nationalities)

    def user_words(self) -> list[str]:
        """Names with Hangul for Kiwi's user dictionary, with and without spaces.

        Kiwi accepts "사티아나델라" where it refuses "사티아 나델라" (already
        known as two words) and then reads both spellings as one proper noun.
        """
        words: set[str] = set()
        for _, table in self.tables():
            for entity in table.values():
                for name in (entity.name, *entity.aliases):
                    if _HANGUL.search(name) and len(name) > 1:
                        words.update((name, name.replace(" ", "")))
        words.update(a for a in self.ambiguous if _HANGUL.search(a))
        return sorted(words)


def default_path() -> Path:
    return yamlfile.config_dir() / "entities.yaml"


@lru_cache(maxsize=4)
def load_dictionary(path: Path | str | None = None) -> Dictionary:
    """Load and validate the dictionary (cached: one load per process and path)."""
    source = yamlfile.load(path or default_path())
    problems = Problems(source)
    root = problems.mapping(source.data or {}, (), allowed=(
        "persons", "organizations", "ambiguous", "locations", "titles", "venue_words",
        "korean_surnames", "people"))
    where: dict[tuple[str, str], tuple] = {}  # (section, id) -> YAML path, for messages
    persons = _section(problems, root, "persons", _person, where)
    organizations = _section(problems, root, "organizations", _organization, where)
    locations = _section(problems, root, "locations", _location, where)
    ambiguous = {}
    amb = problems.mapping(root.get("ambiguous") or {}, ("ambiguous",))
    for alias, ids in amb.items():
        ambiguous[str(alias)] = tuple(problems.strings(ids, ("ambiguous", alias)))
    ranks = problems.mapping(root.get("titles") or {}, ("titles",), allowed=TITLE_RANKS)
    title_ranks = {title: rank for rank in TITLE_RANKS
                   for title in problems.strings(ranks.get(rank), ("titles", rank))}
    people = problems.mapping(root.get("people") or {}, ("people",),
                              allowed=PEOPLE_WORDS + ("nationalities",))
    nationalities = problems.mapping(people.get("nationalities") or {},
                                     ("people", "nationalities"))
    for word, country in nationalities.items():
        if not isinstance(country, str) or not _COUNTRY.fullmatch(country):
            problems.add(("people", "nationalities", word),
                         f"'{country}' is not a two-letter country code (KR, US)")
    dictionary = Dictionary(
        persons, organizations, locations, ambiguous,
        title_ranks=title_ranks,
        venue_words=frozenset(problems.strings(root.get("venue_words"), ("venue_words",))),
        surnames=frozenset(problems.strings(root.get("korean_surnames"), ("korean_surnames",))),
        people_words={name: tuple(problems.strings(people.get(name), ("people", name)))
                      for name in PEOPLE_WORDS},
        nationalities={str(k): str(v) for k, v in nationalities.items()},
    )
    _check_references(problems, dictionary, where)
    _check_aliases(problems, dictionary, where)
    problems.raise_if_any()
    return dictionary


def _section(problems: Problems, root: dict, name: str, build, where: dict) -> dict:
    out: dict = {}
    for i, item in enumerate(problems.sequence(root.get(name), (name,))):
        key = (name, i)
        entity = build(problems, item, key)
        if entity is None:
            continue
        if entity.id in out:
            first = problems.source.line(where[name, entity.id])
            problems.add(key + ("id",), f"duplicate id '{entity.id}' (first on line {first})")
            continue
        out[entity.id] = entity
        where[name, entity.id] = key
    return out


def _common(problems: Problems, item: dict, key: tuple, allowed: tuple[str, ...]) -> dict | None:
    item = problems.mapping(item, key, allowed=("id", "name", "aliases") + allowed,
                            required=("id", "name"))
    if not item.get("id") or not item.get("name"):
        return None
    entity_id = problems.string(item["id"], key + ("id",)) or ""
    if not _ID.fullmatch(entity_id):
        problems.add(key + ("id",), f"id '{entity_id}' must be lower_snake_case (a-z, 0-9, _)")
    country = problems.string(item.get("country"), key + ("country",))
    if country is not None and not _COUNTRY.fullmatch(country):
        problems.add(key + ("country",), f"'{country}' is not a two-letter country code (KR, US)")
    watch = item.get("watch", False)
    if not isinstance(watch, bool):
        problems.add(key + ("watch",), "expected true or false")
    return {
        "id": entity_id,
        "name": problems.string(item["name"], key + ("name",)) or "",
        "aliases": tuple(problems.strings(item.get("aliases"), key + ("aliases",))),
        **({"country": country} if "country" in allowed else {}),
        **({"watch": watch is True} if "watch" in allowed else {}),
    }


def _choice(problems: Problems, item: dict, key: tuple, name: str, choices, default):
    value = item.get(name, default)
    if value not in choices:
        problems.add(key + (name,), f"'{value}' is not one of {', '.join(choices)}")
        return default
    return value


def _person(problems: Problems, item, key) -> Person | None:
    fields = _common(problems, item, key, ("org", "titles", "country", "role", "watch",
                                           "family", "query"))
    if fields is None:
        return None
    name = fields["name"]
    family = problems.string(item.get("family"), key + ("family",)) or _family_name(name)
    return Person(
        **fields,
        org=problems.string(item.get("org"), key + ("org",)),
        titles=tuple(problems.strings(item.get("titles"), key + ("titles",))),
        role=_choice(problems, item, key, "role", ROLES, None) if "role" in item else None,
        family=family,
        query=problems.string(item.get("query"), key + ("query",)) or name,
    )


def _family_name(name: str) -> str:
    """Last word of a spaced foreign name ("젠슨 황"), first syllable of a Korean one."""
    if " " in name:
        return name.split()[-1]
    if _HANGUL.fullmatch(name[:1] or "x") and 2 <= len(name) <= 4:
        return name[0]
    return ""


def _organization(problems: Problems, item, key) -> Organization | None:
    fields = _common(problems, item, key, ("country", "kind", "parent", "watch", "industry"))
    if fields is None:
        return None
    return Organization(**fields, kind=_choice(problems, item, key, "kind", ORG_KINDS, "company"),
                        parent=problems.string(item.get("parent"), key + ("parent",)),
                        industry=_choice(problems, item, key, "industry", INDUSTRIES, "tech"))


def _location(problems: Problems, item, key) -> Location | None:
    fields = _common(problems, item, key, ("kind", "country", "city", "district", "org", "refs"))
    if fields is None:
        return None
    return Location(
        **fields,
        kind=_choice(problems, item, key, "kind", LOCATION_KINDS, "city"),
        city=problems.string(item.get("city"), key + ("city",)),
        district=problems.string(item.get("district"), key + ("district",)),
        org=problems.string(item.get("org"), key + ("org",)),
        refs=tuple(problems.strings(item.get("refs"), key + ("refs",))),
    )


def _check_references(problems: Problems, d: Dictionary, where: dict) -> None:
    def check(section: str, entity, field: str, table: dict, what: str):
        value = getattr(entity, field)
        if value is not None and value not in table:
            problems.add(where[section, entity.id] + (field,), f"no {what} with id '{value}'")

    for p in d.persons.values():
        check("persons", p, "org", d.organizations, "organization")
    for o in d.organizations.values():
        check("organizations", o, "parent", d.organizations, "organization")
    for loc in d.locations.values():
        check("locations", loc, "org", d.organizations, "organization")
        check("locations", loc, "city", d.locations, "location")
        check("locations", loc, "district", d.locations, "location")
    for alias, ids in d.ambiguous.items():
        for j, org_id in enumerate(ids):
            if org_id not in d.organizations:
                problems.add(("ambiguous", alias, j), f"no organization with id '{org_id}'")


def _check_aliases(problems: Problems, d: Dictionary, where: dict) -> None:
    """An alias names one entity; a shared one must be declared under `ambiguous`."""
    owner: dict[str, tuple[str, tuple]] = {}
    for kind, table in d.tables():
        for entity in table.values():
            for j, alias in enumerate((entity.name, *entity.aliases)):
                path = where[kind + "s", entity.id] + (("aliases", j - 1) if j else ("name",))
                key = term_key(alias)
                label = f"{kind} {entity.id}"
                if key in owner and owner[key][0] != label:
                    first = problems.source.line(owner[key][1])
                    problems.add(path, f"'{alias}' already names {owner[key][0]} (line {first}); "
                                 "list it under `ambiguous:` if it names both")
                owner.setdefault(key, (label, path))
    for alias in d.ambiguous:
        if term_key(alias) in owner:
            problems.add(("ambiguous", alias), f"'{alias}' is also an alias of "
                         f"{owner[term_key(alias)][0]}; remove it there")
