"""Kibana saved objects: checked against the rules Kibana 8.19 (docker-compose.yml) applies
when it imports and renders them (tests/unit/kibana_schema.py, from Kibana's source) and
against the index template, and the import request against a real local HTTP receiver
(there is no Kibana on the build machines)."""

from __future__ import annotations

import copy
import email.parser
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from kibana_schema import data_view_fields, problems

from crawler.cli import main
from crawler.elastic.kibana import saved_objects

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = json.loads((REPO / "config/elasticsearch/articles.template.json").read_text())


def mapped_fields(properties: dict, prefix: str = "") -> set[str]:
    fields = set()
    for name, spec in properties.items():
        path = prefix + name
        fields.add(path)
        fields |= {f"{path}.{sub}" for sub in spec.get("fields", {})}
        fields |= mapped_fields(spec.get("properties", {}), path + ".")
    return fields


FIELDS = mapped_fields(TEMPLATE["template"]["mappings"]["properties"])
VIEW_FIELDS = data_view_fields(TEMPLATE)
OBJECTS = saved_objects("newsmon-articles", REPO / "config/kibana/newsmon.ndjson")


def test_objects_are_unique_and_references_resolve():
    ids = {(o["type"], o["id"]) for o in OBJECTS}
    assert len(ids) == len(OBJECTS)
    for obj in OBJECTS:
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in ids, (obj["id"], ref)


def test_data_view_uses_the_alias_and_publication_time():
    [view] = [o for o in OBJECTS if o["type"] == "index-pattern"]
    assert view["attributes"] == {
        **view["attributes"],
        "title": "newsmon-articles",
        "timeFieldName": "published_at",
    }
    assert (
        saved_objects("my-news", REPO / "config/kibana/newsmon.ndjson")[0]["attributes"]["title"]
        == "my-news"
    )


def test_every_field_used_is_mapped():
    used = set()
    for obj in OBJECTS:
        attrs = obj["attributes"]
        used |= set(attrs.get("columns", []))
        used |= {s[0] for s in attrs.get("sort", [])}
        for layer in (
            attrs.get("state", {})
            .get("datasourceStates", {})
            .get("formBased", {})
            .get("layers", {})
            .values()
        ):
            for column in layer["columns"].values():
                used |= {column["sourceField"], column.get("params", {}).get("sortField")}
    used -= {None, "___records___"}
    assert used and used <= FIELDS, used - FIELDS


def test_the_compose_file_runs_the_kibana_these_rules_are_from():
    compose = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    [version] = re.findall(r"image: kibana:\$\{ES_VERSION:-([\d.]+)\}", compose)
    assert version.startswith("8.19."), (
        f"docker-compose.yml runs Kibana {version}: check tests/unit/kibana_schema.py against "
        "that version's source before changing this test"
    )


def test_objects_meet_the_rules_of_kibana_8_19():
    assert problems(OBJECTS, VIEW_FIELDS) == []
    assert {o["attributes"].get("visualizationType") for o in OBJECTS if o["type"] == "lens"} == {
        "lnsXY",
        "lnsDatatable",
    }


# What newsmon shipped first: a legacy bar chart with axes but no axis scale.  Kibana's
# renderer read valueAxes[0].scale.mode and the dashboard panel showed an error.
LEGACY_BARS = {
    "type": "visualization",
    "id": "bars",
    "typeMigrationVersion": "8.5.0",
    "references": [],
    "attributes": {
        "title": "Bars",
        "visState": json.dumps(
            {
                "type": "histogram",
                "aggs": [],
                "params": {
                    "valueAxes": [{"id": "ValueAxis-1", "type": "value", "position": "left"}],
                    "categoryAxes": [{"id": "CategoryAxis-1", "type": "category"}],
                },
            }
        ),
    },
}


def _mutated(object_id: str, change) -> list[dict]:
    objects = copy.deepcopy(OBJECTS)
    change(next(o for o in objects if o["id"] == object_id))
    return objects


def _state(obj: dict) -> dict:
    return obj["attributes"]["state"]


def _columns(obj: dict) -> dict:
    return next(iter(_state(obj)["datasourceStates"]["formBased"]["layers"].values()))["columns"]


@pytest.mark.parametrize(
    "objects, expected",
    [
        ([*OBJECTS, LEGACY_BARS], "valueAxes ValueAxis-1: scale.type and scale.mode are required"),
        (
            _mutated(
                "newsmon-articles-per-day",
                lambda o: _columns(o)["col-split"]["params"].pop("orderBy"),
            ),
            "params.orderBy.type is required",
        ),
        (
            _mutated(
                "newsmon-articles-per-day",
                lambda o: _columns(o)["col-day"]["params"].update(interval="daily"),
            ),
            "params.interval 'daily' is not an interval",
        ),
        (
            _mutated(
                "newsmon-top-persons", lambda o: _columns(o)["col-name"].update(sourceField="title")
            ),
            "terms cannot use title (string, not aggregatable)",
        ),
        (
            _mutated(
                "newsmon-latest-stories",
                lambda o: _columns(o)["col-headline"]["params"].update(showArrayValues=True),
            ),
            "top values beside a last value showing array values",
        ),
        (
            _mutated(
                "newsmon-visits-timeline",
                lambda o: _state(o)["visualization"]["layers"][0].update(accessors=["col-day"]),
            ),
            "accessor col-day is not a metric column",
        ),
        (
            _mutated("newsmon-visits-timeline", lambda o: _state(o)["visualization"].pop("legend")),
            "legend.isVisible is required",
        ),
        (
            _mutated("newsmon-top-organizations", lambda o: o["references"].clear()),
            "no data view reference indexpattern-datasource-layer-layer-top-organizations",
        ),
        (
            _mutated("newsmon-top-persons", lambda o: o.update(typeMigrationVersion="10.1.0")),
            "typeMigrationVersion 10.1.0 is newer than the type's last migration 8.9.0",
        ),
        (
            _mutated(
                "newsmon-overview",
                lambda o: o["attributes"].update(
                    panelsJSON=o["attributes"]["panelsJSON"].replace(
                        '"w": 16, "h": 15, "i": "3"', '"w": 20, "h": 15, "i": "3"'
                    )
                ),
            ),
            "panel 4: overlaps panel 3",
        ),
        (
            _mutated("newsmon-overview", lambda o: o["attributes"].update(layout="grid")),
            "attributes.layout is not a dashboard attribute",
        ),
    ],
)
def test_the_rules_catch_what_kibana_would_refuse(objects, expected):
    """The checks are not vacuous: each mistake Kibana would refuse or fail to render is named."""
    found = problems(objects, VIEW_FIELDS)
    assert any(expected in p for p in found), found


def test_saved_search_and_dashboard_content():
    by_id = {o["id"]: o for o in OBJECTS}
    search = by_id["newsmon-tech-ceo-visits"]["attributes"]
    assert search["title"] == "Tech CEO visits"
    assert search["sort"] == [["published_at", "desc"]]
    assert (
        "event.relevance >="
        in json.loads(search["kibanaSavedObjectMeta"]["searchSourceJSON"])["query"]["query"]
    )
    dashboard = by_id["newsmon-overview"]
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    assert len(panels) == len(dashboard["references"]) == 6
    titles = {by_id[r["id"]]["attributes"]["title"] for r in dashboard["references"]}
    assert {
        "Articles per day by outlet",
        "Top persons",
        "Top organisations",
        "Latest stories",
        "Visits timeline",
        "Tech CEO visits",
    } == titles


class Receiver(BaseHTTPRequestHandler):
    requests: list[dict] = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        answer = {"success": self.status == 200, "successCount": 8}
        data = json.dumps(answer).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def kibana():
    Receiver.requests, Receiver.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_import_posts_the_objects_with_overwrite_and_auth(kibana, monkeypatch, capsys):
    monkeypatch.setenv("KIBANA_API_KEY", "a2liYW5hLWtleQ==")
    assert main(["kibana", "import", "--url", kibana, "--space", "news"]) == 0
    [request] = Receiver.requests
    assert request["path"] == "/s/news/api/saved_objects/_import?overwrite=true"
    assert request["headers"]["kbn-xsrf"]
    assert request["headers"]["Authorization"] == "ApiKey a2liYW5hLWtleQ=="
    message = email.parser.BytesParser().parsebytes(
        b"Content-Type: "
        + request["headers"]["Content-Type"].encode()
        + b"\r\n\r\n"
        + request["body"]
    )
    [part] = message.get_payload()
    assert part.get_filename() == "newsmon.ndjson"
    sent = [json.loads(line) for line in part.get_payload(decode=True).decode("utf-8").splitlines()]
    assert sent == OBJECTS
    out = capsys.readouterr().out
    assert "imported 8 saved objects" in out and "a2liYW5hLWtleQ==" not in out


def test_import_failure_is_reported(kibana, monkeypatch, capsys):
    Receiver.status = 400
    monkeypatch.setenv("KIBANA_USERNAME", "elastic")
    monkeypatch.setenv("KIBANA_PASSWORD", "hunter2")
    assert main(["kibana", "import", "--url", kibana]) == 1
    assert Receiver.requests[0]["headers"]["Authorization"].startswith("Basic ")
    err = capsys.readouterr().err
    assert "answered 400" in err and "hunter2" not in err
