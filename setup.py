"""Ships config/, seeds/ and tools/es-node/ with the package, under <prefix>/share/newsmon.

Everything else is declared in pyproject.toml.  This file exists for one job
the declarative ``[tool.setuptools.data-files]`` table cannot do: install whole
directory trees with their layout intact.  That table maps one target directory
to a flat list of files, and its globs also match subdirectories, which the
build then fails to copy; seeds/mirror is laid out by host and path, several
levels deep, with file names of every kind (query strings, spaces, no
extension), and it grows with every outlet.  So the trees are walked here, one
(target directory, files) entry per directory: adding a file needs no edit.

``newsmon`` finds them there when it runs outside a checkout (crawler/paths.py,
enrich/yamlfile.py).  The sdist carries them too: setuptools adds data files
to it, and building from the sdist walks the same trees.
"""

from __future__ import annotations

import os

from setuptools import setup

SHARE = "share/newsmon"
TREES = ("config", "seeds", "tools/es-node")
# Build output and caches are not sources: Maven's target/ (the launcher is
# built where it runs, see crawler/elastic/node.py) and Python bytecode.
SKIP_DIRS = {"tools/es-node/target"}
SKIP_NAMES = {"__pycache__"}


def data_files() -> list[tuple[str, list[str]]]:
    entries = []
    for tree in TREES:
        for directory, subdirs, files in os.walk(tree):
            directory = directory.replace(os.sep, "/")
            subdirs[:] = sorted(
                d for d in subdirs if d not in SKIP_NAMES and f"{directory}/{d}" not in SKIP_DIRS
            )
            files = sorted(f"{directory}/{name}" for name in files if not name.endswith(".pyc"))
            if files:
                entries.append((f"{SHARE}/{directory}", files))
    return entries


setup(data_files=data_files())
