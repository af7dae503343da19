"""`explainer override PATH`: take one of the engine's theme files to change it in this project.

    explainer override                          # list the theme's files
    explainer override stylesheets/extra.css    # copy it to overrides/stylesheets/extra.css

The site's theme (templates, styles, scripts) is served from the installed engine
(publish/theme.py); a file the project puts at the same path under overrides/ replaces the
engine's. This command starts that file from the engine's own and records it in explainer.lock
(with its base in .explainer/base/), so `explainer upgrade` merges the engine's later changes into
the project's edits instead of leaving them behind. A project without explainer.lock (this
engine's own checkout) gets the copy without the record.

Exit status: 0 copied (or listed), 1 refused (nothing written; the message says why).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from .. import __version__
from ..project import ROOT_HELP, project_root
from ..publish import theme
from . import skeleton


class Refused(Exception):
    pass


def theme_files(source: Path | None = None) -> list[str]:
    """The engine's theme files, as overrides/ would name them."""
    return sorted(theme.engine_files(skeleton.theme_source(source or skeleton.source())))


def override(root: Path, rel: str, source: Path | None = None) -> Path:
    """Copy the engine's theme file `rel` to root/overrides/`rel` and record it; returns the copy."""
    source = source or skeleton.source()
    rel = rel.strip().replace("\\", "/").removeprefix(skeleton.OVERRIDES).lstrip("/")
    content = skeleton.theme_file(source, rel) if rel and ".." not in rel.split("/") else None
    if content is None:
        near = difflib.get_close_matches(rel, theme_files(source), n=3)
        hint = f"; did you mean {' or '.join(near)}?" if near else "; explainer override lists them"
        raise Refused(f"{rel!r} is not a file of the engine's theme{hint}")
    target = root / skeleton.OVERRIDES / rel
    if target.exists():
        raise Refused(f"{target.relative_to(root)} exists already: it is the project's; edit it there")
    skeleton.write_atomic(target, content)
    key = skeleton.OVERRIDES + rel
    try:
        lock = skeleton.read_lock(root)
    except ValueError:
        return target  # no lock: an engine checkout, or a project made before explainer new
    skeleton.write_atomic(root / skeleton.BASE / key, content)
    files = dict(lock.files, **{key: skeleton.digest(content)})
    skeleton.write_atomic(skeleton.lock_path(root), skeleton.Lock(lock.version, files).text().encode())
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="explainer override", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
    parser.add_argument("path", nargs="?", default="", help="a theme file, e.g. stylesheets/extra.css")
    args = parser.parse_args(argv)
    root = args.root or project_root()
    if not args.path:
        print(f"The theme of engine {__version__} (overrides/PATH replaces PATH):")
        for rel in theme_files():
            mark = "  (overridden)" if (root / skeleton.OVERRIDES / rel).is_file() else ""
            print(f"  {rel}{mark}")
        return 0
    try:
        target = override(root, args.path)
    except Refused as exc:
        print(f"explainer override: {exc}; nothing was written", file=sys.stderr)
        return 1
    print(f"copied the engine's {args.path} to {target.relative_to(root)}: edit it there (make serve shows it);")
    print("explainer upgrade will merge the engine's later changes into your edits.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
