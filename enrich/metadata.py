"""Article metadata from a parsed HTML page.

Evidence is read in order of trust: JSON-LD ``NewsArticle`` objects, then
``<meta>`` tags (Open Graph, ``article:*``, Naver's and Daum's own), then the
visible header (headline element, ``입력``/``수정`` stamps, byline
elements).  Korean pages are inconsistent about all of them, so each field
takes the first source that yields a usable value, and names are accepted
only when they look like Korean personal names (see :mod:`enrich.bylines`).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from enrich import bylines
from enrich.dates import first_timestamp, labelled_datetimes, parse_datetime
from enrich.markup import mark
from enrich.text import normalize

_ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "blogposting",
    "backgroundnewsarticle",
    "webpage",
}
_TITLE_SEPARATORS = re.compile(
    r"\s*(?:\s[-|:–—<>]\s|\s?[|ㅣ｜:]{1,2}\s?|::|\s-|-(?=[^\s\"”'’]{1,12}$))\s*"
)
_PORTALS = {
    "news.naver.com": "naver",
    "naver.com": "naver",
    "v.daum.net": "daum",
    "daum.net": "daum",
    "news.nate.com": "nate",
    "zum.com": "zum",
}
# Words that make a short trailing title segment a site name ("... - 머니투데이", "... : 네이트 뉴스").
_SITE_WORDS = re.compile(
    r"뉴스|일보|신문|경제|방송|미디어|투데이|데일리|타임스|News|NEWS|Times|Daily|Journal|TV"
)
_PORTAL_NAMES = ("네이버", "NAVER", "다음", "Daum", "네이트", "nate", "ZUM", "줌")
_ORIGINAL_LINK_TEXT = re.compile(
    r"^\s*(?:기사\s?원문|원문\s?보기|원문|기사원문\s?보기|언론사\s?원문)\s*$"
)


def select(tree, selector: str) -> list:
    """Elements (or strings) for a CSS selector, or an XPath when it starts with '/', './' or '('."""
    if selector.lstrip().startswith(("/", "./", "(")):
        return tree.xpath(selector)
    return tree.cssselect(selector)


def text_of(node) -> str:
    """Normalised text of an element (or an XPath string result), one line per <br>."""
    if isinstance(node, str):
        return normalize(node).strip()
    pieces = node.xpath(".//br|.//text()[not(ancestor::script or ancestor::style)]")
    return normalize("".join(p if isinstance(p, str) else "\n" for p in pieces)).strip()


def _hinted(tree, hints: dict, key: str) -> list[str]:
    values: list[str] = []
    for selector in as_list(hints.get(key)):
        for node in select(tree, selector):
            if not isinstance(node, str) and key == "original_url":
                node = node.get("href") or ""
            value = text_of(node)
            if value:
                values.append(value)
    return values


def as_list(value) -> list[str]:
    """A hint value (one selector or a list of them) as a list."""
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _meta(tree) -> dict[str, str]:
    """First value of each <meta> name/property/itemprop (lower-cased keys)."""
    found: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = m.get("property") or m.get("name") or m.get("itemprop")
        content = m.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), normalize(content).strip())
    return found


def _json_ld(tree) -> list[dict]:
    """Article-like JSON-LD objects on the page (``@graph`` flattened)."""
    objects: list[dict] = []

    def walk(item) -> None:
        if isinstance(item, list):
            for x in item:
                walk(x)
        elif isinstance(item, dict):
            if "@graph" in item:
                walk(item["@graph"])
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                objects.append(item)

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(json.loads(script.text or "", strict=False))
        except ValueError:
            continue
    # A NewsArticle beats a WebPage.
    objects.sort(key=lambda o: str(o.get("@type")).lower() == "webpage")
    return objects


def _names(value) -> list[str]:
    """Person names from a JSON-LD author value (string, object or list)."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        raw = item.get("name") if isinstance(item, dict) else item
        if isinstance(raw, str):
            for part in re.split(r"[,·/]|\s{2,}", raw):
                name = bylines.clean_name(part)
                if name:
                    out.append(name)
    return out


def _strip_site(title: str, site_names: list[str]) -> str:
    """``'Headline - 매일경제'`` -> ``'Headline'`` (only trailing parts naming the site)."""
    parts = _TITLE_SEPARATORS.split(title)
    while len(parts) > 1:
        tail = parts[-1].replace(" ", "")
        if (
            not tail
            or any(
                s and (s.replace(" ", "") in tail or tail in s.replace(" ", "")) for s in site_names
            )
            or len(tail) <= 4
            or (len(tail) <= 12 and _SITE_WORDS.search(tail))
        ):
            parts.pop()
            title = title[: title.rfind(parts[-1]) + len(parts[-1])] if parts else title
        else:
            break
    return title.strip()


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


# Page titles an editor or a template left as they were: no headline ("<title>Document</title>").
_MIN_TITLE_LETTERS = 6
_PLACEHOLDER_TITLES = frozenset(
    {
        "document",
        "untitled",
        "untitled document",
        "new document",
        "index",
        "home",
        "제목 없음",
        "무제",
    }
)


def find_title(
    tree,
    meta: dict[str, str],
    ld: list[dict],
    site_names: list[str],
    titled: list,
    body_start: str | None = None,
) -> str | None:
    """The headline as the page shows it.

    Declared headlines (JSON-LD and ``meta[name=headline]``; page titles:
    ``og:title``, ``<title>``) are matched against the page's heading
    elements so the visible wording wins (declared copies often lose quotes
    or carry the site name); without a match the declared headline is used,
    else a page title with the site name stripped, else the last heading before the
    body, else the first ``<h1>`` (a placeholder page title, or a site's name alone,
    counts as none).
    """
    exact = [
        normalize(lxml_html.fromstring(f"<p>{o['headline']}</p>").text_content()).strip()
        for o in ld
        if isinstance(o.get("headline"), str) and o["headline"].strip()
    ]
    exact += [meta["headline"]] if meta.get("headline") else []
    page_titles = [meta[k] for k in ("og:title", "twitter:title", "title") if meta.get(k)]
    page_titles += [t for t in [normalize(tree.findtext(".//title") or "").strip()] if t]
    page_titles = [  # (a site's name alone, "언론재단", is no headline either)
        t
        for t in page_titles
        if t.lower() not in _PLACEHOLDER_TITLES and len(_letters(t)) >= _MIN_TITLE_LETTERS
    ]
    keys = [_letters(d) for d in exact + page_titles]
    headings = _HEADINGS(tree)
    for elements in (headings, titled):  # real headings first; title-ish classes only if needed
        best = None
        for el in elements[:300]:
            text = normalize(el.text_content()).strip()
            key = _letters(text)
            if (
                len(key) >= 4
                and any(k.startswith(key) and len(key) >= 0.5 * len(k) for k in keys)
                and (best is None or len(key) > len(_letters(best)))
            ):
                best = text
        if best:
            return best
    if exact:
        return exact[0]
    if page_titles:
        return _strip_site(page_titles[0], site_names) or None
    h1 = next((normalize(h.text_content()).strip() for h in headings if h.tag == "h1"), "")
    # (the heading right above the body first: an archive's "<h1>저장된 페이지 보기</h1>" or a
    # logo's is the window's, "<h3>" above the text the article's)
    return _heading_before(tree, headings, body_start) or h1


def _heading_before(tree, headings: list, body_start: str | None) -> str | None:
    """The last heading before the first body paragraph: a page without a page title
    shows its headline right above the body ("<h3>" of a copied article)."""
    if not body_start or not headings:
        return None
    text = normalize(_visible_text(tree))
    cut = text.find(normalize(body_start)[:30])
    best = None
    for h in headings:
        heading = normalize(h.text_content()).strip()
        at = text.find(heading) if len(_letters(heading)) >= 8 else -1
        if 0 <= at < cut:
            best = heading
    return best


_HEADINGS = etree.XPath("//h1|//h2|//h3|//h4")


def _visible_text(tree) -> str:
    body = tree.find("body")
    return (tree if body is None else body).text_content()


def _header_text(tree, body_start: str | None) -> str:
    """Visible page text up to the first body paragraph (where 입력/수정 stamps live)."""
    text = _visible_text(tree)
    # (trafilatura writes a table's cells as "| ...", and joins lines the page breaks)
    start = body_start.lstrip("| ") if body_start else ""
    cut = next((c for n in (30, 20) if start and (c := text.find(start[:n])) > 0), -1)
    return normalize(text[max(0, cut - 8000) : cut] if cut > 0 else text[:8000])


def find_portal(url: str | None, meta: dict[str, str]) -> str | None:
    host = urlsplit(url).hostname or "" if url else ""
    for suffix, portal in _PORTALS.items():
        if host == suffix or host.endswith("." + suffix):
            return portal
    site = (meta.get("og:site_name") or "").lower()
    if "네이버" in site or "naver" in site:
        return "naver"
    if "daum" in site or "다음" in site:
        return "daum"
    return None


def extract_metadata(
    tree,
    url: str | None,
    hints: dict | None = None,
    body_start: str | None = None,
    marked: dict[str, list] | None = None,
) -> dict:
    """Metadata fields for :class:`enrich.article.Article` (see the module docstring for the order).

    *body_start*: the first body paragraph (the page header ends there);
    *marked*: :func:`enrich.markup.mark` of the tree, when the caller already has it.
    """
    hints = hints or {}
    marked = marked if marked is not None else mark(tree)
    meta = _meta(tree)
    ld = _json_ld(tree)
    first = ld[0] if ld else {}

    canonical = next(
        (
            urljoin(url or "", link.get("href").strip())
            for link in tree.xpath('//link[@rel="canonical"][@href]')
        ),
        None,
    )
    canonical = canonical or meta.get("og:url") or url
    page_url = url or canonical
    portal = find_portal(page_url, meta)
    outlet, site_names = _outlet(meta, first, portal, page_url)

    title = (_hinted(tree, hints, "title") or [None])[0] or find_title(
        tree, meta, ld, site_names, marked["title"], body_start
    )
    subtitles = [
        line
        for value in _hinted(tree, hints, "subtitle")
        for line in value.split("\n")
        if line.strip()
    ]
    header = _header_text(tree, body_start)
    published, updated = _datetimes(tree, hints, meta, first, header)
    authors, emails = _reporters(tree, hints, meta, first, marked["byline"], header)

    section = (
        (_hinted(tree, hints, "section") or [None])[0]
        or first.get("articleSection")
        or meta.get("article:section")
        or None
    )
    if isinstance(section, list):
        section = section[0] if section else None
    if not section:
        section = next((text_of(e) for e in _NAVER_SECTION(tree)), None)

    original = (_hinted(tree, hints, "original_url") or [None])[0]
    if portal and not original:
        original = _original_link(tree, page_url)

    lang = (
        tree.get("lang")
        or meta.get("content-language")
        or meta.get("og:locale")
        or meta.get("inlanguage")
    )
    lang = re.split(r"[-_]", lang.strip().lower())[0] if lang else None

    return {
        "url": url,
        "canonical_url": canonical,
        "title": title,
        "subtitles": subtitles,
        "published_at": published,
        "updated_at": updated,
        "authors": authors,
        "author_emails": emails,
        "section": normalize(section).strip() if isinstance(section, str) else None,
        "outlet": outlet,
        "portal": portal,
        "original_url": original,
        "lang": lang,
    }


_NAVER_SECTION = etree.XPath("//em[contains(@class,'media_end_categorize_item')]")


def _outlet(meta: dict[str, str], first: dict, portal: str | None, page_url: str | None) -> tuple:
    """(outlet name, names the site goes by); on a portal page the outlet is the original publisher."""
    publisher = first.get("publisher")
    publisher = publisher.get("name") if isinstance(publisher, dict) else None
    outlet = (
        meta.get("article:media_name")
        or meta.get("og:article:author")
        or meta.get("og:site_name")
        or publisher
        or meta.get("application-name")
    )
    if outlet:
        outlet = re.split(r"\s*[|ㅣ]\s*", outlet)[0].strip() or None
    if (
        portal
        and outlet
        and ((portal == "naver" and "네이버" in outlet) or (portal == "daum" and "다음" in outlet))
    ):
        outlet = publisher if publisher and publisher != outlet else None
    site_names = [s for s in (meta.get("og:site_name"), outlet, publisher) if s] + list(
        _PORTAL_NAMES
    )
    host = (urlsplit(page_url).hostname or "") if page_url else ""
    site_names += [p for p in host.split(".") if len(p) > 3 and p not in ("www", "news")]
    return outlet, site_names


def _local_time_marked_utc(declared: str, shown: str) -> bool:
    """The page declares UTC ("2020-01-27T11:09:12Z") at the very minute it shows as its
    Korean time ("2020-01-27 11:09"): its CMS marked local time as UTC, nine hours off."""
    declared = declared.strip()
    return declared.endswith(("Z", "+00:00")) and declared[:16].replace(" ", "T") == shown[:16]


def _datetimes(tree, hints: dict, meta: dict[str, str], first: dict, header: str) -> tuple:
    """(published, updated): hints, structured data, portal attributes, labelled stamps, htmldate."""
    published = next(
        (
            d
            for v in _hinted(tree, hints, "date")
            if (d := labelled_datetimes(v)[0] or parse_datetime(v))
        ),
        None,
    )
    updated = next(
        (
            d
            for v in _hinted(tree, hints, "updated")
            if (d := labelled_datetimes(v)[1] or parse_datetime(v))
        ),
        None,
    )
    text_pub, text_upd = labelled_datetimes(header)
    if not published:
        declared = (
            first.get("datePublished"),
            meta.get("article:published_time"),
            meta.get("og:regdate"),
            meta.get("datepublished"),
            meta.get("pubdate"),
            meta.get("publish-date"),
            meta.get("article:published"),
        )
        raw = next((v for v in declared if _as_datetime(v)), None)
        published = _as_datetime(raw) or next(
            (d for e in _STAMPED(tree) if (d := _as_datetime(e.get("data-date-time")))), None
        )
        shown = text_pub or first_timestamp(header)
        if raw and shown and _local_time_marked_utc(raw, shown):
            published = shown
        # A declared date without time loses to the page's own stamp of the same day.
        if not published or (
            published.endswith("T00:00:00+09:00") and text_pub and text_pub[:10] == published[:10]
        ):
            published = text_pub or published
    if not updated:
        declared = (
            first.get("dateModified"),
            meta.get("article:modified_time"),
            meta.get("article:modified"),
            meta.get("og:updated_time"),
            meta.get("datemodified"),
        )
        updated = (
            next((d for d in map(_as_datetime, declared) if d), None)
            or next(
                (d for e in _MODIFIED(tree) if (d := _as_datetime(e.get("data-modify-date-time")))),
                None,
            )
            or text_upd
        )
    return published or first_timestamp(header) or _htmldate(tree), updated


_STAMPED = etree.XPath("//*[@data-date-time]")  # Naver: data-date-time="2025-02-04 16:20:11"
_MODIFIED = etree.XPath("//*[@data-modify-date-time]")


_GLUED_BYLINE = re.compile(r"기자(?=[가-힣])")  # "조성훈 기자김은령 기자": list items' text


def _reporters(
    tree, hints: dict, meta: dict[str, str], first: dict, byline_elements: list, header: str
) -> tuple:
    """(names, e-mails) from hints, JSON-LD, meta tags, byline-looking elements, then a
    byline with an e-mail in the page header (under the headline, in no marked element)."""
    authors: list[str] = []
    emails: list[str] = []
    for value in _hinted(tree, hints, "byline"):
        authors += bylines.reporter_names(value) or _names(value)
        emails += bylines.emails(value)
    authors += _names(first.get("author"))
    for key in ("byl", "author", "article:author", "dable:author", "og:article:author"):
        value = meta.get(key, "")
        if value and not value.startswith("http"):
            authors += bylines.reporter_names(value) or _names(value)
            emails += bylines.emails(value) if key != "og:article:author" else []
    if not authors:
        for el in byline_elements:
            if len(el.text_content()) < 200:
                value = text_of(el)
                authors += bylines.reporter_names(value)
                emails += bylines.emails(value)
    if authors:  # a joint byline in the header names them all, the meta tag only the first
        for line in header.split("\n"):
            names = (
                bylines.reporter_names(_GLUED_BYLINE.sub("기자 ", line)) if len(line) < 400 else []
            )
            if len(names) > len(authors) and set(authors) <= set(names):
                authors = names
                break
    if not authors:
        for line in header.split("\n")[::-1]:
            mail = bylines.emails(line) if len(line) <= 80 else []
            if mail and (names := bylines.reporter_names(line)):
                authors, emails = names, emails + mail
                break
    return list(dict.fromkeys(authors)), list(dict.fromkeys(emails))


def _htmldate(tree) -> str | None:
    """Last resort: htmldate's guess (URL, scripts, text); a date without time -> midnight KST."""
    try:
        from htmldate import find_date

        found = find_date(tree, extensive_search=False, original_date=True)
    except (ValueError, TypeError, AttributeError, LookupError):  # a best-effort guess: never fatal
        return None
    return parse_datetime(found) if found else None


def _as_datetime(value) -> str | None:
    return parse_datetime(value) if isinstance(value, str) else None


def _original_link(tree, page_url: str | None) -> str | None:
    """On a portal page, the link to the outlet's own copy of the article."""
    page_host = urlsplit(page_url).hostname if page_url else None
    for a in tree.xpath("//a[@href]"):
        classes = a.get("class", "")
        if (
            _ORIGINAL_LINK_TEXT.match(a.text_content() or "")
            or "origin_link" in classes
            or "link_original" in classes
        ):
            href = urljoin(page_url or "", a.get("href").strip())
            if href.startswith("http") and urlsplit(href).hostname != page_host:
                return href
    return None
