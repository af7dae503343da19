"""Project invariants: seeds are the shared originals byte for byte; data files name their schema."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from .conftest import ROOT

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
# What a newcomer reads when the originals are not there (pytest -rs, the end of make test).
NO_ORIGINALS = (
    f"compares seeds/ with the original source texts, which are kept outside the repository in "
    f"{SHARED_SEEDS}; that folder is not on this machine, so there is nothing to compare with. Nothing "
    "to do: make check still checks every seed against the SHA-256 in data/sources.yaml. To run this "
    "test, copy the original texts into that folder"
)


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason=NO_ORIGINALS)
def test_seeds_are_the_shared_originals_byte_for_byte():
    ours = sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    assert ours == sorted(p.name for p in SHARED_SEEDS.glob("*.txt"))
    for name in ours:
        assert (ROOT / "seeds" / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_seeds_keep_their_special_characters():
    text = (ROOT / "seeds" / "002_e3dd4edfe123b1f5.txt").read_text(encoding="utf-8")
    assert "\u2011" in text and "\u202f" in text  # non-breaking hyphen, narrow no-break space


def test_every_data_file_names_its_schema_for_editors():
    for path in sorted((ROOT / "data").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(schema/[a-z_]+\.schema\.json)", first)
        assert match, f"{path.name}: first line must be the yaml-language-server modeline"
        assert match.group(1) == f"schema/{path.stem}.schema.json"
        assert (ROOT / "data" / match.group(1)).is_file()


@pytest.mark.skipif(SHARED_SEEDS.is_dir(), reason="the originals are here: the test above runs instead of skipping")
def test_the_skipped_comparison_says_what_to_do_in_plain_words():
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "tests/test_repo.py::test_seeds_are_the_shared_originals_byte_for_byte",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    said = " ".join(run.stdout.split())
    assert "1 skipped" in said, said
    assert f"original source texts, which are kept outside the repository in {SHARED_SEEDS}" in said, said
    assert "Nothing to do: make check still checks every seed" in said


def test_the_engine_modules_the_requirement_files_name_exist():
    """A comment that says which module needs a requirement names one that is there (modules move)."""
    named = {
        (path.name, module)
        for path in ROOT.glob("requirements*.in")
        for module in re.findall(r"\bexplainer/[\w/]+\.py\b", path.read_text(encoding="utf-8"))
    }
    assert named, "the requirement files name no module: this test checks nothing"
    assert [(name, module) for name, module in sorted(named) if not (ROOT / module).is_file()] == []


def test_the_ids_in_the_readmes_examples_are_records_of_the_data():
    """An example an editor copies from README.md cites a source and names a record that exist
    (src-sample is the new project's sample source, from explainer/desk/new.py)."""
    ids = {
        record["id"]
        for path in (ROOT / "data").glob("*.yaml")
        for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if isinstance(record, dict) and "id" in record
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\s*-? ?(?:id|source): \"?((?:src|quote)-[a-z0-9-]+)", readme, re.MULTILINE))
    assert named, "the README's examples name no record: this test checks nothing"
    assert sorted(named - ids - {"src-sample"}) == []


def test_the_repository_holds_no_local_environment_or_build():
    """A clone's .venv symlink (to another checkout's venv) was once committed: .gitignore's
    ".venv/" matches a folder only. Every clone then shared, and broke, one venv."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    local = [p for p in tracked.splitlines() if p.split("/")[0] in (".venv", "site", "node_modules", ".cache")]
    assert not local, local
    patterns = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".venv" in patterns, "ignore .venv whether it is a folder or a link to one"
