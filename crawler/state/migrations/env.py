"""Alembic's entry point: migrations run on the connection (and in the transaction)
crawler.state.database.Database.migrate opened, never from an alembic.ini."""

from alembic import context

context.configure(connection=context.config.attributes["connection"])
with context.begin_transaction():
    context.run_migrations()
