"""Unicode normalisation and line splitting for Korean news text.

Pages mix no-break spaces, ideographic (full-width) spaces, zero-width
characters and full-width ASCII punctuation into otherwise ordinary text.
They are invisible to a reader but split or glue tokens, break regular
expressions and make equal lines compare unequal, so every text that enters
the cleaner passes through :func:`normalize` first.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and other invisible format characters: removed outright.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
# Every Unicode space separator (NBSP, ideographic space, thin spaces, ...) -> " ".
_SPACES = {c: " " for c in range(0x10000) if unicodedata.category(chr(c)) == "Zs" and c != 0x20}
# Full-width ASCII (U+FF01..U+FF5E) -> ASCII; Korean pages use it for punctuation and digits.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_TABLE = {
    **_SPACES,
    **_FULLWIDTH,
    **_INVISIBLE,
    ord("\t"): " ",
    ord("\r"): "\n",
    0x2028: "\n",
    0x2029: "\n",
    0x0B: "\n",
    0x0C: "\n",
    0x85: "\n",
}

_RUNS_OF_SPACES = re.compile(r" {2,}")


def normalize(text: str) -> str:
    """NFC-compose Hangul, unify spaces, drop invisible characters, keep line breaks."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).translate(_TABLE)
    return _RUNS_OF_SPACES.sub(" ", text)


# Analysis only (the stored text keeps the page's characters): the middle dots and
# ellipses Korean pages type in several ways become one form each, so "현대ㆍ기아차"
# splits as "현대·기아차" does and a headline's "투자...정의선" as "투자…정의선".  ㆍ
# (U+318D, a Hangul letter) is the middle dot of the Korean keyboard: a letter to Kiwi
# and to regular expressions, it glued the words on either side into one.
_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys(map(ord, "\u318d\u30fb\uff65\u2027\u2219\u22c5"), "·"),
        "\u22ef": "…",
        "\u301c": "~",
    }
)
_ELLIPSIS = re.compile(r"\.{3,}|…+")
# An ellipsis that joins two clauses of a headline ("방한…텐스토렌트") gets a space after
# it: words are read between spaces, and "방한…텐스토렌트" is not a company.
_GLUED_ELLIPSIS = re.compile(r"…(?=[^\s.,!?'\"’”)\]])")


def analysis_text(text: str) -> str:
    """:func:`normalize`, one form for each middle dot, ellipsis and wave dash, and a space
    after an ellipsis that glues two clauses together."""
    text = _ELLIPSIS.sub("…", normalize(text).translate(_PUNCTUATION))
    return _GLUED_ELLIPSIS.sub("… ", text)


def split_lines(text: str) -> list[str]:
    """Normalised lines with surrounding spaces stripped (blank lines kept as "")."""
    return [line.strip() for line in normalize(text).split("\n")]


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LETTER = re.compile(r"[^\W\d_]")


def hangul_ratio(text: str) -> float:
    """Share of Hangul syllables among the letters of *text* (0.0 when it has none)."""
    letters = len(_LETTER.findall(text))
    return len(_HANGUL.findall(text)) / letters if letters else 0.0


def language(text: str) -> str | None:
    """``"ko"`` for mostly-Hangul text, else None (the page's own declaration decides)."""
    return "ko" if text and hangul_ratio(text) >= 0.3 else None
