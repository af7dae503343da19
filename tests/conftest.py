"""Shared fixtures: a small, complete project in a temporary folder, built from tests/fixtures/mini."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"
# Hand-written site files a project needs besides its data (copied, never generated).
SITE_FILES = ("mkdocs.yml", "overrides", "docs/method.md", "docs/stylesheets", "docs/javascripts")


def make_project(dest: Path, fixture: Path = MINI) -> Path:
    """A runnable project: the fixture's data and seeds, the real schema and site files."""
    shutil.copytree(fixture / "data", dest / "data")
    shutil.copytree(fixture / "seeds", dest / "seeds")
    shutil.copytree(ROOT / "data" / "schema", dest / "data" / "schema")
    (dest / "docs").mkdir(exist_ok=True)
    for name in SITE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def write(root: Path, rel: str, text: str) -> Path:
    """Write a (dedented) file into a project, e.g. a data table."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")
