"""Where the crawler may connect: public http(s) hosts only.

A news page can link anywhere, a redirect can point anywhere and a host name
can resolve to anything, including the machine the crawler runs on or its
private network.  Two checks keep requests on the public web:

- :class:`crawler.middlewares.SafetyMiddleware` refuses, before anything is
  sent, URLs whose scheme is not http(s) and URLs whose host is a literal
  private, loopback, link-local or otherwise non-public address (or
  ``localhost``);
- :class:`SafeResolver`, Scrapy's DNS resolver, refuses a host name whose
  address is one of those, so a public-looking name cannot lead inside
  either.

Sources with ``allow_private: true`` (an intranet mirror, the test suite's
server) are allowed on their own origins only -- the scheme, host and port of
their site and discovery URLs: another port of an allowed host (on 127.0.0.1,
Elasticsearch's 9200) stays refused, whatever redirects there.  The resolver,
which sees no port, lets those hosts (and the loopback mirror of
:mod:`crawler.mirror`) resolve to private addresses; the middleware checks the
origin.  A host the resolver refuses is remembered, so that the failed request
is reported as a refusal (:func:`refusal_for`), not as a DNS error to retry.
The allow-lists are per process, like the resolver: one crawl per process.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]  # scheme, host (lower case), port

_resolvable: set[str] = set()  # host names that may resolve to non-public addresses
_origins: set[Origin] = set()  # non-public origins requests may go to
_refused: dict[str, str] = {}  # host name -> why the resolver refused it


def origin(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL, the default port filled in; None otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:  # a port out of range
        return None
    return parts.scheme, parts.hostname.lower(), port


def allow_hosts(hosts: Iterable[str | None]) -> None:
    """Let these host names resolve to non-public addresses (the loopback mirror)."""
    _resolvable.update(h.lower() for h in hosts if h)


def allow_origins(origins: Iterable[Origin]) -> None:
    """Let requests go to these non-public origins (sources with ``allow_private``)."""
    origins = set(origins)
    _origins.update(origins)
    allow_hosts(host for _, host, _ in origins)


def is_allowed(host: str) -> bool:
    """*host* may resolve to a non-public address."""
    return host.lower() in _resolvable


def non_public(address: str) -> str | None:
    """Why *address* (an IP literal) is not a public address, or None (also for host names)."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return None
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    for reason in ("unspecified", "loopback", "link_local", "multicast", "reserved", "private"):
        if getattr(ip, f"is_{reason}"):
            return reason.replace("_", "-")
    return None if ip.is_global else "not global"


def private_host(host: str) -> str | None:
    """Why *host* is not public, judged from the name alone (``localhost``, a non-public IP
    literal), or None: what a source needs ``allow_private`` for."""
    host = host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback address"
    reason = non_public(host)
    return f"{reason} address" if reason else None


def refuse_url(url: str) -> str | None:
    """Why a request to *url* must not be sent, judged before any DNS look-up; None if it may."""
    scheme = urlsplit(url).scheme
    if scheme not in DEFAULT_PORTS:
        return f"scheme {scheme!r} is not http(s)"
    where = origin(url)
    if where is None:
        return "no host, or a port out of range"
    if where in _origins:
        return None
    scheme, host, port = where
    allowed = sorted(f"{s}://{h}:{p}" for s, h, p in _origins if h == host)
    if allowed:  # another port or scheme of a host allowed on one origin
        return (
            f"{scheme}://{host}:{port} is not the source's own address "
            f"(allow_private covers {', '.join(allowed)} only)"
        )
    return private_host(host)


def refusal_for(host: str | None) -> str | None:
    """Why the resolver refused *host* in this process, if it did."""
    return _refused.get((host or "").lower())


class SafeResolver(CachingThreadedResolver):
    """Scrapy's caching resolver that will not hand out non-public addresses."""

    def getHostByName(self, name: str, timeout=()):
        d = super().getHostByName(name, timeout)
        d.addCallback(self._check, name)
        return d

    @staticmethod
    def _check(address: str, name: str) -> str:
        reason = non_public(address)
        if reason and not (is_allowed(name) or is_allowed(address)):
            _refused[name.lower()] = (
                f"{name} resolves to {address}, a {reason} address "
                "(allow_private: true on the source allows it)"
            )
            raise DNSLookupError(f"refused: {_refused[name.lower()]}")
        return address
