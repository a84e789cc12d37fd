"""Article text a page carries in a script instead of its markup (client-rendered pages).

Some outlets render the article in the browser: the HTML holds an empty
container and the text sits in a script, as JSON.  trafilatura already reads
a JSON-LD ``articleBody``; this module reads Arc XP's ``Fusion.globalContent``
(the CMS of 조선일보 and other publishers): its ``content_elements`` of type ``text``/``header`` are the
paragraphs, with ``headlines.basic``, ``subheadlines.basic`` and the reporters'
byline lines (``credits.by``; the cleaner reads names from them).  Failing
that, the longest Korean text of any JSON script (Next.js's ``__NEXT_DATA__``,
an app's initial state) is taken as the article.

:func:`embedded_text` returns them as lines (headline, deck, paragraphs) for
the cleaner, or None; extraction uses it only when the markup holds no
article.
"""

from __future__ import annotations

import json
import re

from lxml import html as lxml_html

_ARC_CONTENT = re.compile(r"Fusion\.globalContent\s*=\s*")
_ARC_TEXT_TYPES = ("text", "header")
_ASSIGNED = re.compile(r"(?:window\.)?[\w$.]+\s*=\s*(?=[{\[])")  # "window.__STATE__ = {"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_MIN_HANGUL = 100  # an article of a few paragraphs, not a caption or a menu label
_MAX_SCRIPT_CHARS = 5_000_000
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption")


def embedded_text(tree) -> str | None:
    """Headline, deck and paragraphs from a script of the page, one per line; None if none."""
    for script in tree.iter("script"):
        source = script.text or ""
        found = _ARC_CONTENT.search(source)
        if not found:
            continue
        try:
            content, _ = json.JSONDecoder(strict=False).raw_decode(source, found.end())
        except ValueError:
            continue
        if not isinstance(content, dict):
            continue
        lines = [
            _text_at(content, "headlines", "basic"),
            _text_at(content, "subheadlines", "basic"),
            *(
                _markup_text(element.get("content"))
                for element in content.get("content_elements") or []
                if isinstance(element, dict) and element.get("type") in _ARC_TEXT_TYPES
            ),
            *(_arc_byline(author) for author in _at(content, "credits", "by") or []),
        ]
        return "\n".join(line for line in lines if line) or None
    return _longest_text(tree)


def _longest_text(tree) -> str | None:
    """The longest Korean text in a JSON script -- Next.js's ``__NEXT_DATA__``, an app's
    ``window.__INITIAL_STATE__ = {...}`` -- for a client-rendered page of a CMS this module
    does not know by name: the article is the one string of that length."""
    best, most = "", _MIN_HANGUL - 1
    for script in tree.iter("script"):
        source = (script.text or "").strip()
        if not source or len(source) > _MAX_SCRIPT_CHARS:
            continue
        assigned = _ASSIGNED.match(source)
        if source[0] not in "{[" and not assigned:
            continue
        try:
            data, _ = json.JSONDecoder(strict=False).raw_decode(
                source, assigned.end() if assigned else 0
            )
        except ValueError:
            continue
        for value in _strings(data):
            if (n := len(_HANGUL.findall(value))) > most:
                best, most = value, n
    return _markup_text(best) or None


def _strings(data):
    """Every string in a JSON value, depth first."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _arc_byline(author) -> str | None:
    """ "홍길동 기자 hong@example.com" from an Arc author object, as a byline line reads."""
    parts = (_text_at(author, "additional_properties", "original", k) for k in ("byline", "email"))
    return " ".join(p for p in parts if p) or None


def _at(data, *keys: str):
    """``data[k1][k2]...``, or None where a level is missing or not a mapping."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _text_at(data, *keys: str) -> str | None:
    value = _at(data, *keys)
    return value if isinstance(value, str) and value.strip() else None


def _markup_text(value) -> str:
    """Text of a JSON string that may hold inline markup (``<b>``, ``<br/>``); lines kept."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if "<" not in value:
        return value.strip()
    fragment = lxml_html.fragment_fromstring(value, create_parent="div")
    for br in fragment.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in fragment.iter(*_BLOCKS):
        if block is not fragment:
            block.tail = "\n" + (block.tail or "")
    return fragment.text_content().strip()
