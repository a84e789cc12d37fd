"""The article index: template, versioned index and alias, set up idempotently.

The crawler writes and searches through an alias (``newsmon-articles``) that
points at a versioned index (``newsmon-articles-v1``).  A mapping change that
Elasticsearch cannot apply in place becomes a new ``index_version``: setup
creates the new index, copies the documents (client-side scan + bulk, so it
works on clusters without the reindex module) and switches the alias
atomically.  Everything is driven by ``config/elasticsearch/articles.template.json``.

The template uses only built-in analyzers so that it works on every cluster;
when the cluster has the analysis-nori plugin, nori sub-fields are added.

Every write path (the crawl, ``newsmon index replay``, ``newsmon index FILE``)
runs :func:`setup` before its first write: a write to a missing alias would
make Elasticsearch create a plain index of that name with guessed mappings.
An index already squatting the alias's name (left by an older newsmon that
replayed its spool before any setup) stops setup with a clear message;
:func:`repair` moves its documents into the versioned index and puts the alias
in its place.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
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
    return bool(nodes) and all(
        any(p["name"] == "analysis-nori" for p in n.get("plugins", [])) for n in nodes
    )


def build_template(base: dict, names: IndexNames, *, nori: bool) -> dict:
    """The template body for this cluster, stamped with a checksum of itself."""
    body = copy.deepcopy(base)
    body["index_patterns"] = [f"{names.alias}-v*"]
    body["priority"] = 200
    if nori:
        properties = body["template"]["mappings"]["properties"]
        for field in NORI_FIELDS:
            properties[field].setdefault("fields", {})["nori"] = {
                "type": "text",
                "analyzer": "nori",
            }
    checksum = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
    body.setdefault("_meta", {}).update(checksum=checksum, nori=nori)
    # The index keeps the checksum of the mapping it was made from, so setup can
    # tell "unchanged" from "changed" without diffing Elasticsearch's normalised form.
    body["template"]["mappings"]["_meta"] = {"checksum": checksum}
    return body


def setup(
    client: Elasticsearch, es_settings: ElasticsearchSettings, template_path: Path | None = None
) -> list[str]:
    """Create or update template, index and alias; returns one line per object."""
    names = IndexNames.from_settings(es_settings)
    squatter = _index_named_like_alias(client, names)
    if squatter is not None:
        raise SetupError(
            f"{names.alias} is an index, not an alias: Elasticsearch created it with guessed "
            f"mappings when documents were written before `newsmon index setup` ran "
            f"({squatter} documents). Run `newsmon index repair` to copy them into "
            f"{names.index} and put the alias {names.alias} in its place"
        )
    body = build_template(load_template(template_path), names, nori=cluster_has_nori(client))
    report = [_put_template(client, names, body)]
    report.append(_ensure_index(client, names, body))
    report.extend(_point_alias(client, names))
    return report


def repair(
    client: Elasticsearch, es_settings: ElasticsearchSettings, template_path: Path | None = None
) -> list[str]:
    """Replace an index squatting the alias's name by the alias: its documents are copied
    into the versioned index first, then index and alias swap in one atomic request."""
    names = IndexNames.from_settings(es_settings)
    if _index_named_like_alias(client, names) is None:
        return [f"{names.alias}: nothing to repair", *setup(client, es_settings, template_path)]
    body = build_template(load_template(template_path), names, nori=cluster_has_nori(client))
    report = [_put_template(client, names, body), _ensure_index(client, names, body)]
    client.indices.refresh(index=names.alias)
    copied = _copy(client, names.alias, names.index)
    report.append(f"copied {copied} documents {names.alias} -> {names.index}")
    client.indices.update_aliases(
        actions=[
            {"remove_index": {"index": names.alias}},
            {"add": {"index": names.index, "alias": names.alias, "is_write_index": True}},
        ]
    )
    report.append(f"index {names.alias} deleted; alias {names.alias} -> {names.index}: created")
    return report


def _index_named_like_alias(client: Elasticsearch, names: IndexNames) -> int | None:
    """The document count of a concrete index named like the alias, None if there is none."""
    found = client.options(ignore_status=404).indices.get(index=names.alias)
    if found.meta.status != 200 or names.alias not in found.body:  # absent, or an alias
        return None
    return client.count(index=names.alias)["count"]


def current_form(source: dict) -> dict:
    """A document of an older index version in today's form: ``tokens`` lower-cased (older
    versions of newsmon kept their case, so "deepseek" missed "DeepSeek")."""
    tokens = source.get("tokens")
    if isinstance(tokens, str):
        return {**source, "tokens": tokens.lower()}
    if isinstance(tokens, list):
        return {**source, "tokens": [t.lower() if isinstance(t, str) else t for t in tokens]}
    return source


def _instant(stamp: object) -> datetime | None:
    """An ISO 8601 timestamp as an aware datetime (naive ones read as UTC), None if not one.

    Crawlers in other time zones write other offsets, so timestamps compare as instants,
    never as text ("01:30+00:00" is later than "09:00+09:00")."""
    try:
        when = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when and when.tzinfo is None else when


def crawled_later(first: object, second: object) -> bool:
    """*first* (a ``crawled_at``) is a later instant than *second*; unknown: not later."""
    a, b = _instant(first), _instant(second)
    return bool(a and b and a > b)


def _copy(client: Elasticsearch, source: str, target: str) -> int:
    """Copy every document of *source* into *target* (client-side scan + bulk: no reindex
    module needed), in :func:`current_form`.  A document *target* already has is kept
    unless the source's copy was crawled later.  Returns how many were written; raises
    :class:`SetupError` (and changes no alias) when some could not be.

    Not ``helpers.reindex``, the same scan + bulk: it copies hits as they are (no
    :func:`current_form`) and reports failures as a count, not which documents conflicted
    with a copy the target has."""
    hits = helpers.scan(client, index=source, query={"query": {"match_all": {}}})
    written, errors = helpers.bulk(
        client,
        (
            {
                "_op_type": "create",
                "_index": target,
                "_id": hit["_id"],
                "_source": current_form(hit["_source"]),
            }
            for hit in hits
        ),
        raise_on_error=False,
    )
    conflicts = [e["create"]["_id"] for e in errors if e["create"]["status"] == 409]
    failed = [e for e in errors if e["create"]["status"] != 409]
    if conflicts:
        newer = list(_newer_copies(client, source, target, conflicts))
        if newer:
            replaced, more = helpers.bulk(client, newer, raise_on_error=False)
            written += replaced
            failed += [{"create": e["index"]} for e in more]
    if failed:
        raise SetupError(
            f"copying {source} -> {target}: {len(failed)} documents failed, "
            f"first: {failed[0]['create'].get('error')}; the alias is unchanged "
            f"and {source} keeps every document"
        )
    return written


def _newer_copies(
    client: Elasticsearch, source: str, target: str, ids: list[str]
) -> Iterable[dict]:
    """Index actions for the documents of *source* crawled later than *target*'s copies."""
    for start in range(0, len(ids), 500):
        batch = ids[start : start + 500]
        theirs = client.mget(index=source, ids=batch)["docs"]
        ours = {
            d["_id"]: d
            for d in client.mget(index=target, ids=batch, source_includes=["crawled_at"])["docs"]
        }
        for doc in theirs:
            if doc.get("found") and crawled_later(
                doc["_source"].get("crawled_at"), ours[doc["_id"]]["_source"].get("crawled_at")
            ):
                yield {
                    "_op_type": "index",
                    "_index": target,
                    "_id": doc["_id"],
                    "_source": current_form(doc["_source"]),
                }


def _put_template(client: Elasticsearch, names: IndexNames, body: dict) -> str:
    existing = client.options(ignore_status=404).indices.get_index_template(name=names.template)
    templates = existing.body.get("index_templates", []) if existing.meta.status == 200 else []
    current = templates[0]["index_template"].get("_meta", {}).get("checksum") if templates else None
    if current == body["_meta"]["checksum"]:
        return f"template {names.template}: unchanged"
    client.indices.put_index_template(name=names.template, **body)
    return f"template {names.template}: {'updated' if templates else 'created'}" + (
        " (with nori sub-fields)" if body["_meta"]["nori"] else ""
    )


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
            f"again to copy the documents into a new index"
        ) from None
    return f"index {names.index}: mapping updated"


def _point_alias(client: Elasticsearch, names: IndexNames) -> list[str]:
    current = client.options(ignore_status=404).indices.get_alias(name=names.alias)
    holders = [i for i in (current.body if current.meta.status == 200 else {}) if i != names.index]
    if not holders and current.meta.status == 200:
        return [f"alias {names.alias} -> {names.index}: unchanged"]
    report = []
    for old in holders:  # a previous index version: copy its documents first
        report.append(f"copied {_copy(client, old, names.index)} documents {old} -> {names.index}")
    actions = [{"remove": {"index": old, "alias": names.alias}} for old in holders]
    actions.append({"add": {"index": names.index, "alias": names.alias, "is_write_index": True}})
    client.indices.update_aliases(actions=actions)
    report.append(f"alias {names.alias} -> {names.index}: {'switched' if holders else 'created'}")
    return report


class SetupError(RuntimeError):
    """The index cannot be brought to the configured state without a new version."""
