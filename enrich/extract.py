"""HTML bytes -> :class:`~enrich.article.Article`.

trafilatura finds the main text (its link-density and tag heuristics already
remove menus and link lists); this module adds what Korean news needs on top:
robust decoding (:mod:`enrich.decode`), the metadata trafilatura does not
read (:mod:`enrich.metadata`: deck lines, ``입력``/``수정`` stamps, reporter
names, portal original links), optional per-site hints, and the Korean
boilerplate cleaner (:mod:`enrich.clean`) over trafilatura's lines.  Pages
trafilatura cannot handle fall back to the page's visible text, cleaned the
same way, so an unknown site never fails; a page whose markup holds no article
at all is read from the JSON a script carries (:mod:`enrich.embedded`), if any.
Every page is brought within the caps of :mod:`enrich.bounds` first.
"""

from __future__ import annotations

import contextlib
import logging
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from enrich import bylines
from enrich.article import Article
from enrich.bounds import (
    LIMITS,
    Limits,
    Truncation,
    bound_markup,
    bound_text,
    flatten,
    split_wide,
)
from enrich.clean import CleanResult, clean_text
from enrich.dates import labelled_datetimes
from enrich.decode import decode
from enrich.embedded import embedded_text
from enrich.errors import ExtractionError, NoArticleError
from enrich.markup import mark
from enrich.metadata import as_list, extract_metadata, select, text_of
from enrich.rules import load_rules
from enrich.text import language

LOGGER = logging.getLogger(__name__)

# Guard ids (boilerplate_removed.kept_by_guard) for blocks dropped before extraction.
HINT_DROP = "site-hints.drop"
CAPTION_BLOCK = "image_notes.caption-block"
HIDDEN = "controls.hidden"  # screen-reader-only or styled never to show (markup's "hidden")
_GUARD_MIN_SENTENCES = 3  # a block with fewer sentences may always be dropped

HINT_KEYS = (
    "title",
    "subtitle",
    "body",
    "date",
    "updated",
    "byline",
    "section",
    "original_url",
    "drop",
)

_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "figure",
    "table",
    "tr",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "main",
    "form",
    "pre",
    "address",
    "figcaption",
    "td",
    "th",
}
_INVISIBLE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "button",
    "select",
    "textarea",
)


def parse_html(text: str, depth: int = LIMITS.depth, truncation: Truncation | None = None):
    """An lxml tree for decoded *text* (an XML declaration would make lxml refuse a str).

    libxml2 stops at 256 nested elements and loses the rest of the page; markup
    that deep is flattened to *depth* levels (:func:`enrich.bounds.flatten`) and
    parsed again, which *truncation* records.
    """
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    tree, too_deep = _parse(text)
    while too_deep and depth >= 8:  # the stack in flatten() is an estimate: halve if still too deep
        tree, too_deep = _parse(flatten(text, depth))
        if truncation is not None:
            truncation.flattened_depth = depth
        depth //= 2
    return tree


def _parse(text: str):
    """(tree, whether libxml2 gave up on the nesting depth)."""
    parser = lxml_html.HTMLParser()
    try:
        tree = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"not parseable as HTML: {exc}") from None
    too_deep = any(
        e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT and "depth" in e.message
        for e in parser.error_log
    )
    return tree, too_deep


class _Reached(Exception):
    """Raised inside the walk once the text to stop at has been seen."""


def visible_text(node, stop_at: str | None = None) -> str:
    """All visible text under *node*, one block per line (what a naive extractor sees).

    With *stop_at*, the walk ends at the first text node that starts with it
    (the text before a known paragraph is all some callers need).
    """
    out: list[str] = []
    with contextlib.suppress(_Reached):
        _walk(node, out, stop_at)
    return "".join(out)


def _walk(el, out: list[str], stop_at: str | None) -> None:
    tag = el.tag if isinstance(el.tag, str) else None  # None: comment or processing instruction
    if tag is not None and tag not in _INVISIBLE_TAGS:
        block = tag in _BLOCK_TAGS
        if block:
            out.append("\n")
        _emit(el.text, out, stop_at)
        for child in el:
            _walk(child, out, stop_at)
            _emit(child.tail, out, stop_at)
        if block or tag == "br":
            out.append("\n")


def _emit(text: str | None, out: list[str], stop_at: str | None) -> None:
    if text:
        if stop_at is not None and text.lstrip().startswith(stop_at):
            raise _Reached
        out.append(text)


def _deck_lines(decks: list, title: str | None, section: str | None) -> list[str]:
    """Deck lines from the first subtitle container that is not a link, a label (the
    section's name, a word) or the title."""
    shortest = load_rules().structure.headline_min_chars
    for el in decks:
        if el.xpath("ancestor::a") or el.find(".//a") is not None:
            continue
        lines = [line.strip() for line in text_of(el).split("\n") if line.strip()]
        if (
            lines
            and all(len(line) <= 160 for line in lines)
            and max(map(len, lines)) >= shortest
            and not {title, section} & set(lines)
        ):
            return lines
    return []


def _holds_a_block(el) -> bool:
    """A ``<span>`` wrapping a ``<div>`` or ``<figure>`` (a photo box: Naver's
    ``span.end_photo_org``) is laid out as a block, so the text after it starts a paragraph."""
    return any(child.tag in ("div", "figure", "table") for child in el)


_LAYOUT_SENTENCES = 5  # a table cell with this many sentences is running text
_LAYOUT_CELLS = 8  # more cells than this make a table of data
_LAYOUT_SHARE = 0.6  # of a layout table's text, in its article's cell


def _prepare(tree, hints: dict, marked: dict[str, list]) -> list[tuple[str, int, int]]:
    """Drop hinted boilerplate, captions and text only screen readers announce; give text
    stranded after a block its own paragraph.

    A block that holds most of the page's sentences is not dropped (a ``drop``
    selector or a caption class that matches the article container): returns
    those refusals as ``(rule, blocks, chars)`` for ``CleanResult.guarded``.
    """
    body = tree.find("body")
    sentence_end = load_rules().structure.sentence_end
    page_sentences = len(sentence_end.findall(body.text_content())) if body is not None else 0
    kept: dict[str, list[int]] = {}

    def drop(el, rule: str) -> None:
        text = el.text_content()
        sentences = len(sentence_end.findall(text))
        if sentences >= _GUARD_MIN_SENTENCES and sentences > page_sentences / 2:
            kept.setdefault(rule, []).append(len(text.strip()))
        else:
            el.drop_tree()

    for selector in as_list(hints.get("drop")):
        for el in select(tree, selector):
            if not isinstance(el, str) and el.getparent() is not None:
                drop(el, HINT_DROP)
    for kind, rule in (("caption", CAPTION_BLOCK), ("hidden", HIDDEN)):
        for el in marked[kind]:
            if el.getparent() is not None:
                drop(el, rule)
    for el in tree.iter("div"):  # a text-only div between paragraphs is a crosshead, not layout
        if (
            len(el) == 0
            and el.text
            and el.text.strip()
            and any(s is not None and s.tag == "p" for s in (el.getprevious(), el.getnext()))
        ):
            el.tag = "p"
    for table in reversed(list(tree.iter("table"))):  # inner ones first: the outer one's
        _unwrap_layout(table, sentence_end)  # article cell then holds no table of its own
    decks = set(marked["deck"])  # a deck is a block of its own, inline markup too: Naver's
    # "<strong class=media_end_summary>...</strong>[이데일리 ... 기자] 본문"
    stranded = [
        el
        for el in tree.iter()
        if el.tail
        and el.tail.strip()
        and (
            el in decks
            or el.tag in ("div", "figure", "table", "section")
            or (el.tag == "span" and _holds_a_block(el))
        )
    ]
    for el in stranded:
        p = lxml_html.Element("p")
        p.text, el.tail = el.tail, None
        el.addnext(p)
    return [(rule, len(sizes), sum(sizes)) for rule, sizes in kept.items()]


def _unwrap_layout(table, sentence_end: re.Pattern[str]) -> None:
    """A table of a few cells, one of which holds most of its text as running text, is the
    page's layout (old templates put the article in one cell, the menu and the most-read
    list in the cells beside it): its cells become plain blocks, or trafilatura writes the
    whole article, menu and list included, as one "| ... |" table row."""
    own = [
        el
        for el in table.iter("thead", "tbody", "tfoot", "tr", "td", "th", "caption")
        if next(el.iterancestors("table")) is table
    ]  # (the cells of an inner table that was unwrapped are divs by now)
    cells = [el for el in own if el.tag in ("td", "th")]
    if not 0 < len(cells) <= _LAYOUT_CELLS:
        return
    nested = sum(len(t.text_content()) for t in table.iter("table") if t is not table)
    text = whole = table.text_content()
    if nested > len(whole) / 2:
        return
    if len(cells) > 2:  # the article's cell, and the menus around it
        text = max((cell.text_content() for cell in cells), key=len)
        if len(text) < len(whole) * _LAYOUT_SHARE:
            return
    if len(sentence_end.findall(text)) < _LAYOUT_SENTENCES:
        return
    for el in [table, *own]:
        el.tag = "div"


def extract_article(
    data: bytes,
    url: str | None = None,
    encoding: str | None = None,
    hints: dict | None = None,
    limits: Limits = LIMITS,
) -> Article:
    """Article text and metadata from page bytes.

    *encoding* is the charset the server declared (HTTP header), if any.
    *hints* are per-site selectors from the source profile; each value is a
    CSS selector, an XPath (starting with ``/``, ``./`` or ``(``), or a list
    of them:

    - ``title``, ``subtitle`` (deck lines), ``section``: text of the match;
    - ``body``: the article container, used instead of trafilatura's guess;
    - ``date``, ``updated``: an element whose text holds the (labelled) datetime;
    - ``byline``: elements holding reporter names / e-mails;
    - ``original_url``: the link to the outlet's copy on a portal page;
    - ``drop``: blocks removed before anything else (widgets, related lists).

    Unknown keys are ignored with a warning; a selector that matches nothing
    falls back to the generic extraction.  *limits* caps the markup parsed,
    the text analysed and the nesting depth (:mod:`enrich.bounds`); what they
    cut is in ``Article.truncated``.  Raises :class:`ExtractionError` for
    empty, binary or undecodable input, and :class:`NoArticleError` for a
    page without article text.
    """
    hints = dict(hints or {})
    for key in set(hints) - set(HINT_KEYS):
        LOGGER.warning("ignoring unknown site hint %r (known: %s)", key, ", ".join(HINT_KEYS))
    text, codec = decode(data, encoding, what=url)
    text, truncation = bound_markup(text, limits)
    tree = parse_html(text, limits.depth, truncation)
    del text
    split_wide(tree, limits.children)
    marked = mark(tree)
    guarded = _prepare(tree, hints, marked)

    body_nodes = [
        n for s in as_list(hints.get("body")) for n in select(tree, s) if not isinstance(n, str)
    ]
    if body_nodes:
        raw = "\n".join(visible_text(n) for n in body_nodes)
    else:
        raw = (
            trafilatura.extract(
                tree,
                url=url,
                include_comments=False,
                include_tables=True,
                deduplicate=False,
                favor_recall=True,
                # its fallbacks (readability, jusText) cost the square of a big page's size
                fast=_count_elements(tree) > limits.fallback_elements,
            )
            or ""
        )
    # (a "기사입력 ... 기사수정 ..." stamp the body kept is still the header's, and a long
    # headline the text starts with is above the stamp: "입력 ... 14:09" comes after it)
    titles = " ".join(tree.xpath("//title/text()|//meta[@property='og:title']/@content"))
    first_line = next(
        (
            line
            for line in raw.split("\n")
            if len(line.strip()) > 40
            and not any(labelled_datetimes(line))
            and line.strip() not in titles
        ),
        None,
    )
    meta = extract_metadata(tree, url, hints, body_start=first_line, marked=marked)
    subtitles = meta["subtitles"] or _deck_lines(marked["deck"], meta["title"], meta["section"])

    page = tree.find("body") if tree.find("body") is not None else tree
    cleaned = _clean(raw, meta["title"], subtitles, limits, truncation) if raw.strip() else None
    if cleaned is None or cleaned.no_article:
        LOGGER.info(
            "%s: no main text from trafilatura, cleaning the visible page text", url or "page"
        )
        cleaned = _clean(visible_text(page), meta["title"], subtitles, limits, truncation)
    if cleaned.no_article and (script_text := embedded_text(tree)):
        from_script = _clean(script_text, meta["title"], subtitles, limits, truncation)
        if not from_script.no_article:
            LOGGER.info("%s: no article in the markup, reading the one in a script", url or "page")
            cleaned = from_script
    cleaned.guarded += guarded
    if not subtitles and not cleaned.subtitles and not cleaned.no_article:
        subtitles = _deck_from_page(page, meta["title"], cleaned)
    article = _article(meta, subtitles, cleaned, codec)
    article.truncated = truncation.as_dict()
    return checked(article, url)


def _count_elements(tree) -> int:
    return sum(1 for _ in tree.iter())


def _clean(
    raw: str, title: str | None, subtitles: list[str], limits: Limits, truncation: Truncation
) -> CleanResult:
    """The cleaner on at most ``limits.text_chars`` of *raw* (a longer text is recorded as cut)."""
    raw, length = bound_text(raw, limits)
    if length is not None:
        truncation.text_chars, truncation.analysed_chars = length, len(raw)
    return clean_text(raw, title=title, subtitles=subtitles)


def checked(article: Article, what: str | None) -> Article:
    """*article*, after logging the cuts a guard refused; :class:`NoArticleError` when there is
    no article text."""
    cleaning = article.cleaning
    for rule, lines, chars in cleaning.guarded:
        LOGGER.warning(
            "%s: kept %d lines (%d chars) that %s would have cut: too much of the article",
            what or "page",
            lines,
            chars,
            rule,
        )
    if article.truncated:
        LOGGER.warning(
            "%s: cut or flattened to stay within the limits: %s", what or "page", article.truncated
        )
    if cleaning.no_article:
        raise NoArticleError(
            f"{what + ': ' if what else ''}no article text: {cleaning.no_article}",
            cleaning.no_article,
            article,
        )
    return article


def _deck_from_page(page, title: str | None, cleaned: CleanResult) -> list[str]:
    """Deck lines shown between the headline and the body but outside trafilatura's main text."""
    if not cleaned.paragraphs:
        return []
    first = cleaned.paragraphs[0][:20]
    text = visible_text(page, stop_at=first)
    cut = text.find(first)  # the walk stops at a text node starting with it; else cut here
    head = (text if cut < 0 else text[:cut]).split("\n")[-80:]
    return clean_text("\n".join(head + cleaned.paragraphs), title=title).subtitles


def _authors(declared: list[str], found: list[str], dateline: str | None) -> list[str]:
    """The page's own author list, unless the body's dateline names those and more
    ("[시선뉴스 박진아, 이시연 수습기자 / ...]" under a page that declares 박진아)."""
    listed = bylines.reporter_names(dateline) if dateline else []
    return listed if declared and set(declared) < set(listed) else declared or found


def _article(meta: dict, subtitles: list[str], cleaned: CleanResult, codec: str) -> Article:
    """Combine metadata and the cleaner's result; reporters also come from datelines and byline lines."""
    names, emails = cleaned.reporters()
    return Article(
        url=meta["url"],
        canonical_url=meta["canonical_url"],
        title=meta["title"] or cleaned.title,
        subtitles=subtitles or cleaned.subtitles,
        paragraphs=cleaned.paragraphs,
        published_at=meta["published_at"],
        updated_at=meta["updated_at"],
        authors=_authors(meta["authors"], names, cleaned.opening_dateline()),
        author_emails=list(dict.fromkeys(meta["author_emails"] + emails)),
        section=meta["section"],
        outlet=meta["outlet"],
        portal=meta["portal"],
        original_url=meta["original_url"],
        lang=language(cleaned.body) or meta["lang"],
        encoding=codec,
        cleaning=cleaned,
    )
