"""`explainer upgrade --adopt`: move a project that has its own copy of the engine onto the installed one.

Before engine 0.2.0, `make new` copied the engine into each project: an explainer/ folder, the
theme (overrides/, docs/javascripts/, docs/stylesheets/) and the shared files, with no version
and no record of what was copied, so no upgrade can tell the project's edits from the engine's
old lines. Adopting makes that record, keeping every edit:

- explainer/ moves to .explainer/old-engine/explainer/ (out of the import path, nothing deleted);
- each engine-owned file the project has (skeleton.FILES) becomes the installed engine's when it
  is as some engine wrote it: this one, or any version this repository's history has
  (released.json, written by scripts/engine_history.py); one the project edited stays the
  project's, with the engine's written beside it as FILE.engine-new to compare by hand;
- each theme file as some engine wrote it goes (the installed engine serves it); one the project
  edited stays the project's override (styles and scripts move from docs/ to overrides/);
- mkdocs.yml's custom_dir becomes .explainer/theme, and the pin is added to pyproject.toml;
- explainer.lock records the engine's files as the base of later upgrades;
- imports of engine modules that no longer exist (the test helpers moved to tests/support/) are
  listed with file and line, to change by hand.
"""

from __future__ import annotations

import argparse
import ast
import functools
import importlib.util
import json
import re
import sys
from pathlib import Path

from .. import __version__
from . import skeleton, vendor
from .upgrade import Change, regenerate, theme_from_engine

OLD_ENGINE = f"{skeleton.BASE_DIR}/old-engine"
# Where an older engine's modules are now: its flat modules went into folders by stage (0.2.0),
# its test helpers into tests/support/ (engine-owned); explainer.pages.X is explainer.render.X.
MOVED = {
    "explainer.problems": "explainer.load.problems",
    "explainer.limits": "explainer.load.limits",
    "explainer.load": "explainer.load.load",
    "explainer.seeds": "explainer.load.seeds",
    "explainer.typography": "explainer.load.typography",
    "explainer.inputs": "explainer.load.inputs",
    "explainer.registry": "explainer.model.registry",
    "explainer.model": "explainer.model.facts",
    "explainer.records": "explainer.model.schema_types",
    "explainer.schema": "explainer.check.schema",
    "explainer.validate": "explainer.check.validate",
    "explainer.disputes": "explainer.check.disputes",
    "explainer.support": "explainer.check.support",
    "explainer.reporting": "explainer.check.reporting",
    "explainer.site_texts": "explainer.check.site_texts",
    "explainer.pages": "explainer.render",
    "explainer.pages.records": "explainer.render.record_bodies",
    "explainer.escape": "explainer.render.escape",
    "explainer.sentences": "explainer.render.sentences",
    "explainer.tasks": "explainer.publish.tasks",
    "explainer.downloads": "explainer.publish.downloads",
    "explainer.write": "explainer.publish.write",
    "explainer.atomic": "explainer.publish.atomic",
    "explainer.lock": "explainer.publish.lock",
    "explainer.search_records": "explainer.publish.search_entries",
    "explainer.search_index": "explainer.publish.search_index",
    "explainer.builders": "explainer.publish.builders",
    "explainer.serve": "explainer.preview.serve",
    "explainer.preview_messages": "explainer.preview.messages",
    "explainer.saves": "explainer.preview.saves",
    "explainer.listen": "explainer.preview.listen",
    "explainer.preview_server": "explainer.preview.server",
    "explainer.find": "explainer.desk.find",
    "explainer.fix": "explainer.desk.fix",
    "explainer.add_source": "explainer.desk.add_source",
    "explainer.new": "explainer.desk.new",
    "explainer.skeleton": "explainer.desk.skeleton",
    "explainer.upgrade": "explainer.desk.upgrade",
    "explainer.fast": "explainer.scale.fast",
    "explainer.parallel": "explainer.scale.parallel",
    "explainer.incremental": "explainer.scale.incremental",
    "explainer.reparse": "explainer.scale.reparse",
    "explainer.audit": "tests.support.audit",
    "explainer.csp": "tests.support.csp",
    "explainer.nodedeps": "tests.support.nodedeps",
    "explainer.localsite": "tests.support.localsite",
}


@functools.cache
def released() -> dict[str, frozenset[str]]:
    """Every version of each copied file an engine ever wrote, as SHA-256, by its path then."""
    table = json.loads((Path(__file__).with_name("released.json")).read_text(encoding="utf-8"))
    return {path: frozenset(digests) for path, digests in table.items()}


def as_released(rel: str, content: bytes) -> bool:
    return skeleton.digest(content) in released().get(rel, frozenset())


def adopt(root: Path, source: Path, version: str) -> tuple[list[Change], list[str]]:
    """Adopt the project in `root` (see the module's docstring); returns what changed and the
    notes to act on. ValueError when it is not a project to adopt."""
    if not skeleton.needs_adoption(root):
        raise ValueError(f"{root}: has no copy of the engine to adopt (explainer/ and no explainer.lock)")
    changes: list[Change] = []
    old = root / OLD_ENGINE / "explainer"
    if old.exists():
        raise ValueError(f"{old}: exists already; move it away and run explainer upgrade --adopt again")
    old.parent.mkdir(parents=True)
    (root / "explainer").replace(old)
    changes.append(Change(f"explainer/ -> {OLD_ENGINE}/explainer/", "moved"))
    hashes: dict[str, str] = {}
    for rel, theirs in skeleton.engine_files(source, version).items():
        mine_path = root / rel
        mine = mine_path.read_bytes() if mine_path.is_file() else None
        plain = (source / rel).read_bytes()
        if mine is None:
            skeleton.write_atomic(mine_path, theirs, source / rel)
            changes.append(Change(rel, "added"))
        elif mine in (theirs, plain) or as_released(rel, mine):
            if mine != theirs:
                skeleton.write_atomic(mine_path, theirs, mine_path)
                changes.append(Change(rel, "updated"))
        else:
            skeleton.write_atomic(mine_path.with_name(mine_path.name + ".engine-new"), theirs)
            changes.append(Change(rel, "conflict"))
        skeleton.write_atomic(root / skeleton.BASE / rel, theirs)
        hashes[rel] = skeleton.digest(theirs)
    _theme_copies(root, source, changes)
    theme_from_engine(root / "mkdocs.yml", changes)
    _pin(root / "pyproject.toml", version, changes)
    wheel = vendor.installed_wheel(version)  # the requirements install the engine from wheels/
    if wheel is not None:
        changes += [Change(path, action) for path, action in vendor.place(root, version, wheel)]
    skeleton.write_atomic(root / skeleton.LOCK, skeleton.Lock(version, hashes).text().encode())
    changes.append(Change(skeleton.LOCK, "added"))
    return changes, stale_imports(root)


def _theme_copies(root: Path, source: Path, changes: list[Change]) -> None:
    """The theme as an older engine copied it in: a file as some engine wrote it goes, an edited
    one stays (in overrides/, where the theme takes it from)."""
    for prefix, theme_prefix in skeleton.COPIED_THEME.items():
        folder = root / prefix
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            theme_rel = theme_prefix + rel.removeprefix(prefix)
            content = path.read_bytes()
            if content == skeleton.theme_file(source, theme_rel) or as_released(rel, content):
                path.unlink()
                changes.append(Change(rel, "removed"))
            elif prefix != skeleton.OVERRIDES and not (root / skeleton.OVERRIDES / theme_rel).exists():
                new = root / skeleton.OVERRIDES / theme_rel
                new.parent.mkdir(parents=True, exist_ok=True)
                path.replace(new)
                changes.append(Change(f"{rel} -> {skeleton.OVERRIDES}{theme_rel}", "moved"))
            else:
                changes.append(Change(rel, "kept"))
        for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
            if not any(sub.iterdir()):
                sub.rmdir()
        if not any(folder.iterdir()):
            folder.rmdir()


_DEPENDENCIES = re.compile(r"(?m)^dependencies\s*=\s*\[")


def _pin(pyproject: Path, version: str, changes: list[Change]) -> None:
    """The engine as the project's dependency, by version (it was a copy)."""
    if not pyproject.is_file():
        return
    text = pyproject.read_text(encoding="utf-8")
    if skeleton.PACKAGE in text:
        return
    pin = f'"{skeleton.pin_line(version)}"'
    if _DEPENDENCIES.search(text):
        text = _DEPENDENCIES.sub(lambda m: f"{m.group(0)}{pin}, ", text, count=1)
    elif "[project]\n" in text:
        text = text.replace("[project]\n", f"[project]\ndependencies = [{pin}]\n", 1)
    else:
        return
    skeleton.write_atomic(pyproject, text.replace(f"{pin}, ]", f"{pin}]").encode("utf-8"), pyproject)
    changes.append(Change("pyproject.toml", "updated"))


_MODULE = re.compile(r"explainer(\.[a-z_][a-z0-9_]*)+")


def stale_imports(root: Path) -> list[str]:
    """Imports of engine modules the installed engine does not have (and module names in strings,
    as `python -m` runs them), in the project's tests/ and scripts/: file:line, the module, and
    where it is now when known."""
    notes = []
    for folder in ("tests", "scripts"):
        for path in sorted((root / folder).rglob("*.py")) if (root / folder).is_dir() else []:
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError, ValueError):
                continue
            for node in ast.walk(tree):
                if not isinstance(node, (ast.Import, ast.ImportFrom, ast.Constant)):
                    continue
                for name in _modules(node):
                    if name.split(".")[0] == "explainer" and not _exists(name):
                        now = moved_to(name)
                        where = f"; it is {now} now" if now else ""
                        rel = path.relative_to(root).as_posix()
                        verb = "names" if isinstance(node, ast.Constant) else "imports"
                        notes.append(f"{rel}:{node.lineno}: {verb} {name}, which the engine no longer has{where}")
    return notes


def _modules(node: ast.AST) -> list[str]:
    """The engine modules one node of a project's code names."""
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        if node.module == "explainer":  # from explainer import registry
            return [f"explainer.{a.name}" for a in node.names if f"explainer.{a.name}" in MOVED]
        return [node.module]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and _MODULE.fullmatch(node.value):
        return [node.value]  # python -m explainer.x, in a command line the project runs
    return []


def moved_to(module: str) -> str:
    """Where an older engine's module is now ("" when it is gone)."""
    now = MOVED.get(module, "")
    if not now and module.startswith("explainer.pages."):
        now = "explainer.render." + module.removeprefix("explainer.pages.")
    return now if now.startswith("tests.") or (now and _exists(now)) else ""


def _exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="explainer upgrade --adopt", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the project (default: the current folder)")
    args = parser.parse_args(argv)
    try:
        changes, notes = adopt(args.root, skeleton.source(), __version__)
    except ValueError as exc:  # refused before anything is touched
        print(f"explainer upgrade --adopt: {exc}; nothing was changed", file=sys.stderr)
        return 2
    except OSError as exc:  # a file could not be read or written, possibly part way through
        print(
            f"explainer upgrade --adopt: {exc}; it stopped there: what it did before stays (the old engine, "
            f"if moved, is in {OLD_ENGINE}/explainer/); fix this and compare the project with git status",
            file=sys.stderr,
        )
        return 2
    for change in changes:
        print(f"{change.action:>8}  {change.path}")
    conflicts = [c.path for c in changes if c.action == "conflict"]
    print(f"adopted by engine {__version__}: {len(changes)} changes, {len(conflicts)} files to compare by hand")
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if notes:
        print("change those imports, then run explainer generate: the pages are not regenerated yet", file=sys.stderr)
    else:
        regenerated = regenerate(args.root, "explainer upgrade --adopt")
        if regenerated is None:
            return 1
        notes = regenerated
    if conflicts:
        print(
            "each FILE.engine-new is the engine's version of a file your project had changed: merge what you "
            "want of it into FILE, delete FILE.engine-new, then run make test",
            file=sys.stderr,
        )
    return 1 if conflicts or notes else 0
