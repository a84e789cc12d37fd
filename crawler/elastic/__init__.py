"""Everything newsmon says to Elasticsearch, and nothing else does.

``client`` connects (the user's cluster or the embedded ``node``), ``index_setup`` keeps the
template, versioned index and alias, ``sink`` and ``spool`` write documents without losing
one, ``story_labels`` moves story ids after stories merge, ``search`` and ``kibana`` serve
the people who read the coverage.
"""
