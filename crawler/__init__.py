"""newsmon crawler: runs crawls and moves documents (spiders, pipelines, state,
Elasticsearch sink, alert delivery, scheduler, command line).

Everything that turns a page into a document lives in :mod:`enrich`, a pure
library this package calls; nothing here parses article text itself.
"""
