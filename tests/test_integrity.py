"""Nothing lost, nothing half-done: what the generator and the build promise about files.

- Bad data writes nothing: docs/ and site/ stay byte for byte as they were.
- A generation killed at any moment leaves each page old or new, never truncated; the next run works.
- Nothing is written outside docs/, and a hand-written file is never overwritten or deleted.
- Two builds of the same input are byte-identical over the whole site/ tree.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explainer.load.problems import DataError
from explainer.publish.write import MANIFEST, write_pages
from explainer.render.common import Page, header

from .sitebuild import BUILDER, ROOT, build, build_env, built_copy, generate, make_project, once


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (dot-files included), by relative path, with its bytes."""
    if not folder.exists():
        return {}
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def diff(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    out = [f"only before: {p}" for p in sorted(a.keys() - b.keys())]
    out += [f"only after: {p}" for p in sorted(b.keys() - a.keys())]
    out += [f"changed: {p}" for p in sorted(a.keys() & b.keys()) if a[p] != b[p]]
    return out


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def built_project(tmp_path):
    """A fixture project with docs/ generated and site/ built (a copy of one built per session)."""
    return built_copy(tmp_path / "project")


# --- bad data writes nothing ----------------------------------------------------------------


@pytest.mark.parametrize(
    "breakage",
    [
        ("data/story.yaml", "source: src-one", "source: src-nope"),  # a rule after the schema
        ("data/troop_offers.yaml", "troops: unknown", "troops: [1"),  # YAML that does not parse
        ("data/figures.yaml", "Police officers within a year", "Police officers\u202e within a year"),  # bidi
    ],
)
def test_bad_data_changes_neither_docs_nor_site(built_project, breakage):
    project = built_project.project
    # The data also changes in ways that would rewrite pages, had validation let it through.
    edit(project, "data/actors.yaml", "A country said to have offered", "A country that offered")
    edit(project, *breakage)
    docs_before, site_before = tree(project / "docs"), tree(project / "site")
    result = generate(project)
    assert result.returncode == 1, result.stderr
    assert "nothing was written" in result.stderr
    assert diff(docs_before, tree(project / "docs")) == []
    assert diff(site_before, tree(project / "site")) == []


def test_a_refused_write_changes_nothing(built_project):
    """A conflict found while writing (a hand-written page in the way) is found before any write."""
    project = built_project.project
    edit(project, "data/actors.yaml", "A country said to have offered", "A country that offered")
    (project / "docs" / "zones.md").write_text("# Zones\n\nWritten by hand.\n", encoding="utf-8")
    before = tree(project / "docs")
    result = generate(project)
    assert result.returncode == 1
    assert "docs/zones.md:1:1: is a hand-written file where a generated page must go" in result.stderr
    assert diff(before, tree(project / "docs")) == []


# --- interrupted generation -------------------------------------------------------------------


def synthetic(project: Path, n: int, version: str) -> None:
    """n troop offers and n figures, all citing src-two; `version` appears in every page's text."""
    offers, figures = [], []
    for i in range(n):
        offers.append(
            f"- id: offer-{i}\n  country: italy\n  stance: offered\n  troops: unknown\n"
            f'  summary: "An offer, text of version {version}, long enough to be a realistic claim '
            f'about troops and the plan for the zone."\n  cite:\n    - source: src-two\n'
            f'      excerpt: "Only Italy has offered a possible troop contribution."\n'
            f"  as_of: unknown\n  status: current\n"
        )
        figures.append(
            f'- id: fig-{i}\n  label: "Figure {i} of version {version}"\n  value: "200"\n  unit: officers\n'
            f'  cite:\n    - source: src-two\n      excerpt: "an initial 200 recruits"\n'
            f"  as_of: unknown\n  status: current\n"
        )
    (project / "data" / "troop_offers.yaml").write_text("".join(offers), encoding="utf-8")
    (project / "data" / "figures.yaml").write_text("".join(figures), encoding="utf-8")
    (project / "data" / "disagreements.yaml").write_text("[]\n", encoding="utf-8")
    edit(project, "data/sources.yaml", 'title: "A headline"', f'title: "A headline, version {version}"')
    edit(project, "data/sources.yaml", "title: unknown", f'title: "Version {version}"')


N_SYNTHETIC = 1200


@pytest.fixture(scope="module")
def versions() -> tuple[Path, Path]:
    """A project whose docs/ holds the old pages, and docs/ as the new data generates it: made
    once per test run (tests/sitebuild.py); the tests copy them."""
    return once("interrupt-versions", _versions)


def _versions(base: Path) -> tuple[Path, Path]:
    old = make_project(base / "old")
    synthetic(old, N_SYNTHETIC, "old")
    assert generate(old).returncode == 0
    new = make_project(base / "new")
    synthetic(new, N_SYNTHETIC, "new")
    assert generate(new).returncode == 0
    return old, new


def synthetic_data(src: Path, dest: Path) -> None:
    shutil.rmtree(dest / "data")
    shutil.copytree(src / "data", dest / "data")


def _writing_started(docs: Path, index_mtime: int) -> bool:
    """The run has begun to write pages: a temporary file exists, or the first page was replaced."""
    try:
        if any(e.name.endswith(".tmp") for e in os.scandir(docs)):
            return True
        return (docs / "index.md").stat().st_mtime_ns != index_mtime
    except FileNotFoundError:
        return True


# Run the generator with os.replace (the step that puts a finished page in place) counting down:
# the process kills itself just before the rename numbered `left`, at an exact point of the run.
_KILL_AT_RENAME = """
import os, signal, sys
from explainer import generate
real, left = os.replace, int(sys.argv.pop(1))
def replace(src, dst):
    global left
    if left == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    left -= 1
    real(src, dst)
os.replace = replace
sys.exit(generate.main(sys.argv[1:]))
"""


def _kill_when(project: Path, phase: str, at: float) -> None:
    """Run the generator on `project` and SIGKILL it: `at` seconds after start or after it began
    writing temporary files, or just before its rename number `at` (0 is the first)."""
    docs = project / "docs"
    index_mtime = (docs / "index.md").stat().st_mtime_ns
    args = ["generate", "-q", "--root", str(project)]
    cmd = (
        [sys.executable, "-c", _KILL_AT_RENAME, str(int(at)), *args]
        if phase == "rename"
        else [sys.executable, "-m", "explainer.generate", *args]
    )
    proc = subprocess.Popen(cmd, cwd=ROOT, env=build_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if phase == "rename":
            proc.wait(120)
            assert proc.returncode == -signal.SIGKILL, f"the run ended ({proc.returncode}) before rename {at}"
            return
        if phase == "start":
            time.sleep(at)
        else:
            deadline = time.monotonic() + 60
            while not _writing_started(docs, index_mtime) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(at)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


# Moments to kill: while loading and checking (seconds after start), while writing temporary
# files (seconds after the first), and between the renames that put pages in place.
MOMENTS = [
    ("start", 0.3),
    ("start", 0.8),
    ("writing", 0.0),
    ("writing", 0.003),
    ("writing", 0.01),
    ("writing", 0.03),
    ("rename", 0),
    ("rename", 1),
    ("rename", 2),
    ("rename", 10),
]


@pytest.mark.parametrize(("phase", "delay"), MOMENTS, ids=[f"{phase}-{delay}" for phase, delay in MOMENTS])
def test_killed_generation_leaves_every_page_old_or_new(versions, tmp_path, phase, delay):
    """One moment per case (they ran in one test of 90 s, the longest of the suite: split, the
    test processes share them out)."""
    old, new = versions
    old_docs, new_docs = tree(old / "docs"), tree(new / "docs")
    changing = [p for p in old_docs if p in new_docs and old_docs[p] != new_docs[p] and p != MANIFEST]
    assert len(changing) > 20, "the synthetic change must touch many pages"
    when = f"kill before rename {delay}" if phase == "rename" else f"kill {delay} s after {phase}"
    project = tmp_path / "run"
    shutil.copytree(old, project)
    synthetic_data(new, project)
    _kill_when(project, phase, delay)
    now = tree(project / "docs")
    leftovers = [p for p in now if p not in old_docs and p not in new_docs]
    assert all(Path(p).name.startswith(".") and p.endswith(".tmp") for p in leftovers), (when, leftovers)
    for path in sorted(old_docs.keys() | new_docs.keys()):
        if path == MANIFEST:
            continue
        got = now.get(path)
        if got is None:
            assert path not in old_docs or path not in new_docs, f"{when}: docs/{path} vanished"
            continue
        assert got in (old_docs.get(path), new_docs.get(path)), (
            f"{when}: docs/{path} is neither the old nor the new page ({len(got)} bytes)"
        )
    json.loads(now[MANIFEST])  # the manifest is whole, whatever moment the kill came
    done = sum(1 for p in changing if now.get(p) == new_docs[p])
    if phase == "rename" and delay > 0:
        # Killed between two renames: the half-done run this test is about really happened.
        assert 0 < done < len(changing), f"{when}: {done} of {len(changing)} pages new, not a half-done run"
    again = generate(project)  # the next run completes the job
    assert again.returncode == 0, f"{when}: the next run fails:\n{again.stderr}"
    assert diff(new_docs, tree(project / "docs")) == [], f"{when}, then a new run"


def test_leftover_temporary_files_are_cleaned_by_the_next_run(versions, tmp_path):
    """A kill between creating a temporary file and renaming it leaves `.name.xxxxxxxx.tmp` behind."""
    old, new = versions
    project = tmp_path / "project"
    shutil.copytree(old, project)
    stray = project / "docs" / ".zones.md.k3j2l1ab.tmp"
    stray.write_text("half a page", encoding="utf-8")
    hand = project / "docs" / ".notes.tmp"  # not a name the writer makes: not ours to delete
    hand.write_text("mine", encoding="utf-8")
    synthetic_data(new, project)
    assert generate(project).returncode == 0
    # MkDocs ignores dot-files, so readers never see them; but nothing should pile up in docs/.
    assert not stray.exists(), "explainer/publish/write.py leaves temporary files of killed runs in docs/ forever"
    assert hand.read_text(encoding="utf-8") == "mine"


# --- never outside docs/, never a hand-written file ------------------------------------------


@pytest.mark.parametrize("path", ["../outside.md", "/tmp/outside.md", "sources/../../outside.md", "a\\..\\b.md", ""])
def test_writer_refuses_paths_outside_docs(tmp_path, path):
    docs = tmp_path / "docs"
    docs.mkdir()
    with pytest.raises(DataError) as caught:
        write_pages(docs, [Page("index.md", header(("data/x.yaml",)) + "# ok\n"), Page(path, "x")])
    assert "is not a safe, unique path inside docs/" in str(caught.value.problems[0])
    assert list(tmp_path.rglob("*")) == [docs], "something was written"


def test_writer_does_not_follow_a_symlink_out_of_docs(built_project, tmp_path):
    project = built_project.project
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(project / "docs" / "sources")
    (project / "docs" / "sources").symlink_to(outside, target_is_directory=True)
    result = generate(project)
    assert result.returncode == 1
    assert list(outside.iterdir()) == [], "the generator wrote through a symlink out of docs/"


def test_a_hand_written_page_named_like_a_generated_one_stays_untouched(tmp_path):
    project = make_project(tmp_path / "project")
    hand = b"# Actors\n\nMy own page, written by hand.\n"
    (project / "docs" / "actors.md").write_bytes(hand)
    result = generate(project)
    assert result.returncode == 1
    assert "docs/actors.md:1:1: is a hand-written file where a generated page must go" in result.stderr
    assert "rename or move the hand-written file" in result.stderr
    assert (project / "docs" / "actors.md").read_bytes() == hand
    assert not (project / "docs" / "zones.md").exists(), "other pages were written although the run failed"


def test_a_generated_page_edited_by_hand_is_neither_overwritten_nor_deleted(built_project):
    project = built_project.project
    page = project / "docs" / "quotes.md"
    edited = b"# Quotes\n\nRewritten by hand after generation.\n"
    page.write_bytes(edited)
    result = generate(project)
    assert result.returncode == 1 and "docs/quotes.md" in result.stderr
    assert page.read_bytes() == edited
    # ...and when its data is gone, the now-stale page is still not deleted.
    (project / "data" / "quotes.yaml").write_text("[]\n", encoding="utf-8")
    generate(project)
    assert page.read_bytes() == edited


# --- reproducible builds ---------------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path):
    a = make_project(tmp_path / "a")
    b = make_project(tmp_path / "elsewhere" / "b")  # another absolute path, too
    build(a, tmp_path / "site-a")
    time.sleep(1.1)  # a clock tick between the builds: anything stamped with "now" shows up
    build(b, tmp_path / "site-b")
    site_a, site_b = tree(tmp_path / "site-a"), tree(tmp_path / "site-b")
    # MkDocs gzips the sitemap with a date in the gzip header; Zensical writes no .gz.
    assert ("sitemap.xml.gz" in site_a) == (BUILDER != "zensical") and "sitemap.xml" in site_a
    differences = diff(site_a, site_b)
    detail = []
    for line in differences:
        path = line.split(": ", 1)[1]
        if path.endswith(".gz") and path in site_a and path in site_b:
            same_content = gzip.decompress(site_a[path]) == gzip.decompress(site_b[path])
            detail.append(
                f"{path}: gzip header differs (content {'same' if same_content else 'differs'}): "
                f"{site_a[path][:10].hex()} vs {site_b[path][:10].hex()}"
            )
    assert not differences, "\n".join(differences + detail)


def test_the_build_date_comes_from_source_date_epoch(tmp_path):
    project = make_project(tmp_path / "p")
    build(project)
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    if BUILDER == "zensical":  # it dates nothing: no <lastmod>, no sitemap.xml.gz
        assert "<lastmod>" not in sitemap and "<loc>" in sitemap
        assert not (project / "site" / "sitemap.xml.gz").exists()
        return
    assert "<lastmod>2023-11-14</lastmod>" in sitemap  # SOURCE_DATE_EPOCH=1700000000
    stamp = int.from_bytes((project / "site" / "sitemap.xml.gz").read_bytes()[4:8], "little")
    # MkDocs stamps the gzip header with the build date (midnight UTC), taken from SOURCE_DATE_EPOCH.
    assert stamp in (0, 1700000000 - 1700000000 % 86400), f"sitemap.xml.gz is stamped {stamp}, not the build date"
