"""Where newsmon finds its configuration, its sources, its launcher and its data.

A user runs newsmon from a checkout (`make demo`, `scrapy crawl`) or from an
installed package (`newsmon demo`).  Configuration is looked up in this order
so that both work and a deployment can point elsewhere without editing files:

1. ``NEWSMON_CONFIG_DIR`` / ``NEWSMON_SEEDS_DIR`` in the environment;
2. ``config/`` and ``seeds/`` in the current directory (a checkout, or a
   deployment directory laid out like one);
3. the copies shipped with the package (``<prefix>/share/newsmon``) or, for an
   editable install, the checkout the package was installed from.

All local state (Elasticsearch node data, state store, spool, logs and, for an
installed package, the node's Maven build) lives under one data directory:
``NEWSMON_DATA_DIR``, default ``./var``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from enrich.yamlfile import config_dir, locate  # one lookup for crawler and enrich

__all__ = ["config_dir", "data_dir", "launcher_dir", "launcher_target", "seeds_dir"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARE_DIR = Path(sys.prefix) / "share" / "newsmon"
CHECKOUT_LAUNCHER = PROJECT_ROOT / "tools" / "es-node"


def seeds_dir() -> Path:
    return locate("NEWSMON_SEEDS_DIR", "seeds")


def launcher_dir() -> Path:
    """The Elasticsearch launcher's Maven project (tools/es-node)."""
    for candidate in (CHECKOUT_LAUNCHER, SHARE_DIR / "tools" / "es-node"):
        if (candidate / "pom.xml").is_file():
            return candidate
    return CHECKOUT_LAUNCHER


def launcher_target(data: Path | None = None) -> Path:
    """Where Maven builds the launcher.

    In a checkout, ``tools/es-node/target``: the one ``make launcher`` and the
    test suite use.  The copy installed under ``<prefix>/share/newsmon`` may be
    read-only (a system Python), and build output there would outlive
    ``pip uninstall``; it is built in the data directory (*data*, default
    :func:`data_dir`) instead, once per data directory.
    """
    if launcher_dir() == CHECKOUT_LAUNCHER:
        return CHECKOUT_LAUNCHER / "target"
    return (data or data_dir()) / "es-node-build"


def data_dir() -> Path:
    return Path(os.environ.get("NEWSMON_DATA_DIR") or "var").expanduser().resolve()
