"""`explainer upgrade`: move a project to the installed engine's version.

    python -m pip wheel --no-deps -w dist .          # in the newer engine's checkout (on no index)
    .venv/bin/pip install --no-deps ENGINE/dist/sourced_explainer-NEW-py3-none-any.whl  # in the project
    .venv/bin/explainer upgrade                      # then the project's engine-owned files

Only an installed engine can put its wheel in the project's wheels/ (vendor.installed_wheel); run
from a checkout, the upgrade raises the pin and leaves wheels/ as it was.

The project's explainer.lock says which engine version last wrote its engine-owned files
(explainer/desk/skeleton.py lists them) and what it wrote (hashes; the content under .explainer/base/).
For each such file, and each theme file the project took to change (overrides/, from `explainer
override`), with base = what the old engine wrote, mine = the project's file, theirs = what the
installed engine writes:

- theirs == base: the engine did not change it; the project's file stays as it is.
- mine == base: the project did not change it; it becomes theirs (or goes, if the engine dropped
  it; an override goes too, so the engine's own file is served).
- both changed: a three-way merge (git merge-file). A clean merge keeps the project's edits and
  takes the engine's; where both changed the same lines the file gets conflict markers
  (<<<<<<< project / ||||||| engine VERSION / ======= / >>>>>>> engine VERSION) and the command
  exits 1, listing them. Without git the engine's version is written beside it as FILE.engine-new.

The theme itself (explainer/theme/) is not copied: every generate serves the installed engine's.
A project made by engine 0.2.0, which copied it, is moved over: the theme files it left alone
go, the ones it edited move to overrides/ (styles and scripts from docs/), mkdocs.yml's
`custom_dir` becomes .explainer/theme, and explainer.publish.lock becomes explainer.lock.

The engine's pin in pyproject.toml is raised, and the pages are generated again (the command
lists each page the new engine writes differently). Nothing in data/, seeds/ or the subject's own code
(scripts/subject.py and the rest of scripts/ that the engine does not own) is ever written.

Exit status: 0 upgraded (or already current), 1 upgraded with conflicts to resolve, 2 refused.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..publish.write import read_manifest
from . import skeleton, vendor

NEVER = ("data/", "seeds/")
_PIN = re.compile(re.escape(skeleton.PACKAGE) + r"==[^\"'\s,\]]+")


@dataclass(frozen=True)
class Change:
    path: str
    # added, updated, removed, merged, conflict; kept: the project deleted or edited what the
    # engine changed or dropped, and it stays so
    action: str


def merge(mine: bytes, base: bytes, theirs: bytes, old: str, new: str) -> tuple[bytes, bool] | None:
    """git merge-file's three-way merge: (result, clean), or None when git is not there."""
    git = shutil.which("git")
    if git is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, content in (("mine", mine), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_bytes(content)
            paths.append(str(path))
        labels = ["-L", "project", "-L", f"engine {old}", "-L", f"engine {new}"]
        run = subprocess.run([git, "merge-file", "-p", "--diff3", *labels, *paths], capture_output=True, check=False)
    if run.returncode < 0 or run.returncode > 127:
        return None
    return run.stdout, run.returncode == 0


def upgrade(root: Path, source: Path | None = None, version: str = __version__) -> list[Change]:
    """Refresh the engine-owned files of the project in `root` to `version`; returns what changed.
    ValueError when the project cannot be upgraded (no lock, a newer engine made it)."""
    lock = skeleton.read_lock(root)
    if skeleton.version_key(version) < skeleton.version_key(lock.version):
        raise ValueError(
            f"this project uses engine {lock.version} (explainer.lock), newer than the installed {version}: "
            f"install that one instead: {vendor.install_command(root, lock.version)}"
        )
    source = source or skeleton.source()
    changes: list[Change] = []
    lock = _moved_theme_copies(root, lock, changes)
    theirs_all = skeleton.engine_files(source, version)
    for rel in lock.files:
        if rel.startswith(skeleton.OVERRIDES):  # a theme file the project took to change
            theme = skeleton.theme_file(source, rel.removeprefix(skeleton.OVERRIDES))
            if theme is not None:
                theirs_all[rel] = theme
    hashes: dict[str, str] = {}
    for rel in sorted(set(lock.files) | set(theirs_all)):
        if rel.startswith(NEVER):
            continue
        theirs = theirs_all.get(rel)
        base_path = root / skeleton.BASE / rel
        base = base_path.read_bytes() if base_path.is_file() else None
        if base is not None and skeleton.digest(base) != lock.files.get(rel):
            base = None  # a base that is not what the lock says is no base
        mine_path = root / rel
        mine = mine_path.read_bytes() if mine_path.is_file() else None
        if rel.startswith(skeleton.OVERRIDES) and mine is not None and mine == base:
            # An override the project never changed only hides the engine's newer file: it goes.
            theirs = None
        action = _apply(rel, mine_path, mine, base, theirs, source, lock.version, version)
        if action:
            changes.append(Change(rel, action))
        if theirs is None or (rel.startswith(skeleton.OVERRIDES) and not mine_path.is_file()):
            base_path.unlink(missing_ok=True)
        else:
            skeleton.write_atomic(base_path, theirs)
            hashes[rel] = skeleton.digest(theirs)
    _raise_pin(root / "pyproject.toml", version, changes)
    wheel = vendor.installed_wheel(version)  # the installed engine the project moves to (not a checkout)
    if wheel is not None:
        changes += [Change(path, action) for path, action in vendor.place(root, version, wheel)]
    theme_from_engine(root / "mkdocs.yml", changes)
    old_lock = skeleton.lock_path(root)
    skeleton.write_atomic(root / skeleton.LOCK, skeleton.Lock(version, hashes).text().encode())
    if old_lock.name != skeleton.LOCK:
        old_lock.unlink()
        changes.append(Change(f"{old_lock.name} -> {skeleton.LOCK}", "renamed"))
    return changes


def _moved_theme_copies(root: Path, lock: skeleton.Lock, changes: list[Change]) -> skeleton.Lock:
    """The docs/javascripts/ and docs/stylesheets/ files engine 0.2.0 wrote (it copied the theme in;
    since 0.3.0 publish/theme.py serves it): one the project
    left alone goes (the engine serves it now); an edited one moves to overrides/ with its base,
    so it stays the project's version and takes the engine's later changes by merge."""
    files = {}
    for rel, digest in lock.files.items():
        if not rel.startswith(skeleton.COPIED_ELSEWHERE):
            files[rel] = digest
            continue
        mine, base = root / rel, root / skeleton.BASE / rel
        prefix = next(p for p in skeleton.COPIED_ELSEWHERE if rel.startswith(p))
        new = skeleton.OVERRIDES + skeleton.COPIED_THEME[prefix] + rel.removeprefix(prefix)
        if not mine.is_file():
            base.unlink(missing_ok=True)
        elif skeleton.digest(mine.read_bytes()) == digest:
            mine.unlink()
            base.unlink(missing_ok=True)
            changes.append(Change(rel, "removed"))
        elif (root / new).exists():
            changes.append(Change(rel, "kept"))  # overrides/ has one already: the project decides
        else:
            for old_path, new_path in ((mine, root / new), (base, root / skeleton.BASE / new)):
                if old_path.is_file():
                    new_path.parent.mkdir(parents=True, exist_ok=True)
                    old_path.replace(new_path)
            files[new] = digest
            changes.append(Change(f"{rel} -> {new}", "moved"))
    for folder in (root, root / skeleton.BASE):
        for copied in skeleton.COPIED_ELSEWHERE:
            with contextlib.suppress(OSError):  # only when nothing is left in it
                (folder / copied).rmdir()
    return skeleton.Lock(lock.version, files)


_CUSTOM_DIR = re.compile(r"(?m)^(\s+custom_dir:\s*)[\"']?overrides/?[\"']?[ \t]*$")


def theme_from_engine(mkdocs_yml: Path, changes: list[Change]) -> None:
    """mkdocs.yml's theme folder from `overrides` (an older engine's copy) to the one every
    generate writes: the engine's theme with the project's overrides/ on top."""
    if not mkdocs_yml.is_file():
        return
    text = mkdocs_yml.read_text(encoding="utf-8")
    moved = _CUSTOM_DIR.sub(lambda m: m.group(1) + ".explainer/theme", text)
    if moved != text:
        skeleton.write_atomic(mkdocs_yml, moved.encode("utf-8"), mkdocs_yml)
        changes.append(Change("mkdocs.yml", "updated"))


def _apply(
    rel: str, path: Path, mine: bytes | None, base: bytes | None, theirs: bytes | None, source: Path, old: str, new: str
) -> str:
    """Bring one engine-owned file up to `theirs`; returns what was done ("" for nothing)."""
    if theirs == base or mine == theirs:
        return ""  # the engine did not change it (the project's edit, if any, stays), or both agree
    if mine == base:  # unchanged by the project (or absent in both)
        if theirs is None:
            path.unlink(missing_ok=True)
            return "removed"
        skeleton.write_atomic(path, theirs, source / rel)
        return "updated" if mine is not None else "added"
    if theirs is None or mine is None:
        return "kept"  # the project deleted a file the engine changed, or edited one the engine dropped
    merged = merge(mine, base or b"", theirs, old, new) if base is not None else None
    if merged is None:
        skeleton.write_atomic(path.with_name(path.name + ".engine-new"), theirs)
        return "conflict"
    content, clean = merged
    skeleton.write_atomic(path, content, path)
    return "merged" if clean else "conflict"


def regenerate(root: Path, command: str) -> list[str] | None:
    """Generate the pages with this engine (a newer one may write them differently), printing
    each page it rewrote, then print and return the notes on pages the nav does not list;
    None, with the reason printed, when the pages could not be generated."""
    from ..generate import main as generate  # the command's last step: imported only here

    if generate(["--root", str(root), "generate"]):
        print(f"{command}: the pages were not regenerated (the problems above)", file=sys.stderr)
        return None
    notes = unlisted_pages(root)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return notes


def unlisted_pages(root: Path) -> list[str]:
    """Top-level pages the engine generates that mkdocs.yml never names: a newer engine's new page
    (the Claim checks page, checks.md, came with 0.2.0), which the strict build refuses until the
    project's nav lists it (mkdocs.yml is the project's: an upgrade does not edit its nav)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8") if config.is_file() else ""
    return [
        f"docs/{page} is a page this engine generates and mkdocs.yml's nav does not list: add it there "
        f"(e.g. `- {page.removesuffix('.md').replace('-', ' ').capitalize()}: {page}`), or make site fails"
        for page in read_manifest(root / "docs")
        if page.endswith(".md") and "/" not in page and page not in text
    ]


def _raise_pin(pyproject: Path, version: str, changes: list[Change]) -> None:
    if not pyproject.is_file():
        return
    text = pyproject.read_text(encoding="utf-8")
    raised = _PIN.sub(skeleton.pin_line(version), text)
    if raised != text:
        skeleton.write_atomic(pyproject, raised.encode("utf-8"), pyproject)
        changes.append(Change("pyproject.toml", "updated"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="explainer upgrade", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the project (default: the current folder)")
    args = parser.parse_args(argv)
    if skeleton.needs_adoption(args.root):
        print(
            "explainer upgrade: this project has its own copy of the engine (explainer/, made by make new before "
            "0.2.0) and no explainer.lock; run explainer upgrade --adopt to move it onto the installed engine",
            file=sys.stderr,
        )
        return 2
    try:
        old = skeleton.read_lock(args.root).version
        changes = upgrade(args.root, None, __version__)
    except ValueError as exc:
        print(f"explainer upgrade: {exc}", file=sys.stderr)
        return 2
    for change in changes:
        print(f"{change.action:>8}  {change.path}")
    conflicts = [c.path for c in changes if c.action == "conflict"]
    written = [c.path for c in changes if c.action != "kept"]
    print(f"engine {old} -> {__version__}: {len(written)} files written, {len(conflicts)} with conflicts")
    for schema in skeleton.CORE_SCHEMAS:
        ours, yours = skeleton.source() / schema, args.root / schema
        if yours.is_file() and ours.is_file() and ours.read_bytes() != yours.read_bytes():
            print(f"note: {schema} differs from the engine's {ours} (data/ is yours: compare them by hand)")
    if regenerate(args.root, "explainer upgrade") is None:
        return 1
    if conflicts:
        print(
            "resolve the conflicts (search the files for <<<<<<<, or compare with FILE.engine-new), then "
            "run your tests: the engine's side is already recorded as the base of the next upgrade",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
