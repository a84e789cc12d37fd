"""Time and peak memory of extract+clean on oversized and deeply nested pages.

usage: python benchmarks/hostile_pages.py [--mb 20] [--shapes NAME,...]

Builds pages of the given size around one real-looking article, each padded
with a different kind of bulk (comment paragraphs, link lists, widget divs,
table cells, one giant inline script, one giant text node, misnested inline
tags, tags that never end, an EUC-KR page) plus a 5,000-level nested page, and
runs ``extract_article`` on each in a fresh process pinned to one core.
Prints seconds, peak resident memory, what was truncated and whether the
article's paragraphs came out.  The caps (:mod:`enrich.bounds`) are meant to
keep every row under 10 s and 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ARTICLE = [
    "삼성전자가 미국 텍사스 테일러 공장에 인공지능 반도체 생산라인을 새로 짓는다고 4일 밝혔다.",
    "회사는 이번 투자로 2027년까지 생산 능력을 두 배로 늘릴 계획이다. 투자 규모는 약 30조원이다.",
    "이재용 회장은 이날 샘 올트먼 오픈AI 최고경영자와 만나 협력 방안을 논의했다고 회사는 전했다.",
    "업계에서는 이번 회동이 한미 인공지능 동맹의 신호탄이 될 것으로 보고 있다고 분석했다.",
]
FILLER = "댓글 작성자가 남긴 의견입니다. 기사 내용과 관계없는 긴 글이 계속 이어집니다. "


def page(bulk: str, charset: str = "utf-8") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE)
    return (
        f"<html><head><meta charset='{charset}'><title>삼성전자, 텍사스에 AI 반도체 라인</title>"
        f"</head><body><h1>삼성전자, 텍사스에 AI 반도체 라인</h1><article>{body}</article>"
        f"{bulk}</body></html>"
    ).encode(charset)


def repeated(unit: str, size: int, open_: str = "", close: str = "") -> str:
    return open_ + unit * max(1, size // len(unit.encode("utf-8"))) + close


SHAPES = {
    "comment-paragraphs": lambda n: repeated(f"<p>{FILLER * 2}</p>\n", n, "<div id=c>", "</div>"),
    "link-lists": lambda n: repeated(
        "<li><a href='/news/1'>다른 기사 제목 하나</a></li>\n", n, "<ul>", "</ul>"
    ),
    "widget-divs": lambda n: repeated("<div><span>맑음서울 3.6℃</span></div>\n", n),
    "table-cells": lambda n: repeated(
        "<tr><td>종목</td><td>1,234</td><td>+5%</td></tr>\n", n, "<table>", "</table>"
    ),
    "inline-script": lambda n: "<script>var x='" + "a" * n + "';</script>",
    "one-text-node": lambda n: "<div>" + FILLER * (n // len(FILLER.encode("utf-8"))) + "</div>",
    "misnested-tags": lambda n: repeated(
        "<b><i>굵은 <u>글씨</b> 기울임</i></u> ", n, "<div>", "</div>"
    ),
    "unterminated-tags": lambda n: repeated("<script<div class='a <!-- <b ", n),
    "euc-kr-paragraphs": lambda n: repeated(f"<p>{FILLER * 2}</p>\n", n),
    "nested-5000": lambda n: "<div>" * 5000 + repeated(f"<p>{FILLER}</p>", n) + "</div>" * 5000,
}

CHILD = """
import json, os, resource, sys, time
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from enrich.extract import extract_article
from enrich.errors import NoArticleError
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    article = extract_article(data)
    paragraphs, truncated = article.paragraphs, article.truncated
except NoArticleError as exc:
    paragraphs, truncated = [], exc.reason
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "paragraphs": paragraphs, "truncated": truncated}, ensure_ascii=False))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="page size in MB (default 20)")
    parser.add_argument("--shapes", help="comma-separated subset of: " + ", ".join(SHAPES))
    args = parser.parse_args(argv)
    size = int(args.mb * 1024 * 1024)
    names = args.shapes.split(",") if args.shapes else list(SHAPES)
    root = Path(__file__).resolve().parents[1]
    worst = (0.0, 0)
    print(f"{'page':20s} {'MB':>6s} {'seconds':>8s} {'peak MiB':>9s}  article  truncated")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            path = Path(tmp) / f"{name}.html"
            path.write_bytes(page(SHAPES[name](size), "euc-kr" if "euc-kr" in name else "utf-8"))
            mb = path.stat().st_size / 1024 / 1024
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)],
                capture_output=True,
                text=True,
                cwd=root,
                check=False,
                env={**os.environ, "PYTHONPATH": str(root)},
            )
            if done.returncode:
                print(f"{name:20s} {mb:6.1f}  failed: {done.stderr.strip()[-300:]}")
                continue
            row = json.loads(done.stdout.strip().splitlines()[-1])
            peak = row["peak"] / 1024  # ru_maxrss is KiB on Linux
            whole = all(p in row["paragraphs"] for p in ARTICLE)
            worst = (max(worst[0], row["seconds"]), max(worst[1], peak))
            print(
                f"{name:20s} {mb:6.1f} {row['seconds']:8.2f} {peak:9.0f}  "
                f"{'whole' if whole else 'LOST':7s}  {row['truncated']}"
            )
    print(f"worst: {worst[0]:.2f} s, {worst[1]:.0f} MiB (bounds: 10 s, 1024 MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
