"""The wheel carries what `newsmon demo` needs outside a checkout.

An installed package finds config/, seeds/ (with the offline mirror the demo
crawls) and the launcher's Maven project under <prefix>/share/newsmon
(crawler/paths.py); setup.py puts them there.  The wheel is built for real, by
pip with the setuptools of this environment (no download), from a copy of the
sources that also holds a Maven build and bytecode, which must stay out.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TREES = ("config", "seeds", "tools/es-node")
SHARE = re.compile(r"^[^/]+\.data/data/share/newsmon/(.+)$")
# A mirror file named after its URL: query string, spaces, Hangul, no extension.
NAVER_SEARCH = (
    "seeds/mirror/openapi.naver.com/v1/search/news.json?query=올트먼 회동&display=20&sort=date"
)


def source_files() -> set[str]:
    """Every file of the shipped trees in this checkout, but build output and bytecode."""
    files = set()
    for tree in TREES:
        for directory, subdirs, names in os.walk(REPO / tree):
            rel = Path(directory).relative_to(REPO).as_posix()
            subdirs[:] = [
                d for d in subdirs if d != "__pycache__" and f"{rel}/{d}" != "tools/es-node/target"
            ]
            files |= {f"{rel}/{name}" for name in names if not name.endswith(".pyc")}
    return files


def test_wheel_ships_config_seeds_and_launcher_sources(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for tree in ("crawler", "enrich", "config", "seeds"):
        shutil.copytree(REPO / tree, src / tree, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(
        REPO / "tools/es-node",
        src / "tools/es-node",
        ignore=shutil.ignore_patterns("__pycache__", "target"),
    )
    # What a checkout holds after `make test` and must not be shipped.
    (src / "tools/es-node/target/lib").mkdir(parents=True)
    (src / "tools/es-node/target/es-node.jar").write_bytes(b"built")
    (src / "seeds/mirror/__pycache__").mkdir()
    (src / "seeds/mirror/__pycache__/x.cpython-311.pyc").write_bytes(b"")

    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(src),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = (tmp_path / "dist").glob("newsmon-*.whl")

    names = zipfile.ZipFile(wheel).namelist()
    shipped = {m.group(1) for m in map(SHARE.match, names) if m}
    assert shipped == source_files()  # complete: every mirror file, whatever its name
    for required in (
        "config/newsmon.yaml",
        "seeds/sources.yaml",
        "seeds/mirror/README.md",
        "seeds/mirror/www.fnnews.com/robots.txt",
        NAVER_SEARCH,
        "tools/es-node/pom.xml",
        "tools/es-node/jvm.options",
    ):
        assert required in shipped, required
    assert not [name for name in names if "/target/" in name or "__pycache__" in name]
    assert {
        "crawler/cli/demo.py",
        "enrich/yamlfile.py",
        "crawler/state/migrations/env.py",
        "crawler/state/migrations/versions/state_0001_articles.py",
    } <= set(names)  # migrations too
