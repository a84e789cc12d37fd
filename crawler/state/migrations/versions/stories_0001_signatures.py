"""Story signatures (see crawler.state.stories): MinHash per document, LSH bands, visit keys.

Revision ID: stories_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "stories_0001"
down_revision = None
branch_labels = ("stories",)
depends_on = None


def upgrade() -> None:
    if "story_docs" in sa.inspect(op.get_bind()).get_table_names():
        return  # a stories.sqlite from before these migrations: same tables
    op.create_table(
        "story_meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "story_docs",
        sa.Column("doc_id", sa.Text, primary_key=True),
        sa.Column("story_id", sa.Text, nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("bands", sa.LargeBinary, nullable=False),
        sa.Column("event_keys", sa.Text, nullable=False),
        sa.Column("portal", sa.Integer, nullable=False),
        sa.Column("duplicate_of", sa.Text),
    )
    op.create_table(
        "story_bands",
        sa.Column("band", sa.BigInteger, primary_key=True),
        sa.Column("doc_id", sa.Text, primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "story_events",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("doc_id", sa.Text, primary_key=True),
        sqlite_with_rowid=False,
    )
