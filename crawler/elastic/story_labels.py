"""Story ids of indexed documents after stories merge.

A later article can link two stories into one (:mod:`enrich.stories`), which
changes the story id of documents analysed, and perhaps indexed, before it.
Two repairs keep Elasticsearch in step with the story store: a batch takes its
documents' current story ids as it goes out, and the indexed members of merged
stories are relabelled with partial updates (no script, so clusters without
painless work too).  A merge stays pending in the story store until the
relabelling succeeded, so an outage delays it and loses nothing.
"""

from __future__ import annotations

import logging

from elasticsearch import ApiError, Elasticsearch, TransportError

from enrich.story_store import SignatureStore

logger = logging.getLogger(__name__)


def current_stories(store: SignatureStore, docs: dict[str, dict]) -> None:
    """Give documents (by id) the story they are part of now."""
    for doc_id, story_id in store.current_stories(docs).items():
        if docs[doc_id].get("story_id"):
            docs[doc_id]["story_id"] = story_id


def relabel_stories(client: Elasticsearch, index: str, store: SignatureStore) -> int:
    """Relabel the indexed members of every pending merge; returns how many merges are done.

    A member that is not indexed (404) is fine: it is still on its way and will go
    out with the right id.  Any other failure leaves its merge pending for next time.
    """
    relabelled = 0
    while pending := store.pending_relabels():
        operations = [
            op
            for relabel in pending
            for doc_id in relabel.members
            for op in (
                {"update": {"_index": index, "_id": doc_id}},
                {"doc": {"story_id": relabel.story_id}},
            )
        ]
        try:
            items = client.bulk(operations=operations)["items"] if operations else []
        except (TransportError, ApiError) as exc:
            logger.warning(
                "story merges not relabelled in Elasticsearch yet (%s); they stay pending", exc
            )
            return relabelled
        failed = {
            r["update"]["_id"]
            for r in items
            if r["update"]["status"] >= 300 and r["update"]["status"] != 404
        }
        done = [r for r in pending if not failed.intersection(r.members)]
        store.relabels_done(done)
        relabelled += len(done)
        if len(done) < len(pending):
            logger.warning(
                "%d story merge(s) not relabelled in Elasticsearch yet; they stay pending",
                len(pending) - len(done),
            )
            return relabelled
    if relabelled:
        logger.info(
            "relabelled the members of %d merged stor%s in Elasticsearch",
            relabelled,
            "y" if relabelled == 1 else "ies",
        )
    return relabelled
