"""Errors raised by :mod:`enrich`; each message names what is wrong and where."""

from __future__ import annotations


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


class RulesError(EnrichError):
    """An invalid boilerplate rules file; the message names the file, the key or rule, and the problem."""
