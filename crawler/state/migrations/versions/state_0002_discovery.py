"""How each discovery page went, crawl after crawl (see crawler.state.articles: record_discovery).

Revision ID: state_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "state_0002"
down_revision = "state_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "discovery" in sa.inspect(op.get_bind()).get_table_names():
        return  # a state.sqlite from before these migrations: the same table
    op.create_table(
        "discovery",
        sa.Column("url", sa.Text, primary_key=True),  # a discovery page as configured
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("checked_at", sa.Text, nullable=False),  # the last crawl that read it
        sa.Column("status", sa.Integer),  # HTTP status of the last attempt (null: no response)
        sa.Column("final_url", sa.Text),  # where the last attempt ended, after redirects
        sa.Column("links", sa.Integer, nullable=False, server_default="0"),  # article links
        sa.Column("error", sa.Text),  # why the last attempt failed; null when it worked
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),  # in a row
        sa.Column("last_ok", sa.Text),  # when it last worked
    )
    op.create_index("discovery_source", "discovery", ["source"])
