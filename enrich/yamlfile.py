"""The one loader of newsmon's YAML files, for ``crawler`` and ``enrich`` alike.

Every file a user edits (``config/*.yaml``, ``seeds/*.yaml``) is read by
:func:`read` and validated by :func:`validate` against a pydantic model of the
file, once, at start-up.  A mistake is a :class:`~enrich.errors.ConfigError`
naming the file, the line and the key, so that a crawl never starts
half-configured and a user never reads a traceback:

- YAML that PyYAML would accept silently but is surely a mistake is refused:
  a key given twice in one mapping (PyYAML keeps the last one);
- :class:`YamlFile` keeps the YAML node tree, so a key path such as
  ``("persons", 3, "aliases", 1)`` from a validation error becomes a line;
- checks across entries (an id given twice, a reference to an id that does
  not exist) come after the model's and report through :class:`Problems`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, BeforeValidator, ValidationError, model_validator

from enrich.errors import ConfigError, Problem, display

Key = tuple[Any, ...]
M = TypeVar("M", bound=BaseModel)
# libyaml's parser when PyYAML was built with it (the wheels are): every process of a crawl
# reads config/ at start-up, and the pure-Python one takes tenths of a second per file.  A
# file it finds broken is parsed again by the pure-Python one, whose messages and lines are
# the ones users see.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def locate(env: str, name: str) -> Path:
    """Where newsmon's ``config/`` or ``seeds/`` lives, for every module that reads them.

    The directory in the environment variable *env* if set; else *name* in the
    current directory (a checkout, or a deployment laid out like one); else in
    the checkout this package runs from; else the copy installed with the
    package.  When none exists, the first candidate: its loader names it.
    """
    if os.environ.get(env):
        return Path(os.environ[env]).expanduser()
    candidates = (
        Path.cwd() / name,
        Path(__file__).resolve().parents[1] / name,
        Path(sys.prefix) / "share" / "newsmon" / name,
    )
    return next((c for c in candidates if c.is_dir()), candidates[0])


def config_dir() -> Path:
    return locate("NEWSMON_CONFIG_DIR", "config")


@dataclass
class YamlFile:
    """A parsed file: its data and the node tree the data came from (for line numbers)."""

    path: Path
    data: Any
    root: yaml.Node | None

    def line(self, key: Key) -> int | None:
        """1-based line of the deepest node found along *key*."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in key:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(part)), None)
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and part < len(node.value)
            ):
                node = node.value[part]
            else:
                node = None
            if node is None:
                break
            line = node.start_mark.line + 1
        return line


def format_key(key: Key) -> str:
    """``("jobs", 0, "cron")`` as messages show it: ``jobs.0.cron``."""
    return ".".join(str(part) for part in key)


class Problems:
    """Mistakes found after validation (checks across entries), all reported at once."""

    def __init__(self, source: YamlFile):
        self.source = source
        self.items: list[Problem] = []

    def add(self, key: Key, message: str, *, line: int | None = None) -> None:
        """A mistake at *key* (on *line*, if not the line of the first node along *key*)."""
        self.items.append(
            Problem(
                display(self.source.path), line or self.source.line(key), format_key(key), message
            )
        )

    def raise_if_any(self) -> None:
        if self.items:
            raise ConfigError.of(self.source.path, self.items)


def read(path: Path | str) -> YamlFile:
    """Parse *path*; a missing file, a YAML syntax error or a duplicate key is a ConfigError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read: {exc}") from None
    try:
        return _parse(path, text, FAST_LOADER)
    except ConfigError:
        if FAST_LOADER is yaml.SafeLoader:
            raise
    return _parse(path, text, yaml.SafeLoader)


def _parse(path: Path, text: str, loader_class: type) -> YamlFile:
    loader = loader_class(text)
    try:
        source = YamlFile(path, None, loader.get_single_node())
        problems = Problems(source)
        for key, node, first in _duplicate_keys(source.root):
            problems.add(
                key,
                f"given twice (first on line {first.start_mark.line + 1}); "
                "YAML would keep the last one",
                line=node.start_mark.line + 1,
            )
        problems.raise_if_any()
        if source.root is not None:
            source.data = loader.construct_document(source.root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ConfigError(
            path, f"invalid YAML: {exc.problem}", line=mark.line + 1 if mark else None
        ) from None
    finally:
        loader.dispose()
    return source


def _duplicate_keys(
    node: yaml.Node | None, key: Key = ()
) -> Iterator[tuple[Key, yaml.Node, yaml.Node]]:
    """(key path, key node, first key node) of every key given twice in one mapping."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[tuple[str, Any], yaml.Node] = {}
        for name, value in node.value:
            if (name.tag, name.value) in seen:
                yield key + (name.value,), name, seen[name.tag, name.value]
            else:
                seen[name.tag, name.value] = name
            yield from _duplicate_keys(value, key + (name.value,))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, key + (i,))


def validate(source: YamlFile, model: type[M], *, context: dict | None = None) -> M:
    """*source*'s data as *model* (an empty file is an empty mapping); every mistake is
    reported at once, with its line and key."""
    try:
        return model.model_validate({} if source.data is None else source.data, context=context)
    except ValidationError as exc:
        problems = Problems(source)
        for err in exc.errors():
            problems.add(tuple(err["loc"]), _message(err))
        raise ConfigError.of(source.path, problems.items) from None


def load_model(path: Path | str, model: type[M], *, context: dict | None = None) -> M:
    """Read and validate one file."""
    return validate(read(path), model, context=context)


def _message(err: dict) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key (a typo?)"
    message = err["msg"].removeprefix("Value error, ")
    if "input" in err and not isinstance(err["input"], (dict, list)):
        message += f" (got {err['input']!r})"
    return message


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt option must not be silently ignored."""

    model_config = {"extra": "forbid", "frozen": True}


class Lists(Strict):
    """A file of hand-edited lists: a key left empty (``persons:``) means its default."""

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None}
        return data


def _word(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # a bare number in a word list: "5G" is a string, 2025 is not
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("expected a non-empty string")
        return value.strip()
    return value


def _words(value: Any) -> Any:
    if value is None:
        return ()
    return [value] if isinstance(value, str) else value


# A word or name as written by hand; a list of them (one word alone, or nothing, is fine).
Word = Annotated[str, BeforeValidator(_word)]
Words = Annotated[tuple[Word, ...], BeforeValidator(_words)]
