"""Keyword alerts: rules matched on enriched documents, delivered once per rule and story.

- :mod:`crawler.alerts.config` -- ``config/alerts.yaml``: rules, channels, delivery
  (validated with file/line/key; queries compiled by :mod:`enrich.alertquery`);
- :mod:`crawler.alerts.outbox` -- the durable outbox in the state store: the
  "once per (rule, story)" decision and the messages to send, in one transaction;
- :mod:`crawler.alerts.content` -- what a message says (JSON, Slack, e-mail text);
- :mod:`crawler.alerts.channels` -- webhook, e-mail (SMTP), file (JSONL);
- :mod:`crawler.alerts.dispatch` -- digests and updates when due, sending with
  retry and backoff, ``failed`` after the last attempt.

The crawl's item pipeline (:mod:`crawler.pipelines.alerts`) records matches and
kicks delivery; ``newsmon schedule`` delivers what is due between crawls
(retries, digests); ``newsmon alerts`` shows and flushes the outbox.
"""
