"""Stories a later article merged into another (see enrich.stories): the old id -> the new.

Revision ID: alerts_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "alerts_0002"
down_revision = "alerts_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_story_aliases",
        sa.Column("story_id", sa.Text, primary_key=True),
        sa.Column("merged_into", sa.Text, nullable=False),
    )
