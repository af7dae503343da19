"""Builds the engine's wheel from a copy of this checkout (a build writes build/ and *.egg-info/
beside pyproject.toml), offline (the setuptools of requirements-dev.txt), optionally as another
version with changed files: what tests/test_package.py and tests/test_wheel.py install."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from explainer.desk import skeleton

from .conftest import ROOT


def build_wheel(tmp: Path, version: str | None = None, change: Callable[[Path], None] | None = None) -> Path:
    """The wheel of this checkout (as `version`, after `change(copy)` when given), built in `tmp`."""
    project = tmp / "project"
    project.mkdir(parents=True)
    for name in ("pyproject.toml", "setup.py"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "explainer", project / "explainer", ignore=shutil.ignore_patterns("__pycache__"))
    for rel in skeleton.expand(ROOT, skeleton.FILES + skeleton.CORE_SCHEMAS + skeleton.MODELS):
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, project / rel)
    if version is not None:
        init = project / "explainer" / "__init__.py"
        text = init.read_text(encoding="utf-8")
        init.write_text(re.sub(r'__version__ = "[^"]*"', f'__version__ = "{version}"', text), encoding="utf-8")
    if change is not None:
        change(project)
    dist = tmp / "dist"
    run = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(project), "--no-deps", "--no-build-isolation", "-w", str(dist)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    wheels = list(dist.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]
