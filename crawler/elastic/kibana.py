"""Importing newsmon's Kibana saved objects (data view, saved search, dashboard).

The objects live in ``config/kibana/newsmon.ndjson``; they are sent through
Kibana's saved-objects import API with ``overwrite=true``, so importing again
after an upgrade replaces them.  Credentials come from the environment:
``KIBANA_API_KEY`` or ``KIBANA_USERNAME``/``KIBANA_PASSWORD``, falling back to
the Elasticsearch ones (``ES_API_KEY``, ``ES_USERNAME``/``ES_PASSWORD``), which
Kibana accepts for the same users.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import urllib3

from crawler.config import config_file, is_http_url
from crawler.elastic.client import low_level_reason, redact


class KibanaError(RuntimeError):
    pass


def saved_objects_file() -> Path:
    return config_file("kibana/newsmon.ndjson")


def auth_headers(env: dict | None = None) -> dict[str, str]:
    env = os.environ if env is None else env
    for prefix in ("KIBANA", "ES"):
        if env.get(f"{prefix}_API_KEY"):
            return {"Authorization": f"ApiKey {env[f'{prefix}_API_KEY']}"}
        if env.get(f"{prefix}_USERNAME"):
            pair = f"{env[f'{prefix}_USERNAME']}:{env.get(f'{prefix}_PASSWORD', '')}"
            return {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}
    return {}


def saved_objects(alias: str, path: Path | None = None) -> list[dict]:
    """The saved objects, with the data view pointed at the configured alias."""
    lines = (path or saved_objects_file()).read_text(encoding="utf-8").splitlines()
    objects = [json.loads(line) for line in lines if line.strip()]
    for obj in objects:
        if obj["type"] == "index-pattern":
            obj["attributes"]["title"] = alias
    return objects


def import_saved_objects(
    url: str,
    alias: str,
    *,
    path: Path | None = None,
    space: str | None = None,
    ca_certs: str | None = None,
    verify_certs: bool = True,
) -> dict:
    """POST the NDJSON to Kibana; returns Kibana's answer (``success``, ``successCount``)."""
    if not is_http_url(url):
        raise KibanaError(
            f"{redact(url)} is not an http:// or https:// URL (expected e.g. http://localhost:5601)"
        )
    ndjson = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in saved_objects(alias, path))
    body, content_type = urllib3.encode_multipart_formdata(
        {"file": ("newsmon.ndjson", ndjson.encode("utf-8"), "application/ndjson")}
    )
    prefix = f"/s/{space}" if space else ""
    endpoint = f"{url.rstrip('/')}{prefix}/api/saved_objects/_import?overwrite=true"
    http = urllib3.PoolManager(
        cert_reqs="CERT_REQUIRED" if verify_certs else "CERT_NONE", ca_certs=ca_certs
    )
    try:
        response = http.request(
            "POST",
            endpoint,
            body=body,
            headers={"kbn-xsrf": "newsmon", "Content-Type": content_type, **auth_headers()},
            timeout=60,
            retries=urllib3.Retry(3, backoff_factor=1, allowed_methods=None),
        )
    except urllib3.exceptions.HTTPError as exc:
        reason = low_level_reason(str(exc)) or str(exc)
        raise KibanaError(f"Kibana at {redact(url)} unreachable: {reason}") from None
    try:
        answer = json.loads(response.data or b"{}")
    except ValueError:
        answer = {"raw": response.data[:300].decode(errors="replace")}
    if response.status != 200 or not answer.get("success"):
        raise KibanaError(
            f"Kibana at {redact(url)} answered {response.status}: "
            f"{json.dumps(answer, ensure_ascii=False)[:500]}"
        )
    return answer
