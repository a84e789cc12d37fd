"""Article text a page carries in a script instead of its markup (client-rendered pages).

Some outlets render the article in the browser: the HTML holds an empty
container and the text sits in a script, as JSON.  Two shapes are common
enough to read without per-site rules:

- JSON-LD (``NewsArticle`` and kin) with an ``articleBody``;
- Arc XP's ``Fusion.globalContent`` (the CMS of 조선일보 and other
  publishers), whose ``content_elements`` of type ``text``/``header`` are
  the paragraphs, with ``headlines.basic``, ``subheadlines.basic`` and the
  reporters' byline lines (``credits.by``; the cleaner reads names from them).

:func:`embedded_text` returns them as lines (headline, deck, paragraphs) for
the cleaner, or None; extraction uses it only when the markup holds no
article.
"""

from __future__ import annotations

import json
import re

from lxml import html as lxml_html

from enrich.metadata import json_ld

_ARC_CONTENT = re.compile(r"Fusion\.globalContent\s*=\s*")
_ARC_TEXT_TYPES = ("text", "header")


def embedded_text(tree) -> str | None:
    """Headline, deck and paragraphs from a script of the page, one per line; None if none."""
    return _arc(tree) or _json_ld_body(tree)


def _arc(tree) -> str | None:
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
            _nested(content, "headlines", "basic"),
            _nested(content, "subheadlines", "basic"),
            *(
                _markup_text(element.get("content"))
                for element in content.get("content_elements") or []
                if isinstance(element, dict) and element.get("type") in _ARC_TEXT_TYPES
            ),
            *(_arc_byline(author) for author in _nested_list(content, "credits", "by")),
        ]
        return "\n".join(line for line in lines if line) or None
    return None


def _json_ld_body(tree) -> str | None:
    for item in json_ld(tree):
        body = item.get("articleBody")
        if isinstance(body, str) and body.strip():
            headline = item.get("headline")
            return "\n".join(
                ([headline] if isinstance(headline, str) else []) + [_markup_text(body)]
            )
    return None


def _arc_byline(author) -> str | None:
    """"홍길동 기자 hong@example.com" from an Arc author object, as a byline line reads."""
    original = author.get("additional_properties", {}).get("original", {}) if isinstance(
        author, dict) else {}
    parts = [original.get(k) for k in ("byline", "email") if isinstance(original, dict)]
    return " ".join(p for p in parts if isinstance(p, str) and p.strip()) or None


def _nested_list(data: dict, *keys: str) -> list:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, list) else []


def _nested(data: dict, *keys: str) -> str | None:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, str) and data.strip() else None


def _markup_text(value) -> str:
    """Text of a JSON string that may hold inline markup (``<b>``, ``<br/>``); lines kept."""
    if not isinstance(value, str) or not value.strip():
        return ""
    if "<" not in value:
        return value.strip()
    fragment = lxml_html.fragment_fromstring(value, create_parent="div")
    for br in fragment.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return fragment.text_content().strip()
