"""Offline mirrors: crawl the real source profiles against saved pages.

A mirror is a directory laid out by host and path, the way ``wget -x`` saves
pages::

    DIR/www.fnnews.com/rss/r20/fn_realnews_all.xml
    DIR/www.fnnews.com/news/202502041620123456
    DIR/www.example.co.kr/news/articleView.html?idxno=123   (query kept in the name)
    DIR/v.daum.net/robots.txt
    DIR/<host>/<dir>/index.html                            (for a URL ending in '/')

A URL with a query string that has no file of its own is served the file of
its bare path, if there is one (one saved answer for every search query).

with an optional sidecar ``<file>.http.json`` where a page needs more than
"200 and the bytes" -- the file need not exist when the sidecar says all::

    {"status": 301, "headers": {"Location": "https://host/new-path"}}
    {"headers": {"Content-Type": "text/html", "Retry-After": "1"}}
    {"responses": [{"status": 500}, {"status": 429, "headers": {"Retry-After": "1"}}]}

``responses`` are served in order, one per request, before the file itself.
Header values of ``null`` remove a default header (e.g. no Content-Type).
Every 200 carries an ETag and Last-Modified and honours conditional requests,
like a real web server, so "not modified" works offline too.

:class:`MirrorServer` serves such a directory over real HTTP on loopback,
choosing the host directory by the ``Host`` header (name-based virtual
hosting).  :class:`MirrorDownloadHandler` maps the real hosts onto it: when
the ``NEWSMON_MIRROR`` setting names a directory (a server is started for it)
or a running mirror's URL, every http(s) request is sent to the mirror with
its original ``Host``, and the response comes back under the original URL.
Everything above the download handler -- robots.txt per host, redirects,
retries, per-domain slots, the state store, the items -- sees only the real
URLs, so a mirror crawls exactly like the live site and never touches the
network.  The test suite, ``make demo`` and ``newsmon crawl --mirror`` all
use this one mechanism.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import mimetypes
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Headers
from scrapy.utils.misc import build_from_crawler

from crawler import safety

logger = logging.getLogger(__name__)

SIDECAR = ".http.json"


@dataclass(frozen=True)
class Hit:
    """One request the mirror answered."""

    host: str
    target: str  # path and query, as requested
    status: int
    method: str = "GET"
    conditional: bool = False

    @property
    def url(self) -> str:
        return f"https://{self.host}{self.target}"


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    body: bytes


def _locate(root: Path, host: str, target: str) -> tuple[Path | None, Path | None]:
    """(file, sidecar) for a request; either may be None.  Never leaves *root*."""
    parts = urlsplit(target)
    path = unquote(parts.path) or "/"
    if path.endswith("/"):
        path += "index.html"
    if any(segment in ("..", ".") for segment in path.split("/")):
        return None, None
    base = root / host
    names = [path.lstrip("/")]
    if parts.query:  # the query is part of the file name; without a file for it, the bare path
        names = [f"{names[0]}?{parts.query}", f"{names[0]}?{unquote(parts.query)}", names[0]]
    for name in dict.fromkeys(names):
        candidate = base / name
        sidecar = candidate.with_name(candidate.name + SIDECAR)
        found = candidate if candidate.is_file() else None
        if found or sidecar.is_file():
            return found, sidecar if sidecar.is_file() else None
    return None, None


def _content_type(path: Path, body: bytes) -> str:
    name = path.name.split("?", 1)[0]
    guessed = mimetypes.guess_type(name)[0]
    if guessed:
        return guessed  # no charset: the page (meta tag, XML declaration) says it, as on many sites
    head = body[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<rss", b"<urlset")):
        return "application/xml"
    if head.startswith((b"{", b"[")):
        return "application/json; charset=utf-8"
    if head.startswith(b"<"):
        return "text/html"
    return "application/octet-stream"


class MirrorServer:
    """A threaded HTTP server on loopback that replays a mirror directory."""

    def __init__(
        self, root: Path | str, host: str = "127.0.0.1", port: int = 0, latency: float = 0.0
    ):
        self.root = Path(root).resolve()
        self.latency = latency  # seconds before every answer, as from a real site far away
        if not self.root.is_dir():
            raise FileNotFoundError(f"mirror directory not found: {self.root}")
        self.hits: list[Hit] = []
        self._counts: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self._httpd = _QuietServer((host, port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> MirrorServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="mirror", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(self, *_) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget the request log and the position in every response sequence."""
        with self._lock:
            self.hits.clear()
            self._counts.clear()

    def page(self, host: str, target: str, request_headers) -> Page:
        file, sidecar = _locate(self.root, host, target)
        if file is None and sidecar is None:
            return Page(
                404,
                {"Content-Type": "text/html; charset=utf-8"},
                b"<html><body><h1>404 Not Found</h1></body></html>",
            )
        spec = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar else {}
        with self._lock:
            n = self._counts.get((host, target), 0)
            self._counts[(host, target)] = n + 1
        sequence = spec.get("responses", [])
        if n < len(sequence):
            spec = {**spec, **sequence[n]}
        body = file.read_bytes() if file and spec.get("body", True) else b""
        status = int(spec.get("status", 200))
        headers = {"Content-Type": _content_type(file or sidecar, body)}
        if status == 200 and file:
            stamp = file.stat().st_mtime
            headers["ETag"] = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
            headers["Last-Modified"] = email.utils.formatdate(stamp, usegmt=True)
            if _not_modified(request_headers, headers["ETag"], stamp):
                return Page(304, {k: headers[k] for k in ("ETag", "Last-Modified")}, b"")
        for name, value in spec.get("headers", {}).items():
            if value is None:
                headers.pop(name, None)
            else:
                headers[name] = str(value)
        return Page(status, headers, body)


def _not_modified(request_headers, etag: str, mtime: float) -> bool:
    if request_headers.get("If-None-Match"):
        return etag in [t.strip() for t in request_headers["If-None-Match"].split(",")]
    since = request_headers.get("If-Modified-Since")
    if since:
        try:
            return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


class _QuietServer(ThreadingHTTPServer):
    """A client hanging up early (a crawler enforcing its size limit) is not an error here."""

    def handle_error(self, request, client_address) -> None:
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            logger.debug("mirror: %s hung up", client_address)
        else:
            super().handle_error(request, client_address)


def _handler_for(server: MirrorServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "newsmon-mirror"

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def _answer(self, send_body: bool) -> None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]").lower()
            if server.latency:
                time.sleep(server.latency)
            page = server.page(host, self.path, self.headers)
            with server._lock:
                server.hits.append(
                    Hit(
                        host,
                        self.path,
                        page.status,
                        self.command,
                        bool(
                            self.headers.get("If-None-Match")
                            or self.headers.get("If-Modified-Since")
                        ),
                    )
                )
            self.send_response(page.status)
            for name, value in page.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            if send_body and page.body:
                self.wfile.write(page.body)

        def log_message(self, format: str, *args) -> None:
            logger.debug("mirror: %s", format % args)

    return Handler


class MirrorDownloadHandler(BaseDownloadHandler):
    """Download handler for http/https that sends every request to the mirror.

    Installed by :class:`MirrorAddon` only when ``NEWSMON_MIRROR`` is set.
    """

    lazy = False

    def __init__(self, crawler):
        super().__init__(crawler)
        target = crawler.settings.get("NEWSMON_MIRROR")
        self.server = None
        if str(target).startswith(("http://", "https://")):
            self.base = str(target).rstrip("/")
        else:
            self.server = MirrorServer(Path(target).expanduser()).start()
            self.base = self.server.url
            logger.info("serving mirror %s at %s", self.server.root, self.base)
        safety.allow_hosts([urlsplit(self.base).hostname])  # the mirror may resolve to loopback
        self.http = build_from_crawler(HTTP11DownloadHandler, crawler)

    async def download_request(self, request):
        parts = urlsplit(request.url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        headers = Headers(request.headers)
        headers["Host"] = parts.netloc
        headers["X-Forwarded-Proto"] = parts.scheme
        local = request.replace(url=self.base + target, headers=headers)
        response = await self.http.download_request(local)
        return response.replace(url=request.url)

    async def close(self) -> None:
        await self.http.close()
        if self.server:
            self.server.stop()


class MirrorAddon:
    """Scrapy add-on: with ``NEWSMON_MIRROR`` set, http and https go to the mirror."""

    def update_settings(self, settings) -> None:
        if not settings.get("NEWSMON_MIRROR"):
            return
        handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
        handlers.update(
            http="crawler.mirror.MirrorDownloadHandler",
            https="crawler.mirror.MirrorDownloadHandler",
        )
        settings.set("DOWNLOAD_HANDLERS", handlers, priority="cmdline")
