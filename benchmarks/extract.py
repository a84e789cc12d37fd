"""Throughput of extract+clean versus trafilatura alone on the same pages.

usage: python benchmarks/extract.py [--rounds N] [PAGE_DIR ...]

Default pages: the project's fixtures (tests/fixtures/pages) plus the shared
Korean evaluation pages when ../shared is present.  Prints pages/s of
``trafilatura.extract`` alone and of ``enrich.extract.extract_article``
(decoding, metadata, deck lines, trafilatura and the Korean cleaner), and the
added cost in percent of trafilatura's time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import trafilatura

from enrich.extract import extract_article

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = [
    ROOT / "tests" / "fixtures" / "pages",
    ROOT.parent / "shared" / "eval" / "korean_news" / "html",
]


def timed(fns: dict, pages: list[bytes], rounds: int) -> dict[str, float]:
    """Best-of-*rounds* seconds for one pass over *pages* per function.

    The functions take turns within each round, so a busy machine slows
    both alike; the minimum is the least noisy estimate.
    """
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(rounds):
        for name, fn in fns.items():
            start = time.perf_counter()
            for data in pages:
                fn(data)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    pages = [p.read_bytes() for d in args.dirs if d.is_dir() for p in sorted(d.rglob("*.htm*"))]
    if not pages:
        print("no pages found", file=sys.stderr)
        return 2
    extract_article(pages[0])  # load rules and warm caches before timing
    times = timed(
        {
            "trafilatura": lambda data: trafilatura.extract(data, include_comments=False),
            "ours": extract_article,
        },
        pages,
        args.rounds,
    )
    t_traf, t_ours = times["trafilatura"], times["ours"]
    n = len(pages)
    print(
        f"pages: {n} ({sum(map(len, pages)) / n / 1024:.0f} KiB average), best of {args.rounds} rounds"
    )
    print(
        f"trafilatura.extract alone : {n / t_traf:7.1f} pages/s  ({1000 * t_traf / n:.1f} ms/page)"
    )
    print(
        f"extract_article (+clean)  : {n / t_ours:7.1f} pages/s  ({1000 * t_ours / n:.1f} ms/page)"
    )
    print(f"added cost over trafilatura: {100 * (t_ours - t_traf) / t_traf:+.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
