"""The enrichment fixtures (tests/fixtures/enrich/), importable by the enrich test modules."""

from __future__ import annotations

import json
from pathlib import Path

ENRICH_FIXTURES = Path(__file__).parents[1] / "fixtures" / "enrich"
# Clean versions of the five seeds (headline, subtitles, body; no captions,
# bylines, related lists, teasers or widgets) and the teaser of seed 003 as an
# article of its own.
SEEDS = ("seed_000", "seed_001", "seed_002", "seed_003", "seed_004", "ddareungi_003")
VISITS = ("seed_000", "seed_001", "seed_002", "seed_003")


def load_enrich_fixture(name: str) -> dict:
    return json.loads((ENRICH_FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
