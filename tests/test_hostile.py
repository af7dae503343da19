"""Hostile input: every entry of tests/hostile/ either fails validation at the right file:line with
a clear message, or builds a site in which its payload is only text.

Entries are folders: their files overlay (error-*) or extend (inert-*) the mini fixture, and
expect.json says what must happen (its "odd" puts pipes, folders and links where files were).
error-*: the listed problems, each `[file:line, fragment]`, must be among those reported (and
with `bounds`, the check runs in a subprocess that must finish within the time and peak memory
given). inert-*: all entries are appended to the fixture and
built once with the real strict MkDocs build; for each, the payload shows up as text on every
page listed, never as a tag, an attribute name, a link or a script, and tests/support/audit.py finds
nothing. inert-* entries with "generated" come from tests/hostile/make_inert.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from explainer.check.validate import Paths, build_factbase
from explainer.load.problems import DataError
from explainer.load.seeds import fold
from tests.support.audit import audit_site

from .sitebuild import FIXTURE, ROOT, Built, build, build_env, make_project, once

HOSTILE = ROOT / "tests" / "hostile"
ENTRIES = sorted(p.name for p in HOSTILE.iterdir() if p.is_dir() and (p / "expect.json").exists())
ERRORS = [e for e in ENTRIES if e.startswith("error-")]
INERT = [e for e in ENTRIES if e.startswith("inert-")]
# Attributes in which a payload may legitimately appear as (escaped) text.
TEXT_ATTRS = {"title", "alt", "aria-label", "aria-description", "placeholder", "content"}
SLUG = re.compile(r"[\w-]+")
INJECTED_IDS = {"pwn", "pwn-id"}  # what the attribute-list payloads ask for: never an element's id


def expect(entry: str) -> dict:
    return json.loads((HOSTILE / entry / "expect.json").read_text(encoding="utf-8"))


def entry_files(entry: str) -> list[Path]:
    folder = HOSTILE / entry
    return sorted(f for f in folder.rglob("*") if f.is_file() and f.name != "expect.json")


def pad_seed(project: Path, spec: dict) -> None:
    """Put a word of `bytes` letters in front of a seed (a 1 MB line with no space in it)."""
    seed = project / spec["file"]
    seed.write_text("x" * spec["bytes"] + "\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")


def test_corpus_is_complete():
    assert len(ERRORS) >= 40 and len(INERT) >= 20, (len(ERRORS), len(INERT))
    for entry in ENTRIES:
        kind = expect(entry)["kind"]
        assert entry.startswith(f"{kind}-"), f"{entry}: expect.json says {kind}"


# --- entries that must be rejected ----------------------------------------------------------


def _error_project(tmp_path: Path, entry: str) -> tuple[Path, dict]:
    spec = expect(entry)
    project = tmp_path / "project"
    shutil.copytree(FIXTURE / "data", project / "data")
    shutil.copytree(FIXTURE / "seeds", project / "seeds")
    shutil.copytree(ROOT / "data" / "schema", project / "data" / "schema")
    for file in entry_files(entry):
        target = project / file.relative_to(HOSTILE / entry)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, target)
    for rel in spec.get("remove", []):
        (project / rel).unlink()
    for token, (char, count) in spec.get("expand", {}).items():
        for file in (project / "data").glob("*.yaml"):
            text = file.read_text(encoding="utf-8")
            if token in text:
                file.write_text(text.replace(token, char * count), encoding="utf-8")
    if "pad_seed" in spec:
        pad_seed(project, spec["pad_seed"])
    for rel, kind in spec.get("odd", {}).items():  # what git cannot hold: pipes, links out of the project
        make_odd(project / rel, kind)
    return project, spec


def make_odd(path: Path, kind: str) -> None:
    """Put something other than a file of the project at `path`: "fifo", "folder", or
    "link:<target>" (an absolute target, or "link:nowhere" for a dangling link)."""
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind.startswith("link:"):
        target = kind.removeprefix("link:")
        path.symlink_to(path.parent / "nothing-here" if target == "nowhere" else Path(target))
    else:
        raise AssertionError(kind)


# The child reports its own peak (VmHWM: this process's memory since its exec). The rusage wait4
# returns would not do: Linux carries the parent's peak across fork and exec into the child's
# ru_maxrss, so a test suite that has grown to 200 MB would be charged to every check it runs.
_MEASURED = """
import sys
from explainer import generate
try:
    status = generate.main(sys.argv[2:])
finally:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            open(sys.argv[1], "w").write(line.split()[1])
raise SystemExit(status)
"""


def _check_bounded(project: Path, seconds: float, mb: int) -> list[str]:
    """`explainer.generate check` in a subprocess: its report, after asserting time and peak memory."""
    peak_file = project / "peak-kb.txt"
    with open(project / "stderr.txt", "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            # One process (--cores 1): a second one would load part of the data out of this measure.
            [sys.executable, "-c", _MEASURED, str(peak_file), "check", "--cores", "1", "--root", str(project)],
            cwd=ROOT,
            env=build_env(),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        killer = threading.Timer(seconds * 3, proc.kill)  # a hang must not hang the suite
        killer.start()
        proc.wait()
        killer.cancel()
        elapsed = time.monotonic() - start
    report = (project / "stderr.txt").read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 1, f"exit {proc.returncode} after {elapsed:.1f} s:\n{report[:2000]}"
    assert elapsed < seconds, f"took {elapsed:.1f} s (bound {seconds} s)"
    peak_mb = int(peak_file.read_text()) / 1024
    assert peak_mb < mb, f"peak memory {peak_mb:.0f} MB (bound {mb} MB)"
    return report.splitlines()


@pytest.mark.parametrize("entry", ERRORS)
def test_rejected_with_file_and_line(tmp_path, entry):
    project, spec = _error_project(tmp_path, entry)
    if "bounds" in spec:
        lines = _check_bounded(project, spec["bounds"]["seconds"], spec["bounds"]["mb"])
    else:
        with pytest.raises(DataError) as caught:
            build_factbase(Paths(project))
        lines = [str(p) for p in caught.value.problems]
    shown = "\n".join(lines)
    for where, fragment in spec["errors"]:
        prefix = where if where.endswith(":") else where + ":"
        assert any(line.startswith(prefix) and fragment in line for line in lines), (
            f"expected a problem at {where} saying {fragment!r}; got:\n{shown[:3000]}"
        )


# --- entries that must build, inert ----------------------------------------------------------


def _append_entries(project: Path) -> None:
    for entry in INERT:
        for file in entry_files(entry):
            rel = file.relative_to(HOSTILE / entry)
            target = project / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel.parts[0] == "data" and target.exists():
                with target.open("a", encoding="utf-8") as out:
                    out.write("\n" + file.read_text(encoding="utf-8"))
            else:
                shutil.copy2(file, target)
        if "pad_seed" in expect(entry):
            pad_seed(project, expect(entry)["pad_seed"])


def _build_hostile(folder: Path) -> Built:
    project = make_project(folder / "project")
    _append_entries(project)
    return build(project, kind="hostile")


@pytest.fixture(scope="module")
def hostile_site() -> Built:
    """The fixture with every hostile entry appended, built once per test run (tests/sitebuild.py);
    the tests here only read it."""
    return once("hostile-site", _build_hostile)


@pytest.fixture(scope="module")
def findings(hostile_site):
    return audit_site(hostile_site.site)


class _Content(HTMLParser):
    """Text, ids and attributes inside Material's content area (div.md-content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth: int | None = None
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if self.depth is None and tag == "div" and "md-content" in (dict(attrs).get("class") or "").split():
            self.depth = len(self.stack)
        if self.depth is not None:
            self.tags.append((tag, [(k, v or "") for k, v in attrs]))
            self.ids.update(v for k, v in attrs if k == "id" and v)
            if tag in ("script", "style"):
                self.skip += 1
        if tag not in ("br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if tag in ("script", "style") and self.skip and self.depth is not None:
            self.skip -= 1
        if self.depth is not None and len(self.stack) <= self.depth:
            self.depth = None

    def handle_data(self, data):
        if self.depth is not None and not self.skip:
            self.text.append(data)


def content_of(site: Path, page: str) -> _Content:
    parser = _Content()
    parser.feed((site / page).read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.mark.parametrize("entry", INERT)
def test_payload_is_only_text(hostile_site, findings, entry):
    spec = expect(entry)
    visible: dict[str, list[str]] = spec.get("visible") or {page: [spec["payload"]] for page in spec["pages"]}
    marker = spec.get("marker")
    for page, strings in visible.items():
        content = content_of(hostile_site.site, page)
        text = fold(" ".join("".join(content.text).split()))
        for s in strings:
            assert fold(" ".join(s.split())) in text, f"{page}: {s[:80]!r} is not shown as text"
        if marker:
            for tag, attrs in content.tags:
                assert marker not in tag, f"{page}: the payload made a <{tag}> element"
                for name, value in attrs:
                    assert marker not in name.lower(), f"{page}: the payload made an attribute {name!r} on <{tag}>"
                    anchor = value.removeprefix("#") if name == "href" else value if name == "id" else None
                    if anchor is not None and SLUG.fullmatch(anchor) and anchor not in INJECTED_IDS:
                        continue  # a heading's anchor (or its permalink) slugified by MkDocs' toc: inert
                    assert name in TEXT_ATTRS or marker not in value.lower(), (
                        f"{page}: the payload reached <{tag} {name}={value[:80]!r}>"
                    )
        bad = [str(f) for f in findings if f.path == page]
        assert not bad, "\n".join(bad)


def test_no_payload_swallows_the_rest_of_a_page(hostile_site):
    """Every record still has its anchor on its page, whatever came before it (e.g. '<!--')."""
    facts = build_factbase(Paths(hostile_site.project))
    from explainer.render.common import Locator

    locator = Locator.build(facts)
    missing: list[str] = []
    by_page: dict[str, set[str]] = {}
    for record_id, page in locator.pages.items():
        by_page.setdefault(page, set()).add(record_id)
    for page, ids in sorted(by_page.items()):
        html = page[:-3] + "/index.html" if not page.endswith("index.md") else page[:-8] + "index.html"
        found = content_of(hostile_site.site, html.removeprefix("/")).ids
        missing.extend(f"{html}#{i}" for i in sorted(ids - found))
    assert not missing, f"{len(missing)} record anchors are missing: {missing[:20]}"


def test_audit_finds_nothing_on_the_hostile_site(findings):
    assert not findings, "\n".join(str(f) for f in findings[:50])


def test_search_entries_keep_payloads_as_text(hostile_site):
    """The search index holds what editors wrote as text (Pagefind stores it as JSON strings), and
    the search box puts it on the page as text only: explainer/theme/javascripts/search.js writes no HTML."""
    from explainer.publish.search_index import read_fragments

    entries = read_fragments(hostile_site.site)
    shown = " ".join(" ".join(e["meta"].values()) + " " + e["content"] for e in entries)
    payload = expect("inert-html-script")["payload"]
    assert payload in shown, "the hostile record is not in the search index, as the text it is"
    script = (ROOT / "explainer" / "theme" / "javascripts" / "search.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, f"search.js uses {sink}: results must be set as text"


def test_downloads_keep_payloads_as_data(hostile_site):
    """The JSON downloads hold exactly what the editors wrote, markup included, as data."""
    quotes = json.loads((hostile_site.site / "downloads" / "quotes.json").read_text(encoding="utf-8"))
    texts = {q["text"] for q in quotes}
    assert expect("inert-html-script")["payload"] in texts
