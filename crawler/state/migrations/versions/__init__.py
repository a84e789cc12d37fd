"""Revision files, ``<branch>_<NNNN>_<what>.py`` (see crawler.state.migrations)."""
