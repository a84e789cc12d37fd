"""Errors raised by :mod:`enrich`; each message names what is wrong and where."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class EnrichError(Exception):
    """Base class for every error this library raises on purpose."""


class ExtractionError(EnrichError):
    """Page bytes that cannot be turned into text (binary, undecodable, empty)."""


class NoArticleError(ExtractionError):
    """A page or text that holds no article: widgets, menus, link lists or captions only.

    ``reason`` says why in one line; ``article`` is what extraction found anyway
    (title, the cleaner's decisions for ``--explain``).
    """

    def __init__(self, message: str, reason: str, article=None):
        super().__init__(message)
        self.reason = reason
        self.article = article


@dataclass(frozen=True)
class Problem:
    """One mistake in a configuration file: where it is and what is wrong."""

    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f" line {self.line}" if self.line else "")
        return f"{where}: {self.key + ': ' if self.key else ''}{self.message}"


class ConfigError(EnrichError):
    """A configuration file (or setting) that is missing, unreadable or invalid.

    Every file in ``config/`` and ``seeds/`` reports its mistakes this way, from
    either package: ``str()`` lists them one per line, each as ``file line N:
    key: what is wrong``; ``path``, ``line`` and ``key`` are the first one's.
    """

    def __init__(
        self, path: Path | str, message: str, *, key: str | None = None, line: int | None = None
    ):
        self.problems: Sequence[Problem] = (Problem(display(path), line, key or "", message),)
        self.path = Path(path)
        super().__init__(str(self.problems[0]))

    @classmethod
    def of(cls, path: Path | str, problems: Sequence[Problem]) -> ConfigError:
        """One error for every mistake found in *path* (at least one)."""
        first = problems[0]
        error = cls(path, first.message, key=first.key, line=first.line)
        error.problems = tuple(problems)
        error.args = ("\n".join(map(str, problems)),)
        return error

    @property
    def key(self) -> str | None:
        return self.problems[0].key or None

    @property
    def line(self) -> int | None:
        return self.problems[0].line


def display(path: Path | str) -> str:
    """*path* as messages show it: relative to the current directory when under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
