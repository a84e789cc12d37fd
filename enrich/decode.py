"""Page bytes -> text without mojibake.

Korean pages still come in EUC-KR (really CP949, its Microsoft superset that
adds the 8,822 Hangul syllables EUC-KR lacks), often with the charset only in
a ``<meta>`` tag and sometimes with a wrong HTTP header.  Order of evidence:
byte-order mark, the declared encoding (HTTP header), the document's own
``<meta charset>``, strict UTF-8, then detection.  Every EUC-KR alias decodes
as CP949.  Binary or undecodable input raises :class:`ExtractionError`.
"""

from __future__ import annotations

import codecs
import re

from enrich.errors import ExtractionError

_KOREAN_ALIASES = {
    "euc-kr",
    "euckr",
    "euc_kr",
    "ks_c_5601-1987",
    "ks_c_5601",
    "ksc5601",
    "korean",
    "cp949",
    "ms949",
    "x-windows-949",
    "windows-949",
    "uhc",
    "ks_x_1001",
    "x-euc-kr",
}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LATIN = {"latin_1", "iso8859-1", "ascii", "cp1252", "iso8859-15"}
# Share of U+FFFD tolerated when nothing decodes cleanly (a few broken bytes in a real page).
_MAX_REPLACED = 0.005


def codec_name(label: str | None) -> str | None:
    """Python codec for a charset label; EUC-KR and its aliases map to CP949; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _KOREAN_ALIASES:
        return "cp949"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp949" if name == "euc_kr" else name


def sniff_charset(data: bytes) -> str | None:
    """The charset the document declares about itself (meta tag or XML declaration)."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return codec_name(m.group(1).decode("ascii", "ignore")) if m else None


def decode(data: bytes, declared: str | None = None, *, what: str | None = None) -> tuple[str, str]:
    """(text, codec) for *data*; raises ExtractionError (naming *what*, if given) when it is not text."""
    where = f"{what}: " if what else ""
    if not data or not data.strip():
        raise ExtractionError(f"{where}empty input")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec), codec
    if b"\x00" in data[:2048]:
        raise ExtractionError(f"{where}binary data (NUL bytes), not an HTML page or text")

    declared_codec = codec_name(declared)
    # A Latin-1 family header decodes anything and is usually a server default: weakest evidence.
    weak = declared_codec in _LATIN
    tried: list[str] = []
    candidates = (
        None if weak else declared_codec,
        sniff_charset(data),
        "utf-8",
        "cp949",
        declared_codec if weak else None,
        _detect,
    )
    for codec in candidates:
        if callable(codec):  # the statistical detector is slow: only when the cheap guesses failed
            codec = codec(data)
        if not codec or codec in tried:
            continue
        tried.append(codec)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "cp949" and not _mostly_hangul(text):
            continue  # decodes, but is not Korean text: leave it to the detector
        return text, codec
    # Nothing decodes cleanly: accept the best guess only if the damage is tiny.
    for codec in tried:
        text = data.decode(codec, errors="replace")
        if text.count("\ufffd") <= _MAX_REPLACED * len(text):
            return text, codec
    raise ExtractionError(f"{where}cannot decode as text (tried {', '.join(tried)})")


def _mostly_hangul(text: str) -> bool:
    """True when most non-ASCII characters are Hangul syllables (CP949 garbage is mostly Hanja).

    Judged on the first million characters: enough to tell, and bounded on huge pages.
    """
    wide = [c for c in text[:1_000_000] if ord(c) > 0x7F]
    return not wide or sum("\uac00" <= c <= "\ud7a3" for c in wide) >= 0.5 * len(wide)


def _detect(data: bytes) -> str | None:
    """Statistical guess (charset-normalizer); Korean legacy encodings come back as CP949."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: trafilatura's dependencies normally bring it
        return None
    best = from_bytes(data[:65536]).best()
    return codec_name(best.encoding) if best else None
