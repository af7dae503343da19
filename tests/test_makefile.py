"""The Makefile as an editor meets it: `make` alone lists the commands, and the exit statuses the
README states are the ones `make check` returns."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def make(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    # STAMP= : the venv is ready; PY: this interpreter (the venv's)
    return subprocess.run(
        ["make", "-s", *args, f"PY={sys.executable}", "STAMP="], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def phony_targets() -> list[str]:
    """The engine's targets (Makefile) and this subject's own (scripts/subject.mk, which it includes)."""
    names: list[str] = []
    for file in ("Makefile", "scripts/subject.mk"):
        text = (ROOT / file).read_text(encoding="utf-8")
        phony = re.search(r"^\.PHONY:(.*)$", text, re.M)
        assert phony, f"{file} has no .PHONY line"
        names += phony.group(1).split()
    return names


def test_make_alone_and_make_help_list_every_command_one_line_each():
    alone, helped = make(), make("help")
    assert alone.returncode == helped.returncode == 0
    assert alone.stdout == helped.stdout
    lines = helped.stdout.splitlines()
    assert all(line.startswith("make ") and ": " in line for line in lines), lines
    listed = [line.split()[1].rstrip(":") for line in lines]
    assert sorted(listed) == sorted(phony_targets()), "every command, once"


def test_readme_lists_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in phony_targets():
        assert f"`make {target}" in readme, target


def checkout(copy: Path) -> Path:
    """What `make check` reads of this checkout, copied: the engine, the subject, data, seeds, docs
    and the settings (mkdocs.yml for the site's name, pyproject.toml for the linter)."""
    copy.mkdir()
    for file in ("Makefile", "mkdocs.yml", "pyproject.toml"):
        shutil.copy2(ROOT / file, copy / file)
    for folder in ("explainer", "scripts", "data", "seeds", "docs"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_make_check_says_when_docs_is_out_of_date_and_make_stale_says_the_same(tmp_path):
    copy = checkout(tmp_path / "repo")
    assert make("stale", cwd=copy).returncode == 0
    quotes = copy / "data" / "quotes.yaml"
    text = quotes.read_text(encoding="utf-8")
    assert 'context: "' in text
    quotes.write_text(text.replace('context: "', 'context: "Edited. ', 1), encoding="utf-8")
    checked, stale = make("check", cwd=copy), make("stale", cwd=copy)
    assert checked.returncode == stale.returncode == 2, (checked.stderr, stale.stderr)
    assert checked.stdout.startswith("the data is valid:"), "the data itself passes (no ok before a failure)"
    [line] = [line for line in checked.stderr.splitlines() if line.startswith("docs/ is out of date")]
    assert "docs/quotes.md" in line and line.endswith("run make generate, then commit docs/ with data/"), line
    assert line in stale.stderr.splitlines() and "  docs/quotes.md" in stale.stderr.splitlines()
    folder = ROOT / ".github" / "workflows"
    workflows = [(folder / name).read_text(encoding="utf-8") for name in ("ci.yml", "pages.yml")]
    assert all("run: make stale" in text for text in workflows), "CI says it first, in the same words"


def test_make_check_lints_the_subjects_python(tmp_path):
    """A line too long in scripts/ (a site text, an intro) fails `make check`, at its line, and
    not first in a CI run of `make test`."""
    copy = checkout(tmp_path / "repo")
    subject = copy / "scripts" / "subject.py"
    text = subject.read_text(encoding="utf-8")
    long = "What each zone is, " * 8
    subject.write_text(text.replace("intro=zones.INTRO,", f'intro="{long}",', 1), encoding="utf-8")
    line = next(n for n, t in enumerate(subject.read_text(encoding="utf-8").splitlines(), 1) if long in t)
    checked = make("check", cwd=copy)
    assert checked.returncode == 2, checked.stdout + checked.stderr
    assert f"scripts/subject.py:{line}:121: E501" in checked.stdout + checked.stderr
    assert "make lint runs every linter" in checked.stderr


def test_make_check_exits_as_the_readme_says(tmp_path):
    """The README: exit 0 when all is well; on problems the command exits 1 and make, as it does
    for any failed command, exits 2."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`make check` exits 0" in readme and "make itself then exits 2" in readme
    copy = checkout(tmp_path / "repo")
    good = make("check", cwd=copy)
    assert good.returncode == 0 and good.stdout.startswith("ok:"), good.stderr
    quotes = copy / "data" / "quotes.yaml"
    quotes.write_text(
        quotes.read_text(encoding="utf-8").replace('status: "current"', 'status: "maybe"', 1), encoding="utf-8"
    )
    bad = make("check", cwd=copy)
    assert bad.returncode == 2, (bad.returncode, bad.stderr)
    assert "data/quotes.yaml:" in bad.stderr and "status" in bad.stderr and "Error 1" in bad.stderr
    direct = subprocess.run([sys.executable, "-m", "explainer.generate", "check"], cwd=copy, capture_output=True)
    assert direct.returncode == 1


def collected(*args: str) -> list[str]:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return [line for line in run.stdout.splitlines() if "::" in line]


def test_make_test_fast_leaves_out_the_slow_tests_and_make_test_runs_them_all():
    """make test-fast: no browser, no site build, no live preview; make test: every test."""
    dry = make("-n", "test-fast", "DEV_STAMP=")
    assert dry.returncode == 0, dry.stderr
    jobs = 2 * (os.cpu_count() or 1)  # two test processes per core
    assert f'-m pytest -q -m "not slow" -n {jobs} --dist worksteal' in dry.stdout
    full = make("-n", "test", "DEV_STAMP=")
    assert full.stdout.rstrip().endswith(f"-m pytest -n {jobs} --dist worksteal"), full.stdout  # no marker: all
    assert make("-n", "test", "DEV_STAMP=", "TEST_JOBS=0").stdout.rstrip().endswith("-m pytest -n 0 --dist worksteal")
    fast, every = collected("-m", "not slow"), collected()
    assert set(fast) < set(every)
    left_out = set(every) - set(fast)
    assert not [t for t in fast if t.startswith("tests/browser/")], "no browser"
    assert any(t.startswith("tests/browser/") for t in left_out)
    for slow in (
        "tests/test_build.py::",  # a MkDocs build
        "tests/test_serve.py::test_edit_in_data_shows_up_after_one_rebuild_and_one_reload",  # a live preview
        "tests/test_lock.py::",  # racing processes
        "tests/test_new.py::test_make_new_then_check_site_and_test_pass_in_the_new_project",
    ):
        assert not [t for t in fast if t.startswith(slow)], slow
        assert [t for t in left_out if t.startswith(slow)], slow
    for quick in ("tests/test_validate.py::", "tests/test_find.py::", "tests/test_add_source.py::"):
        assert [t for t in fast if t.startswith(quick)], quick
