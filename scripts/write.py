"""Step 5: put generated pages into docs/ without ever losing anything.

- Only files whose content changed are written; an unchanged run writes nothing.
- Every write goes to a temporary file that replaces the target in one rename, so a page is
  always either the old one or the new one, never half of either.
- A manifest (docs/.generated.json, ignored by MkDocs as a dot-file) lists what we generated.
  A file not in it is hand-written: we never overwrite or delete it, and say so. A generated
  file that no longer has data is deleted. Nothing is written outside docs/.
- Pages are written in two steps. `stage` writes every new text into a temporary file beside
  its target; it runs in whichever process rendered the page (scripts/parallel.py), so both
  cores create files and no page text crosses between processes. `finish` then checks the run
  as a whole (conflicts, duplicate paths) and only if all is well renames the temporary files
  into place: a refused or failed run removes them again and has replaced nothing.
- Pages are not fsynced: the kernel writes them out after the run, as it does for every other
  build tool. At 10,000 claims, syncing 800 pages (43 MB) added about 0.2 s to a 2.6 s run, for
  files that are regenerated from data/ at will and checked against it by `make test`. A page
  that a power cut leaves empty is still ours (listed in the manifest, nothing in it to lose),
  so the next run simply writes it again. The manifest, which says what is ours, is synced.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .pages.common import GENERATED_MARK, Page
from .problems import DataError, Problem

MANIFEST = ".generated.json"
_LEFTOVER = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # what temporary files look like: .name.<8 of [a-z0-9_]>.tmp


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass(frozen=True)
class Run:
    """One write of docs/, set up before any page is staged (and before a second process forks)."""

    docs: Path
    real_docs: Path  # docs/ with symlinks resolved, to tell whether a target stays inside it
    previous: frozenset[str]  # what the manifest says we generated last time
    token: str  # in the name of every temporary file of this run, so a failed run finds them all
    dry_run: bool
    folders: frozenset[str]  # the folders docs/ had: any other one still empty after a failed run goes


# What `stage` found for a page.
UNCHANGED, STAGED, CHANGED, CONFLICT, UNSAFE = "unchanged", "staged", "changed", "conflict", "unsafe"


@dataclass(frozen=True)
class Staged:
    path: str  # the page's path under docs/
    state: str
    temp: str = ""  # for STAGED: the temporary file holding the new text


def begin(docs: Path, dry_run: bool = False) -> Run:
    """Read the manifest and clear what killed runs left behind (not in a dry run)."""
    folders = frozenset() if dry_run else _remove_leftovers(docs)
    return Run(docs, docs.resolve(), frozenset(read_manifest(docs)), secrets.token_hex(4), dry_run, folders)


# What a run left in docs/ for a page: its text and the file's (device, inode, size, mtime).
Known = tuple[str, tuple[int, int, int, int]]


def _signature(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def known(docs: Path, pages: Iterable[Page]) -> dict[str, Known]:
    """Each page with the file that now holds it (for the live preview's next `stage`)."""
    out: dict[str, Known] = {}
    for page in pages:
        try:
            out[page.path] = (page.text, _signature(os.stat(docs / page.path)))
        except OSError:
            pass
    return out


def stage(run: Run, pages: Iterable[Page], known: dict[str, Known] | None = None) -> list[Staged]:
    """Compare each page with what docs/ holds and put every new text into a temporary file.

    `known` (the live preview's): pages whose file in docs/ is still the very file an earlier
    run left with this text (same inode, size and time; any other writer's rename makes a new
    inode) are unchanged without reading them back."""
    out: list[Staged] = []
    folders: set[Path] = set()
    for page in pages:
        if (
            known
            and page.path in run.previous
            and (k := known.get(page.path)) is not None
            and (k[0] is page.text or k[0] == page.text)
        ):
            try:
                if _signature(os.stat(run.docs / page.path)) == k[1]:
                    out.append(Staged(page.path, UNCHANGED))
                    continue
            except OSError:
                pass
        target = _inside(run.docs, page.path, run.real_docs)
        if target is None:
            out.append(Staged(page.path, UNSAFE))
            continue
        data = page.text.encode("utf-8")
        try:
            existing: bytes | None = target.read_bytes()  # read once: to tell whose it is, and to compare
        except FileNotFoundError:
            existing = None
        if existing is not None:
            if page.path not in run.previous or not _ours(target, existing):
                out.append(Staged(page.path, CONFLICT))
                continue
            if existing == data:
                out.append(Staged(page.path, UNCHANGED))
                continue
        if run.dry_run:
            out.append(Staged(page.path, CHANGED))
            continue
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        out.append(Staged(page.path, STAGED, str(_temporary(target, data, run.token))))
    return out


def finish(run: Run, staged: list[Staged]) -> WriteReport:
    """Check the run as a whole, then rename every staged page into place and delete stale ones.

    On a conflict or an unsafe path nothing is replaced: the temporary files are removed and
    DataError lists every problem."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for s in staged:
        if s.state == UNSAFE or s.path in seen:
            problems.append(
                Problem(s.path, 1, 1, "is not a safe, unique path inside docs/", fix="this is a generator bug")
            )
            continue
        seen.add(s.path)
        if s.state == CONFLICT:
            problems.append(
                Problem(
                    f"docs/{s.path}",
                    1,
                    1,
                    "is a hand-written file where a generated page must go",
                    fix="rename or move the hand-written file; the generator never overwrites it",
                )
            )
    if problems:
        discard(run)
        raise DataError(problems)
    changed = [s for s in staged if s.state in (STAGED, CHANGED)]
    stale = sorted(run.previous - seen)
    report = WriteReport(unchanged=len(staged) - len(changed))
    if run.dry_run:
        report.written = [s.path for s in changed]
        report.deleted = [rel for rel in stale if (run.docs / rel).exists()]
        return report
    try:
        if changed and not seen <= run.previous:
            _write_manifest(
                run.docs, run.previous | seen
            )  # first claim the new paths, so an interrupted run stays ours
        for s in changed:
            os.replace(s.temp, run.docs / s.path)
            report.written.append(s.path)
    except BaseException:
        discard(run)
        raise
    for rel in stale:
        target = _inside(run.docs, rel)
        if target is not None and target.is_file() and _ours(target):
            target.unlink()
            report.deleted.append(rel)
    if run.previous != seen:
        _write_manifest(run.docs, seen)
    return report


def discard(run: Run) -> None:
    """Remove this run's temporary files (all of them, also those of a process that died before
    saying what it staged) and the folders it made, if they are empty again."""
    if run.dry_run:
        return
    for file in run.docs.rglob(f".*.{run.token}.tmp"):
        if file.is_file() and not file.is_symlink():
            file.unlink()
    for top, _, _ in os.walk(run.docs, topdown=False):
        if top not in run.folders:
            try:
                os.rmdir(top)
            except OSError:
                pass  # not empty: not ours to touch


def write_pages(docs: Path, pages: list[Page], dry_run: bool = False) -> WriteReport:
    """Make docs/ hold exactly these generated pages; raise DataError, replacing nothing, on conflict."""
    run = begin(docs, dry_run)
    try:
        staged = stage(run, pages)
    except BaseException:
        discard(run)
        raise
    return finish(run, staged)


def _temporary(target: Path, data: bytes, token: str) -> Path:
    """Write `data` into a new dot-file beside `target` (MkDocs ignores dot-files).

    The file is opened with the usual mode (0666 less the umask), as any page written in place
    would be. One left by a process that died is this run's own: it is replaced."""
    tmp = target.with_name(f".{target.name}.{token}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(tmp, flags, 0o666)
    except FileExistsError:
        tmp.unlink()
        fd = os.open(tmp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_synced(target: Path, data: bytes) -> None:
    """Replace `target` atomically, its new content on disk first (for the manifest)."""
    tmp = _temporary(target, data, secrets.token_hex(4))
    try:
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _remove_leftovers(docs: Path) -> frozenset[str]:
    """Delete the temporary files of runs killed between writing and renaming (MkDocs ignores
    dot-files, but they should not pile up); return the folders docs/ has, found on the way."""
    folders = set()
    for top, _, files in os.walk(docs):
        folders.add(top)
        for name in files:
            file = os.path.join(top, name)
            if _LEFTOVER.fullmatch(name) and os.path.isfile(file) and not os.path.islink(file):
                os.unlink(file)
    return frozenset(folders)


def read_manifest(docs: Path) -> list[str]:
    try:
        data = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
        return sorted(str(p) for p in data.get("generated", []))
    except (FileNotFoundError, ValueError, AttributeError):
        return []


def _write_manifest(docs: Path, paths: Iterable[str]) -> None:
    body = {
        "note": "Files in docs/ written by scripts/generate.py; anything else here is hand-written.",
        "generated": sorted(set(paths)),
    }
    _write_synced(docs / MANIFEST, (json.dumps(body, indent=1) + "\n").encode("utf-8"))


def _inside(docs: Path, rel: str, real_docs: Path | None = None) -> Path | None:
    """The target for a page path, or None if it would land outside docs/ (`real_docs`: docs resolved)."""
    if not rel or rel.startswith(("/", "\\")) or "\\" in rel or any(p in ("", ".", "..") for p in rel.split("/")):
        return None
    target = (docs / rel).resolve()
    return target if target.is_relative_to(real_docs or docs.resolve()) else None


def _ours(file: Path, content: bytes | None = None) -> bool:
    """A file still carries our first line (a hand-written page put in its place would not), or
    is empty (a page cut short by a power cut: there is nothing in it to lose). `content`: the
    file's bytes, if already read."""
    if file.suffix != ".md":
        return True
    if content is None:
        with file.open("rb") as handle:
            content = handle.readline()
    return not content or content.startswith(GENERATED_MARK.encode())
