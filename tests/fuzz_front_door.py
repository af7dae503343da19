"""The front door under fuzzing: for every mutated project (tests/fuzzing.py), in this process.

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
from explainer.problems import DataError
from tests.support.audit import _PageAudit, theme_hashes

from .fuzzing import Files, examples
from .sitebuild import ROOT

WORK = Path(os.environ.get("FUZZ_DIR") or tempfile.mkdtemp(prefix="fuzz-"))
PROJECT = WORK / "project"
EXTENSIONS = ["attr_list", "footnotes", "tables", "md_in_html", "toc"]
FRAME = (
    '<html><body><div class="md-content" data-md-component="content">'
    '<article class="md-content__inner md-typeset">{}</article></div></body></html>'
)
LOCATED = re.compile(r"(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): ")
# The one line that names no place: problems counted but held back behind an unreadable file.
HELD = re.compile(
    r"\d+ more problems? held back: (they|it) may only follow from .+ not being readable; fix (it|those) first\.$"
)
STATS = {"examples": 0, "clean": 0, "rejected": 0}
HASHES = theme_hashes()


def _project(files: Files) -> None:
    """Lay the example out as a project (the real schemas; docs/ as the last run left it)."""
    if not (PROJECT / "data" / "schema").exists():
        shutil.copytree(ROOT / "data" / "schema", PROJECT / "data" / "schema")
        (PROJECT / "seeds").mkdir()
        (PROJECT / "docs").mkdir()
    for sub in ("data", "seeds"):
        for old in (PROJECT / sub).iterdir():
            if old.is_file():
                old.unlink()
    for rel, raw in files.items():
        (PROJECT / rel).write_bytes(raw)


def _docs() -> dict[str, tuple[int, int, int]]:
    """What a write would change: each file's inode (a rename), size and modification time."""
    docs = PROJECT / "docs"
    return {
        f.relative_to(docs).as_posix(): (st.st_ino, st.st_size, st.st_mtime_ns)
        for f in sorted(docs.rglob("*"))
        if (st := f.stat()) and f.is_file()
    }


def _line_count(rel: str) -> int:
    try:
        raw = (PROJECT / rel).read_bytes()
    except OSError:
        return -1
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
    assert (status == 1) == bool(report), f"exit {status} with report {report[:5]}"
    for line in report[:-1] if status else report:
        if HELD.match(line):
            continue
        where = LOCATED.match(line)
        assert where, f"a problem that names no file and line: {line[:300]!r}"
        assert line.isprintable(), f"a problem with a character a terminal does not show: {line[:300]!r}"
        rel, number = where["path"], int(where["line"])
        assert rel.startswith(("data/", "seeds/")), f"names a file outside the project: {line[:300]!r}"
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
        shutil.copytree(PROJECT, failing, ignore=shutil.ignore_patterns("schema", "docs"))
        raise


def teardown_module() -> None:
    (WORK / "stats.json").write_text(json.dumps(STATS), encoding="utf-8")
