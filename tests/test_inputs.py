"""explainer/load/inputs.py: a data file, a seed or a schema must be a regular file inside the project.
Folders, named pipes, devices and dangling links are refused without being read; a link that
leaves the project is refused; a link inside it is followed. The real command never hangs on a
pipe nor reads /dev/zero (each runs in a child process with a timeout)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.generate import generate
from explainer.load.problems import DataError
from explainer.scale.incremental import Memo

from .conftest import problems
from .sitebuild import ROOT, build_env


def replace_with(path: Path, kind: str, tmp_path: Path) -> None:
    """Put something that is not a plain file of the project where `path` was."""
    path.unlink()
    if kind == "folder":
        path.mkdir()
    elif kind == "named pipe":
        os.mkfifo(path)
    elif kind == "link to /dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "dangling link":
        path.symlink_to(tmp_path / "nothing-here.txt")
    elif kind == "link to /etc/passwd":
        path.symlink_to("/etc/passwd")
    else:
        raise AssertionError(kind)


# (kind, what the problem says)
ODD = {
    "folder": "is a folder, not a file with text",
    "named pipe": "is a named pipe, not a file with text",
    "link to /dev/zero": "is a symbolic link to /dev/zero, outside the project",
    "dangling link": "is a symbolic link to ",
    "link to /etc/passwd": "is a symbolic link to /etc/passwd, outside the project",
}


@pytest.mark.parametrize("kind", list(ODD))
def test_an_odd_data_file_is_a_located_problem(project, tmp_path, kind):
    replace_with(project / "data" / "quotes.yaml", kind, tmp_path)
    found = problems(project)
    assert found[0].startswith("data/quotes.yaml:1:1: ") and ODD[kind] in found[0], found
    assert "(fix: " in found[0]


@pytest.mark.parametrize("kind", list(ODD))
def test_an_odd_seed_is_a_located_problem_at_the_source_that_names_it(project, tmp_path, kind):
    replace_with(project / "seeds" / "two.txt", kind, tmp_path)
    found = problems(project)
    assert any(
        line.startswith("data/sources.yaml:10:9: source 'src-two': seed names seeds/two.txt, which ")
        and ODD[kind] in line
        for line in found
    ), found


@pytest.mark.parametrize("kind", list(ODD))
def test_an_odd_schema_file_is_a_located_problem(project, tmp_path, kind):
    replace_with(project / "data" / "schema" / "figures.schema.json", kind, tmp_path)
    found = problems(project)
    assert found[0].startswith("data/schema/figures.schema.json:1:1: ") and ODD[kind] in found[0], found


@pytest.mark.parametrize("kind", ["named pipe", "link to /etc/passwd"])
def test_generate_and_the_preview_refuse_an_odd_file_the_same_way(project, tmp_path, kind):
    """`make generate` and the live preview (its Memo reads files itself) say what check says."""
    replace_with(project / "data" / "quotes.yaml", kind, tmp_path)
    replace_with(project / "seeds" / "two.txt", kind, tmp_path / "b")
    reports = []
    for memo in (None, Memo()):
        with pytest.raises(DataError) as caught:
            generate(project, memo=memo)
        reports.append(caught.value.report())
    assert reports[0] == reports[1]
    assert reports[0].startswith("data/quotes.yaml:1:1: ") and ODD[kind] in reports[0].splitlines()[0]
    assert "seed names seeds/two.txt, which " + ODD[kind] in reports[0]


def test_a_link_inside_the_project_is_followed(project):
    seeds = project / "seeds"
    (seeds / "two.txt").rename(project / "two-elsewhere.txt")
    (seeds / "two.txt").symlink_to(project / "two-elsewhere.txt")
    assert problems(project) == []


def test_a_seeds_folder_kept_elsewhere_on_purpose_is_followed(project, tmp_path):
    """The project may link its whole seeds folder to another place; a file in it may then link
    to a file beside it there."""
    elsewhere = tmp_path / "shared-seeds"
    (project / "seeds").rename(elsewhere)
    (project / "seeds").symlink_to(elsewhere)
    (elsewhere / "two.txt").rename(elsewhere / "two-original.txt")
    (elsewhere / "two.txt").symlink_to(elsewhere / "two-original.txt")
    assert problems(project) == []


@pytest.mark.parametrize("where", ["data/quotes.yaml", "seeds/two.txt", "data/schema/figures.schema.json"])
@pytest.mark.parametrize("kind", ["named pipe", "link to /dev/zero"])
def test_the_real_command_neither_hangs_nor_floods(project, tmp_path, where, kind):
    replace_with(project / where, kind, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "check", "--root", str(project)],
        cwd=ROOT,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=60,  # a read of the pipe would wait forever, one of /dev/zero until memory runs out
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and ODD[kind] in done.stderr, done.stderr


def test_read_input_reads_at_most_one_byte_past_the_limit(tmp_path):
    from explainer.load.inputs import TOO_LARGE, read_input

    file = tmp_path / "a.txt"
    file.write_bytes(b"x" * 10)
    assert read_input(file, tmp_path, 10) == b"x" * 10
    assert read_input(file, tmp_path, 9) is TOO_LARGE


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its permissions")
def test_an_unreadable_file_says_so(tmp_path):
    from explainer.load.inputs import Refused, read_input

    file = tmp_path / "a.txt"
    file.write_text("x", encoding="utf-8")
    file.chmod(0)
    refused = read_input(file, tmp_path, 100)
    assert isinstance(refused, Refused) and refused.message == "cannot be read (permission denied)"
