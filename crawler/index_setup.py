"""The article index: template, versioned index and alias, set up idempotently.

The crawler writes and searches through an alias (``newsmon-articles``) that
points at a versioned index (``newsmon-articles-v1``).  A mapping change that
Elasticsearch cannot apply in place becomes a new ``index_version``: setup
creates the new index, copies the documents (client-side scan + bulk, so it
works on clusters without the reindex module) and switches the alias
atomically.  Everything is driven by ``config/elasticsearch/articles.template.json``.

The template uses only built-in analyzers so that it works on every cluster;
when the cluster has the analysis-nori plugin, nori sub-fields are added.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from elasticsearch import Elasticsearch, helpers

from crawler.config import ElasticsearchSettings, config_file

NORI_FIELDS = ("title", "subtitle", "body")


@dataclass(frozen=True)
class IndexNames:
    alias: str
    index: str
    template: str

    @classmethod
    def from_settings(cls, es: ElasticsearchSettings) -> IndexNames:
        return cls(alias=es.alias, index=f"{es.alias}-v{es.index_version}", template=es.alias)


def load_template(path: Path | None = None) -> dict:
    path = path or config_file("elasticsearch/articles.template.json")
    return json.loads(path.read_text(encoding="utf-8"))


def cluster_has_nori(client: Elasticsearch) -> bool:
    nodes = client.nodes.info(metric="plugins")["nodes"].values()
    return bool(nodes) and all(any(p["name"] == "analysis-nori" for p in n.get("plugins", []))
                               for n in nodes)


def build_template(base: dict, names: IndexNames, *, nori: bool) -> dict:
    """The template body for this cluster, stamped with a checksum of itself."""
    body = copy.deepcopy(base)
    body["index_patterns"] = [f"{names.alias}-v*"]
    body["priority"] = 200
    if nori:
        properties = body["template"]["mappings"]["properties"]
        for field in NORI_FIELDS:
            properties[field].setdefault("fields", {})["nori"] = {"type": "text", "analyzer": "nori"}
    checksum = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    body.setdefault("_meta", {}).update(checksum=checksum, nori=nori)
    # The index keeps the checksum of the mapping it was made from, so setup can
    # tell "unchanged" from "changed" without diffing Elasticsearch's normalised form.
    body["template"]["mappings"]["_meta"] = {"checksum": checksum}
    return body


def setup(client: Elasticsearch, es_settings: ElasticsearchSettings,
          template_path: Path | None = None) -> list[str]:
    """Create or update template, index and alias; returns one line per object."""
    names = IndexNames.from_settings(es_settings)
    body = build_template(load_template(template_path), names, nori=cluster_has_nori(client))
    report = [_put_template(client, names, body)]
    report.append(_ensure_index(client, names, body))
    report.extend(_point_alias(client, names))
    return report


def _put_template(client: Elasticsearch, names: IndexNames, body: dict) -> str:
    existing = client.options(ignore_status=404).indices.get_index_template(name=names.template)
    templates = existing.body.get("index_templates", []) if existing.meta.status == 200 else []
    current = templates[0]["index_template"].get("_meta", {}).get("checksum") if templates else None
    if current == body["_meta"]["checksum"]:
        return f"template {names.template}: unchanged"
    client.indices.put_index_template(name=names.template, **body)
    return f"template {names.template}: {'updated' if templates else 'created'}" + (
        " (with nori sub-fields)" if body["_meta"]["nori"] else "")


def _ensure_index(client: Elasticsearch, names: IndexNames, body: dict) -> str:
    if not client.indices.exists(index=names.index):
        client.indices.create(index=names.index)  # settings and mappings from the template
        return f"index {names.index}: created"
    mappings = body["template"]["mappings"]
    current = client.indices.get_mapping(index=names.index)[names.index]["mappings"]
    if current.get("_meta") == mappings["_meta"]:
        return f"index {names.index}: unchanged"
    try:  # additive changes (a new field) apply in place
        client.indices.put_mapping(index=names.index, **mappings)
    except Exception as exc:
        raise SetupError(
            f"index {names.index}: the new mapping cannot be applied in place ({exc}); raise "
            f"elasticsearch.index_version in config/newsmon.yaml and run `newsmon index setup` "
            f"again to copy the documents into a new index") from None
    return f"index {names.index}: mapping updated"


def _point_alias(client: Elasticsearch, names: IndexNames) -> list[str]:
    current = client.options(ignore_status=404).indices.get_alias(name=names.alias)
    holders = [i for i in (current.body if current.meta.status == 200 else {}) if i != names.index]
    if not holders and current.meta.status == 200:
        return [f"alias {names.alias} -> {names.index}: unchanged"]
    report = []
    for old in holders:  # a previous index version: copy its documents first
        copied, errors = helpers.bulk(client, (
            {"_op_type": "create", "_index": names.index, "_id": hit["_id"], "_source": hit["_source"]}
            for hit in helpers.scan(client, index=old, query={"query": {"match_all": {}}})),
            raise_on_error=False)
        failed = [e for e in errors if e["create"]["status"] != 409]  # 409: copied before
        if failed:
            raise SetupError(f"copying {old} -> {names.index}: {len(failed)} documents failed, "
                             f"first: {failed[0]['create'].get('error')}; the alias still points "
                             f"at {old}")
        report.append(f"copied {copied} documents {old} -> {names.index}")
    actions = [{"remove": {"index": old, "alias": names.alias}} for old in holders]
    actions.append({"add": {"index": names.index, "alias": names.alias, "is_write_index": True}})
    client.indices.update_aliases(actions=actions)
    report.append(f"alias {names.alias} -> {names.index}: {'switched' if holders else 'created'}")
    return report


class SetupError(RuntimeError):
    """The index cannot be brought to the configured state without a new version."""
