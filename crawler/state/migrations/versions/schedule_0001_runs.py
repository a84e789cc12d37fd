"""The scheduler's run log (APScheduler's job table is its SQLAlchemyJobStore's own).

Revision ID: schedule_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "schedule_0001"
down_revision = None
branch_labels = ("schedule",)
depends_on = None


def upgrade() -> None:
    if "schedule_runs" in sa.inspect(op.get_bind()).get_table_names():
        return  # a schedule.sqlite from before these migrations: same table
    op.create_table(
        "schedule_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("job_id", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),  # scheduled | run-now
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("started_at", sa.Text, nullable=False),
        sa.Column("finished_at", sa.Text),
        sa.Column("returncode", sa.Integer),
        sa.Column("pid", sa.Integer),
        sa.Column("detail", sa.Text),
    )
