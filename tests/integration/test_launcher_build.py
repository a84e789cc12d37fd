"""The launcher built away from its sources, as for an installed package.

The copy installed under <prefix>/share/newsmon may be read-only, so it is
built in the data directory (crawler.paths.launcher_target).  Here Maven builds
a copy of tools/es-node into a separate directory for real; the sources must
stay untouched and the staleness check must follow the build there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from crawler import paths
from crawler.config import LocalNodeSettings
from crawler.elastic.node import Launcher


def test_a_checkout_builds_in_tools_es_node_target(tmp_path: Path):
    assert paths.launcher_dir() == paths.CHECKOUT_LAUNCHER
    assert paths.launcher_target(tmp_path) == paths.CHECKOUT_LAUNCHER / "target"


def test_build_into_a_directory_outside_the_sources(tmp_path: Path):
    sources = tmp_path / "share" / "tools" / "es-node"
    shutil.copytree(paths.CHECKOUT_LAUNCHER, sources, ignore=shutil.ignore_patterns("target"))
    launcher = Launcher(sources, tmp_path / "data" / "es-node-build")
    assert launcher.is_stale()

    launcher.build()

    assert launcher.jar == tmp_path / "data" / "es-node-build" / "es-node.jar"
    assert launcher.jar.is_file()
    assert any((launcher.target / "lib").glob("elasticsearch-8.19.*.jar"))
    assert not (sources / "target").exists()
    assert not launcher.is_stale()
    command = launcher.command(tmp_path / "home", tmp_path / "url", LocalNodeSettings())
    classpath = command[command.index("-cp") + 1]
    assert classpath == f"{launcher.jar}{os.pathsep}{launcher.target / 'lib'}/*"

    # A source changed after the build (an upgraded package): built again.
    built = launcher.jar.stat().st_mtime
    os.utime(sources / "pom.xml", (built + 10, built + 10))
    assert launcher.is_stale()
