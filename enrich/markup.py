"""Find captions, deck, byline, title and hidden blocks by class/id (and style), in one pass.

Korean CMSs name these blocks predictably (``figcaption``/``img_desc``,
``sub_title``/``mid_title``, ``byline``/``reporter``, ``tit_view``); one
XPath collects every element with a class or id and one regular expression
sorts them, which is several times cheaper than an XPath per kind on
pages of a few thousand elements.
"""

from __future__ import annotations

import re

from lxml import etree

_NAMES = etree.XPath("//@class|//@id")
_KINDS = re.compile(
    r"(?P<caption>(?:^|[\s_-])(?:caption|img_desc|photo_desc|txt_caption|pic_caption|image_caption|photo_caption"
    r"|caption_txt|img_caption|photo_txt|imgtxt|img_txt|photocaption)(?=$|[\s_-]))"
    r"|(?P<deck>(?:^|[\s_-])(?:sub_?title|subtitle|sub-title|sub_?tit|tit_?sub|sub_?head(?:line|ing)?|mid_?title"
    r"|midtitle_text|deck|article_?sub(?:title)?|media_end_summary|summary_?(?:title|view)|stitle"
    r"|article-summary"
    r"|news_?sub)(?=$|[\s_-]))"
    r"|(?P<byline>byline|reporter|repoter|writer|journalist|author|byl\b|gija|기자|(?:^|\s)write(?=$|\s))"
    r"|(?P<title>tit|headline|subject)"
    # text only screen readers announce (Naver's "blind", Daum's "screen_out"): labels of
    # buttons, ads and tool bars ("광고", "닫기", "기사 도구 모음"), never the article
    r"|(?P<hidden>(?:^|\s)(?:screen_out|blind|sr-only|sr_only|visually-?hidden"
    r"|screen-reader-text|a11y-hidden)(?=$|\s))"
)  # matched against lower-cased names: re.IGNORECASE makes this several times slower
KINDS = ("caption", "deck", "byline", "title", "hidden")
# Also never shown: an element styled so.
_DISPLAY_NONE = etree.XPath(
    "//*[contains(translate(@style, ' ', ''), 'display:none')"
    " or contains(translate(@style, ' ', ''), 'visibility:hidden')]"
)


def mark(tree) -> dict[str, list]:
    """``{kind: [elements in document order]}`` for the kinds above (``figcaption`` counts as caption)."""
    found: dict[str, list] = {kind: [] for kind in KINDS}
    for name in _NAMES(tree):
        kinds = {m.lastgroup for m in _KINDS.finditer(name.lower())}
        for kind in kinds:
            el = name.getparent()
            if not found[kind] or found[kind][-1] is not el:  # class and id may both match
                found[kind].append(el)
    found["caption"] += tree.xpath("//figcaption")
    found["hidden"] += _DISPLAY_NONE(tree)  # ("[포토] ..." titles kept for scripts)
    return found
