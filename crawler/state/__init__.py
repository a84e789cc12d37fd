"""What the crawl remembers between runs, in the state database (SQLite files or PostgreSQL).

``database`` opens it and runs the Alembic ``migrations``; ``articles`` is the crawl's memory
of articles and discovery pages, ``stories`` the story signatures; ``migrate`` moves a data
directory's SQLite files into a shared database.  The alert outbox and the scheduler's job
store use the same database (``crawler.alerts.outbox``, ``crawler.schedule``).
"""
