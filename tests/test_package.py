"""The engine is an installable package: pyproject.toml builds a wheel of explainer/ alone, without
the subject (scripts/) or the tests, and without the network (the setuptools of requirements-dev.txt)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

from .conftest import ROOT


def test_the_wheel_holds_the_engine_and_nothing_else(tmp_path):
    # Built from a copy: a build writes build/ and *.egg-info/ beside pyproject.toml.
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", project / "pyproject.toml")
    for folder in ("explainer", "scripts", "tests"):
        shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path / "dist"
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(project), "--no-deps", "--no-build-isolation", "-w", str(dist)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1, wheels
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "explainer/generate.py" in names and "explainer/pages/listing.py" in names
    engine = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "explainer").rglob("*.py"))
    assert sorted(n for n in names if n.endswith(".py")) == engine, "every engine module, and no other code"
    assert not [n for n in names if n.startswith(("scripts/", "tests/"))]
    # make new's templates (explainer/template/*.tmpl) are package data: an installed engine can make projects
    templates = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "explainer" / "template").rglob("*.tmpl"))
    assert templates and sorted(n for n in names if n.endswith(".tmpl")) == templates
