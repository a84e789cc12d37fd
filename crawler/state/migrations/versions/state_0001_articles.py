"""The crawl's state: articles, the other URLs of an article, claims of articles in flight.

A data directory from before these migrations already has the tables (same
shape): they are kept as they are.

Revision ID: state_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "state_0001"
down_revision = None
branch_labels = ("state",)
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "articles" not in existing:
        op.create_table(
            "articles",
            sa.Column("url", sa.Text, primary_key=True),  # canonical URL: the document id's source
            sa.Column("source", sa.Text, nullable=False),  # source id whose profile handled it
            sa.Column("fetched_url", sa.Text),  # the URL fetched (a portal copy, after redirects)
            sa.Column("status", sa.Text, nullable=False),  # done | irrelevant | failed
            sa.Column("content_hash", sa.Text),
            sa.Column("etag", sa.Text),
            sa.Column("last_modified", sa.Text),  # HTTP Last-Modified, verbatim
            sa.Column("lastmod", sa.Text),  # newest change time seen (discovery or page), UTC ISO
            sa.Column("first_seen", sa.Text, nullable=False),
            sa.Column("fetched_at", sa.Text),
            sa.Column("indexed_at", sa.Text),  # only when the sink reported Elasticsearch's ack
            sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
            sa.Column("retry_at", sa.Text),  # failed: not before this time
            sa.Column("error", sa.Text),
        )
        op.create_index("articles_source", "articles", ["source", "status"])
    if "aliases" not in existing:
        op.create_table(
            "aliases",
            sa.Column("url", sa.Text, primary_key=True),  # another URL of the article
            sa.Column("canonical", sa.Text, nullable=False),  # articles.url
        )
    if "claims" not in existing:
        op.create_table(
            "claims",
            sa.Column("key", sa.Text, primary_key=True),  # articles.url of an article in flight
            sa.Column("url", sa.Text, nullable=False),  # the page of it being processed
            sa.Column("owner", sa.Text, nullable=False),  # the crawl worker (host:pid:nonce)
            sa.Column("since", sa.Text, nullable=False),
        )
