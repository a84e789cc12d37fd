"""What an alert says: built from the outbox when it is sent, rendered per channel.

One shape for the three kinds of message -- ``alert`` (a story's first match),
``update`` (more outlets on stories already alerted) and ``digest`` (a rule's
matches of the last N minutes) -- a list of stories, each with the article
that matched (title, outlet, time, URL, snippet, story id) and the other
outlets covering the same story.  Rendered as JSON (webhook, file), a
Slack-compatible payload, or an e-mail subject and body in Korean.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone

from crawler.alerts.outbox import Item, Message, StoryDoc

KST = timezone(timedelta(hours=9))
SLACK_MAX_ARTICLES = 40  # Slack allows 50 blocks a message
KIND_LABEL = {"alert": "새 기사", "update": "추가 보도", "digest": "요약"}


@dataclass(frozen=True)
class Outlet:
    outlet: str | None
    title: str | None
    url: str
    published_at: str | None


@dataclass(frozen=True)
class Article:
    title: str | None
    outlet: str | None
    source: str | None
    published_at: str | None
    url: str
    snippet: str | None
    story_id: str
    update: bool  # the story was alerted in an earlier message; these are more outlets
    other_outlets: tuple[Outlet, ...]


@dataclass(frozen=True)
class Content:
    key: str
    kind: str
    rule_id: str
    rule_name: str
    channel: str
    created_at: str
    articles: tuple[Article, ...]
    carried: tuple[str, ...]  # ids of every document this message accounts for

    def to_json(self) -> dict:
        return {
            "id": self.key,
            "kind": self.kind,
            "rule": {"id": self.rule_id, "name": self.rule_name},
            "channel": self.channel,
            "created_at": self.created_at,
            "articles": [asdict(a) for a in self.articles],
        }

    def subject(self) -> str:
        if self.kind == "alert" and len(self.articles) == 1:
            return f"[newsmon] {self.rule_name}: {self.articles[0].title or self.articles[0].url}"
        return f"[newsmon] {self.rule_name}: {KIND_LABEL[self.kind]} {len(self.articles)}건"

    def text(self) -> str:
        """The plain-text body (e-mail)."""
        lines = [f"알림 규칙: {self.rule_name} ({self.rule_id})", ""]
        for a in self.articles:
            lines.append(f"■ {a.title or a.url}" + (" [추가 보도]" if a.update else ""))
            lines.append(
                f"  {' · '.join(x for x in (a.outlet or a.source, when(a.published_at)) if x)}"
            )
            lines.append(f"  {a.url}")
            if a.snippet:
                lines.append(f"  {a.snippet}")
            if a.other_outlets:
                lines.append("  같은 소식을 다룬 다른 매체:")
                lines += [
                    f"   - {o.outlet or ''} {o.title or ''} {o.url}".rstrip()
                    for o in a.other_outlets
                ]
            lines += [f"  스토리 ID: {a.story_id}", ""]
        lines.append(f"-- newsmon (알림 ID {self.key})")
        return "\n".join(lines)

    def slack(self) -> dict:
        """A Slack incoming-webhook payload: ``text`` (notifications) and mrkdwn blocks."""
        blocks: list[dict] = [
            {
                "type": "header",
                "text": {"type": "plain_text", "emoji": False, "text": self.subject()[:150]},
            }
        ]
        for a in self.articles[:SLACK_MAX_ARTICLES]:
            parts = [
                f"*<{a.url}|{_slack(a.title or a.url)}>*" + (" _(추가 보도)_" if a.update else ""),
                " · ".join(_slack(x) for x in (a.outlet or a.source, when(a.published_at)) if x),
            ]
            if a.snippet:
                parts.append("> " + _slack(a.snippet))
            if a.other_outlets:
                parts.append(
                    "다른 매체: "
                    + ", ".join(f"<{o.url}|{_slack(o.outlet or o.url)}>" for o in a.other_outlets)
                )
            blocks.append(
                {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(parts)[:3000]}}
            )
        if len(self.articles) > SLACK_MAX_ARTICLES:
            blocks.append(
                {
                    "type": "context",
                    "elements": [
                        {
                            "type": "mrkdwn",
                            "text": f"외 {len(self.articles) - SLACK_MAX_ARTICLES}건",
                        }
                    ],
                }
            )
        return {"text": self.subject(), "blocks": blocks}


def _slack(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def when(value: str | None) -> str | None:
    """An ISO time as Korean readers expect it: "2025-02-04 16:20" (KST)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(KST)
    return moment.strftime("%Y-%m-%d %H:%M")


def snippet(doc: dict, words: tuple[str, ...] | list[str] = (), width: int = 180) -> str:
    """About *width* characters of the body around the first of *words* it contains
    (the lead when none is found), on one line."""
    text = " ".join((doc.get("body") or "").split())
    if not text:
        return ""
    lower = text.lower()
    found = [p for p in (lower.find(w.lower()) for w in words if w) if p >= 0]
    start = max(0, min(found) - width // 3) if found else 0
    if start:
        space = text.find(" ", start, start + 20)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def build(
    message: Message, items: list[Item], story_docs: list[StoryDoc], rule_name: str
) -> Content:
    """The message's content: one entry per story, its earliest matched article first."""
    by_story: dict[str, list[Item]] = {}
    for item in items:
        by_story.setdefault(item.story_id, []).append(item)
    articles = []
    for story_id, story_items in by_story.items():
        main = story_items[0]
        others = tuple(
            Outlet(d.outlet or d.source, d.title, d.url, d.published_at)
            for d in story_docs
            if d.story_id == story_id and d.doc_id != main.doc_id
        )
        articles.append(
            Article(
                main.title,
                main.outlet,
                main.source,
                main.published_at,
                main.url,
                main.snippet,
                story_id,
                not any(i.first for i in story_items),
                others,
            )
        )
    return Content(
        message.key,
        message.kind,
        message.rule_id,
        rule_name,
        message.channel,
        message.created_at,
        tuple(articles),
        tuple(i.doc_id for i in items),
    )
