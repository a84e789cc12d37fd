"""End to end: `newsmon crawl` of the replay site with the alert stage, twice, plus a restart.

The webhook receiver is down during the first crawl and back for the second; an article is
edited in between; then `newsmon alerts deliver` runs in a fresh process.  Every (rule, story)
must reach every channel -- webhook, e-mail over STARTTLS, file -- exactly once.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from configcopy import copy_config
from receivers import SmtpReceiver, WebhookReceiver, self_signed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "crawl"))
import replaysite
from crawlrunner import CrawlRunner, make_seeds

from crawler import settings as crawl_settings
from crawler.mirror import MirrorServer
from crawler.state.stories import DatabaseSignatureStore
from enrich.stories import document_id

REPO = Path(__file__).resolve().parents[2]

SOURCES = ["--source", "replaytimes", "--source", "newspim", "--source", "fnnews"]
RULES = """  - id: visits
    name: 테크 CEO 방한
    query: (나델라 OR 올트먼 OR 손정의 OR 저커버그) AND (방한 OR 회동)
    channels: [hook, mail, archive]
  - id: microsoft
    name: 마이크로소프트
    query: org:마이크로소프트
    min_relevance: 0.5
    channels: [hook, archive]
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("replay") / "mirror"
    shutil.copytree(REPO / "seeds" / "mirror", root)
    replaysite.build_troubled_outlet(root)
    with MirrorServer(root) as server:
        yield root, server


@pytest.fixture(scope="module")
def receivers(tmp_path_factory):
    tls = self_signed(tmp_path_factory.mktemp("tls"))
    webhook, smtp = WebhookReceiver(), SmtpReceiver(tls, "desk", "smtp-pass").start()
    yield webhook, smtp, tls[0]
    webhook.down()
    smtp.stop()


@pytest.fixture(scope="module")
def runs(tmp_path_factory, site, receivers):
    root, server = site
    webhook, smtp, ca = receivers
    work = tmp_path_factory.mktemp("alerts-e2e")
    # no Elasticsearch here: spool at once instead of batching
    config = copy_config(work / "config", {"max_wait: 5": "max_wait: 0.2"})
    (config / "alerts.yaml").write_text(
        "delivery: {max_attempts: 5, backoff: 0.5, backoff_max: 1, timeout: 5}\nchannels:\n"
        f"  hook: {{type: webhook, url: '{webhook.url}', token_env: E2E_TOKEN}}\n"
        f"  mail: {{type: email, host: 127.0.0.1, port: {smtp.port}, ca_file: '{ca}', "
        "username_env: E2E_SMTP_USER, password_env: E2E_SMTP_PASSWORD, sender: newsmon@example.com, "
        "to: [desk@example.com]}\n"
        "  archive: {type: file, path: alerts.jsonl}\nrules:\n" + RULES,
        encoding="utf-8",
    )
    pipelines = {**crawl_settings.ITEM_PIPELINES, "crawler.pipelines.alerts.AlertsPipeline": 850}
    settings = [f"ITEM_PIPELINES={json.dumps(pipelines)}"]
    env = {
        "NEWSMON_CONFIG_DIR": str(config),
        "E2E_TOKEN": "e2e-token",
        "E2E_SMTP_USER": "desk",
        "E2E_SMTP_PASSWORD": "smtp-pass",
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        crawl = CrawlRunner(work, make_seeds(work / "seeds"), server)
        webhook.down()
        first = crawl(*SOURCES, settings=settings)
        webhook.up()  # the receiver is back (same port) ...
        replaysite.update_troubled_article(root)  # ... and an article was edited
        second = crawl(*SOURCES, settings=settings)
        restart = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "alerts", "deliver"],
            cwd=work,
            env={**os.environ, "NEWSMON_DATA_DIR": str(work / "data")},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        status = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "alerts", "status"],
            cwd=work,
            env={**os.environ, "NEWSMON_DATA_DIR": str(work / "data")},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    return first, second, restart, status, work / "data"


def first_matches(data: Path) -> set[tuple[str, str]]:
    db = sqlite3.connect(data / "state.sqlite")
    try:
        return set(db.execute("SELECT rule_id, story_id FROM alert_matches WHERE first = 1"))
    finally:
        db.close()


def merged_into(data: Path) -> dict[str, str]:
    """Story ids a later article merged into another story (an alert sent before the merge
    names the old id; the outbox counts it for the merged story)."""
    db = sqlite3.connect(data / "state.sqlite")
    try:
        return dict(db.execute("SELECT story_id, merged_into FROM alert_story_aliases"))
    finally:
        db.close()


def test_crawls_record_alerts_for_the_relevant_articles(runs):
    first, second, restart, _, data = runs
    assert first.returncode == 0, first.stderr[-3000:]
    assert second.returncode == 0, second.stderr[-3000:]
    assert restart.returncode == 0, restart.stderr[-3000:]
    matched = {d["key"]: d["doc"]["alerts"] for d in first.docs}
    nadella = replaysite.TROUBLED + "/news/articleView.html?idxno=9003"
    assert matched[nadella] == ["visits", "microsoft"]
    assert matched["https://www.fnnews.com/news/202502261842174321"] == ["visits", "microsoft"]
    assert "visits" in matched[replaysite.TROUBLED + "/news/articleView.html?idxno=9101"]  # 손정의
    # The edited article goes through the stage again and still matches -- without a new alert.
    [edited] = [d for d in second.docs if d["key"].endswith("idxno=9012")]
    assert edited["change"] == "updated" and edited["doc"]["alerts"] == ["visits", "microsoft"]
    assert len(first_matches(data)) >= 6


def test_each_rule_and_story_reaches_each_channel_exactly_once(runs, receivers):
    *_, data = runs
    webhook, smtp, _ = receivers
    expected, merged = first_matches(data), merged_into(data)
    alerted = Counter(
        (p["rule"]["id"], merged.get(a["story_id"], a["story_id"]))
        for p in webhook.payloads()
        for a in p["articles"]
    )
    assert set(alerted) == expected and max(alerted.values()) == 1
    assert all(p["kind"] == "alert" for p in webhook.payloads())
    lines = [
        json.loads(x) for x in (data / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    in_file = Counter(
        (p["rule"]["id"], merged.get(a["story_id"], a["story_id"]))
        for p in lines
        for a in p["articles"]
    )
    assert set(in_file) == expected and max(in_file.values()) == 1
    mails = smtp.emails()
    assert len(mails) == len({s for r, s in expected if r == "visits"})
    assert len({m["Message-ID"] for m in mails}) == len(mails)
    assert {
        merged.get(story, story)
        for story in (m.get_body().get_content().split("스토리 ID: ")[1].split()[0] for m in mails)
    } == {s for r, s in expected if r == "visits"}


def test_a_story_from_two_articles_is_one_alert_naming_both(runs, receivers):
    first, *_, data = runs
    webhook = receivers[0]
    store = DatabaseSignatureStore(data / "stories.sqlite")  # the stories now, after any merge
    current = store.current_stories([document_id(d["doc"]) for d in first.docs])
    store.close()
    stories: dict[str, list[dict]] = {}
    for d in first.docs:
        stories.setdefault(current[document_id(d["doc"])], []).append(d["doc"])
    shared = {s: docs for s, docs in stories.items() if len(docs) > 1}
    assert shared  # e.g. the two 뉴스핌 reports of Altman's meetings on 4 February
    for story_id, docs in shared.items():
        [article] = [
            a
            for p in webhook.payloads()
            if p["rule"]["id"] == "visits"
            for a in p["articles"]
            if a["story_id"] == story_id
        ]
        assert {article["url"], *(o["url"] for o in article["other_outlets"])} == {
            d["canonical_url"] for d in docs
        }


def test_the_receiver_outage_was_retried_and_nothing_is_left(runs):
    first, second, restart, status, data = runs
    assert "attempt 1 of 5 failed" in first.stderr and "Connection refused" in first.stderr
    assert "e2e-token" not in first.stderr + second.stderr  # secrets never logged
    assert restart.stdout.startswith("0 sent, 0 to retry, 0 failed")  # the restart re-sends nothing
    table = status.stdout.split("\n\n")[0].splitlines()
    assert any(line.split()[:2] == ["visits", "hook"] for line in table)
    for line in table[3:]:  # rule, channel, sent, pending, failed[, queued: updates not yet due]
        assert line.split()[3:5] == ["0", "0"], status.stdout
    assert "failed (" not in status.stdout and "pending (" not in status.stdout
    # Every match a channel owes was sent, or waits for the next update message.
    db = sqlite3.connect(data / "state.sqlite")
    owed = db.execute(
        "SELECT i.message_id, m.status FROM alert_items i "
        "LEFT JOIN alert_messages m ON m.id = i.message_id"
    ).fetchall()
    assert owed and all(status == "sent" or message is None for message, status in owed)
