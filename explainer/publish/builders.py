"""Step 5 of `make site`: one strict build of the site from mkdocs.yml, by the builder asked for.

    python -m explainer.publish.builders [--builder mkdocs|properdocs|zensical] [--root .] [--site DIR]

MkDocs 1.6 with Material is the default and what CI publishes; its last release is 1.6.1 and
Material is maintained only until May 2027. ProperDocs (a fork of MkDocs 1.6) and Zensical (by
Material's authors) read the same mkdocs.yml, so the site can move to either without a change of
data or pages. Each is installed from a pinned set of its own (`Builder.requirements`), which
`make site BUILDER=...` installs. Every build is strict, as `make site` has always been: MkDocs
and ProperDocs with --strict and mkdocs.yml's `validation:` block, Zensical with --strict (it reads
`strict:` and `validation.anchors`/`not_found` too; it checks links and anchors, not omitted files).

Zensical writes only into a folder inside the project: a site asked for elsewhere is built into
the project's .cache/ by a config that inherits mkdocs.yml, then moved. Its output is passed
through without colour codes (when not on a terminal) and without the Python traceback it ends a
failed build with: the warnings above it say what is wrong, its last line says why it stopped.

After a build that passed, the theme's files no reader fetches leave the site (publish/prune.py),
and the blank lines its templates leave between tags leave the pages (publish/compact.py).

Exit status: the builder's (0 built, 1 the strict build failed), 2 for a wrong command line or a
builder that is not installed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .compact import compact
from .prune import prune

CONFIG = "mkdocs.yml"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class Builder:
    name: str
    requirements: str  # the pinned set that installs it (make site BUILDER=name installs it)
    site_dir_option: bool  # takes -d DIR; Zensical builds only into mkdocs.yml's site_dir

    def program(self) -> Path:
        """Its console script, beside this interpreter (the project's virtual environment)."""
        return Path(sys.executable).with_name(self.name)

    def command(self, config: Path, site: Path | None) -> list[str]:
        # Never --quiet: MkDocs 1.6 then drops the warnings that --strict counts.
        cmd = [str(self.program()), "build", "--strict", "-f", str(config)]
        if site is not None:
            if not self.site_dir_option:
                raise ValueError(f"{self.name} builds into mkdocs.yml's site_dir; it has no -d")
            cmd += ["-d", str(site)]
        return cmd


BUILDERS = {
    b.name: b
    for b in (
        Builder("mkdocs", "requirements.txt", site_dir_option=True),
        Builder("properdocs", "requirements-properdocs.txt", site_dir_option=True),
        Builder("zensical", "requirements-zensical.txt", site_dir_option=False),
    )
}
DEFAULT = "mkdocs"


class NotInstalled(RuntimeError):
    pass


def require(name: str) -> Builder:
    """The builder called `name`, installed; `NotInstalled` says how to install it."""
    builder = BUILDERS[name]
    if not builder.program().is_file():
        raise NotInstalled(
            f"{name} is not installed in {Path(sys.executable).parent.parent}: "
            f"pip install -r {builder.requirements} (make site BUILDER={name} does this)"
        )
    return builder


def build(name: str, root: Path, site: Path | None = None, env: dict[str, str] | None = None) -> int:
    """Build the project in `root` strictly with builder `name` into `site` (default: mkdocs.yml's
    site_dir); the builder's output goes to our stderr. Returns its exit status."""
    builder = require(name)
    config = root / CONFIG
    if site is None or builder.site_dir_option:
        return _run(builder.command(config, site), root, env)
    site = site.resolve()
    inside = site.is_relative_to(root.resolve())
    target = site if inside else root.resolve() / ".cache" / f"explainer-site-{os.getpid()}"
    inherit = root / f".explainer-{name}-{os.getpid()}.yml"
    inherit.write_text(f"INHERIT: {CONFIG}\nsite_dir: {_quoted(target.relative_to(root.resolve()))}\n")
    try:
        status = _run(builder.command(inherit, None), root, env)
    finally:
        inherit.unlink()
    if not inside:
        if status == 0:
            shutil.rmtree(site, ignore_errors=True)
            site.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(target, site)
        else:
            shutil.rmtree(target, ignore_errors=True)
    return status


def _quoted(path: Path) -> str:
    return '"' + path.as_posix().replace("\\", "\\\\").replace('"', '\\"') + '"'


def _run(cmd: list[str], root: Path, env: dict[str, str] | None) -> int:
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    plain = not sys.stderr.isatty()
    for line in without_tracebacks(proc.stdout):
        sys.stderr.write(_ANSI.sub("", line) if plain else line)
    return proc.wait()


def without_tracebacks(lines: Iterable[str]) -> Iterator[str]:
    """The lines, with each Python traceback reduced to its last line (the error's message)."""
    inside = False
    for line in lines:
        if line.startswith("Traceback (most recent call last):"):
            inside = True
        elif inside and not line.startswith((" ", "\t")):
            inside = False
            yield line
        elif not inside:
            yield line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.publish.builders", description=__doc__.splitlines()[0])
    parser.add_argument("--builder", choices=sorted(BUILDERS), default=DEFAULT, help=f"default: {DEFAULT}")
    parser.add_argument("--root", type=Path, default=Path("."), help="the project (its mkdocs.yml and docs/)")
    parser.add_argument("--site", type=Path, default=None, help="where to build (default: mkdocs.yml's site_dir)")
    args = parser.parse_args(argv)
    try:
        status = build(args.builder, args.root, args.site)
    except NotInstalled as exc:
        print(exc, file=sys.stderr)
        return 2
    if status == 0:  # as the search index (the next step) finds the site: --site, else ROOT/site
        site = args.site or args.root / "site"
        files, size = prune(site)
        if files:
            print(f"left out of the site: {files} theme files no reader fetches ({size / 1e6:.1f} MB)")
        pages, saved = compact(site)
        if pages:
            print(f"folded the templates' blank lines between tags in {pages} pages ({saved / 1e6:.1f} MB)")
    return status


if __name__ == "__main__":
    sys.exit(main())
