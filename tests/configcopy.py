"""The shipped config/ copied for a test or benchmark, with some settings changed."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def copy_config(
    directory: Path, settings: Mapping[str, str] | None = None, drop: Iterable[str] = ()
) -> Path:
    """config/ copied to *directory*, the *drop* files removed, and in newsmon.yaml each
    text of *settings* replaced by its value.  A text that is not there is an error: a test
    must not run on the defaults because newsmon.yaml changed under it."""
    shutil.copytree(REPO / "config", directory)
    for name in drop:
        (directory / name).unlink(missing_ok=True)
    if settings:
        main = directory / "newsmon.yaml"
        text = main.read_text(encoding="utf-8")
        for old, new in settings.items():
            if old not in text:
                raise ValueError(f"config/newsmon.yaml has no {old!r} to change")
            text = text.replace(old, new)
        main.write_text(text, encoding="utf-8")
    return directory
