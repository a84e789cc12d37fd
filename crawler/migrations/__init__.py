"""Alembic migrations of the state database, one branch per store (see crawler.database)."""
