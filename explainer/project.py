"""Which project a command works on: the current folder, or the nearest folder above it that
declares a subject (scripts/subject.py); never the engine's own location, which for an installed
engine is site-packages."""

from __future__ import annotations

from pathlib import Path

SUBJECT_FILE = Path("scripts") / "subject.py"
ROOT_HELP = "the project (default: the current folder, or the nearest one above it with scripts/subject.py)"


def project_root(start: Path | None = None) -> Path:
    """The nearest folder from `start` (the current one) upwards that holds scripts/subject.py;
    `start` itself when none does (a command then says what is missing)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SUBJECT_FILE).is_file():
            return folder
    return here
