"""YAML data files that remember where each value came from.

The entity dictionary and word lists in ``config/`` are edited by hand; a
mistake must be reported with the file, the line and the key, not as a
traceback from deep inside the enricher.  :func:`load` parses a file once and
keeps the YAML node tree so that :class:`Problems` can turn a key path such as
``("persons", 3, "aliases", 1)`` into a line number.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Key = tuple[Any, ...]


def locate(env: str, name: str) -> Path:
    """Where newsmon's ``config/`` or ``seeds/`` lives, for every module that reads them.

    The directory in the environment variable *env* if set; else *name* in the
    current directory (a checkout, or a deployment laid out like one); else in
    the checkout this package runs from; else the copy installed with the
    package.  When none exists, the first candidate: its loader names it.
    """
    if os.environ.get(env):
        return Path(os.environ[env]).expanduser()
    candidates = (Path.cwd() / name, Path(__file__).resolve().parents[1] / name,
                  Path(sys.prefix) / "share" / "newsmon" / name)
    return next((c for c in candidates if c.is_dir()), candidates[0])


def config_dir() -> Path:
    return locate("NEWSMON_CONFIG_DIR", "config")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f" line {self.line}" if self.line else "")
        return f"{where}: {self.key + ': ' if self.key else ''}{self.message}"


class DataFileError(ValueError):
    """One or more mistakes in a data file; ``str()`` lists them one per line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))


@dataclass
class YamlFile:
    path: Path
    data: Any
    root: yaml.Node | None

    def line(self, key: Key) -> int | None:
        """1-based line of the deepest node found along *key*."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in key:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                    and part < len(node.value):
                node = node.value[part]
            else:
                node = None
            if node is None:
                break
            line = node.start_mark.line + 1
        return line


def format_key(key: Key) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Problems:
    """Collects every mistake in a file so the user sees them all at once."""

    def __init__(self, source: YamlFile):
        self.source = source
        self.items: list[Problem] = []

    def add(self, key: Key, message: str) -> None:
        self.items.append(Problem(str(self.source.path), self.source.line(key),
                                  format_key(key), message))

    def raise_if_any(self) -> None:
        if self.items:
            raise DataFileError(self.items)

    # Small typed accessors: they record a problem and return a safe default.

    def mapping(self, value: Any, key: Key, allowed: Iterable[str] | None = None,
                required: Iterable[str] = ()) -> dict:
        if not isinstance(value, dict):
            self.add(key, f"expected a mapping, got {_kind(value)}")
            return {}
        if allowed is not None:
            allowed = set(allowed)
            for name in value:
                if name not in allowed:
                    self.add(key + (name,), f"unknown key (a typo?); expected one of "
                             f"{', '.join(sorted(allowed))}")
        for name in required:
            if value.get(name) in (None, ""):
                self.add(key + (name,) if name in value else key, f"'{name}' is required")
        return value

    def sequence(self, value: Any, key: Key) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(key, f"expected a list, got {_kind(value)}")
            return []
        return value

    def string(self, value: Any, key: Key, *, default: str | None = None) -> str | None:
        if value is None:
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # e.g. a bare number in a word list
        if not isinstance(value, str) or not value.strip():
            self.add(key, f"expected a non-empty string, got {_kind(value)}")
            return default
        return value.strip()

    def strings(self, value: Any, key: Key) -> list[str]:
        if isinstance(value, str):
            value = [value]
        out = []
        for i, item in enumerate(self.sequence(value, key)):
            text = self.string(item, key + (i,))
            if text:
                out.append(text)
        return out

    def number(self, value: Any, key: Key, *, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.add(key, f"expected a number, got {_kind(value)}")
            return low
        if not low <= value <= high:
            self.add(key, f"must be between {low} and {high} (got {value})")
        return float(value)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: f"the string {value!r}",
            bool: f"{value}"}.get(type(value), f"{type(value).__name__} {value!r}")


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys (YAML silently keeps the last)."""

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first on line {seen[key]})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


def load(path: Path | str) -> YamlFile:
    """Parse *path*; a missing file or a YAML syntax error is a :class:`DataFileError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError([Problem(str(path), None, "", f"cannot read: {exc}")]) from None
    loader = _UniqueKeyLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise DataFileError([Problem(str(path), mark.line + 1 if mark else None, "",
                                     f"invalid YAML: {exc.problem}")]) from None
    finally:
        loader.dispose()
    return YamlFile(path, data, root)
