"""Builders of replay sites: mirror directories of realistic Korean news sites.

A replay site is a :mod:`crawler.mirror` directory (``DIR/<host>/<path>``
plus ``.http.json`` sidecars).  Article pages are the hand-made realistic
fixtures of ``tests/fixtures/pages/<source>/`` (copied, never edited) and
pages *derived* from them: the same site markup and boilerplate with another
headline, deck and text.  Feeds, sitemaps, listing pages and the Naver news
search API answers are generated around them.

- :func:`build_demo` writes the bundled demo mirror ``seeds/mirror/``
  (``python tests/crawl/replaysite.py seeds/mirror``);
- :func:`build_troubled_outlet` adds the hostile cases of the end-to-end
  tests (redirect chain, 404, 500 then 200, 429 with Retry-After, EUC-KR
  without any charset, a page over the size limit, a binary file served as
  text/html, an empty body, robots.txt-disallowed pages, a widget-only page
  with no article, an article over the extraction caps);
- :func:`build_synthetic` writes a big generated outlet for the benchmark.
"""

from __future__ import annotations

import functools
import html
import json
import shutil
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

from lxml import html as lxml_html

REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "tests" / "fixtures" / "pages"
KST = timezone(timedelta(hours=9))
SIDECAR = ".http.json"


# --- files ---------------------------------------------------------------------------------------


def path_for(root: Path, url: str) -> Path:
    parts = urlsplit(url)
    path = parts.path or "/"
    if path.endswith("/"):
        path += "index.html"
    name = path.lstrip("/") + (f"?{parts.query}" if parts.query else "")
    return root / parts.hostname / name


def write(
    root: Path, url: str, body: bytes | str | None, *, encoding: str = "utf-8", **sidecar
) -> Path:
    """Save *body* as *url* in the mirror, with a sidecar when *sidecar* says more than 200."""
    path = path_for(root, url)
    path.parent.mkdir(parents=True, exist_ok=True)
    if body is not None:
        path.write_bytes(
            body.encode(encoding, "xmlcharrefreplace") if isinstance(body, str) else body
        )
    if sidecar:
        path.with_name(path.name + SIDECAR).write_text(
            json.dumps(sidecar, ensure_ascii=False), encoding="utf-8"
        )
    return path


def fixture(source: str, name: str) -> tuple[bytes, dict]:
    page = PAGES / source / f"{name}.html"
    return page.read_bytes(), json.loads(page.with_suffix(".meta.json").read_text(encoding="utf-8"))


def copy_fixture(root: Path, source: str, name: str) -> dict:
    data, meta = fixture(source, name)
    write(root, meta["url"], data)
    return meta


# --- discovery documents -------------------------------------------------------------------------


def rss(channel: str, link: str, items: list[dict], encoding: str = "utf-8") -> bytes:
    """RSS 2.0; items: title, link, description, published (datetime), updated (optional)."""
    out = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f"<channel><title>{html.escape(channel)}</title><link>{link}</link>"
        "<description>전체기사</description><language>ko</language>",
    ]
    for it in items:
        out.append(
            "<item>"
            f"<title><![CDATA[{it['title']}]]></title><link>{html.escape(it['link'])}</link>"
            f"<description><![CDATA[{it.get('description', '')}]]></description>"
            f"<pubDate>{format_datetime(it['published'])}</pubDate>"
            + (f"<dc:date>{it['updated'].isoformat()}</dc:date>" if it.get("updated") else "")
            + "</item>"
        )
    out.append("</channel></rss>")
    return "\n".join(out).encode(encoding)


def news_sitemap(items: list[dict]) -> bytes:
    """Google news sitemap; items: url, title, published, lastmod (optional), image (optional:
    the article's photo as an image-sitemap block, with its own loc, title and caption, before
    the news block as some CMSs write it)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">',
    ]
    for it in items:
        image = it.get("image")
        out.append(
            f"<url><loc>{html.escape(it['url'])}</loc>"
            + (f"<lastmod>{it['lastmod'].isoformat()}</lastmod>" if it.get("lastmod") else "")
            + (
                f"<image:image><image:loc>{html.escape(image['loc'])}</image:loc>"
                f"<image:title>{html.escape(image['title'])}</image:title>"
                f"<image:caption>{html.escape(image['caption'])}</image:caption></image:image>"
                if image
                else ""
            )
            + "<news:news><news:publication><news:name>뉴스핌</news:name><news:language>ko"
            "</news:language></news:publication>"
            f"<news:publication_date>{it['published'].isoformat()}</news:publication_date>"
            f"<news:title>{html.escape(it['title'])}</news:title></news:news></url>"
        )
    out.append("</urlset>")
    return "\n".join(out).encode()


def newscms_listing(site_name: str, entries: list[dict], page: int, pages: int) -> str:
    """A section list of the common CMS, with the markup public crawlers of it read
    (``#section-list .type1 li``, ``h4.titles a``, ``p.lead``, ``em.info.dated``)."""
    items = "\n".join(
        f'<li><h4 class="titles"><a href="{html.escape(e["href"])}">{html.escape(e["title"])}</a></h4>'
        f'<p class="lead line-6x2"><a href="{html.escape(e["href"])}">'
        f"{html.escape(e.get('lead', ''))}</a></p>"
        f'<span class="byline"><em class="info category">{e.get("section", "산업")}</em>'
        f'<em class="info name">{e.get("reporter", "편집국")} 기자</em>'
        f'<em class="info dated">{e["when"]:%Y.%m.%d %H:%M}</em></span></li>'
        for e in entries
    )
    nav = "".join(
        f'<li class="{"current" if n == page else ""}"><a href="?page={n}&amp;view_type=sm">{n}</a>'
        "</li>"
        for n in range(1, pages + 1)
    )
    return f"""<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>전체기사 - {site_name}</title></head>
<body><div id="user-wrap"><div class="weather-box"><ul class="weather-list"><li>맑음서울 3.6℃</li></ul>기상청 제공</div>
<header id="user-header"><h1 class="logo"><a href="/">{site_name}</a></h1></header>
<section id="section-list"><ul class="type1">
{items}
</ul></section><ul class="pagination">{nav}</ul>
<div class="auto-article"><h2 class="auto-titles">많이 본 뉴스</h2></div>
<footer><p class="copyright">Copyright © {site_name}. All rights reserved.</p></footer></div></body></html>"""


def simple_listing(title: str, entries: list[dict], extra: str = "") -> str:
    """A plain list page (ddaily, Daum): article links in <li> with a date."""
    items = "\n".join(
        f'<li><a href="{html.escape(e["href"])}"><strong class="tit">{html.escape(e["title"])}'
        f'</strong></a><span class="date">{e["when"]:%Y-%m-%d %H:%M:%S}</span></li>'
        for e in entries
    )
    return f"""<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{title}</title></head>
<body><header class="header"><a href="/">{title}</a></header><ul class="list_news">
{items}
</ul>{extra}<footer><p class="copyright">무단전재 및 재배포 금지</p></footer></body></html>"""


def naver_api(query: str, items: list[dict]) -> str:
    """The JSON of Naver's news search API (``v1/search/news.json``)."""
    return json.dumps(
        {
            "lastBuildDate": "Tue, 04 Feb 2025 21:00:00 +0900",
            "total": len(items),
            "start": 1,
            "display": len(items),
            "items": [
                {
                    "title": it["title"].replace(query.split()[0], f"<b>{query.split()[0]}</b>"),
                    "originallink": it["originallink"],
                    "link": it["link"],
                    "description": it.get("description", ""),
                    "pubDate": format_datetime(it["published"]),
                }
                for it in items
            ],
        },
        ensure_ascii=False,
        indent=1,
    )


# --- derived article pages -----------------------------------------------------------------------

# Where each fixture template keeps its text: (body container, deck containers).
TEMPLATES = {
    "fnnews": ("202502261842174321", "#article_content", []),
    "newspim": ("20250204000858", "#news_contents", [".bodynews_summary"]),
    "ddaily": ("2024071010335036394", ".article_content", []),
    "newscms": ("articleView_214577", "#article-view-content-div", ["h4.subheading"]),
}


def derive(
    template: str,
    *,
    url: str,
    title: str,
    paragraphs: list[str],
    deck: list[str] = (),
) -> str:
    """A page in *template*'s site markup (boilerplate and all) with another article in it."""
    name, body_sel, deck_sels = TEMPLATES[template]
    data, meta = fixture(template, name)
    text = data.decode("utf-8")
    for old, new in ((meta["title"], title), (meta["url"], url)):
        text = text.replace(old, new).replace(html.escape(old), html.escape(new))
    tree = lxml_html.document_fromstring(text)
    for sel in deck_sels:
        for el in tree.cssselect(sel):
            el.getparent().remove(el)
    for el in tree.cssselect(body_sel):
        for child in list(el):
            el.remove(child)
        el.text = None
        for p in paragraphs:
            el.append(lxml_html.fragment_fromstring(f"<p>{html.escape(p)}</p>"))
        if deck:
            el.addprevious(
                lxml_html.fragment_fromstring(
                    '<h4 class="subheading">' + "<br>".join(map(html.escape, deck)) + "</h4>"
                )
            )
    return "<!doctype html>\n" + lxml_html.tostring(tree, encoding="unicode")


# --- the demo mirror -----------------------------------------------------------------------------


def t(day: str, hm: str = "09:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{hm}:00+09:00")


ROBOTS = "User-agent: *\nDisallow: /search\nDisallow: /member/\n"

# Derived articles of the demo: (template, url, title, deck, paragraphs).
JENSEN_EARNINGS = (
    "fnnews",
    "https://www.fnnews.com/news/202502270630451122",
    '젠슨 황 엔비디아 CEO "블랙웰 수요 폭발적…차세대 GPU 루빈 하반기 양산"',
    [],
    [
        "[파이낸셜뉴스] 젠슨 황 엔비디아 최고경영자(CEO)는 26일(현지시간) 4분기 실적 발표 직후 열린 "
        '컨퍼런스콜에서 "블랙웰에 대한 수요가 폭발적"이라며 차세대 그래픽처리장치(GPU) 루빈을 올해 하반기부터 '
        "양산하겠다고 밝혔다.",
        "엔비디아의 4분기 매출은 393억달러로 시장 예상치를 웃돌았다. 데이터센터 부문 매출이 356억달러로 "
        "전체의 90% 이상을 차지했다.",
        "황 CEO는 추론형 인공지능(AI) 모델의 확산으로 연산 수요가 기존보다 100배 이상 늘어날 것이라고 내다봤다. "
        '그는 "AI 에이전트와 로보틱스가 다음 성장 동력"이라고 설명했다.',
        "다만 시장에서는 총이익률 하락과 수출 규제 강화 가능성을 변수로 꼽는다. 엔비디아 주가는 시간외 거래에서 "
        "1.5% 하락했다.",
        "kim@fnnews.com 김영준 기자",
    ],
)
ALTMAN_CHEY = (
    "newspim",
    "https://www.newspim.com/news/view/20250204000877",
    "[종합] 최태원·올트먼 회동…HBM 협력 논의",
    ["최태원 회장, 서린빌딩서 올트먼 CEO 접견", "AI 반도체·데이터센터 협력 방안 논의"],
    [
        "[서울=뉴스핌] 김지나 기자 = 최태원 SK그룹 회장이 4일 방한한 샘 올트먼 오픈AI 최고경영자(CEO)를 "
        "서울 종로구 SK서린빌딩에서 만나 인공지능(AI) 반도체 협력 방안을 논의했다.",
        "이날 회동에는 곽노정 SK하이닉스 사장과 유영상 SK텔레콤 사장도 배석했다. 양측은 고대역폭메모리(HBM) "
        "공급 확대와 국내 AI 데이터센터 구축 협력을 집중적으로 논의한 것으로 알려졌다.",
        '올트먼 CEO는 회동 직후 기자들과 만나 "SK는 오픈AI의 중요한 파트너"라며 "한국의 메모리 기술 없이는 '
        '스타게이트도 없다"고 말했다.',
        "올트먼 CEO는 이날 오전 카카오와 전략적 제휴를 발표한 데 이어 오후에는 이재용 삼성전자 회장, 손정의 "
        "소프트뱅크그룹 회장과 3자 회동을 가졌다.",
        "jina@newspim.com",
    ],
)
JENSEN_VISIT = (
    "ddaily",
    "https://www.ddaily.co.kr/page/view/2025012114270012345",
    "젠슨 황 엔비디아 CEO 방한…이재용·최태원과 연쇄 회동",
    [],
    [
        "[디지털데일리 김문기기자] 젠슨 황 엔비디아 최고경영자(CEO)가 21일 방한해 이재용 삼성전자 회장, "
        "최태원 SK그룹 회장과 잇따라 회동했다.",
        "황 CEO는 이날 오전 서울 서초구 삼성전자 사옥을 찾아 이 회장과 만나 HBM3E 12단 제품의 공급 일정과 "
        "파운드리 협력을 논의했다.",
        '오후에는 SK서린빌딩에서 최태원 회장을 만나 차세대 HBM4 개발 현황을 점검했다. 최 회장은 "엔비디아와의 '
        '협력이 한국 반도체 산업의 기회"라고 말했다.',
        "업계에서는 이번 방한이 엔비디아의 메모리 공급망 다변화 전략과 맞닿아 있다고 해석한다.",
        "<저작권자 © 디지털데일리 무단전재-재배포금지>",
    ],
)
ALTMAN_KAKAO = (
    "newscms",
    "https://www.aitimes.com/news/articleView.html?idxno=214590",
    "올트먼 오픈AI CEO, 정신아 카카오 대표와 회동…'카나나'에 오픈AI 모델 탑재",
    ["카카오·오픈AI 전략적 제휴 발표", '올트먼 "한국은 AI 도입 속도가 가장 빠른 나라"'],
    [
        "샘 올트먼 오픈AI 최고경영자(CEO)가 4일 서울 중구 더플라자호텔에서 정신아 카카오 대표와 만나 "
        "양사의 전략적 제휴를 공식 발표했다.",
        "이번 제휴로 카카오는 AI 비서 서비스 '카나나'와 카카오톡에 오픈AI의 최신 모델을 적용한다. 양사는 "
        "한국어 특화 AI 에이전트 공동 개발에도 나선다.",
        '올트먼 CEO는 이날 행사에서 "한국은 AI 도입 속도가 가장 빠른 나라 중 하나"라며 "카카오와 함께 '
        '수천만명의 한국 이용자에게 AI를 제공하게 돼 기쁘다"고 말했다.',
        "올트먼 CEO의 방한은 2023년 6월 이후 1년 8개월 만이다. 그는 이날 오후 삼성전자 서초사옥으로 "
        "이동해 이재용 회장과 회동했다.",
        "김도윤 기자 dykim@aitimes.com",
    ],
)
# An article of an outlet without a profile (전자신문), found through the Naver news search API:
# read from the outlet, with the Naver copy's URL as metadata.
ALTMAN_ETNEWS = (
    "https://www.etnews.com/20250204000123",
    '올트먼 "한국 AI 생태계 중요"…SK·카카오·삼성 잇단 회동',
    [
        "샘 올트먼 오픈AI 최고경영자(CEO)가 4일 방한해 국내 주요 기업 총수와 잇따라 회동하며 AI 동맹 "
        "구축에 속도를 냈다.",
        "올트먼 CEO는 이날 오전 카카오와 전략적 제휴를 발표한 뒤 최태원 SK그룹 회장을 만나 HBM 공급과 "
        "데이터센터 협력을 논의했다.",
        "오후에는 서초사옥에서 이재용 삼성전자 회장, 손정의 소프트뱅크그룹 회장과 3자 회동을 했다. 업계는 "
        "스타게이트 프로젝트에 한국 기업의 참여 폭이 넓어질 것으로 본다.",
        '올트먼 CEO는 "한국은 AI 생태계의 모든 요소를 갖춘 드문 나라"라고 평가했다.',
    ],
)
NAVER_COPY = "https://n.news.naver.com/mnews/article/030/0003281234"
NAVER_ONLY = "https://n.news.naver.com/mnews/article/421/0008051234"  # no original link


def rehost(page: str, host: str, name: str) -> str:
    """A page of the CMS template (the 산업타임스 fixture, seed 003) as another outlet's."""
    return page.replace("industrytimes.co.kr", host).replace("산업타임스", name)


def plain_article(
    url: str, title: str, paragraphs: list[str], outlet: str, published: datetime
) -> str:
    """An article page of an outlet newsmon has no profile for: headline, dateline, text."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="ko"><head><meta charset="utf-8">
<title>{html.escape(title)} - {outlet}</title>
<meta property="og:title" content="{html.escape(title)}"><meta property="og:url" content="{url}">
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{published.isoformat()}">
<link rel="canonical" href="{url}"></head>
<body><header><a href="/">{outlet}</a><nav><a href="/news/section.html?id1=03">IT</a></nav></header>
<main><article><h1 class="article_title">{html.escape(title)}</h1>
<div class="date">발행일 : {published:%Y-%m-%d %H:%M}</div>
<div class="article_txt">{body}</div></article>
<aside><h2>많이 본 뉴스</h2><ul><li><a href="/20250204000001">삼성전자 4분기 실적</a></li></ul></aside></main>
<footer>Copyright © {outlet}. 무단전재 및 재배포 금지</footer></body></html>"""


def build_demo(root: Path) -> None:
    """The bundled demo mirror: every source, with the discovery pages the real sites serve
    (the evidence is in seeds/sources.yaml), robots.txt where it is known, and the old
    addresses that moved: Daum's breakingnews lists redirect to the home page."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for template, url, title, deck, paragraphs in (
        JENSEN_EARNINGS,
        ALTMAN_CHEY,
        JENSEN_VISIT,
        ALTMAN_KAKAO,
    ):
        page = derive(template, url=url, title=title, paragraphs=paragraphs, deck=deck)
        if template == "newscms":
            page = rehost(page, "aitimes.com", "AI타임스")
        write(root, url, page)

    # 파이낸셜뉴스: RSS.
    fn = copy_fixture(root, "fnnews", "202502261842174321")
    write(root, "https://www.fnnews.com/robots.txt", ROBOTS)
    write(
        root,
        "https://www.fnnews.com/rss/r20/fn_realnews_all.xml",
        rss(
            "파이낸셜뉴스",
            "https://www.fnnews.com",
            [
                {
                    "title": fn["title"],
                    "link": fn["url"],
                    "published": t("2025-02-26", "18:42"),
                    "description": "마이크로소프트(MS) AI 서밋 서울 참석차 방한한 사티아 나델라 CEO가 국내 주요 기업들과 연쇄 회동",
                },
                {
                    "title": JENSEN_EARNINGS[2],
                    "link": JENSEN_EARNINGS[1],
                    "published": t("2025-02-27", "06:30"),
                    "description": "엔비디아 4분기 실적 발표",
                },
                {
                    "title": "코스피, 외국인 매도에 2600선 하회",
                    "link": "https://www.fnnews.com/news/202502261530112233",
                    "published": t("2025-02-26", "15:30"),
                    "description": "코스피가 외국인 매도세에 하락 마감했다.",
                },
            ],
        ),
    )

    # 뉴데일리경제: the economy section list (no feed), EUC-KR without a charset header, and an
    # EUC-KR article served the same way.
    nd = copy_fixture(root, "newdaily", "2018110700093")
    write(root, "https://biz.newdaily.co.kr/robots.txt", ROBOTS)
    section = "https://biz.newdaily.co.kr/news/section_list_all.html?catid=all"
    for page, entries in (
        (
            1,
            [
                {
                    "href": nd["url"].removeprefix("https://biz.newdaily.co.kr"),
                    "title": nd["title"],
                    "when": t("2018-11-07", "16:12"),
                }
            ],
        ),
        (
            2,
            [
                {
                    "href": "/site/data/html/2018/11/07/2018110700051.html",
                    "title": "현대차, 11월 미국 판매 역대 최대",
                    "when": t("2018-11-07", "10:00"),
                }
            ],
        ),
    ):
        listing = simple_listing("뉴데일리경제 - 경제 전체", entries).replace(
            '<meta charset="utf-8">',
            '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">',
        )
        write(
            root,
            f"{section}&pn={page}",
            listing,
            encoding="cp949",
            headers={"Content-Type": "text/html"},
        )

    # 뉴스핌: the two "recent" sitemaps (news sitemaps).
    np_ = copy_fixture(root, "newspim", "20250204000858")
    write(root, "https://www.newspim.com/robots.txt", ROBOTS)
    write(
        root,
        "https://www.newspim.com/sitemap/recent/all_1",
        news_sitemap(
            [
                {
                    "url": np_["url"],
                    "title": np_["title"],
                    "published": t("2025-02-04", "16:20"),
                    "lastmod": t("2025-02-04", "18:29"),
                },
                {
                    "url": ALTMAN_CHEY[1],
                    "title": ALTMAN_CHEY[2],
                    "published": t("2025-02-04", "17:05"),
                    "image": {
                        "loc": "https://img.newspim.com/news/2025/02/04/2502041705123450.jpg",
                        "title": "SK그룹 제공",
                        "caption": "4일 서울 종로구 SK서린빌딩에서 참석자들이 기념촬영을 하고 "
                        "있다. [사진=SK그룹]",
                    },
                },
                {
                    "url": "https://www.newspim.com/news/view/20250204000901",
                    "title": "코스피, 외국인 매도에 2500선 하회",
                    "published": t("2025-02-04", "15:40"),
                },
            ]
        ),
    )
    write(
        root,
        "https://www.newspim.com/sitemap/recent/all_2",
        news_sitemap(
            [
                {
                    "url": "https://www.newspim.com/news/view/20250131000455",
                    "title": "설 연휴 이후 반도체 수출 전망",
                    "published": t("2025-01-31", "10:00"),
                }
            ]
        ),
    )

    # 디지털데일리: the latest-articles list, linking to articles on www. and m.ddaily.co.kr.
    dd = copy_fixture(root, "ddaily", "2024071010335036394")
    write(root, "https://www.ddaily.co.kr/robots.txt", ROBOTS)
    write(root, "https://m.ddaily.co.kr/robots.txt", ROBOTS)
    mobile = JENSEN_VISIT[1].replace("://www.", "://m.")
    write(root, mobile, path_for(root, JENSEN_VISIT[1]).read_bytes())
    write(
        root,
        "https://www.ddaily.co.kr/page/list/?page=1",
        simple_listing(
            "디지털데일리",
            [
                {"href": mobile, "title": JENSEN_VISIT[2], "when": t("2025-01-21", "14:27")},
                {
                    "href": "/page/view/2025012113000011111",
                    "title": "이통3사, 1월 번호이동 순감…알뜰폰 강세",
                    "when": t("2025-01-21", "13:00"),
                },
            ],
        ),
    )
    write(
        root,
        "https://www.ddaily.co.kr/page/list/?page=2",
        simple_listing(
            "디지털데일리",
            [
                {"href": dd["url"], "title": dd["title"], "when": t("2024-07-10", "10:33")},
                {
                    "href": "/page/view/2024071009000022222",
                    "title": "네이버클라우드, 공공 클라우드 매출 30% 증가",
                    "when": t("2024-07-10", "09:00"),
                },
            ],
        ),
    )

    # The common CMS: AI타임스 and 디지털투데이, each with RSS and a two-page section list.
    data, seed003 = fixture("newscms", "articleView_214577")
    seed003_url = seed003["url"].replace("industrytimes.co.kr", "digitaltoday.co.kr")
    write(root, seed003_url, rehost(data.decode("utf-8"), "digitaltoday.co.kr", "디지털투데이"))
    outlets = {
        "https://www.aitimes.com": (
            "AI타임스",
            [
                {
                    "href": "/news/articleView.html?idxno=214590",
                    "title": ALTMAN_KAKAO[2],
                    "lead": ALTMAN_KAKAO[4][0],
                    "when": t("2025-02-04", "20:10"),
                    "reporter": "김도윤",
                },
                {
                    "href": "/news/articleView.html?idxno=214571",
                    "title": "중소기업 수출 바우처 2차 모집",
                    "lead": "중소벤처기업부는 4일 수출 바우처 2차 참여기업을 모집한다고 밝혔다.",
                    "when": t("2025-02-04", "11:00"),
                },
            ],
        ),
        "https://www.digitaltoday.co.kr": (
            "디지털투데이",
            [
                {
                    "href": "/news/articleView.html?idxno=214577",
                    "title": seed003["title"],
                    "lead": "4일 이재용 삼성전자 회장의 2심 무죄 판결로 한시름 놓은 삼성전자 서초사옥에",
                    "when": t("2025-02-04", "19:25"),
                    "reporter": "김도윤",
                },
                {
                    "href": "/news/articleView.html?idxno=214580",
                    "title": "정부, 반도체 특별법 재추진",
                    "lead": "정부가 반도체 특별법을 다시 추진한다.",
                    "when": t("2025-02-04", "18:00"),
                },
            ],
        ),
    }
    for site, (name, entries) in outlets.items():
        write(root, f"{site}/robots.txt", ROBOTS)
        write(
            root,
            f"{site}/rss/allArticle.xml",
            rss(
                name,
                site,
                [
                    {
                        "title": e["title"],
                        "link": site + e["href"],
                        "published": e["when"],
                        "description": e["lead"],
                    }
                    for e in entries
                ],
            ),
        )
        for page in (1, 2):
            write(
                root,
                f"{site}/news/articleList.html?page={page}&view_type=sm",
                newscms_listing(name, entries[page - 1 : page], page, 2),
            )

    # Daum: the IT section page, whose first article is the portal copy of the 파이낸셜뉴스
    # article; the old breakingnews lists redirect to the home page.
    dm = copy_fixture(root, "daum", "20250226184217432")
    write(root, "https://v.daum.net/robots.txt", "User-agent: *\nAllow: /v/\nDisallow: /\n")
    write(root, "https://news.daum.net/robots.txt", ROBOTS)
    write(
        root,
        "https://news.daum.net/digital",
        simple_listing(
            "IT | 다음뉴스",
            [
                {"href": dm["url"], "title": dm["title"], "when": t("2025-02-26", "18:42")},
                {
                    "href": "https://v.daum.net/v/20250226170000111",
                    "title": "갤럭시 S25 사전 판매 130만대 돌파",
                    "when": t("2025-02-26", "17:00"),
                },
            ],
        ),
    )
    for page in (1, 2):
        write(
            root,
            f"https://news.daum.net/breakingnews/digital?page={page}",
            None,
            status=302,
            headers={"Location": "https://news.daum.net/"},
        )
    write(
        root,
        "https://news.daum.net/",
        simple_listing(
            "다음뉴스",
            [
                {
                    "href": "https://v.daum.net/v/20250226150000222",
                    "title": "통신 3사, 5G 요금제 개편",
                    "when": t("2025-02-26", "15:00"),
                }
            ],
        ),
    )

    # Naver: its robots.txt disallows every crawler; the news search API answers the
    # watchlist's queries with the originals' links (and Naver's, kept as metadata only).
    write(
        root,
        "https://n.news.naver.com/robots.txt",
        "# Naver news: no crawling (the real file also names allowed preview bots)\n"
        "User-agent: *\nDisallow: /\n",
    )
    url, title, paragraphs = ALTMAN_ETNEWS
    write(root, "https://www.etnews.com/robots.txt", ROBOTS)
    write(root, url, plain_article(url, title, paragraphs, "전자신문", t("2025-02-04", "19:02")))
    api = "https://openapi.naver.com/v1/search/news.json"
    write(
        root,
        api,
        naver_api("없음", []),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    query = "올트먼 회동"
    write(
        root,
        f"{api}?query={query}&display=20&sort=date",
        naver_api(
            query,
            [
                {
                    "title": np_["title"],
                    "originallink": np_["url"],
                    "link": "https://n.news.naver.com/mnews/article/681/0000123456?sid=101",
                    "published": t("2025-02-04", "16:20"),
                    "description": "이재용 삼성전자 회장이 샘 올트먼 오픈AI CEO, 손정의 소프트뱅크그룹 회장을 만나",
                },
                {
                    "title": title,
                    "originallink": url,
                    "link": NAVER_COPY + "?sid=105",
                    "published": t("2025-02-04", "19:02"),
                    "description": "샘 올트먼 오픈AI CEO가 4일 방한해 국내 주요 기업 총수와 잇따라 회동",
                },
                {
                    "title": "올트먼 회동 뒷얘기…네이버 단독 기사",
                    "originallink": "",
                    "link": NAVER_ONLY + "?sid=105",
                    "published": t("2025-02-04", "21:00"),
                    "description": "네이버에만 실린 기사: 원문 링크가 없다",
                },
            ],
        ),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    (root / "README.md").write_text(DEMO_README, encoding="utf-8")


# --- the troubled outlet of the end-to-end tests ------------------------------------------------

TROUBLED = "https://www.replaytimes.co.kr"
ART = "/news/articleView.html?idxno="

# What a first crawl of the replay site (demo mirror + troubled outlet) must collect.
RELEVANT = {
    "https://www.fnnews.com/news/202502261842174321",
    "https://biz.newdaily.co.kr/site/data/html/2018/11/07/2018110700093.html",
    "https://www.newspim.com/news/view/20250204000858",
    "https://www.newspim.com/news/view/20250204000877",
    "https://www.ddaily.co.kr/page/view/2025012114270012345",
    "https://www.digitaltoday.co.kr/news/articleView.html?idxno=214577",
    "https://www.aitimes.com/news/articleView.html?idxno=214590",
    "https://www.etnews.com/20250204000123",  # an outlet without a profile, from the Naver API
    TROUBLED + ART + "9101",  # reached through a redirect chain from 9001
    TROUBLED + ART + "9003",  # 500, then the page
    TROUBLED + ART + "9004",  # 429 with Retry-After, then the page
    TROUBLED + ART + "9005",  # EUC-KR without any charset declaration
    TROUBLED + ART + "9012",
    TROUBLED + ART + "9014",  # over the crawl's markup cap: indexed, truncated
}


def _para(*lines: str) -> list[str]:
    return [*lines, "리플레이타임스 편집국 news@replaytimes.co.kr"]


VISIT_TEXT = {
    9101: (
        "손정의 소프트뱅크 회장, 방한해 이재용 회장과 회동",
        _para(
            "손정의 소프트뱅크그룹 회장이 10일 방한해 서울 서초구 삼성전자 사옥에서 이재용 삼성전자 회장과 "
            "만나 AI 반도체 협력 방안을 논의했다.",
            "두 사람은 이날 2시간가량 회동하며 스타게이트 프로젝트 참여와 ARM 기반 칩 설계 협력을 논의한 "
            "것으로 알려졌다.",
        ),
    ),
    9003: (
        "나델라 MS CEO, 최태원 회장과 회동…AI 데이터센터 협력",
        _para(
            "사티아 나델라 마이크로소프트(MS) 최고경영자(CEO)가 11일 방한해 최태원 SK그룹 회장을 만나 AI "
            "데이터센터 협력을 논의했다.",
            '나델라 CEO는 서울 종로구 SK서린빌딩에서 최 회장과 회동한 뒤 "한국은 MS의 핵심 파트너"라고 말했다.',
        ),
    ),
    9004: (
        "올트먼 오픈AI CEO, 카카오 판교 사옥 방문",
        _para(
            "샘 올트먼 오픈AI 최고경영자(CEO)가 12일 방한해 경기 성남시 카카오 판교 사옥을 방문, 정신아 "
            "카카오 대표와 만났다.",
            "두 사람은 카카오톡 AI 에이전트 공동 개발 일정을 논의했다.",
        ),
    ),
    9005: (
        "저커버그 메타 CEO 방한…이재용 회장과 회동",
        _para(
            "마크 저커버그 메타 최고경영자(CEO)가 13일 방한해 이재용 삼성전자 회장과 서울 한남동 승지원에서 "
            "회동했다.",
            "두 사람은 확장현실(XR) 기기와 AI 반도체 협력을 논의한 것으로 알려졌다.",
        ),
    ),
    9012: (
        "나델라, 방한해 김영섭 KT 대표와 회동",
        _para(
            "사티아 나델라 마이크로소프트 CEO가 14일 방한해 김영섭 KT 대표와 서울 광화문 KT 사옥에서 만났다.",
            "양측은 소버린 AI와 클라우드 협력 진행 상황을 점검했다.",
        ),
    ),
}
VISIT_TEXT[9014] = (
    "젠슨 황 엔비디아 CEO, 방한해 최태원 회장과 회동",
    _para(
        "젠슨 황 엔비디아 최고경영자(CEO)가 15일 방한해 최태원 SK그룹 회장과 서울 종로구에서 만났다.",
        "두 사람은 고대역폭메모리(HBM) 공급 확대와 AI 데이터센터 협력을 논의했다.",
    ),
)
EUC_KR_TITLE = VISIT_TEXT[9005][0]
WIDGET_ONLY_TITLE = "젠슨 황 방한 당일 서울 날씨"


def widget_only_page() -> str:
    """An article address that shows only the site's menus and weather widget (no article)."""
    return (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8">'
        f"<title>{WIDGET_ONLY_TITLE} - 리플레이타임스</title></head><body>"
        '<ul class="gnb"><li><a href="/">홈</a></li><li><a href="/news">뉴스</a></li>'
        '<li><a href="/economy">경제</a></li></ul>'
        '<div class="weather"><ul><li>맑음서울 3.6℃</li><li>흐림부산 7.2℃</li>'
        "<li>구름많음대전 5.1℃</li></ul><p>기상청 제공</p><p>2025.03.01 09:00 기준</p></div>"
        '<div class="footer"><a href="/terms">이용약관</a> <a href="/privacy">개인정보처리방침</a>'
        "</div></body></html>"
    )


UPDATED_PARAGRAPH = (
    "이날 회동에서 양사는 AI 데이터센터 공동 투자 규모를 1조원으로 확대하기로 합의했다."
)


def troubled_feed(updated_9012: datetime | None = None) -> bytes:
    art = f"{TROUBLED}/news/articleView.html?idxno="
    items = [
        (9001, VISIT_TEXT[9101][0]),
        (9002, "젠슨 황 엔비디아 CEO 방한 일정 공개"),
        (9003, VISIT_TEXT[9003][0]),
        (9004, VISIT_TEXT[9004][0]),
        (9005, EUC_KR_TITLE),
        (9006, "팀 쿡 애플 CEO 방한…이재용 회장과 회동"),
        (9007, "젠슨 황·최태원 회동 사진"),
        (9008, "손정의 회장 방한"),
        (9010, '젠슨 황 "차세대 GPU 하반기 양산"'),
        (9011, "주간 날씨 전망: 전국 맑고 포근"),
        (9012, VISIT_TEXT[9012][0]),
        (9013, WIDGET_ONLY_TITLE),
        (9014, VISIT_TEXT[9014][0]),
    ]
    entries = [
        {
            "title": title,
            "link": f"{art}{n}",
            "published": t("2025-03-01", "09:00") + timedelta(minutes=n % 100),
            "updated": updated_9012 if n == 9012 else None,
        }
        for n, title in items
    ]
    entries.append(
        {
            "title": "올트먼 회동 비공개 메모",
            "published": t("2025-03-01", "10:00"),
            "link": f"{TROUBLED}/private/news/articleView.html?idxno=9009",
        }
    )
    return rss("리플레이타임스", TROUBLED, entries)


def troubled_article(n: int, extra: list[str] = ()) -> str:
    title, paragraphs = VISIT_TEXT[n]
    return derive(
        "newscms",
        url=f"{TROUBLED}/news/articleView.html?idxno={n}",
        title=title,
        paragraphs=[*paragraphs[:-1], *extra, paragraphs[-1]],
    )


def build_troubled_outlet(root: Path) -> None:
    """An outlet on the common CMS whose pages go wrong in every way a crawl must survive."""
    art = f"{TROUBLED}/news/articleView.html?idxno="
    write(root, f"{TROUBLED}/robots.txt", "User-agent: *\nDisallow: /private/\n")
    write(root, f"{TROUBLED}/rss/allArticle.xml", troubled_feed())
    for page in (1, 2):
        write(
            root,
            f"{TROUBLED}/news/articleList.html?view_type=sm&page={page}",
            newscms_listing("리플레이타임스", [], page, 2),
        )
    # A redirect chain: 301 to http, 302 to the article's final address.
    write(
        root,
        f"{art}9001",
        None,
        responses=[
            {
                "status": 301,
                "headers": {
                    "Location": "http://www.replaytimes.co.kr/news/articleView.html?idxno=9001"
                },
            },
            {"status": 302, "headers": {"Location": f"{art}9101"}},
        ],
    )
    write(root, f"{art}9101", troubled_article(9101))
    # 404: no file.  500, then the page.  429 with Retry-After, then the page.
    write(root, f"{art}9003", troubled_article(9003), responses=[{"status": 500, "body": False}])
    write(
        root,
        f"{art}9004",
        troubled_article(9004),
        responses=[{"status": 429, "body": False, "headers": {"Retry-After": "1"}}],
    )
    # EUC-KR with neither a charset header nor a meta charset.
    page = troubled_article(9005).replace('<meta charset="utf-8">', "")
    write(root, f"{art}9005", page, encoding="cp949")
    # Over the test's DOWNLOAD_MAXSIZE (1 MB): inline data, as some pages carry.
    big = troubled_article(9012).replace(
        "</body>", "<script>var data='" + "0123456789abcdef" * 131072 + "';</script></body>"
    )
    write(root, f"{art}9006", big)
    # A PNG served as text/html; an empty 200.
    write(
        root,
        f"{art}9007",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        headers={"Content-Type": "text/html"},
    )
    write(root, f"{art}9008", b"")
    write(root, f"{TROUBLED}/private/news/articleView.html?idxno=9009", troubled_article(9004))
    write(
        root,
        f"{art}9010",
        derive(
            "newscms",
            url=f"{art}9010",
            title='젠슨 황 "차세대 GPU 하반기 양산"',
            paragraphs=JENSEN_EARNINGS[4][1:4],
        ),
    )
    write(root, f"{art}9012", troubled_article(9012))
    # Only a weather widget and menus: no article.  An article under 600 KB of comments.
    write(root, f"{art}9013", widget_only_page())
    comments = "".join(
        f"<p>독자 의견 {i}: 기사 잘 읽었습니다. 앞으로도 좋은 기사 부탁드립니다.</p>"
        for i in range(6000)
    )
    write(
        root,
        f"{art}9014",
        troubled_article(9014).replace("</body>", f'<div class="comments">{comments}</div></body>'),
    )


def update_troubled_article(root: Path) -> None:
    """The 9012 article is edited: new text, and the feed shows a newer change time."""
    write(
        root,
        f"{TROUBLED}/news/articleView.html?idxno=9012",
        troubled_article(9012, [UPDATED_PARAGRAPH]),
    )
    write(
        root, f"{TROUBLED}/rss/allArticle.xml", troubled_feed(updated_9012=t("2025-03-02", "08:00"))
    )


# --- a big synthetic site for the benchmark -----------------------------------------------------


LABELLED_TEXTS = 400  # so that the benchmark's mix stays put as tuning sets are added


@functools.cache
def labelled_articles() -> list[tuple[str, list[str]]]:
    """Titles and paragraphs of the first 400 articles of the visit-event tuning sets (the
    held-out sets left out), in file order: real texts of every length, each its own story as
    in a real stream. One template's texts would make all the pages one near-duplicate
    story, whose size every story decision would then pay for."""
    import yaml

    return [
        (a["title"], [p for p in a["body"].splitlines() if p.strip()])
        for path in sorted((REPO / "tests" / "fixtures" / "events").glob("dev*.yaml"))
        for a in yaml.safe_load(path.read_text(encoding="utf-8"))["articles"]
    ][:LABELLED_TEXTS]


def synthetic_article(n: int) -> tuple[str, list[str]]:
    """Title and paragraphs of article *n*: a labelled article, reworded past its first use.

    The k-th reuse of an article leaves out its k-th paragraph, as an outlet's rewrite of a wire
    report does: it joins the first one's story as a near-duplicate.
    """
    articles = labelled_articles()
    title, paragraphs = articles[n % len(articles)]
    reuse = n // len(articles)
    if reuse and len(paragraphs) > 2:
        paragraphs = (
            paragraphs[: reuse % len(paragraphs)] + paragraphs[reuse % len(paragraphs) + 1 :]
        )
    return title, paragraphs


def build_synthetic(root: Path, outlets: int = 4, per_outlet: int = 500) -> str:
    """Outlets on the common CMS with *per_outlet* articles each; returns their sources.yaml entries.

    Half the outlets are discovered through one RSS feed, half through 25-entry listing pages;
    every article is followed, the near-misses whose headline names no one watched too.
    """
    template = derive(
        "newscms",
        url="https://%%HOST%%/news/articleView.html?idxno=%%N%%",
        title="%%TITLE%%",
        paragraphs=["%%BODY%%"],
    )
    yaml = []
    for o in range(outlets):
        host = f"www.bench{o + 1}news.co.kr"
        site = f"https://{host}"
        entries = []
        for i in range(per_outlet):
            n = 100000 + o * per_outlet + i
            title, paragraphs = synthetic_article(n - 100000)
            body = "</p><p>".join(html.escape(p) for p in paragraphs)
            url = f"{site}/news/articleView.html?idxno={n}"
            write(
                root,
                url,
                template.replace("%%HOST%%", host)
                .replace("%%N%%", str(n))
                .replace("%%TITLE%%", html.escape(title))
                .replace("%%BODY%%", body),
            )
            entries.append(
                {
                    "title": title,
                    "link": url,
                    "href": url,
                    "lead": paragraphs[0],
                    "published": t("2025-03-01") + timedelta(minutes=i),
                    "when": t("2025-03-01"),
                }
            )
        if o % 2 == 0:
            write(root, f"{site}/rss/allArticle.xml", rss(host, site, entries))
            discovery = "    discovery:\n      feeds: [/rss/allArticle.xml]\n"
        else:
            pages = -(-per_outlet // 25)
            for page in range(1, pages + 1):
                write(
                    root,
                    f"{site}/news/articleList.html?view_type=sm&page={page}",
                    newscms_listing(host, entries[(page - 1) * 25 : page * 25], page, pages),
                )
            discovery = (
                "    discovery:\n      listings:\n"
                f"        - {{url: '/news/articleList.html?view_type=sm&page={{page}}', pages: {pages}}}\n"
            )
        yaml.append(
            f"  - id: bench{o + 1}\n    name: 벤치{o + 1}\n    type: outlet\n    profile: newscms\n"
            f"    site: {site}\n    follow: all\n{discovery}"
        )
    return "".join(yaml)


DEMO_README = """# Demo mirror

Saved pages of the configured sources, laid out as `<host>/<path>` (a query
string is part of the file name) with `.http.json` sidecars where a page needs
a status, headers or a sequence of responses. `newsmon crawl --mirror
seeds/mirror` crawls them exactly as it would crawl the live sites, without
touching the network. Generated by `python tests/crawl/replaysite.py
seeds/mirror` from the article fixtures in `tests/fixtures/pages/`.

The articles are hand-made; what follows the real sites is where and how they
are found, as far as public evidence shows (see the comments in
`seeds/sources.yaml`): the discovery URLs and article URL patterns of every
source, `n.news.naver.com/robots.txt` disallowing every crawler, Daum's old
`breakingnews` lists redirecting to the home page, 디지털데일리 linking to
articles on `m.ddaily.co.kr`, 뉴데일리경제's EUC-KR section list, the common
CMS's list markup (`em.info.dated`). robots.txt files of the other hosts are
not known from evidence: theirs here are assumptions (`newsmon sources check`
shows the real verdicts).
"""


if __name__ == "__main__":
    build_demo(Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "seeds" / "mirror"))
