"""Shared fixtures: the real Elasticsearch node, a real Redis server.

The suite talks to a real cluster: ``ES_URL`` when set (a user's own cluster,
credentials from ES_API_KEY or ES_USERNAME/ES_PASSWORD), otherwise the
embedded node from ``tools/es-node``, started once per session in a temporary
data directory.  If no node can start, the tests that need one fail with the
reason; they never skip.  The scale-out tests get a real Redis server
(Debian's ``redis-server``, which ``make test`` installs) on loopback, with a
password, in a temporary directory, and a real PostgreSQL server (Debian's
``postgresql``, likewise) with a database of their own per test.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from pgserver import PostgresServer
from redisserver import RedisServer

from crawler.config import ElasticsearchSettings, LocalNodeSettings
from crawler.elastic.client import Connection, resolve
from crawler.elastic.node import LocalNode, NodeError

FIXTURES = Path(__file__).parent / "fixtures"
REDIS_PASSWORD = "redis-password-never-logged"
POSTGRES_PASSWORD = "pg-password-never-logged"


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """An empty data directory (NEWSMON_DATA_DIR) for one test."""
    directory = tmp_path / "data"
    directory.mkdir()
    monkeypatch.setenv("NEWSMON_DATA_DIR", str(directory))
    return directory


@pytest.fixture(scope="session")
def es_url(tmp_path_factory: pytest.TempPathFactory):
    if os.environ.get("ES_URL"):
        yield os.environ["ES_URL"].split(",")[0]
        return
    node = LocalNode(tmp_path_factory.mktemp("es-data"), LocalNodeSettings(start_timeout=300))
    try:
        url = node.start()
    except NodeError as exc:
        pytest.fail(
            f"these tests need a real Elasticsearch node and none could be started "
            f"(set ES_URL to use an existing cluster): {exc}",
            pytrace=False,
        )
    yield url
    node.stop()


@pytest.fixture(scope="session")
def es_connection(es_url: str) -> Connection:
    if os.environ.get("ES_URL"):
        return resolve(ElasticsearchSettings())
    return Connection(hosts=[es_url])


@pytest.fixture(scope="session")
def es(es_connection: Connection):
    client = es_connection.client()
    yield client
    client.close()


@pytest.fixture
def es_index(es) -> str:
    """A fresh index name, deleted after the test."""
    name = f"newsmon-test-{uuid.uuid4().hex[:10]}"
    yield name
    es.options(ignore_status=404).indices.delete(index=name)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory):
    """``redis://:<password>@127.0.0.1:<port>/0`` of a Redis server started for the session."""
    server = RedisServer(tmp_path_factory.mktemp("redis"), REDIS_PASSWORD)
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(f"these tests need a real Redis server: {exc}", pytrace=False)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server started for the session (user newsmon, a password)."""
    server = PostgresServer(POSTGRES_PASSWORD)
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(f"these tests need a real PostgreSQL server: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres) -> str:
    """``postgresql://newsmon:<password>@127.0.0.1:<port>/<db>``: an empty database of its own."""
    return postgres.create_database()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_location(request, tmp_path) -> str:
    """Where a store under test keeps its tables, once per backend: an SQLite file, or an
    empty PostgreSQL database.  Two stores opened on it are two processes sharing it."""
    if request.param == "sqlite":
        return str(tmp_path / "state.sqlite")
    return request.getfixturevalue("pg_url")
