"""Writer: unchanged data writes nothing, hand-written files are untouched, stale pages go."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from explainer.generate import generate
from explainer.load.problems import DataError
from explainer.publish import write
from explainer.publish.write import MANIFEST, read_manifest, write_pages
from explainer.render.common import Page, header


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def page(path: str, body: str = "# Title\n") -> Page:
    return Page(path, header(("data/x.yaml",)) + body)


def test_first_run_writes_every_page_and_a_manifest(tmp_path):
    report = write_pages(tmp_path, [page("a.md"), page("sub/b.md")])
    assert report.written == ["a.md", "sub/b.md"]
    assert read_manifest(tmp_path) == ["a.md", "sub/b.md"]
    assert (tmp_path / "sub" / "b.md").read_text().endswith("# Title\n")


def test_unchanged_pages_are_not_written(tmp_path):
    write_pages(tmp_path, [page("a.md"), page("b.md")])
    before = {p: (tmp_path / p).stat().st_mtime_ns for p in ("a.md", "b.md", MANIFEST)}
    report = write_pages(tmp_path, [page("a.md"), page("b.md", "# Changed\n")])
    assert report.written == ["b.md"] and report.unchanged == 1
    assert (tmp_path / "a.md").stat().st_mtime_ns == before["a.md"]
    assert (tmp_path / MANIFEST).stat().st_mtime_ns == before[MANIFEST]


def test_hand_written_file_is_never_overwritten(tmp_path):
    (tmp_path / "zones.md").write_text("# My own page\n")
    write_pages(tmp_path, [page("a.md")])
    with pytest.raises(DataError) as exc:
        write_pages(tmp_path, [page("a.md", "# new\n"), page("zones.md")])
    assert "docs/zones.md:1:1: is a hand-written file where a generated page must go" in exc.value.report()
    assert (tmp_path / "zones.md").read_text() == "# My own page\n"
    assert (tmp_path / "a.md").read_text().endswith("# Title\n")  # a refused run writes nothing at all


def test_generated_file_replaced_by_hand_is_treated_as_hand_written(tmp_path):
    write_pages(tmp_path, [page("a.md")])
    (tmp_path / "a.md").write_text("# Rewritten by hand\n")
    with pytest.raises(DataError):
        write_pages(tmp_path, [page("a.md", "# new\n")])  # not overwritten...
    write_pages(tmp_path, [])  # ...nor deleted as stale: it is simply no longer ours
    assert (tmp_path / "a.md").read_text() == "# Rewritten by hand\n"
    assert read_manifest(tmp_path) == []


def test_stale_generated_pages_are_deleted_and_hand_written_ones_kept(tmp_path):
    (tmp_path / "method.md").write_text("# Method\n")
    write_pages(tmp_path, [page("a.md"), page("old.md")])
    report = write_pages(tmp_path, [page("a.md")])
    assert report.deleted == ["old.md"]
    assert not (tmp_path / "old.md").exists()
    assert (tmp_path / "method.md").read_text() == "# Method\n"
    assert read_manifest(tmp_path) == ["a.md"]


@pytest.mark.parametrize("path", ["../evil.md", "/etc/evil.md", "a/../../evil.md", "", "a//b.md", "a\\b.md", "./a.md"])
def test_nothing_is_written_outside_docs(tmp_path, path):
    docs = tmp_path / "docs"
    docs.mkdir()
    with pytest.raises(DataError):
        write_pages(docs, [page("fine.md"), page(path)])
    assert snapshot(tmp_path) == {}


def test_no_temporary_files_are_left_behind(tmp_path):
    write_pages(tmp_path, [page(f"p{i}.md", f"# {i}\n") for i in range(20)])
    write_pages(tmp_path, [page(f"p{i}.md", f"# {i}!\n") for i in range(20)])
    assert not list(tmp_path.rglob("*.tmp"))


def test_real_generation_twice_writes_nothing_the_second_time(project):
    first = generate(project)
    assert "index.md" in first.written and "sources/src-one.md" in first.written
    docs_before = snapshot(project / "docs")
    second = generate(project)
    assert second.written == [] and second.deleted == []
    assert snapshot(project / "docs") == docs_before


def test_one_edit_rewrites_only_the_pages_that_show_it(project):
    generate(project)
    path = project / "data" / "troop_offers.yaml"
    path.write_text(
        path.read_text().replace("Italy has offered a possible", "Italy has offered a", 1), encoding="utf-8"
    )
    report = generate(project)
    # The listing, the source page naming the record, and the two downloads.
    assert report.written == [
        "troop-offers.md",
        "sources/src-two.md",
        "downloads/troop_offers.json",
        "downloads/troop_offers.csv",
    ]


def test_removed_record_removes_its_generated_page(project):
    generate(project)
    assert (project / "docs" / "sources" / "src-two.md").exists()
    # Drop the second source and everything citing it.
    (project / "data" / "sources.yaml").write_text(
        (project / "data" / "sources.yaml").read_text().split("- id: src-two")[0], encoding="utf-8"
    )
    for name in ("actors", "troop_offers", "disagreements"):
        (project / "data" / f"{name}.yaml").write_text("[]\n", encoding="utf-8")
    fig = project / "data" / "figures.yaml"
    fig.write_text(
        fig.read_text()
        .split("- id: fig-police")[0]
        .replace("  status: superseded\n  superseded_by: fig-police\n", "  status: current\n"),
        encoding="utf-8",
    )
    report = generate(project)
    assert "sources/src-two.md" in report.deleted
    assert not (project / "docs" / "sources" / "src-two.md").exists()


def test_validation_failure_writes_nothing(project):
    generate(project)
    before = snapshot(project / "docs")
    path = project / "data" / "troop_offers.yaml"
    path.write_text(
        path.read_text().replace("Italy has offered a possible", "Italy hath offered a possible"), encoding="utf-8"
    )
    with pytest.raises(DataError):
        generate(project)
    assert snapshot(project / "docs") == before


def test_pages_get_the_usual_file_mode_not_a_temporary_files(tmp_path):
    """mkstemp makes owner-only files; a page renamed from one must still be readable as usual."""
    umask = os.umask(0)
    os.umask(umask)
    write_pages(tmp_path, [page("a.md"), page("sub/b.md")])
    for name in ("a.md", "sub/b.md"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask


def test_a_refused_run_leaves_no_temporary_file_and_no_new_folder(tmp_path):
    """Pages are staged into temporary files before the run is checked as a whole; a conflict
    found then must take back every temporary file and every folder the staging made."""
    (tmp_path / "zones.md").write_text("# My own page\n")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    with pytest.raises(DataError):
        write_pages(tmp_path, [page("new/deep/a.md"), page("b.md"), page("zones.md")])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_staging_again_in_the_same_run_replaces_its_own_temporary_files(tmp_path):
    """If the second process dies after staging, its pages are staged again here (same run)."""
    pages = [page("a.md"), page("sub/b.md", "# B\n")]
    run = write.begin(tmp_path)
    write.stage(run, pages)
    report = write.finish(run, write.stage(run, pages))
    assert report.written == ["a.md", "sub/b.md"]
    assert not list(tmp_path.rglob("*.tmp"))
    assert (tmp_path / "sub" / "b.md").read_text().endswith("# B\n")


def test_a_dry_run_stages_nothing(tmp_path):
    write_pages(tmp_path, [page("a.md")])
    before = snapshot(tmp_path)
    report = write_pages(tmp_path, [page("a.md", "# changed\n"), page("new/b.md")], dry_run=True)
    assert report.written == ["a.md", "new/b.md"]
    assert snapshot(tmp_path) == before and not (tmp_path / "new").exists()
