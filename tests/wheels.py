"""Builds the engine's wheel from a copy of this checkout (explainer/desk/vendor.py's `build`, as
`make new` does from a checkout), offline (the setuptools of requirements-dev.txt), optionally as
another version with changed files: what tests/test_package.py and tests/test_wheel.py install."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from explainer.desk import vendor

from .conftest import ROOT
from .sitebuild import once


def engine_wheel() -> Path:
    """The wheel of this checkout as it is, built once per test run for every process that
    installs or reads it (tests/sitebuild.py's `once`): a build is some ten seconds of pip."""
    return once("engine-wheel", build_wheel)


def build_wheel(tmp: Path, version: str | None = None, change: Callable[[Path], None] | None = None) -> Path:
    """The wheel of this checkout (as `version`, after `change(copy)` when given), built in `tmp`."""
    return vendor.build(ROOT, version, tmp / "dist", change)
