"""Loading and validating configuration once, at start-up.

``config/newsmon.yaml``'s settings, and where the other files of ``config/`` and
``seeds/`` are.  Every file is read and validated by :mod:`enrich.yamlfile`,
the loader both packages share: a mistake is one :class:`ConfigError` that
names the file, the line, the key and what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field

from crawler import paths
from enrich.errors import ConfigError  # noqa: F401 -- crawler's modules import it from here
from enrich.yamlfile import Strict, load_model


def is_http_url(url: str) -> bool:
    """An absolute http(s) URL with a host: what a source, a webhook or Kibana is given."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def config_file(name: str) -> Path:
    return paths.config_dir() / name


def seeds_file(name: str) -> Path:
    return paths.seeds_dir() / name


class LocalNodeSettings(Strict):
    heap: str = Field("512m", pattern=r"^\d+[mg]$")
    port: int = Field(0, ge=0, le=65535)  # 0: a free port
    processors: int = Field(2, ge=1)
    start_timeout: float = Field(180, gt=0)


class BulkSettings(Strict):
    batch_size: int = Field(500, ge=1, le=10_000)
    max_wait: float = Field(5.0, gt=0)  # seconds a document may wait for its batch
    max_retries: int = Field(5, ge=0)  # then the batch goes to the on-disk spool
    backoff: float = Field(0.5, gt=0)  # first retry delay; doubles each time (max 30 s)


class ElasticsearchSettings(Strict):
    alias: str = Field("newsmon-articles", pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    index_version: int = Field(1, ge=1)
    request_timeout: float = Field(30, gt=0)
    verify_certs: bool = True
    bulk: BulkSettings = BulkSettings()
    local_node: LocalNodeSettings = LocalNodeSettings()


class RedisFrontierSettings(Strict):
    key_prefix: str = Field("newsmon", pattern=r"^[A-Za-z0-9_.:-]+$")
    worker_timeout: float = Field(60, ge=5)  # seconds without a heartbeat: the worker is gone


class CrawlSettings(Strict):
    frontier: Literal["local", "redis"] = "local"
    workers: int = Field(1, ge=1, le=64)  # processes per `newsmon crawl` (more than 1: redis)
    redis: RedisFrontierSettings = RedisFrontierSettings()


class Settings(Strict):
    elasticsearch: ElasticsearchSettings = ElasticsearchSettings()
    crawl: CrawlSettings = CrawlSettings()


def load_settings(path: Path | None = None) -> Settings:
    return load_model(path or config_file("newsmon.yaml"), Settings)
