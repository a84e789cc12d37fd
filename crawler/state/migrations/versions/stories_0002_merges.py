"""Stories that merge (see enrich.stories): publication times, story lookups, pending relabels.

A story is named by its earliest published member, so each signature keeps its
publication time; a merge relabels the members of the merged stories (an index
on story_id) and stays pending in story_relabels until their indexed copies
are relabelled too.

Revision ID: stories_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "stories_0002"
down_revision = "stories_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("story_docs") as batch:
        batch.add_column(sa.Column("published", sa.Text))  # UTC ISO 8601, or NULL
    op.create_index("story_docs_story", "story_docs", ["story_id"])
    op.create_table(
        "story_relabels",
        sa.Column("story_id", sa.Text, primary_key=True),
        sa.Column("generation", sa.Integer, nullable=False),
    )
