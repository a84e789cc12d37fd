"""The alert outbox (see crawler.alerts.outbox): documents, matches, messages, items.

Revision ID: alerts_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "alerts_0001"
down_revision = None
branch_labels = ("alerts",)
depends_on = None


def upgrade() -> None:
    if "alert_docs" in sa.inspect(op.get_bind()).get_table_names():
        # A state.sqlite from before these migrations: the same tables, ordered by rowid.
        for table in ("alert_docs", "alert_matches"):
            op.add_column(table, sa.Column("seq", sa.BigInteger))
            op.execute(f"UPDATE {table} SET seq = rowid")
            op.create_index(f"{table}_seq", table, ["seq"])
        return
    op.create_table(
        "alert_docs",
        sa.Column("doc_id", sa.Text, primary_key=True),  # the Elasticsearch _id
        sa.Column("story_id", sa.Text, nullable=False),  # the document's own id without a story
        sa.Column("source", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("published_at", sa.Text),
        sa.Column("seen_at", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger),  # the order documents were recorded in
    )
    op.create_index("alert_docs_story", "alert_docs", ["story_id"])
    op.create_index("alert_docs_seq", "alert_docs", ["seq"])
    op.create_table(
        "alert_matches",
        sa.Column("rule_id", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.Text, primary_key=True),
        sa.Column("story_id", sa.Text, nullable=False),
        sa.Column("first", sa.Integer, nullable=False),  # 1: the story's alert for the rule
        sa.Column("snippet", sa.Text),
        sa.Column("matched_at", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger),  # the order matches were recorded in
    )
    op.create_index("alert_matches_seq", "alert_matches", ["seq"])
    # "Once per rule and story" is a constraint of the database, not a hope.
    op.create_index(
        "alert_matches_once",
        "alert_matches",
        ["rule_id", "story_id"],
        unique=True,
        sqlite_where=sa.text("first = 1"),
        postgresql_where=sa.text("first = 1"),
    )
    op.create_table(
        "alert_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.Text, nullable=False, unique=True),  # idempotency key sent with it
        sa.Column("rule_id", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),  # alert | update | digest
        sa.Column("status", sa.Text, nullable=False),  # pending | sent | failed
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.Text, nullable=False),
        sa.Column("claimed_until", sa.Text),  # a sender is on it until then
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("sent_at", sa.Text),
        sa.Column("last_error", sa.Text),
    )
    op.create_index("alert_messages_due", "alert_messages", ["status", "next_attempt_at"])
    op.create_table(
        "alert_items",
        sa.Column("channel", sa.Text, primary_key=True),
        sa.Column("rule_id", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.Text, primary_key=True),
        sa.Column("message_id", sa.Integer),  # NULL: waiting for the next digest or update
    )
    op.create_index("alert_items_message", "alert_items", ["message_id"])
