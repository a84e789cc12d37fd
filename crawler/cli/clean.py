"""`newsmon clean FILE`: extract and clean one page or text file (thin glue over :mod:`enrich`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from enrich.errors import EnrichError, NoArticleError
from enrich.extract import extract_article
from enrich.pipeline import article_from_text, document

HTML_SUFFIXES = {".html", ".htm"}
NO_ARTICLE = 3  # exit status for a page without article text (2: an input that is not a page)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "clean",
        help="extract and clean one article (HTML page or extracted text)",
        description="Print the article's title, subtitle lines and body paragraphs, one per line. "
        ".html/.htm files go through extraction then cleaning; any other file is taken as "
        "extracted text. Exit status 3 (with a one-line reason) when the page holds no article "
        "text (widgets, menus, link lists only), 2 when it cannot be read as a page at all.",
    )
    parser.add_argument("file", metavar="FILE", help="HTML page (.html/.htm) or text file")
    parser.add_argument("--url", help="the page's URL (canonical/portal detection, relative links)")
    parser.add_argument("--encoding", help="charset declared for the file (default: detect)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument(
        "--json", action="store_true", help="print the full document as the index receives it"
    )
    out.add_argument(
        "--explain", action="store_true", help="print every input line with keep/drop and the rule"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"newsmon clean: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        if path.suffix.lower() in HTML_SUFFIXES:
            article = extract_article(data, url=args.url, encoding=args.encoding)
        else:
            article = article_from_text(data, url=args.url, encoding=args.encoding)
    except NoArticleError as exc:
        if args.explain and exc.article is not None:
            _explain(exc.article)
        print(f"newsmon clean: {path}: no article text: {exc.reason}", file=sys.stderr)
        return NO_ARTICLE
    except EnrichError as exc:
        print(f"newsmon clean: {path}: {exc}", file=sys.stderr)
        return 2

    if args.json:
        from enrich.analyze import analyze  # Kiwi: loaded only for --json

        print(json.dumps(analyze(document(article)), ensure_ascii=False, indent=2))
    elif args.explain:
        _explain(article)
    else:
        print(article.text())
    return 0


def _explain(article) -> None:
    """Every input line with keep/drop and the rule; what a guard kept, and what the caps cut."""
    for d in article.cleaning.lines:
        if d.role == "blank":
            continue
        verdict = f"keep {d.role}" if d.keep else f"drop {d.rule}"
        if d.guard:
            verdict += f" (guard: not {d.guard})"
        print(f"{d.index + 1:5d}  {verdict:40s}  {d.text}")
    for rule, lines, chars in article.cleaning.guarded:
        print(f"guard: kept {lines} lines ({chars} chars) that {rule} would have cut")
    if article.truncated:
        caps = ", ".join(f"{k}={v}" for k, v in article.truncated.items())
        print(f"cut or flattened by the limits: {caps}")
