"""Connecting to Elasticsearch: the user's cluster (``ES_URL``) or the local node.

Credentials come from the environment only (``ES_API_KEY``, or ``ES_USERNAME``
and ``ES_PASSWORD``; ``ES_CA_CERTS`` for a private CA) and are never logged:
:meth:`Connection.describe` is what logs and messages show.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import ApiError, ConnectionTimeout, Elasticsearch, TransportError

from crawler.config import ConfigError, ElasticsearchSettings
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


def cluster_hosts(value: str) -> list[str]:
    """ES_URL's comma-separated node URLs, each with the scheme, host and port the client
    needs: a typo fails here, at start-up, not as a traceback from inside the client."""
    hosts = [h.strip() for h in value.split(",") if h.strip()]
    for host in hosts:
        try:
            parts = urlsplit(host)
            port = parts.port
        except ValueError:
            parts, port = None, None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            problem = "is not an http:// or https:// URL"
        elif port is None:
            problem = "has no port"
        else:
            continue
        raise ConfigError(
            "environment",
            f"{redact(host) if parts else '(unparsable)'} {problem} "
            "(expected e.g. https://es.example.com:9200)",
            key="ES_URL",
        )
    return hosts


_LOW_LEVEL = re.compile(r"\[Errno -?\d+\] ([^()\]\[\"']+)|(CERTIFICATE_VERIFY_FAILED[^()\]\[\"']*)")


def low_level_reason(text: str) -> str | None:
    """The operating system's or TLS's words at the bottom of a nested connection error
    ("Connection refused", "Name or service not known"), or None."""
    found = _LOW_LEVEL.findall(text)
    return "".join(found[-1]).strip().rstrip(".") if found else None


def short_reason(exc: Exception) -> str:
    """What went wrong talking to the cluster, in a few words: the client's own message nests
    the same connection error three deep."""
    if isinstance(exc, ConnectionTimeout):
        return "no answer in time (timed out)"
    if isinstance(exc, ApiError):
        return f"{exc.meta.status} {exc.message}"
    if isinstance(exc, TransportError):
        texts, seen = [], exc  # the low-level cause ([Errno 111] ...) sits in the chain
        while seen is not None and len(texts) < 10:
            texts.append(str(seen))
            seen = seen.__cause__ or next(iter(getattr(seen, "errors", ()) or ()), None)
        return low_level_reason(" ".join(texts)) or str(exc)
    return str(exc)


def resolve(settings: ElasticsearchSettings, data_dir: Path | None = None) -> Connection:
    """The cluster to talk to: ES_URL when set, otherwise the running local node."""
    env = os.environ
    if env.get("ES_URL"):
        hosts = cluster_hosts(env["ES_URL"])
    else:
        url = LocalNode(data_dir, settings.local_node).url()
        if not url:
            raise NoCluster(
                "no Elasticsearch cluster: set ES_URL to your cluster, or start the "
                "local node with `newsmon es start`"
            )
        hosts = [url]
    if env.get("ES_CA_CERTS") and not Path(env["ES_CA_CERTS"]).is_file():
        raise ConfigError("environment", f"{env['ES_CA_CERTS']}: no such file", key="ES_CA_CERTS")
    if env.get("ES_PASSWORD") and not env.get("ES_USERNAME"):
        raise ConfigError(
            "environment", "ES_PASSWORD is set but ES_USERNAME is not", key="ES_USERNAME"
        )
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
