"""Fixtures of the alert tests: real receivers (HTTP webhook, SMTP with STARTTLS), the real
query resolver (Kiwi, entity dictionary), the seed articles enriched with real story ids, and
configuration/data directories of their own."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from configcopy import copy_config

sys.path.insert(0, str(Path(__file__).parent))
from receivers import SMTP_PASSWORD, SMTP_USER, SmtpReceiver, WebhookReceiver, self_signed

HERE = Path(__file__).parent
REPO = HERE.parents[1]

# The clean seed articles of tests/fixtures/enrich (002 and 003: one meeting, two outlets).
SEEDS = ("seed_000", "seed_001", "seed_002", "seed_003", "seed_004")


@pytest.fixture
def webhook():
    receiver = WebhookReceiver()
    yield receiver
    receiver.down()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def smtp(tls_files):
    receiver = SmtpReceiver(tls_files, SMTP_USER, SMTP_PASSWORD).start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def resolver():
    from crawler.alerts.config import default_resolver

    return default_resolver()


@pytest.fixture(scope="session")
def seeds() -> dict[str, dict]:
    """The seed articles through enrich.analyze with a story index: seed_002 and seed_003 (two
    outlets, one meeting) share a story id."""
    from enrich.analyze import analyze_many
    from enrich.stories import StoryIndex

    fixtures = [
        json.loads((REPO / "tests" / "fixtures" / "enrich" / f"{name}.json").read_text("utf-8"))
        for name in SEEDS
    ]
    docs = analyze_many(fixtures, clusterer=StoryIndex())
    return dict(zip(SEEDS, docs, strict=True))


@pytest.fixture(scope="session")
def analyse():
    """Enrich a small made-up article (title, body) as a crawl would."""
    from enrich.analyze import analyze

    def run(title: str, body: str, **fields) -> dict:
        return analyze(
            {
                "title": title,
                "body": body,
                "published_at": "2025-02-26T09:00:00+09:00",
                "url": fields.pop("url", f"https://example.kr/{abs(hash(title))}"),
                **fields,
            }
        )

    return run


@pytest.fixture
def config_dir(tmp_path, monkeypatch) -> Path:
    """A copy of config/ that a test may add alerts.yaml and schedule.yaml to."""
    directory = copy_config(tmp_path / "config", drop=("alerts.yaml", "schedule.yaml"))
    monkeypatch.setenv("NEWSMON_CONFIG_DIR", str(directory))
    return directory
