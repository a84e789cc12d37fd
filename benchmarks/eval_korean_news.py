"""F1 of extract+clean on real Korean news pages, beside trafilatura alone, and metadata checks.

usage: python benchmarks/eval_korean_news.py [EVAL_DIR]   (default: ../shared/eval/korean_news)

Two sets of real pages with hand-made gold text:

- the shared evaluation set (EVAL_DIR, when present): each page on the HTML
  path (page -> extract -> clean) and on the naive-text path (dirty/ ->
  clean) against gold_sub/ (headline, deck, body); published time and
  reporters against meta.json.  Third-party pages: read from the shared
  directory, never copied into the project.  Used while tuning.
- the project's own real pages (tests/fixtures/real, provenance and the
  tuned / held-out split in its manifest.json).

Every page gets newsmon's F1 beside ``trafilatura.extract`` alone; a page
where newsmon is more than 0.02 below trafilatura is flagged ``WORSE``.
Means are printed per group (shared, real tuned, real held-out).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import trafilatura

from enrich.errors import NoArticleError
from enrich.extract import extract_article
from enrich.pipeline import article_from_text
from enrich.scoring import token_score

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "eval" / "korean_news"
REAL_DIR = ROOT / "tests" / "fixtures" / "real"
MARGIN = 0.02  # newsmon may trail trafilatura by this much before a page is flagged


def newsmon_text(data: bytes, url: str | None = None) -> str:
    try:
        return extract_article(data, url=url).text()
    except NoArticleError:
        return ""


def row(name: str, ours: float, alone: float, extra: str = "") -> str:
    flag = "WORSE" if ours < alone - MARGIN else ""
    return f"{name:34s} {ours:7.3f} {alone:11.3f}  {flag:5s} {extra}"


def shared_set(eval_dir: Path, groups: dict[str, list[float]]) -> int:
    meta = json.loads((eval_dir / "meta.json").read_text(encoding="utf-8"))
    worse = pub_ok = rep_ok = 0
    naive_f1 = []
    for page in meta:
        stem = Path(page["file"]).stem
        gold = (eval_dir / "gold_sub" / f"{stem}.txt").read_text(encoding="utf-8")
        data = (eval_dir / page["file"]).read_bytes()
        article = extract_article(data)
        ours = token_score(article.text(), gold).f1
        alone = token_score(trafilatura.extract(data.decode("utf-8")) or "", gold).f1
        naive = token_score(article_from_text((eval_dir / page["dirty"]).read_bytes()).text(), gold)
        naive_f1.append(naive.f1)
        pub, rep = article.published_at == page["published"], article.authors == page["reporters"]
        pub_ok, rep_ok = pub_ok + pub, rep_ok + rep
        groups["shared (tuned)"].append(ours)
        worse += ours < alone - MARGIN
        print(
            row(
                f"shared/{stem}",
                ours,
                alone,
                f"naive {naive.f1:.3f}  published "
                f"{'ok' if pub else article.published_at}  reporters "
                f"{'ok' if rep else article.authors}",
            )
        )
    n = len(meta)
    print(
        f"shared naive-text path: mean F1 {sum(naive_f1) / n:.3f}; published time right "
        f"{pub_ok}/{n}, reporters right {rep_ok}/{n}"
    )
    return worse


def real_set(groups: dict[str, list[float]]) -> int:
    manifest = json.loads((REAL_DIR / "manifest.json").read_text(encoding="utf-8"))
    worse = 0
    for name, entry in sorted(manifest.items()):
        data = (REAL_DIR / name).read_bytes()
        gold = (REAL_DIR / name).with_suffix(".gold.txt").read_text(encoding="utf-8")
        ours = token_score(newsmon_text(data, entry["url"]), gold).f1
        # (trafilatura is given the text in the page's own encoding: EUC-KR for some)
        text = data.decode(entry.get("encoding", "utf-8"))
        alone = token_score(trafilatura.extract(text) or "", gold).f1
        groups[f"real ({entry['split']})"].append(ours)
        worse += ours < alone - MARGIN
        print(row(f"real/{Path(name).stem}", ours, alone, entry["split"]))
    return worse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args(argv)
    groups: dict[str, list[float]] = {
        "shared (tuned)": [],
        "real (tuned)": [],
        "real (held-out)": [],
    }
    print(f"{'page':34s} {'newsmon':>7s} {'trafilatura':>11s}  (F1 against the gold text)")
    worse = 0
    if (args.eval_dir / "meta.json").exists():
        worse += shared_set(args.eval_dir, groups)
    else:
        print(f"({args.eval_dir} not found: shared set skipped)")
    worse += real_set(groups)
    for group, scores in groups.items():
        if scores:
            print(
                f"{group:18s} pages {len(scores):2d}  mean F1 {sum(scores) / len(scores):.3f}  "
                f"lowest {min(scores):.3f}"
            )
    print(f"pages where newsmon trails trafilatura by more than {MARGIN}: {worse}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
