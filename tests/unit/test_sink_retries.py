"""The bulk sink is the one retry of its requests: the client does not repeat them again.

In front of the cluster stands what users often put there, a load balancer; with
no node behind it, it answers every request with 503.  A local HTTP server plays
it and counts the requests.  The Elasticsearch client would retry a 503 three
times on its own, inside each of the sink's attempts (4 x 3 requests instead of 3).
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from elasticsearch import ApiError

from crawler.elastic.client import Connection
from crawler.elastic.sink import BulkSink, count
from crawler.elastic.spool import DeadLetters, Spool


class NoNodeAvailable(ThreadingHTTPServer):
    """A load balancer on 127.0.0.1 whose cluster is gone: 503 for every request."""

    def __init__(self) -> None:
        self.requests: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def _unavailable(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.server.requests.append(f"{self.command} {self.path}")
                body = json.dumps({"error": "no healthy upstream", "status": 503}).encode()
                self.send_response(503)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_HEAD = _unavailable

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def balancer():
    server = NoNodeAvailable()
    yield server
    server.shutdown()
    server.server_close()


def test_an_unavailable_cluster_gets_one_request_per_attempt_then_the_spool(balancer, tmp_path):
    client = Connection([balancer.url]).client()  # the client's own defaults: 3 retries on 503
    waits: list[float] = []
    sink = BulkSink(
        client,
        "newsmon-articles",
        Spool(tmp_path / "spool"),
        DeadLetters(tmp_path / "dead.jsonl"),
        max_retries=2,
        backoff=0.5,
        sleep=waits.append,
    )
    for n in range(3):
        sink.add(
            {
                "url": f"https://www.newspim.com/news/view/2025020400{n:04d}",
                "title": f"기사 {n}",
                "content_hash": f"h{n}",
            }
        )
    assert count(sink.flush()) == {"spooled": 3}
    assert len(balancer.requests) == 3  # the first attempt and 2 retries, each sent once
    assert all(r.startswith("POST /newsmon-articles/_mget") for r in balancer.requests)
    assert waits == [0.5, 1.0]  # the sink's backoff: doubled per attempt
    assert sink.spool.count() == 3  # nothing lost

    balancer.requests.clear()  # the caller's client keeps its retries for its other uses
    with pytest.raises(ApiError):
        client.info()
    assert len(balancer.requests) == 4
