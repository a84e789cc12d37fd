"""Errors raised by :mod:`enrich`; each message names what is wrong and where."""

from __future__ import annotations


class EnrichError(Exception):
    """Base class for every error this library raises on purpose."""


class ExtractionError(EnrichError):
    """Page bytes that cannot be turned into text (binary, undecodable, empty)."""


class RulesError(EnrichError):
    """An invalid boilerplate rules file; the message names the file, the key or rule, and the problem."""
