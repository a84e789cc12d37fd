"""Alert delivery against real receivers: once per rule and story, never lost, never repeated.

Every delivery run below opens the state database afresh (as a restarted process would) and
runs on a test clock, so backoff and digest windows are crossed without waiting.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from email.header import decode_header
from pathlib import Path

import pytest
from receivers import SMTP_PASSWORD, SMTP_USER, WEBHOOK_TOKEN, SmtpReceiver

from crawler.alerts.config import compile_config, load_alerts
from crawler.alerts.dispatch import Dispatcher, Report
from crawler.alerts.outbox import Outbox
from crawler.cli import main
from crawler.elastic.sink import document_id
from crawler.pipelines.alerts import record

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
DELIVERY = "delivery: {max_attempts: 4, backoff: 10, backoff_max: 60, timeout: 5}\n"


def webhook_channel(name: str, url: str, fmt: str = "json") -> str:
    return (
        f"  {name}: {{type: webhook, url: '{url}', format: {fmt}, token_env: TEST_WEBHOOK_TOKEN, "
        f"headers: {{X-Team: tech}}, headers_env: {{X-Api-Key: TEST_WEBHOOK_KEY}}}}\n"
    )


class Desk:
    """A newsroom's alert set-up on one state database: documents recorded the way the crawl's
    alert stage records them, deliveries run the way the scheduler runs them."""

    def __init__(
        self,
        tmp_path: Path,
        channels: str,
        rules: str,
        resolver,
        delivery: str = DELIVERY,
        start: datetime = T0,
        state: str | None = None,
    ):
        path = tmp_path / "alerts.yaml"
        path.write_text(delivery + "channels:\n" + channels + "rules:\n" + rules, encoding="utf-8")
        self.config = load_alerts(path, resolver=resolver)
        self.rules = compile_config(self.config, resolver)
        self.by_id = {r.id: r for r in self.config.rules}
        self.data, self.state = tmp_path, state or str(tmp_path / "state.sqlite")
        self.now = start

    def record(self, *docs: dict) -> list[int]:
        outbox = Outbox(self.state)
        try:
            return [
                m for doc in docs for m in record(outbox, self.rules, self.by_id, doc, self.now)[1]
            ]
        finally:
            outbox.close()

    def deliver(self, minutes: float = 0) -> Report:
        self.now += timedelta(minutes=minutes)
        outbox = Outbox(self.state)
        try:
            return Dispatcher(outbox, self.config, data_dir=self.data, clock=lambda: self.now).run()
        finally:
            outbox.close()

    def messages(self, status: str | None = None):
        outbox = Outbox(self.state)
        try:
            return outbox.messages(status)
        finally:
            outbox.close()


@pytest.fixture(autouse=True)
def secrets(monkeypatch):
    monkeypatch.setenv("TEST_WEBHOOK_TOKEN", WEBHOOK_TOKEN)
    monkeypatch.setenv("TEST_WEBHOOK_KEY", "api-key-never-logged")
    monkeypatch.setenv("TEST_SMTP_USER", SMTP_USER)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", SMTP_PASSWORD)


def outlet_copy(doc: dict, n: int, source: str, outlet: str) -> dict:
    """The same story from another outlet: its own URL and title, the story id of *doc*."""
    url = f"https://www.{source}.example/news/{n}"
    return {
        **doc,
        "url": url,
        "canonical_url": url,
        "source": source,
        "outlet": outlet,
        "title": f"{doc['title']} ({outlet})",
    }


VISIT_RULE = (
    "  - {id: altman, name: 올트먼 방한, query: '올트먼 AND (방한 OR 회동)', min_relevance: 0.5, "
    "channels: [hook, archive], update_minutes: 30}\n"
)


def test_the_same_story_from_five_outlets_is_one_alert_then_one_update(
    tmp_path, webhook, resolver, seeds, db_location
):
    newspim, industrytimes = seeds["seed_002"], seeds["seed_003"]
    assert newspim["story_id"] == industrytimes["story_id"]  # two outlets, one meeting
    desk = Desk(
        tmp_path,
        webhook_channel("hook", webhook.url) + "  archive: {type: file, path: alerts.jsonl}\n",
        VISIT_RULE,
        resolver,
        state=db_location,
    )
    copies = [
        industrytimes,
        *(
            outlet_copy(newspim, n, s, o)
            for n, s, o in [
                (1, "fnnews", "파이낸셜뉴스"),
                (2, "ddaily", "디지털데일리"),
                (3, "etnews", "전자신문"),
            ]
        ),
    ]

    assert len(desk.record(newspim)) == 2  # one alert per channel
    assert desk.deliver().sent == 2
    assert desk.record(*copies) == []  # later copies: no new alert
    assert desk.deliver(minutes=5).sent == 0  # the update waits for its window
    assert desk.deliver(minutes=30).sent == 2  # one update per channel, all four copies in it

    alert, update = webhook.payloads()
    assert alert["kind"] == "alert" and alert["rule"] == {"id": "altman", "name": "올트먼 방한"}
    [article] = alert["articles"]
    assert (
        article["title"] == newspim["title"]
        and article["outlet"] == "뉴스핌"
        and not article["update"]
    )
    assert article["story_id"] == newspim["story_id"] and "올트먼" in article["snippet"]
    assert update["kind"] == "update" and len(update["articles"]) == 1
    [story] = update["articles"]
    assert story["update"] is True and story["outlet"] == industrytimes["outlet"]  # the first copy
    assert [o["outlet"] for o in story["other_outlets"]] == [
        "뉴스핌",
        "파이낸셜뉴스",
        "디지털데일리",
        "전자신문",
    ]
    lines = (tmp_path / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2

    # A re-crawl of all five (and a restart: every run above used fresh connections) sends nothing.
    assert desk.record(newspim, *copies) == []
    assert desk.deliver(minutes=120).sent == 0
    assert len(webhook.requests) == 2 and {m.status for m in desk.messages()} == {"sent"}


def test_a_copy_joins_its_story_alert_while_that_is_unsent(
    tmp_path, webhook, resolver, seeds, db_location
):
    desk = Desk(
        tmp_path,
        webhook_channel("hook", webhook.url),
        VISIT_RULE.replace("[hook, archive]", "[hook]"),
        resolver,
        state=db_location,
    )
    webhook.down()
    desk.record(seeds["seed_002"])
    assert desk.deliver().retrying == 1
    desk.record(seeds["seed_003"])  # arrives while the alert waits for its retry
    webhook.up()
    assert desk.deliver(minutes=1).sent == 1
    assert desk.deliver(minutes=60).sent == 0  # nothing left for an update
    [payload] = webhook.payloads()
    assert [o["outlet"] for o in payload["articles"][0]["other_outlets"]] == [
        seeds["seed_003"]["outlet"]
    ]


def test_a_receiver_that_is_down_gets_the_alert_exactly_once_when_it_is_back(
    tmp_path, webhook, resolver, seeds
):
    desk = Desk(
        tmp_path,
        webhook_channel("hook", webhook.url),
        VISIT_RULE.replace("[hook, archive]", "[hook]"),
        resolver,
    )
    webhook.down()
    desk.record(seeds["seed_002"])
    assert desk.deliver().retrying == 1  # connection refused
    assert desk.deliver(minutes=0.1).retrying == 0  # backoff: not yet
    webhook.up()
    webhook.status = 503
    assert desk.deliver(minutes=0.2).retrying == 1  # 10 s later: up, but failing
    [message] = desk.messages("pending")
    assert message.attempts == 2 and "HTTP 503" in message.last_error
    webhook.status = 200
    assert desk.deliver(minutes=0.2).sent == 0  # backoff doubled to 20 s
    assert desk.deliver(minutes=0.2).sent == 1
    assert desk.deliver(minutes=60).sent == 0
    assert len(webhook.requests) == 1
    assert desk.messages("sent")[0].attempts == 3


def test_after_the_last_attempt_an_alert_is_kept_as_failed_and_shown(
    tmp_path, webhook, resolver, seeds, data_dir, config_dir, capsys
):
    (config_dir / "alerts.yaml").write_text(
        DELIVERY
        + "channels:\n"
        + webhook_channel("hook", webhook.url)
        + "rules:\n"
        + VISIT_RULE.replace("[hook, archive]", "[hook]"),
        encoding="utf-8",
    )
    desk = Desk(
        data_dir,
        webhook_channel("hook", webhook.url),  # on the real clock, as the CLI is
        VISIT_RULE.replace("[hook, archive]", "[hook]"),
        resolver,
        start=datetime.now(UTC),
    )
    webhook.down()
    desk.record(seeds["seed_002"])
    reports = [desk.deliver(minutes=2) for _ in range(5)]
    assert [r.retrying for r in reports] == [1, 1, 1, 0, 0] and reports[3].failed == 1
    [failed] = desk.messages("failed")
    assert failed.attempts == 4 and "127.0.0.1" in failed.last_error

    assert main(["alerts", "status"]) == 0
    out = capsys.readouterr().out
    assert f"#{failed.id} alert altman -> hook" in out and "4 attempt(s)" in out
    assert "altman" in out and "failed (1;" in out

    webhook.up()
    assert desk.deliver(minutes=60).sent == 0  # failed stays failed ...
    assert main(["alerts", "retry"]) == 0  # ... until someone sends it again
    assert desk.deliver().sent == 1 and len(webhook.requests) == 1


def test_a_digest_batches_a_rules_matches(tmp_path, webhook, resolver, seeds):
    desk = Desk(
        tmp_path,
        webhook_channel("hook", webhook.url),
        "  - {id: visits, name: 방한 요약, query: '방한 OR 회동', channels: [hook], mode: digest, "
        "digest_minutes: 60}\n",
        resolver,
    )
    desk.record(seeds["seed_000"])
    desk.now += timedelta(minutes=20)
    desk.record(seeds["seed_002"], seeds["seed_003"])
    assert desk.deliver(minutes=30).sent == 0  # the first match has waited 50 minutes
    assert desk.deliver(minutes=15).sent == 1
    desk.record(seeds["seed_001"])
    assert desk.deliver(minutes=59).sent == 0
    assert desk.deliver(minutes=1).sent == 1
    first, second = webhook.payloads()
    assert first["kind"] == "digest" and len(first["articles"]) == 2  # two stories, three articles
    story = next(a for a in first["articles"] if a["story_id"] == seeds["seed_002"]["story_id"])
    assert [o["outlet"] for o in story["other_outlets"]] == [seeds["seed_003"]["outlet"]]
    assert [a["title"] for a in second["articles"]] == [seeds["seed_001"]["title"]]


def test_webhook_headers_secrets_and_slack_format(tmp_path, webhook, resolver, seeds, caplog):
    desk = Desk(
        tmp_path,
        webhook_channel("hook", webhook.url) + webhook_channel("slack", webhook.url, "slack"),
        VISIT_RULE.replace("[hook, archive]", "[hook, slack]"),
        resolver,
    )
    desk.record(seeds["seed_002"])
    with caplog.at_level("DEBUG"):
        assert desk.deliver().sent == 2
    plain, slack = webhook.requests
    assert plain.headers["Authorization"] == f"Bearer {WEBHOOK_TOKEN}"
    assert (
        plain.headers["X-Api-Key"] == "api-key-never-logged" and plain.headers["X-Team"] == "tech"
    )
    assert plain.headers["Content-Type"] == "application/json; charset=utf-8"
    assert plain.headers["Idempotency-Key"] == plain.json["id"]
    body = slack.json
    assert body["text"] == f"[newsmon] 올트먼 방한: {seeds['seed_002']['title']}"
    section = body["blocks"][1]["text"]["text"]
    assert section.startswith(f"*<{seeds['seed_002']['url']}|") and "뉴스핌" in section
    # Secrets are read from the environment at send time and never stored or logged.
    dump = "\n".join(sqlite3.connect(tmp_path / "state.sqlite").iterdump())
    for secret in (WEBHOOK_TOKEN, "api-key-never-logged"):
        assert secret not in dump and secret not in caplog.text


def test_an_unset_secret_is_a_visible_failure(tmp_path, webhook, resolver, seeds, monkeypatch):
    monkeypatch.delenv("TEST_WEBHOOK_TOKEN")
    desk = Desk(
        tmp_path,
        webhook_channel("hook", webhook.url),
        VISIT_RULE.replace("[hook, archive]", "[hook]"),
        resolver,
    )
    desk.record(seeds["seed_002"])
    assert desk.deliver().retrying == 1
    assert (
        desk.messages("pending")[0].last_error
        == "environment variable TEST_WEBHOOK_TOKEN is not set"
    )
    assert desk.config.missing_env() == ["TEST_WEBHOOK_TOKEN"] and webhook.requests == []


def mail_channel(smtp, ca: Path, security: str = "starttls") -> str:
    return (
        f"  mail: {{type: email, host: 127.0.0.1, port: {smtp.port}, security: {security}, "
        f"ca_file: '{ca}', username_env: TEST_SMTP_USER, password_env: TEST_SMTP_PASSWORD, "
        "sender: '뉴스몬 알림 <newsmon@example.com>', to: [tech-desk@example.com]}\n"
    )


def test_email_over_starttls_with_korean_subject_and_body(
    tmp_path, smtp, tls_files, resolver, seeds
):
    desk = Desk(
        tmp_path,
        mail_channel(smtp, tls_files[0]),
        VISIT_RULE.replace("[hook, archive]", "[mail]"),
        resolver,
    )
    desk.record(seeds["seed_002"])
    assert desk.deliver().sent == 1
    [raw] = smtp.messages
    [session] = smtp.sessions
    assert session == {"tls": True, "login": SMTP_USER.encode(), "rcpt": ["tech-desk@example.com"]}
    raw_subject = next(
        line for line in raw.decode("ascii").splitlines() if line.startswith("Subject:")
    )
    assert "=?utf-8?" in raw_subject.lower()  # RFC 2047, the raw message is ASCII
    [mail] = smtp.emails()
    title = seeds["seed_002"]["title"]
    assert mail["Subject"] == f"[newsmon] 올트먼 방한: {title}"
    assert str(mail["From"]) == "뉴스몬 알림 <newsmon@example.com>"
    assert "".join(
        p.decode(c) if isinstance(p, bytes) else p for p, c in decode_header(str(mail["From"]))
    ).startswith("뉴스몬 알림")
    body = mail.get_body().get_content()
    assert mail.get_body().get_content_charset() == "utf-8"
    assert f"■ {title}" in body and "알림 규칙: 올트먼 방한 (altman)" in body
    assert (
        seeds["seed_002"]["url"] in body and f"스토리 ID: {seeds['seed_002']['story_id']}" in body
    )
    assert mail["Message-ID"] == f"<{desk.messages('sent')[0].key}@newsmon>"


def test_email_never_falls_back_to_plain_text(tmp_path, tls_files, resolver, seeds):
    plain = SmtpReceiver(None, SMTP_USER, SMTP_PASSWORD).start()  # no STARTTLS offered
    try:
        desk = Desk(
            tmp_path,
            mail_channel(plain, tls_files[0]),
            VISIT_RULE.replace("[hook, archive]", "[mail]"),
            resolver,
        )
        desk.record(seeds["seed_002"])
        assert desk.deliver().retrying == 1
        assert plain.messages == []
        assert "STARTTLS" in desk.messages("pending")[0].last_error
    finally:
        plain.stop()


def test_two_senders_never_take_the_same_message(tmp_path, webhook, resolver, seeds, db_location):
    desk = Desk(
        tmp_path,
        webhook_channel("hook", webhook.url),
        VISIT_RULE.replace("[hook, archive]", "[hook]"),
        resolver,
        state=db_location,
    )
    desk.record(seeds["seed_002"])
    first, second = Outbox(desk.state), Outbox(desk.state)
    try:
        claimed = first.claim(T0, lease=300)
        assert claimed is not None and second.claim(T0, lease=300) is None
        # The first sender died mid-send: once its lease is over, another one takes over.
        assert second.claim(T0 + timedelta(seconds=301), lease=300).id == claimed.id
    finally:
        first.close()
        second.close()


def stories(doc: dict, n: int) -> list[dict]:
    """*n* different stories, each one outlet's report (made from *doc*)."""
    return [
        {**outlet_copy(doc, i, f"outlet{i}", f"매체{i}"), "story_id": f"story-{i}"}
        for i in range(n)
    ]


def in_parallel(*work):
    """Run the callables at the same moment on threads of their own; their results."""
    barrier, results, errors = threading.Barrier(len(work)), [None] * len(work), []

    def run(i, fn):
        barrier.wait()
        try:
            results[i] = fn()
        except Exception as exc:  # surfaced below, not lost on the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_two_deliverers_at_once_send_every_alert_once(
    tmp_path, webhook, resolver, seeds, db_location
):
    """Two schedulers' (or crawl workers') delivery runs on one outbox at the same time."""
    desk = Desk(
        tmp_path,
        webhook_channel("hook", webhook.url),
        VISIT_RULE.replace("[hook, archive]", "[hook]"),
        resolver,
        state=db_location,
    )
    assert len(desk.record(*stories(seeds["seed_002"], 40))) == 40
    first, second = Outbox(desk.state), Outbox(desk.state)
    try:
        reports = in_parallel(
            *[
                lambda o=o: Dispatcher(
                    o, desk.config, data_dir=desk.data, clock=lambda: desk.now
                ).run()
                for o in (first, second)
            ]
        )
    finally:
        first.close()
        second.close()
    keys = [r.headers["Idempotency-Key"] for r in webhook.requests]
    assert len(keys) == len(set(keys)) == 40  # each alert once, none missed
    assert sum(r.sent for r in reports) == 40 and {m.status for m in desk.messages()} == {"sent"}


def test_two_workers_recording_one_story_at_once_make_one_alert(
    tmp_path, webhook, resolver, seeds, db_location
):
    """Two crawl workers record two outlets' reports of one story at the same moment: the
    second decides while the first has made the story's alert but not yet committed it."""
    desk = Desk(
        tmp_path,
        webhook_channel("hook", webhook.url),
        VISIT_RULE.replace("[hook, archive]", "[hook]"),
        resolver,
        state=db_location,
    )
    report, other = seeds["seed_002"], seeds["seed_003"]  # one meeting, two outlets
    one, two = Outbox(desk.state), Outbox(desk.state)
    second: list = []
    try:
        with one.database.transaction() as conn:  # the first worker, inside its transaction
            matches = [(m.rule_id, None) for m in desk.rules.match(report)]
            assert len(one._record(conn, report, matches, desk.by_id, desk.now)) == 1
            worker = threading.Thread(
                target=lambda: second.append(record(two, desk.rules, desk.by_id, other, desk.now))
            )
            worker.start()
            worker.join(1)
            assert worker.is_alive() and not second  # waits for the first worker's decision
        worker.join()
    finally:
        one.close()
        two.close()
    assert second[0] == (["altman"], [])  # matched, recorded as a copy: no second alert
    assert desk.deliver().sent == 1
    [alert] = webhook.payloads()
    assert [a["title"] for a in alert["articles"]] == [report["title"]]


def test_stories_merged_by_a_later_article_are_alerted_once_more_never(
    tmp_path, webhook, resolver, seeds
):
    """Two reports of one meeting first taken as two stories (each alerted), then merged by a
    third: later copies under either old id, or the merged id, send no new alert."""
    newspim = {**seeds["seed_002"], "story_id": "story-a"}
    other = {**outlet_copy(seeds["seed_002"], 1, "fnnews", "파이낸셜뉴스"), "story_id": "story-b"}
    desk = Desk(
        tmp_path,
        webhook_channel("hook", webhook.url),
        VISIT_RULE.replace("[hook, archive]", "[hook]"),
        resolver,
    )
    assert len(desk.record(newspim)) == 1 and len(desk.record(other)) == 1
    assert desk.deliver().sent == 2

    outbox = Outbox(desk.state)
    outbox.merge_stories(["story-b", "story-a"], "story-m")
    firsts = outbox.database.rows("SELECT story_id, doc_id FROM alert_matches WHERE first = 1")
    outbox.close()
    assert [tuple(r) for r in firsts] == [("story-m", document_id(newspim))]  # the earlier alert

    late = [
        {**outlet_copy(seeds["seed_002"], n, s, o), "story_id": story}
        for n, s, o, story in [
            (2, "ddaily", "디지털데일리", "story-a"),
            (3, "etnews", "전자신문", "story-b"),
            (4, "zdnet", "지디넷", "story-m"),
        ]
    ]
    assert desk.record(*late) == []
    assert desk.deliver(minutes=60).sent == 1  # one update with the three later outlets
    assert [len(p["articles"]) for p in webhook.payloads()] == [1, 1, 1]
    assert {p["articles"][0]["story_id"] for p in webhook.payloads()[2:]} == {"story-m"}
