"""`newsmon clean` on the five seed dumps, scored against hand-made gold text."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.cli import main
from enrich.clean import clean_text
from enrich.scoring import token_score

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


def run_clean(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["clean", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_all_five_seeds_have_gold():
    assert len(SEED_FILES) == 5
    assert all((SEEDS / "gold" / f.name).exists() for f in SEED_FILES)


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_newsmon_clean_scores_on_seed(seed, capsys):
    code, out, _ = run_clean(capsys, str(seed))
    assert code == 0
    score = token_score(out, (SEEDS / "gold" / seed.name).read_text(encoding="utf-8"))
    print(f"{seed.stem}: P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f}")
    assert score.f1 >= 0.97


def _clean(stem: str):
    return clean_text(next(SEEDS.glob(f"{stem}_*.txt")).read_text(encoding="utf-8"))


def test_headline_and_deck_come_first():
    result = _clean("002")
    assert result.title.startswith("[종합] 이재용 회장, 샘 올트먼·손정의와")
    assert result.subtitles == [
        "이재용 회장, 사법 리스크 해소 후 첫 공식 행보",
        "5000억달러 스타게이트 협업·투자 논의 가능성",
        "올트먼, 카카오·SK·삼성까지 한국서 '광폭 행보'",
    ]
    assert result.paragraphs[0].startswith("[서울=뉴스핌] 서영욱 김정인 기자 = 중국")


def test_captions_bylines_and_widgets_are_dropped_with_their_rule():
    result = _clean("002")
    decisions = {d.text: d for d in result.lines if d.text}
    caption = next(t for t in decisions if t.startswith("[서울=뉴스핌] 이호형 기자 ="))
    assert decisions[caption].rule == "image_notes.date-and-email"
    assert decisions["kji01@newspim.com"].category == "bylines"
    assert decisions["종목 추적기"].category == "widgets"
    assert decisions["[뉴스핌 베스트 기사]"].category == "related"
    assert decisions["Top으로 이동"].rule == "navigation.top-link"
    assert all(d.rule for d in result.lines if d.role == "drop")
    body = "\n".join(result.paragraphs)
    assert "2025.02.04 syu@newspim.com" not in body and "Lockheed" not in body


def test_crossheads_and_short_paragraphs_are_kept():
    result = _clean("000")
    assert '■LG전자 "MS와 파트너십 재확인"' in result.paragraphs
    assert "■국가 AI 협력으로 이어진 KT-MS 동맹" in result.paragraphs
    assert result.title is None  # the portal dump starts with photo captions, not a headline
    assert not any("이미지를 클릭" in p or "링크드인" in p for p in result.paragraphs)
    short = clean_text(
        "제목입니다 이것은 헤드라인\n\n첫 문단은 충분히 길어서 본문이라고 볼 수 있는 문장이다. 두 번째 문장도 있다.\n"
        '"좋다"고 했다.\n마지막 문단 역시 길게 써서 본문의 일부라는 것을 보여 준다. 끝이다.'
    )
    assert '"좋다"고 했다.' in short.paragraphs


def test_weather_menu_and_teasers_around_the_body_are_dropped():
    result = _clean("003")
    dropped = {d.text.lstrip("• "): d.category for d in result.lines if d.role == "drop"}
    assert dropped["맑음서울 3.6℃"] == "weather"
    assert dropped["기상청 제공"] == "weather"
    assert dropped["HOT클릭 TOP7"] == "related"
    teaser = next(t for t in dropped if t.startswith("따릉이 앱 450만건"))
    assert dropped[teaser] == "structure"
    assert result.title == "이재용·손정의·샘올트먼 2시간 회동...한미일 'AI 삼각동맹' 본격화"


def test_dated_headline_lists_are_dropped():
    result = _clean("004")
    assert result.paragraphs[-1].startswith("한편, 이에 대해 KT 관계자는")
    assert all("2025-01-22" not in p for p in result.paragraphs)
    related = _clean("001")
    assert sum(d.category == "related" for d in related.lines) > 40


def test_a_run_of_triangle_lines_is_a_list_but_a_single_one_a_caption():
    text = (
        "삼성전자가 AI 협력을 발표했다. 이번 협력은 다음 세 가지로 구성된다.\n▲AI 반도체 공동 개발\n"
        "▲클라우드 인프라 구축\n▲데이터센터 투자 확대\n회사 측은 이를 통해 경쟁력을 높이겠다고 밝혔다. 업계도 주목하고 있다.\n"
        "▲이재용 삼성전자 회장\n마지막 문단이다. 이것은 본문이다."
    )
    result = clean_text(text)
    assert "▲클라우드 인프라 구축" in result.paragraphs
    assert result.paragraphs[0].startswith("삼성전자가 AI 협력을")
    assert "▲이재용 삼성전자 회장" not in result.paragraphs


def test_the_item_heads_of_a_digest_are_kept_and_its_links_and_end_marks_dropped():
    """A digest of other stories: "▲headline", its summary, its address, four times and more
    -- the heads are the items', not photo captions (two such lines are still captions); a
    line that is only an address, the wire's "(끝)" and the paid terminal's notice go."""
    item = "▲{n}번째 소식 제목\n- 미국 증시가 {n}일 연속 올랐다. 투자자들은 실적을 주목했다.\nhttps://news.example.kr/{n}\n"
    text = "오전 국제금융 주요 소식: 美 증시 닷새째 상승, 투자자 실적 주목\n" + "".join(
        item.format(n=n) for n in range(1, 6)
    )
    text += "(끝)\n본 기사는 인포맥스 금융정보 단말기에서 2시간 더 빠른 13시 17분에 서비스된 기사입니다."
    result = clean_text(text)
    kept = result.subtitles + result.paragraphs  # (the first head reads as a deck here)
    assert [p for p in kept if p.startswith("▲")] == [f"▲{n}번째 소식 제목" for n in range(1, 6)]
    assert len(kept) == 10 and kept[-1].startswith("- 미국 증시가 5일")
    two = clean_text(
        "오전 국제금융 주요 소식: 美 증시 닷새째 상승, 투자자 실적 주목\n"
        + "".join(item.format(n=n) for n in range(1, 3))
    )
    assert not any(p.startswith("▲") for p in two.paragraphs)


def test_lines_repeated_across_pages_of_a_site_are_dropped():
    from enrich.clean import RepeatedLines

    seen = RepeatedLines(min_pages=3)
    for n in range(4):
        seen.add(
            f"구독하고 혜택 받으세요 지금 바로\n기사 {n}번의 본문은 서로 다르다. 정말로 다르다 {n}."
        )
    text = "구독하고 혜택 받으세요 지금 바로\n기사 9번의 본문은 서로 다르다. 정말로 다르다 9."
    result = clean_text(text, repeated=seen.frequent())
    assert result.paragraphs == ["기사 9번의 본문은 서로 다르다. 정말로 다르다 9."]
    assert result.lines[0].rule == "structure.repeated-across-pages"


def test_explain_lists_every_line_with_its_decision(capsys):
    code, out, _ = run_clean(capsys, str(next(SEEDS.glob("003_*.txt"))), "--explain")
    assert code == 0
    rows = out.splitlines()
    assert any("drop weather.city-temperature" in r and "맑음서울 3.6℃" in r for r in rows)
    assert any("keep title" in r for r in rows)
    assert any("keep body" in r and "4일 이재용 삼성전자 회장의 2심" in r for r in rows)


def test_unreadable_or_empty_input_exits_2_naming_the_file(tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    code, _, err = run_clean(capsys, str(missing))
    assert code == 2 and str(missing) in err
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"   \n")
    code, _, err = run_clean(capsys, str(empty))
    assert code == 2 and str(empty) in err and "empty" in err
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, _, err = run_clean(capsys, str(binary))
    assert code == 2 and str(binary) in err


def test_json_prints_the_document_the_index_receives(capsys):
    import json

    code, out, _ = run_clean(capsys, str(next(SEEDS.glob("002_*.txt"))), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["title"].startswith("[종합] 이재용 회장")
    assert doc["published_at"] == "2025-02-04T16:20:00+09:00"
    assert doc["authors"] == ["서영욱", "김정인"]
    assert doc["author_emails"] == ["kji01@newspim.com"]
    assert doc["boilerplate_removed"]["by_rule"]["controls.font-size"] == 6
    assert len(doc["content_hash"]) == 64
