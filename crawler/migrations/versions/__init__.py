"""Revision files: ``<branch>_<NNNN>_<what>.py``; a new table or column is a new file whose
``down_revision`` is its branch's newest revision."""
