"""F1 of extract+clean on the shared Korean news evaluation set, and metadata correctness.

usage: python benchmarks/eval_korean_news.py [EVAL_DIR]   (default: ../shared/eval/korean_news)

Prints one row per page for the HTML path (page -> extract -> clean) and the
naive-text path (dirty/ -> clean), both against gold_sub/ (headline, deck
and body), the mean F1 of each, and whether the published time and the
reporters match meta.json on every page.  The pages are third-party: they
are read from the shared directory, never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from enrich.extract import extract_article
from enrich.pipeline import article_from_text
from enrich.scoring import token_score

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "korean_news"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    meta = json.loads((args.eval_dir / "meta.json").read_text(encoding="utf-8"))

    f1_html, f1_text, pub_ok, rep_ok = [], [], 0, 0
    print(f"{'page':24s} {'html P/R/F1':>20s} {'naive P/R/F1':>20s}  published  reporters")
    for page in meta:
        stem = Path(page["file"]).stem
        gold = (args.eval_dir / "gold_sub" / f"{stem}.txt").read_text(encoding="utf-8")
        article = extract_article((args.eval_dir / page["file"]).read_bytes(), url=None)
        naive = article_from_text((args.eval_dir / page["dirty"]).read_bytes())
        s_html, s_text = token_score(article.text(), gold), token_score(naive.text(), gold)
        f1_html.append(s_html.f1)
        f1_text.append(s_text.f1)
        pub = article.published_at == page["published"]
        rep = article.authors == page["reporters"]
        pub_ok += pub
        rep_ok += rep
        print(
            f"{stem:24s} {s_html.precision:6.3f}{s_html.recall:7.3f}{s_html.f1:7.3f} "
            f"{s_text.precision:6.3f}{s_text.recall:7.3f}{s_text.f1:7.3f}  "
            f"{'ok' if pub else article.published_at!s:9s}  {'ok' if rep else article.authors}"
        )
    n = len(meta)
    print(f"mean F1: html {sum(f1_html) / n:.3f}  naive text {sum(f1_text) / n:.3f}")
    print(f"published time right: {pub_ok}/{n}  reporters right: {rep_ok}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
