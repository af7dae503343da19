"""Shared fixtures: a small, complete project in a temporary folder, built from tests/fixtures/mini."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from explainer.problems import DataError
from explainer.validate import Paths, build_factbase

from . import sitebuild

ROOT = sitebuild.ROOT
MINI = sitebuild.FIXTURE


def make_project(dest: Path, fixture: Path = MINI) -> Path:
    """A runnable project: the fixture's data and seeds, the real schema, config and hand-written docs."""
    return sitebuild.make_project(dest, data_from=fixture)


def problems(root: Path) -> list[str]:
    """Every problem `make check` would print for a project, as text (none: an empty list)."""
    try:
        build_factbase(Paths(root))
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


def write(root: Path, rel: str, text: str) -> Path:
    """Write a (dedented) file into a project, e.g. a data table."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")
