"""After the strict build: the theme's files that no reader's browser fetches leave the site.

Material ships, with every site, lunr's language files (assets/javascripts/lunr/, for its own
search, which this site does not use: search is Pagefind, publish/search_index.py) and the source
maps of its scripts and styles (*.map, fetched only by a developer's tools). Together they are
about 2.3 MB of every published copy, whatever its size. Only those paths are removed, and only
under assets/ (the theme's folder), never a page or a file of the project's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

UNFETCHED_DIRS = ("assets/javascripts/lunr",)
UNFETCHED_SUFFIX = ".map"


def prune(site: Path) -> tuple[int, int]:
    """Remove them from the built `site`; returns (files, bytes) removed."""
    files = size = 0
    for rel in UNFETCHED_DIRS:
        folder = site / rel
        if folder.is_dir() and not folder.is_symlink():
            for path in folder.rglob("*"):
                if path.is_file():
                    files, size = files + 1, size + path.stat().st_size
            shutil.rmtree(folder)
    assets = site / "assets"
    if assets.is_dir():
        for path in sorted(assets.rglob("*" + UNFETCHED_SUFFIX)):
            if path.is_file() and not path.is_symlink():
                files, size = files + 1, size + path.stat().st_size
                path.unlink()
    return files, size
