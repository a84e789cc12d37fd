"""Installs are reproducible: every package the code imports is declared with an exact pin,
and constraints.txt pins everything those packages need in turn.

lxml, justext or courlan arrive with trafilatura and decide what text comes out of a page;
unpinned, two machines would index different text from the same page.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCAL = {"crawler", "enrich"}


def declared(*extras: str) -> dict[str, Requirement]:
    found = [Requirement(r) for r in PROJECT["dependencies"]]
    for extra in extras:
        found += [Requirement(r) for r in PROJECT["optional-dependencies"][extra]]
    return {canonicalize_name(r.name): r for r in found}


def imported(*trees: str) -> dict[str, str]:
    """Top-level modules imported by the Python files of *trees* -> one file importing it."""
    local = LOCAL | {p.stem for tree in trees for p in (REPO / tree).rglob("*.py")}
    modules: dict[str, str] = {}
    for tree in trees:
        for path in sorted((REPO / tree).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in local:
                        modules.setdefault(top, str(path.relative_to(REPO)))
    return modules


def undeclared(trees: tuple[str, ...], requirements: dict[str, Requirement]) -> list[str]:
    distributions = metadata.packages_distributions()
    missing = []
    for module, where in imported(*trees).items():
        names = {canonicalize_name(d) for d in distributions.get(module, [module])}
        if not names & set(requirements):
            missing.append(f"{module} ({where}; distribution {', '.join(sorted(names))})")
    return missing


def test_the_code_imports_only_declared_packages():
    assert undeclared(("crawler", "enrich"), declared()) == []


def test_tests_and_benchmarks_import_only_declared_packages():
    assert undeclared(("tests", "benchmarks"), declared("test")) == []


def test_every_declared_package_has_an_exact_pin():
    loose = [
        str(r) for r in declared("test").values() if not re.fullmatch(r"==[\w.]+", str(r.specifier))
    ]
    assert loose == []


def test_constraints_pin_everything_a_fresh_install_brings():
    """The closure of newsmon[test]'s requirements, as installed here by `make venv`: each one
    pinned in constraints.txt, at the version installed and at pyproject.toml's pin."""
    lines = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    locked = {}
    for line in lines:
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            locked[canonicalize_name(name)] = version
    pins = {name: str(r.specifier).removeprefix("==") for name, r in declared("test").items()}
    todo, seen = list(declared("test").values()), set()
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        installed = metadata.version(name)
        assert locked.get(name) == installed, f"{name} {installed} is not pinned in the lock"
        assert pins.get(name, installed) == installed, f"{name}: pyproject.toml and the lock differ"
        for extra_text in metadata.requires(name) or []:
            needed = Requirement(extra_text)
            extras = [{"extra": e} for e in requirement.extras] or [{"extra": ""}]
            if needed.marker is None or any(needed.marker.evaluate(e) for e in extras):
                todo.append(needed)
    assert {"lxml", "justext", "courlan", "numpy", "twisted", "urllib3"} <= seen
