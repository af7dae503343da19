"""The site's theme: the engine's templates, styles and scripts, with the project's overrides on top.

The engine's theme files (explainer/theme/: Material template overrides, partials, stylesheets and
scripts) are served from the installed package, not copied into projects, so a project gets the
engine's fixes by raising its pin. A project changes one by putting its own file at the same
path under overrides/ (`explainer override stylesheets/extra.css` copies the engine's there to
start from, and records it so `explainer upgrade` can merge the engine's later changes into it).

MkDocs, ProperDocs and Zensical take one theme folder (mkdocs.yml's `theme.custom_dir`), and
copy its non-template files into the site; so each generate writes the merged theme into
.explainer/theme/ (derived, like site/; never edited, never committed), which mkdocs.yml names.
Only files that differ are written (atomically), and files no longer in the theme are removed
from that folder, and from nowhere else.
"""

from __future__ import annotations

from pathlib import Path

from ..load.conflicts import OVERRIDES
from . import atomic

ENGINE_THEME = Path(__file__).resolve().parent.parent / "theme"
TARGET = ".explainer/theme"
_SKIP = {"__pycache__", ".DS_Store"}


def _files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not _SKIP & set(p.parts) and not p.name.startswith(".")
    }


def engine_files(theme: Path = ENGINE_THEME) -> dict[str, Path]:
    """The engine's theme, relative path -> file."""
    return _files(theme)


def merged(root: Path, theme: Path = ENGINE_THEME) -> dict[str, Path]:
    """The site's theme: the engine's files, each replaced by the project's overrides/ file at the
    same path, plus the project's own additions there."""
    return {**engine_files(theme), **_files(root / OVERRIDES)}


def write(root: Path, theme: Path = ENGINE_THEME, dry_run: bool = False) -> list[str]:
    """Bring .explainer/theme/ in `root` up to the merged theme; returns the paths that changed
    (written or removed), relative to it, sorted. A dry run only lists them."""
    target = root / TARGET
    want = merged(root, theme)
    have = _files(target)
    changed = []
    for rel, src in want.items():
        content = src.read_bytes()
        if rel in have and have[rel].read_bytes() == content:
            continue
        changed.append(rel)
        if not dry_run:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            atomic.replace(target / rel, content)
    for rel in sorted(set(have) - set(want)):
        changed.append(rel)
        if not dry_run:
            (target / rel).unlink()
    return sorted(changed)
