"""What one page may cost: caps on the markup parsed, the text analysed and the nesting depth.

Extraction cost grows faster than page size (a 9.5 MB page took 55 s and
472 MB), and a crawl accepts pages up to its download limit, so every page is
brought within fixed bounds before the expensive steps run:

- **markup**: a page over :attr:`Limits.markup_bytes` first loses the contents
  of its ``<script>`` (except JSON-LD) and ``<style>`` elements and its inline
  ``data:`` URIs, which is where most oversized article pages keep their
  bulk; markup still over the cap is cut there (at a tag boundary);
- **text**: at most :attr:`Limits.text_chars` characters of extracted text
  go to the cleaner and on to Kiwi (cut at a line end);
- **fallbacks**: trafilatura's fallback extractors (readability, jusText)
  take time that grows with the square of the page; a page of more than
  :attr:`Limits.fallback_elements` elements goes without them;
- **width**: trafilatura's time grows with the square of the number of
  inline children of one element; an element with more than
  :attr:`Limits.children` children is split into consecutive copies of itself
  (nothing is lost: a real paragraph never has that many);
- **depth**: browsers render any nesting depth, libxml2 stops at 256 levels
  (the rest of the page is lost) and recursive tree walks at Python's
  recursion limit, so markup nested deeper than :attr:`Limits.depth` is
  flattened: the deeper elements' tags are removed, their text kept, block
  elements leaving a line break.

What was cut is recorded (:class:`Truncation`) and ends up in the document's
``truncated`` field, never silently.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Limits:
    """The caps (README, "Limits"); one instance is shared, pass another to change them."""

    markup_bytes: int = 1536 * 1024  # UTF-8 bytes of markup parsed
    text_chars: int = 200_000  # characters of extracted text cleaned and analysed
    depth: int = 180  # element nesting kept; deeper markup is flattened
    fallback_elements: int = 5_000  # above: no trafilatura fallbacks (their cost is quadratic)
    children: int = 500  # child elements per element; a wider one is split into siblings


LIMITS = Limits()


@dataclass
class Truncation:
    """What a page lost to the caps (``None`` fields: that cap was not reached)."""

    html_bytes: int | None = None  # markup size before the cut ...
    parsed_bytes: int | None = None  # ... and what was parsed
    text_chars: int | None = None  # extracted text before the cut ...
    analysed_chars: int | None = None  # ... and what was cleaned and analysed
    flattened_depth: int | None = None  # deeper markup was flattened to this depth

    def __bool__(self) -> bool:
        return any(v is not None for v in asdict(self).values())

    def as_dict(self) -> dict | None:
        """The document's ``truncated`` field: only the caps that were reached, or None."""
        return {k: v for k, v in asdict(self).items() if v is not None} or None


# --- markup size -------------------------------------------------------------------------------

_RAW_TEXT_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)
_RAW_TEXT_CLOSE = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}
_JSON_LD = re.compile(r"""type\s*=\s*["']?application/ld\+json""", re.IGNORECASE)
_DATA_URI = re.compile(r"""(["'])data:[^"']{256,}\1""")


def _utf8_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def bound_markup(text: str, limits: Limits = LIMITS) -> tuple[str, Truncation]:
    """*text* within ``limits.markup_bytes``: scripts, styles and data URIs emptied first, then cut."""
    truncation = Truncation()
    size = _utf8_len(text) if len(text) * 3 > limits.markup_bytes else len(text)
    if size <= limits.markup_bytes:
        return text, truncation
    text = _DATA_URI.sub(r"\1\1", _empty_raw_text(text))
    if _utf8_len(text) <= limits.markup_bytes:
        return text, truncation
    cut = text.encode("utf-8")[: limits.markup_bytes].decode("utf-8", "ignore")
    tag = cut.rfind("<")
    truncation.html_bytes = size
    truncation.parsed_bytes = _utf8_len(cut[:tag] if tag > 0 else cut)
    return (cut[:tag] if tag > 0 else cut), truncation


def _empty_raw_text(text: str) -> str:
    """*text* with the contents of <script> (JSON-LD kept) and <style> removed, in one pass."""
    out: list[str] = []
    pos = 0
    while m := _RAW_TEXT_OPEN.search(text, pos):
        gt = text.find(">", m.end())
        if gt < 0:
            break
        name = m.group(1).lower()
        close = _RAW_TEXT_CLOSE[name].search(text, gt + 1)
        end = close.start() if close else len(text)  # unclosed: the rest is script, as in a browser
        keep = name == "script" and _JSON_LD.search(text, m.end(), gt)
        out.append(text[pos : end if keep else gt + 1])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def bound_text(text: str, limits: Limits = LIMITS) -> tuple[str, int | None]:
    """(*text* cut to ``limits.text_chars`` at a line end, original length or None when whole)."""
    if len(text) <= limits.text_chars:
        return text, None
    cut = text.rfind("\n", 0, limits.text_chars)
    if cut < limits.text_chars // 2:  # one enormous line: cut at a space inside it
        cut = text.rfind(" ", 0, limits.text_chars)
    return text[: cut if cut > 0 else limits.text_chars], len(text)


# --- nesting depth -----------------------------------------------------------------------------

_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]*)")
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_RAW = frozenset(("script", "style", "textarea", "title", "xmp", "noembed", "noframes"))
_RAW_CLOSE: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _RAW
}
# Elements whose start closes an open element of the same name (an unclosed <p>, <li>, ...).
_SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)


def flatten(markup: str, depth: int) -> str:
    """*markup* with every element nested deeper than *depth* replaced by its content.

    A linear scan over the tags (each ends at the next ``>``) with an approximate
    open-element stack (void elements, raw-text elements and the common implied
    end tags handled):
    tags of elements beyond *depth* are dropped, a block element leaves a
    ``<br>`` so its text stays a line of its own.  Comments and raw text
    (scripts, styles) are copied unchanged.
    """
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (name, emitted)
    open_count: dict[str, int] = {}

    def end_of(name: str, emitted: bool) -> None:
        """The end tag of an element kept, a line break for a flattened block (one per run)."""
        if emitted:
            out.append(f"</{name}>")
        elif name in _BLOCK and out[-1:] != ["<br>"]:
            out.append("<br>")

    pos = 0
    n = len(markup)
    while pos < n:
        lt = markup.find("<", pos)
        if lt < 0:
            out.append(markup[pos:])
            break
        if lt > pos:
            out.append(markup[pos:lt])
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            end = n if end < 0 else end + 3
            out.append(markup[lt:end])
            pos = end
            continue
        m = _TAG_START.match(markup, lt)
        if m is None:
            out.append("<")
            pos = lt + 1
            continue
        gt = markup.find(">", m.end())  # a tag ends at the next ">", as in a browser
        if gt < 0:
            out.append(markup[lt:])
            break
        closing, name = m.group(1), m.group(2).lower()
        rest, tag, pos = markup[m.end() : gt], markup[lt : gt + 1], gt + 1
        if closing:
            if not open_count.get(name):
                continue  # a stray end tag: dropped, as a browser would ignore it
            while stack:
                top, emitted = stack.pop()
                open_count[top] -= 1
                end_of(top, emitted)
                if top == name:
                    break
            continue
        if name in _SELF_CLOSING_SIBLINGS and stack and stack[-1][0] == name:
            top, emitted = stack.pop()
            open_count[top] -= 1
            end_of(top, emitted)
        if name in _VOID or rest.rstrip().endswith("/"):
            out.append(tag)
            continue
        emit = len(stack) < depth
        if emit:
            out.append(tag)
        else:
            end_of(name, False)
        if name in _RAW:  # copy the raw text up to its end tag, which closes it
            close = _RAW_CLOSE[name].search(markup, pos)
            end = close.end() if close else n
            out.append(markup[pos : close.start() if close else n])
            if emit:
                out.append(f"</{name}>")
            pos = end
            continue
        stack.append((name, emit))
        open_count[name] = open_count.get(name, 0) + 1
    return "".join(out)


# --- element width -----------------------------------------------------------------------------


def split_wide(tree, children: int) -> int:
    """Split every element with more than *children* child elements into consecutive copies of
    itself holding at most that many each (its tail goes with the last); returns how many."""
    wide = [el for el in tree.iter() if len(el) > children and el.getparent() is not None]
    for el in wide:
        kids, tail, last = list(el), el.tail, el
        el.tail = None
        for start in range(children, len(kids), children):
            copy = el.makeelement(el.tag, el.attrib)
            copy.extend(kids[start : start + children])
            last.addnext(copy)
            last = copy
        last.tail = tail
    return len(wide)
