"""Alembic migrations of the state database, one branch per store (see crawler.state.database).

Branches: ``state`` (articles, aliases, claims), ``alerts`` (the outbox),
``stories`` (signatures), ``schedule`` (the run log).  A change to a store's
tables is a new file in ``versions/``, ``<branch>_<NNNN>_<what>.py``, with
``revision = "<branch>_<NNNN>"`` and ``down_revision`` the branch's previous
revision (start from a copy of it); it runs on SQLite and PostgreSQL alike
(``op.batch_alter_table`` for SQLite's ALTERs).  Stores apply their branch
when they open, so the next start of any process brings the database up.
"""
