"""The front door under fuzzing: for every mutated project (tests/fuzzing.py: data, seeds, schemas,
odd files and links), in this process.

    check exits 0 or 1, never with a traceback;
    every problem it prints names a file of the project and a line inside it, on one line of
    printable characters;
    generate writes nothing into docs/ when there is a problem;
    on a clean input the pages it writes, rendered to HTML, pass tests/support/audit.py's checks.

Not collected by a normal pytest run: tests/test_fuzz.py runs it in a child process (so that a
crash, a signal, fails that test instead of killing the suite) with FUZZ_DIR set. Every example
is written to FUZZ_DIR/project before the checker reads it, so after a signal that folder is the
input that crashed; a failing example is copied to FUZZ_DIR/failing. Counts go to FUZZ_DIR/stats.json.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import markdown
from hypothesis import given

from explainer import generate
from explainer.load.problems import DataError
from tests.support.audit import _PageAudit, theme_hashes

from .fuzzing import Files, Odd, examples, keep_regular, regular
from .sitebuild import ROOT

WORK = Path(os.environ.get("FUZZ_DIR") or tempfile.mkdtemp(prefix="fuzz-"))
PROJECT = WORK / "project"
ELSEWHERE = WORK / "seeds-elsewhere"  # where a seeds folder kept outside the project lives
# The subject's declaration (this project's, found by the engine): a schema that cannot be used
# leaves a declared table without one, a problem placed there.
SUBJECT = str(ROOT / "scripts" / "subject.py")
EXTENSIONS = ["attr_list", "footnotes", "tables", "md_in_html", "toc"]
FRAME = (
    '<html><body><div class="md-content" data-md-component="content">'
    '<article class="md-content__inner md-typeset">{}</article></div></body></html>'
)
LOCATED = re.compile(r"(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): ")
# The one line that names no place: problems counted but held back behind an unreadable file.
HELD = re.compile(
    r"\d+ more problems? held back: (they|it) may only follow from .+ not being read in full; fix (it|those) first\.$"
)
# The line that counts the warnings (explainer/generate.py: _print_warnings).
WARNINGS = re.compile(r"\d+ warnings?: the claim may say more than its words")
STATS = {"examples": 0, "clean": 0, "rejected": 0}
HASHES = theme_hashes()


def _clear(folder: Path) -> None:
    """Empty a folder of the project whatever it holds (links, pipes, folders, unreadable files)."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    if not folder.exists():
        return
    for old in folder.iterdir():
        if old.is_dir() and not old.is_symlink():
            old.chmod(0o755)
            _clear(old)
            old.rmdir()
        else:
            old.unlink()


def _lay(path: Path, value: bytes | Odd) -> None:
    """Put one example file (or odd thing) at `path`."""
    if isinstance(value, bytes):
        path.write_bytes(value)
    elif value.kind == "folder":
        path.mkdir()
    elif value.kind == "fifo":
        os.mkfifo(path)
    elif value.kind == "link-devzero":
        path.symlink_to("/dev/zero")
    elif value.kind == "link-passwd":
        path.symlink_to("/etc/passwd")
    elif value.kind == "dangling":
        path.symlink_to(WORK / "nothing-here")
    elif value.kind == "link-inside":
        path.symlink_to(PROJECT / (value.target or "data/nothing.yaml"))
    elif value.kind == "unreadable":
        path.write_bytes(value.raw)
        path.chmod(0)
    else:
        raise AssertionError(value)


def _project(files: Files) -> None:
    """Lay the example out as a project (docs/ as the last run left it)."""
    (PROJECT / "docs").mkdir(parents=True, exist_ok=True)
    for sub in ("data/schema", "data", "seeds"):
        _clear(PROJECT / sub)
    _clear(ELSEWHERE)
    for sub in ("data/schema", "seeds"):
        (PROJECT / sub).mkdir(parents=True, exist_ok=True)
    seeds_dir = files.get("seeds")
    for rel, value in sorted(files.items()):
        if rel != "seeds":
            _lay(PROJECT / rel, value)
    if isinstance(seeds_dir, Odd):  # the seeds folder itself: gone, a file, or a link to another place
        if seeds_dir.kind == "link-elsewhere":
            (PROJECT / "seeds").rename(ELSEWHERE)
            (PROJECT / "seeds").symlink_to(ELSEWHERE)
        else:
            _clear(PROJECT / "seeds")
            (PROJECT / "seeds").rmdir()
            if seeds_dir.kind == "file":
                (PROJECT / "seeds").write_bytes(b"not a folder\n")


def _docs() -> dict[str, tuple[int, int, int]]:
    """What a write would change: each file's inode (a rename), size and modification time."""
    docs = PROJECT / "docs"
    return {
        f.relative_to(docs).as_posix(): (st.st_ino, st.st_size, st.st_mtime_ns)
        for f in sorted(docs.rglob("*"))
        if (st := f.stat()) and f.is_file()
    }


def _line_count(rel: str) -> int:
    path = PROJECT / rel
    if not regular(path) or (path.is_symlink() and not path.resolve().is_relative_to(PROJECT.resolve())):
        return 1  # not read: a problem with it is at its first line
    try:
        raw = path.read_bytes()
    except OSError:
        return 1
    # YAML (1.1, as libyaml reads it) also breaks lines at NEL, LS and PS, and numbers lines so:
    # a file holding those raw gets line numbers an editor will not see (known; see the report).
    breaks = sum(raw.count(b) for b in (b"\n", b"\r", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9"))
    return breaks + 2  # generous: a problem may sit just past the last line


def _check(files: Files) -> None:
    _project(files)
    STATS["examples"] += 1
    if STATS["examples"] % 100 == 0:  # so that a long run stopped early still tells how far it got
        teardown_module()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = generate.main(["check", "--root", str(PROJECT), "-q", "--cores", "1"])
    report = err.getvalue().split("\n")[:-1]  # only a newline ends a problem's line
    assert status in (0, 1), f"check exited {status}"
    warned: list[str] = []  # warnings (a dropped hedge) come last, with a count, and do not fail a run
    if report and WARNINGS.match(report[-1]):
        count = int(report[-1].split()[0])
        report, warned = report[: -count - 1], report[-count - 1 : -1]
        assert all(": warning: " in line for line in warned), warned[:5]
    assert (status == 1) == bool(report), f"exit {status} with report {report[:5]}"
    for line in (report[:-1] if status else report) + warned:
        if HELD.match(line):
            continue
        where = LOCATED.match(line)
        assert where, f"a problem that names no file and line: {line[:300]!r}"
        assert line.isprintable(), f"a problem with a character a terminal does not show: {line[:300]!r}"
        rel, number = where["path"], int(where["line"])
        assert rel.startswith(("data/", "seeds/")) or rel == SUBJECT, (
            f"names a file outside the project: {line[:300]!r}"
        )
        assert 1 <= number <= _line_count(rel), f"names a line its file does not have: {line[:300]!r}"
    if status:
        assert report[-1].endswith("nothing was written."), report[-1]

    before = _docs()
    try:
        written = generate.generate(PROJECT, cores=1).written
    except DataError as exc:
        assert status == 1, "check passed but generate found problems:\n" + exc.report()[:2000]
        assert _docs() == before, "generate wrote into docs/ although the data has problems"
        STATS["rejected"] += 1
        return
    assert status == 0, "check found problems but generate wrote pages"
    STATS["clean"] += 1
    findings: list[str] = []
    for rel in written:
        if rel.endswith(".md"):
            html = markdown.markdown((PROJECT / "docs" / rel).read_text(encoding="utf-8"), extensions=EXTENSIONS)
            audit = _PageAudit(rel, HASHES)
            audit.feed(FRAME.format(html))
            audit.close()
            findings.extend(str(f) for f in audit.findings)
    assert not findings, "\n".join(findings[:20])


@given(examples())
def test_front_door(files):
    try:
        _check(files)
    except BaseException:
        failing = WORK / "failing"
        shutil.rmtree(failing, ignore_errors=True)
        shutil.copytree(PROJECT, failing, symlinks=True, ignore=_failing_ignore)
        raise


def _failing_ignore(folder: str, names: list[str]) -> list[str]:
    return [*keep_regular(folder, names), *(n for n in names if n == "docs")]


def teardown_module() -> None:
    (WORK / "stats.json").write_text(json.dumps(STATS), encoding="utf-8")
