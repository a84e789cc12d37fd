"""Connecting to Elasticsearch: the user's cluster (``ES_URL``) or the local node.

Credentials come from the environment only (``ES_API_KEY``, or ``ES_USERNAME``
and ``ES_PASSWORD``; ``ES_CA_CERTS`` for a private CA) and are never logged:
:meth:`Connection.describe` is what logs and messages show.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import Elasticsearch

from crawler.config import ElasticsearchSettings
from crawler.elastic.node import LocalNode


class NoCluster(RuntimeError):
    """Neither ES_URL nor a running local node."""


def redact(url: str) -> str:
    """The URL without user:password, for logs and messages."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


@dataclass(frozen=True, repr=False)  # hosts may carry user:password
class Connection:
    hosts: list[str]
    api_key: str | None = None
    basic_auth: tuple[str, str] | None = None
    ca_certs: str | None = None
    verify_certs: bool = True
    request_timeout: float = 30

    def describe(self) -> str:
        auth = (
            "api key"
            if self.api_key
            else f"user {self.basic_auth[0]}"
            if self.basic_auth
            else "credentials in the URL"
            if any(redact(h) != h for h in self.hosts)
            else "no auth"
        )
        return f"{', '.join(redact(h) for h in self.hosts)} ({auth})"

    __str__ = describe

    def __repr__(self) -> str:
        return f"Connection({self.describe()})"

    def client(self, **overrides) -> Elasticsearch:
        options = {
            "hosts": self.hosts,
            "request_timeout": self.request_timeout,
            "api_key": self.api_key,
            "basic_auth": self.basic_auth,
        }
        if any(h.startswith("https:") for h in self.hosts):
            options.update(verify_certs=self.verify_certs, ca_certs=self.ca_certs)
        options.update(overrides)
        return Elasticsearch(**{k: v for k, v in options.items() if v is not None})


def resolve(settings: ElasticsearchSettings, data_dir: Path | None = None) -> Connection:
    """The cluster to talk to: ES_URL when set, otherwise the running local node."""
    env = os.environ
    if env.get("ES_URL"):
        hosts = [h.strip() for h in env["ES_URL"].split(",") if h.strip()]
    else:
        url = LocalNode(data_dir, settings.local_node).url()
        if not url:
            raise NoCluster(
                "no Elasticsearch cluster: set ES_URL to your cluster, or start the "
                "local node with `newsmon es start`"
            )
        hosts = [url]
    basic = None
    if env.get("ES_USERNAME"):
        basic = (env["ES_USERNAME"], env.get("ES_PASSWORD", ""))
    return Connection(
        hosts=hosts,
        api_key=env.get("ES_API_KEY") or None,
        basic_auth=basic,
        ca_certs=env.get("ES_CA_CERTS") or None,
        verify_certs=settings.verify_certs,
        request_timeout=settings.request_timeout,
    )
