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
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, StrictBool, model_validator

from enrich import yamlfile
from enrich.lexicon import Lexicon, term_key
from enrich.people import PeopleRules
from enrich.yamlfile import Lists, Problems, Strict, Word, Words

Kind = Literal["person", "organization", "location"]
Role = Literal["tech_ceo", "tech_founder", "tech_exec", "business_leader", "official"]

TITLE_RANKS = ("top", "senior", "other", "official")
PEOPLE_WORDS = (
    "korean_group_prefixes",
    "company_suffixes",
    "company_endings",
    "government_suffixes",
    "branch_marks",
    "not_names",
    "company_official_titles",
    "public_body_endings",
    "name_particles",
    "korean_institution_prefixes",
    "institution_suffixes",
    "foreign_given_names",
    "vietnamese_family_names",
)
VISITOR_ROLES = frozenset({"tech_ceo", "tech_founder", "tech_exec"})
_ID = re.compile(r"[a-z0-9][a-z0-9_]*")
_COUNTRY = re.compile(r"[A-Z]{2}")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise ValueError("an id must be lower_snake_case (a-z, 0-9, _)")
    return value


def _plural_spellings(suffixes) -> tuple[str, ...]:
    """Each suffix with both spellings of an English plural's -s: "솔루션즈" and "솔루션스",
    "머티리얼즈" and "머티리얼스" (the press writes either)."""
    out = dict.fromkeys(suffixes)
    for s in suffixes:
        if s[-1:] in ("스", "즈"):
            out.setdefault(s[:-1] + ("즈" if s[-1] == "스" else "스"))
    return tuple(out)


def _country(value: str) -> str:
    if not _COUNTRY.fullmatch(value):
        raise ValueError("not a two-letter country code (KR, US)")
    return value


Id = Annotated[Word, AfterValidator(_id)]
Country = Annotated[Word, AfterValidator(_country)]


@dataclass(frozen=True)
class EntityRef:
    kind: Kind
    id: str


class Entity(Strict):
    """What every entry has: a stable id, the canonical name and other spellings."""

    id: Id
    name: Word
    aliases: Words = ()


class Person(Entity):
    org: Word | None = None
    titles: Words = ()
    country: Country | None = None
    role: Role | None = None
    watch: StrictBool = False
    family: Word = ""
    query: Word = ""

    @model_validator(mode="before")
    @classmethod
    def _name_defaults(cls, data: Any) -> Any:
        """family and query default to what the name gives (see :func:`_family_name`)."""
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            name = data["name"].strip()
            defaults = {"family": _family_name(name), "query": name}
            data = {**{k: v for k, v in defaults.items() if v}, **data}
        return data

    @property
    def foreign(self) -> bool:
        return self.country is not None and self.country != "KR"

    @property
    def short_forms(self) -> tuple[str, ...]:
        """ "<family> <title>" ("황 CEO", "손 회장"): ambiguous alone, so never an alias."""
        return tuple(f"{self.family} {title}" for title in self.titles if self.family)


class Organization(Entity):
    country: Country | None = None
    kind: Literal[
        "company", "group", "government", "local_government", "institution", "party", "project"
    ] = "company"
    parent: Word | None = None
    watch: StrictBool = False
    # An executive of an "other" company is no tech visitor.
    industry: Literal["tech", "other"] = "tech"


class Location(Entity):
    kind: Literal["country", "province", "city", "district", "venue"] = "city"
    country: Country | None = None
    province: Word | None = None
    city: Word | None = None
    district: Word | None = None
    org: Word | None = None
    refs: Words = ()


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
        return (
            ("person", self.persons),
            ("organization", self.organizations),
            ("location", self.locations),
        )

    def entity(self, ref: EntityRef) -> Person | Organization | Location:
        return dict(self.tables())[ref.kind][ref.id]

    @cached_property
    def lexicon(self) -> Lexicon[EntityRef]:
        """Every name and alias; an ambiguous alias maps to all its candidates."""
        entries: list[tuple[str, EntityRef]] = []
        for kind, table in self.tables():
            for entity in table.values():
                entries += [
                    (name, EntityRef(kind, entity.id)) for name in (entity.name, *entity.aliases)
                ]
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
            self.title_lexicon,
            self.title_ranks,
            self.surnames,
            words.get("korean_group_prefixes", ()),
            _plural_spellings(words.get("company_suffixes", ())),
            words.get("government_suffixes", ()),
            words.get("branch_marks", ()),
            frozenset(words.get("not_names", ())),
            self.nationalities,
            frozenset(words.get("company_official_titles", ())),
            words.get("public_body_endings", ()) + words.get("government_suffixes", ()),
            frozenset(words.get("name_particles", ())),
            words.get("korean_institution_prefixes", ()),
            words.get("institution_suffixes", ()),
            frozenset(words.get("foreign_given_names", ())),
            frozenset(words.get("vietnamese_family_names", ())),
            words.get("company_endings", ()),
        )

    def user_words(self) -> list[str]:
        """Names with Hangul for Kiwi's user dictionary, with and without spaces.

        Kiwi accepts "사티아나델라" where it refuses "사티아 나델라" (already
        known as two words) and then reads both spellings as one proper noun.
        """
        words: set[str] = set()
        for _, table in self.tables():
            for entity in table.values():
                for name in (entity.name, *entity.aliases):
                    if _HANGUL.search(name) and len(name) > 1 and not _place_kiwi_knows(entity):
                        words.update((name, name.replace(" ", "")))
        words.update(a for a in self.ambiguous if _HANGUL.search(a))
        return sorted(words)


def _place_kiwi_knows(entity: Entity) -> bool:
    """A city or province: Kiwi has it already, and as a user word it would split the
    Korean names that contain it ("최창원" -> 최 + 창원)."""
    return isinstance(entity, Location) and entity.kind in ("province", "city", "district")


def default_path() -> Path:
    return yamlfile.config_dir() / "entities.yaml"


class TitleRanks(Lists):
    """How the press titles people, by rank."""

    top: Words = ()
    senior: Words = ()
    other: Words = ()
    official: Words = ()


class PeopleWords(Lists):
    """Words :mod:`enrich.people` reads names and their companies by."""

    korean_group_prefixes: Words = ()
    company_suffixes: Words = ()
    company_endings: Words = ()
    government_suffixes: Words = ()
    branch_marks: Words = ()
    not_names: Words = ()
    company_official_titles: Words = ()
    public_body_endings: Words = ()
    name_particles: Words = ()
    korean_institution_prefixes: Words = ()
    institution_suffixes: Words = ()
    foreign_given_names: Words = ()
    vietnamese_family_names: Words = ()
    nationalities: dict[str, Country] = {}


class EntitiesFile(Lists):
    """``config/entities.yaml``."""

    persons: list[Person] = []
    organizations: list[Organization] = []
    ambiguous: dict[str, Words] = {}
    locations: list[Location] = []
    titles: TitleRanks = TitleRanks()
    venue_words: Words = ()
    korean_surnames: Words = ()
    people: PeopleWords = PeopleWords()


@lru_cache(maxsize=4)
def load_dictionary(path: Path | str | None = None) -> Dictionary:
    """Load and validate the dictionary (cached: one load per process and path)."""
    source = yamlfile.read(path or default_path())
    entries = yamlfile.validate(source, EntitiesFile)
    problems = Problems(source)
    where: dict[tuple[str, str], tuple] = {}  # (section, id) -> YAML path, for messages
    dictionary = Dictionary(
        persons=_section(problems, entries.persons, "persons", where),
        organizations=_section(problems, entries.organizations, "organizations", where),
        locations=_section(problems, entries.locations, "locations", where),
        ambiguous=dict(entries.ambiguous),
        title_ranks={
            title: rank for rank in TITLE_RANKS for title in getattr(entries.titles, rank)
        },
        venue_words=frozenset(entries.venue_words),
        surnames=frozenset(entries.korean_surnames),
        people_words={name: getattr(entries.people, name) for name in PEOPLE_WORDS},
        nationalities=dict(entries.people.nationalities),
    )
    _check_references(problems, dictionary, where)
    _check_aliases(problems, dictionary, where)
    problems.raise_if_any()
    return dictionary


def _section(problems: Problems, entities: list, name: str, where: dict) -> dict:
    """The section's entities by id; an id given twice is a mistake."""
    out: dict = {}
    for i, entity in enumerate(entities):
        if entity.id in out:
            first = problems.source.line(where[name, entity.id])
            problems.add((name, i, "id"), f"duplicate id '{entity.id}' (first on line {first})")
            continue
        out[entity.id] = entity
        where[name, entity.id] = (name, i)
    return out


def _family_name(name: str) -> str:
    """Last word of a spaced foreign name ("젠슨 황"), first syllable of a Korean one."""
    if " " in name:
        return name.split()[-1]
    if _HANGUL.fullmatch(name[:1] or "x") and 2 <= len(name) <= 4:
        return name[0]
    return ""


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
        check("locations", loc, "province", d.locations, "location")
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
                    problems.add(
                        path,
                        f"'{alias}' already names {owner[key][0]} (line {first}); "
                        "list it under `ambiguous:` if it names both",
                    )
                owner.setdefault(key, (label, path))
    for alias in d.ambiguous:
        if term_key(alias) in owner:
            problems.add(
                ("ambiguous", alias),
                f"'{alias}' is also an alias of {owner[term_key(alias)][0]}; remove it there",
            )
