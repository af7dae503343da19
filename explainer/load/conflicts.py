"""Merge conflicts left in the project's theme overrides, found before a site is built from them.

`explainer upgrade` merges the engine's newer theme files into the project's edited ones
(overrides/); where both changed the same lines it writes git's conflict markers into the file
and says so once. A stylesheet or script with markers still builds, so the markers would reach
readers: every check and generate reports each conflict at its line until it is resolved.
"""

from __future__ import annotations

from pathlib import Path

from .problems import Problem

OVERRIDES = "overrides"  # the project's theme files (publish/theme.py lays them over the engine's)
_START = "<<<<<<< "  # where a conflict git merge-file wrote begins (followed by its label)
_LIMIT = 1_000_000  # bytes read of one file: an override is a stylesheet, a script or a template


def unresolved(root: Path) -> list[Problem]:
    """One problem per conflict (at its <<<<<<< line) in the files under overrides/."""
    folder = root / OVERRIDES
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        try:
            with path.open("rb") as f:
                text = f.read(_LIMIT).decode("utf-8", errors="replace")
        except OSError:
            continue  # unreadable: the build says so
        if _START not in text:
            continue
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(text.split("\n"), start=1):
            if line.startswith(_START):
                out.append(
                    Problem(
                        rel,
                        number,
                        1,
                        "holds a merge conflict that explainer upgrade left (<<<<<<< to >>>>>>>): "
                        "the site would show the markers",
                        fix="keep the lines you want from both sides and delete the <<<<<<<, |||||||, ======= "
                        "and >>>>>>> lines",
                    )
                )
    return out
