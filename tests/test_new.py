"""`make new DIR=path` (explainer/desk/new.py): a new project for another subject, in which `make check`,
`make site` and `make test` pass at once and no file names this explainer's subject."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from explainer import __version__
from explainer.desk import new, skeleton
from tests.support.nodedeps import NodeToolsMissing, ensure

from .conftest import ROOT
from .sitebuild import once

# This repository's virtual environment, passed to the new project's make as VENV so that it
# installs nothing (a fresh install is what `make new` + `make test` costs a real user).
VENV = Path(sys.executable).parent.parent
# Words of this explainer's subject, which no file of a new project may hold (any case).
FORBIDDEN = re.compile(r"gaza|israel|hamas|troop|\bisf\b", re.IGNORECASE)
NOT_THE_PROJECTS = {".venv", "node_modules", "site"}


def env() -> dict[str, str]:
    # The new project has no engine of its own: this checkout's stands in for the installed one
    # (tests/test_wheel.py installs the real wheel).
    out = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(ROOT))
    for name in ("EXPLAINER_SUBJECT", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "SITE_URL", "DIR"):
        out.pop(name, None)
    return out


def make(target: str, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", target, f"VENV={VENV}", *args],
        cwd=cwd,
        env=env(),
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )


def subject_words(project: Path) -> list[str]:
    """file:line: word, for every mention of the subject in the project's own files."""
    found = []
    for path in sorted(project.rglob("*")):
        rel = path.relative_to(project)
        if not path.is_file() or NOT_THE_PROJECTS & set(rel.parts):
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for m in FORBIDDEN.finditer(text):
            found.append(f"{rel}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}")
    return found


@pytest.fixture(scope="module")
def made() -> tuple[Path, dict[str, subprocess.CompletedProcess]]:
    """`make new DIR=...` from this checkout, then make check, site and test in the new project:
    once per test run, whichever processes run this module's tests (tests/sitebuild.py)."""
    return once("made-new", _make_new)


def _make_new(folder: Path) -> tuple[Path, dict[str, subprocess.CompletedProcess]]:
    project = folder / "city-budget"
    runs = {"new": make("new", ROOT, f"DIR={project}")}
    if runs["new"].returncode != 0:
        return project, runs
    try:  # the new project's workflow test uses this checkout's npm tools instead of installing its own
        modules = ensure(ROOT)
        (project / "node_modules").symlink_to(modules, target_is_directory=True)
    except NodeToolsMissing:
        pass
    for target in ("check", "site", "test"):
        runs[target] = make(target, project)
    return project, runs


@pytest.mark.parametrize("target", ["new", "check", "site", "test"])
def test_make_new_then_check_site_and_test_pass_in_the_new_project(made, target):
    _, runs = made
    assert runs["new"].returncode == 0, runs["new"].stderr
    run = runs[target]
    assert run.returncode == 0, f"make {target}:\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}"


def test_make_new_says_what_to_do_next(made):
    project, runs = made
    assert f"made a new explainer in {project}" in runs["new"].stdout
    assert "make serve" in runs["new"].stdout and "make test" in runs["new"].stdout
    # No NAME: the site is named after the folder, and the editor is told where to change it.
    assert "The site is called 'City budget: a sourced explainer', after the folder" in runs["new"].stdout
    assert 'site_name: "City budget: a sourced explainer"' in (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert runs["check"].stdout.startswith("ok")
    assert " passed" in runs["test"].stdout and " failed" not in runs["test"].stdout


def collected(project: Path, marks: str) -> set[str]:
    """The tests of the new project that `pytest -m MARKS` runs (collected only: no second make test)."""
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-m", marks],
        cwd=project,
        env=env(),
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return {line for line in run.stdout.splitlines() if "::" in line}


def test_make_test_fast_in_the_new_project_leaves_out_the_build_and_the_browser(made):
    """The project's tests/conftest.py marks what builds the site or drives a browser `slow`, as
    ours does: make test-fast (-m "not slow") leaves those out, make test (no -m) runs them."""
    project, runs = made
    assert runs["new"].returncode == 0, runs["new"].stderr
    slow, fast = collected(project, "slow"), collected(project, "not slow")
    files = {test.split("::", 1)[0] for test in slow}
    assert {"tests/test_browser.py", "tests/test_site.py"} <= files, slow
    assert "tests/test_workflows.py::test_actionlint_finds_nothing" in slow, slow
    assert not slow & fast and not {t for t in fast if t.startswith(("tests/test_browser.py", "tests/test_site.py"))}
    assert any(t.startswith("tests/test_project.py::") for t in fast), fast
    assert 'pytest -q -m "not slow"' in (project / "Makefile").read_text(encoding="utf-8")


def test_no_file_of_the_new_project_names_this_subject(made):
    project, runs = made
    assert runs["new"].returncode == 0, runs["new"].stderr
    assert subject_words(project) == []


def test_the_new_project_has_the_sample_subject_and_the_engine_by_version_not_by_copy(made):
    project, runs = made
    assert runs["new"].returncode == 0, runs["new"].stderr
    for rel in ("seeds/sample.txt", "data/sources.yaml", "data/findings.yaml", "data/story.yaml", "scripts/subject.py"):
        assert (project / rel).is_file(), rel
    assert not (project / "explainer").exists(), "the engine is a requirement, not a copy"
    assert "make add-source" in (project / "seeds" / "sample.txt").read_text(encoding="utf-8")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme.split("\n\n")[1] and "make test" in readme.split("\n\n")[1]
    owned = skeleton.expand(ROOT)
    assert {"Makefile", ".ci/run", "tests/support/audit.py"} <= set(owned)
    assert not [rel for rel in owned if rel.startswith(("overrides/", "docs/"))], "the theme is served, not copied"
    lock = skeleton.read_lock(project)
    assert lock.version == __version__ and sorted(lock.files) == owned
    for rel in owned:
        copy = (project / rel).read_bytes()
        assert skeleton.digest(copy) == lock.files[rel], rel
        if rel in skeleton.PINNED:
            assert copy.startswith((ROOT / rel).read_bytes()) and copy.endswith(
                f"sourced-explainer=={__version__}\n".encode()
            )
        else:
            assert copy == (ROOT / rel).read_bytes(), f"{rel} is not the engine's"
    for rel in skeleton.CORE_SCHEMAS:
        assert (project / rel).read_bytes() == (ROOT / rel).read_bytes(), rel
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == "city-budget"
    assert pyproject["project"]["dependencies"] == [f"sourced-explainer=={__version__}"]
    assert "build-system" not in pyproject and "setuptools" not in pyproject["tool"]
    assert pyproject["tool"]["mypy"]["files"] == ["scripts", "tests"]
    description = "A sourced explainer; its site's name and description are in mkdocs.yml"
    assert pyproject["project"]["description"] == description


def test_the_word_check_would_find_a_word(tmp_path):
    (tmp_path / "a.md").write_text("fine\nTroops in the ISF\nsatisfied\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "b.html").write_text("Gaza", encoding="utf-8")
    assert subject_words(tmp_path) == ["a.md:2: Troop", "a.md:2: ISF"]


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "explainer.desk.new", str(tmp_path)],
        cwd=ROOT,
        env=env(),
        check=False,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "exists and is not empty" in run.stderr and "nothing was written" in run.stderr
    assert "Traceback" not in run.stderr
    # Called as the command, not by make: the example is the command's, and make's is only beside it.
    assert "e.g. explainer new ../my-explainer" in run.stderr and "make new:" not in run.stderr, run.stderr
    assert run.stderr.endswith("explainer new: nothing was written.\n"), run.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_file_and_a_bad_name_are_refused(tmp_path):
    file = tmp_path / "file"
    file.write_text("", encoding="utf-8")
    with pytest.raises(new.Refused, match="is a file"):
        new.create(file)
    with pytest.raises(new.Refused, match="name the subject"):
        new.create(tmp_path / "x", name='City "Budget"')
    assert not (tmp_path / "x").exists()
    with pytest.raises(new.Refused, match="inside the engine's checkout"):
        new.create(ROOT / "docs" / "new-project")
    assert not (ROOT / "docs" / "new-project").exists()


def test_the_name_gives_the_package_and_the_placeholder_title():
    assert (new.slug_of("Riverton budget"), new.title_of("Riverton budget")) == ("riverton-budget", "Riverton budget")
    assert (new.slug_of("city-budget"), new.title_of("city-budget")) == ("city-budget", "City budget")


def test_make_new_without_dir_says_what_is_missing():
    run = make("new", ROOT)
    assert run.returncode != 0 and "DIR is missing" in run.stderr


def test_make_new_passes_name_to_the_command(tmp_path):
    """NAME= reaches --name, spaces and all: a name the command refuses is quoted back whole."""
    run = make("new", ROOT, f"DIR={tmp_path / 'x'}", "NAME=Budget ** 2026")
    assert run.returncode != 0 and "name 'Budget ** 2026'" in run.stderr, run.stderr
    assert not (tmp_path / "x").exists(), "nothing written"


def test_mkdocs_yml_keeps_our_settings_and_takes_the_new_name_and_nav():
    ours = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    theirs = new.replace_blocks(ours, 'site_name: "X"\nsite_description: >-\n  Y.\nnav:\n  - Home: index.md\n')
    assert 'site_name: "X"\n' in theirs and "  Y.\n" in theirs and theirs.endswith("nav:\n  - Home: index.md\n")
    blocks = new._blocks(ours)
    for key in set(blocks) - {"site_name", "site_description", "nav"}:
        assert ours[slice(*blocks[key])] in theirs, key
    assert FORBIDDEN.search(theirs) is None


def test_the_template_holds_only_tmpl_files():
    assert all(p.name.endswith(".tmpl") for p in new.TEMPLATE.rglob("*") if p.is_file())


def test_the_readme_says_what_this_test_does():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Start a new explainer", 1)[1].split("\n## ", 1)[0]
    for words in ("make new DIR=", "make check", "make site", "make test", "tests/test_new.py", "VENV="):
        assert words in section, words


def test_the_new_readme_generates_before_it_checks():
    """After an edit of data/, `make check` reports docs/ out of date until `make generate` ran: the
    new project's README says to generate first, for a record and for a table."""
    readme = (new.TEMPLATE / "README.md.tmpl").read_text(encoding="utf-8")
    for heading, step in (("## Add a record", "\n\n"), ("## Add a table", "\n4. ")):  # the step after the edit
        section = readme.split(heading, 1)[1].split("\n## ", 1)[0].split(step, 1)[1]
        assert "make generate" in section and section.index("make generate") < section.index("make check"), heading
