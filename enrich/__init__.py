"""enrich: a pure library from page bytes or text to a clean, enriched document.

No Scrapy, no Elasticsearch, no network: every function takes data and returns
data, so the same code serves the crawler, `newsmon clean`, the importers and
the tests.
"""
