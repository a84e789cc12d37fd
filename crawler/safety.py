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

Hosts of sources with ``allow_private: true`` (an intranet mirror, the test
suite's server) and the loopback mirror (:mod:`crawler.mirror`) are allowed.
The allow-list is per process, like the resolver: one crawl per process.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

_allowed: set[str] = set()


def allow_hosts(hosts: Iterable[str | None]) -> None:
    _allowed.update(h.lower() for h in hosts if h)


def is_allowed(host: str) -> bool:
    return host.lower() in _allowed


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


def refuse_host(host: str) -> str | None:
    """Why a request to *host* must not be sent, judged from the name alone; None if it may."""
    host = host.lower()
    if is_allowed(host):
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    reason = non_public(host)
    return f"{reason} address" if reason else None


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
            raise DNSLookupError(
                f"{name} resolves to {address}, a {reason} address: refused "
                "(allow_private: true on the source allows it)"
            )
        return address
