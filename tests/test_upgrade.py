"""explainer upgrade (explainer/desk/upgrade.py) on engine folders made here: each engine-owned file
follows the engine where the project left it alone, keeps the project's edit where the engine
left it alone, is merged where both changed it, and gets conflict markers where both changed the
same lines; data/, seeds/ and the subject's code are never written; the lock follows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer import generate
from explainer.desk import skeleton, upgrade

CSS = "docs/stylesheets/extra.css"
JS = "docs/javascripts/citations.js"
LINES = "".join(f"line {i}\n" for i in range(1, 21))


def engine(tmp: Path, name: str, files: dict[str, str]) -> Path:
    root = tmp / name
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path) -> Path:
    """A project of engine 1.0.0 with data, a seed and a subject of its own."""
    old = engine(tmp_path, "engine-1", {CSS: LINES, JS: "old();\n", "Makefile": "all:\n", "requirements.txt": "a==1\n"})
    root = tmp_path / "project"
    skeleton.write_owned(root, old, "1.0.0")
    for rel in ("data/findings.yaml", "data/schema/findings.schema.json", "seeds/a.txt", "scripts/subject.py"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"ours: {rel}\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('dependencies = ["sourced-explainer==1.0.0"]\n', encoding="utf-8")
    return root


def own_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for d in ("data", "seeds", "scripts")
        for p in (root / d).rglob("*")
        if p.is_file()
    }


def test_a_new_project_records_its_engine(project):
    lock = skeleton.read_lock(project)
    assert lock.version == "1.0.0" and sorted(lock.files) == sorted([CSS, JS, "Makefile", "requirements.txt"])
    assert (project / "requirements.txt").read_text(encoding="utf-8").endswith("sourced-explainer==1.0.0\n")
    for rel, digest in lock.files.items():
        assert skeleton.digest((project / skeleton.BASE / rel).read_bytes()) == digest


def test_untouched_files_follow_the_engine_and_edits_are_merged(project, tmp_path):
    before = own_files(project)
    edited = LINES.replace("line 18\n", "line 18 (the newsroom's)\n")
    (project / CSS).write_text(edited, encoding="utf-8")
    (project / "Makefile").write_text("all: ours\n", encoding="utf-8")  # edited; the engine keeps it as it was
    new = engine(
        tmp_path,
        "engine-2",
        {
            CSS: LINES.replace("line 2\n", "line 2 (engine 2)\n"),
            JS: "new();\n",
            "Makefile": "all:\n",
            "requirements.txt": "a==2\n",
            "overrides/x.html": "x\n",
        },
    )
    changes = upgrade.upgrade(project, new, "1.1.0")
    assert {c.path: c.action for c in changes} == {
        CSS: "merged",
        JS: "updated",
        "requirements.txt": "updated",
        "overrides/x.html": "added",
        "pyproject.toml": "updated",
    }
    css = (project / CSS).read_text(encoding="utf-8")
    assert "line 2 (engine 2)\n" in css and "line 18 (the newsroom's)\n" in css
    assert (project / JS).read_text(encoding="utf-8") == "new();\n"
    assert (project / "Makefile").read_text(encoding="utf-8") == "all: ours\n"
    assert (project / "requirements.txt").read_text(encoding="utf-8").startswith("a==2\n")
    assert "sourced-explainer==1.1.0" in (project / "pyproject.toml").read_text(encoding="utf-8")
    assert own_files(project) == before
    lock = skeleton.read_lock(project)
    assert lock.version == "1.1.0" and "overrides/x.html" in lock.files
    assert upgrade.upgrade(project, new, "1.1.0") == [], "a second run has nothing to do"


def test_the_same_lines_changed_on_both_sides_are_a_conflict_shown_in_the_file(project, tmp_path):
    (project / CSS).write_text(LINES.replace("line 2\n", "line 2 ours\n"), encoding="utf-8")
    new = engine(
        tmp_path,
        "engine-2",
        {
            CSS: LINES.replace("line 2\n", "line 2 theirs\n"),
            JS: "old();\n",
            "Makefile": "all:\n",
            "requirements.txt": "a==1\n",
        },
    )
    changes = upgrade.upgrade(project, new, "1.1.0")
    assert [c for c in changes if c.path == CSS] == [upgrade.Change(CSS, "conflict")]
    css = (project / CSS).read_text(encoding="utf-8")
    assert (
        "<<<<<<< project\nline 2 ours\n||||||| engine 1.0.0\nline 2\n=======\nline 2 theirs\n>>>>>>> engine 1.1.0\n"
        in css
    )


def test_without_git_a_conflict_leaves_the_file_and_writes_the_engines_beside_it(project, tmp_path, monkeypatch):
    (project / CSS).write_text("ours\n", encoding="utf-8")
    new = engine(
        tmp_path, "engine-2", {CSS: "theirs\n", JS: "old();\n", "Makefile": "all:\n", "requirements.txt": "a==1\n"}
    )
    monkeypatch.setattr(upgrade.shutil, "which", lambda name: None)
    assert upgrade.Change(CSS, "conflict") in upgrade.upgrade(project, new, "1.1.0")
    assert (project / CSS).read_text(encoding="utf-8") == "ours\n"
    assert (project / (CSS + ".engine-new")).read_text(encoding="utf-8") == "theirs\n"


def test_a_dropped_file_goes_unless_the_project_changed_it_and_a_deleted_one_stays_deleted(project, tmp_path):
    (project / "Makefile").write_text("all: ours\n", encoding="utf-8")
    (project / CSS).unlink()
    new = engine(tmp_path, "engine-2", {CSS: "changed\n", "requirements.txt": "a==1\n"})
    actions = {c.path: c.action for c in upgrade.upgrade(project, new, "1.1.0")}
    assert actions[JS] == "removed" and not (project / JS).exists()
    assert actions["Makefile"] == "kept" and (project / "Makefile").read_text(encoding="utf-8") == "all: ours\n"
    assert actions[CSS] == "kept" and not (project / CSS).exists()


def test_main_reports_and_exits_1_on_a_conflict(project, tmp_path, capsys, monkeypatch):
    (project / CSS).write_text("ours\n", encoding="utf-8")
    new = engine(
        tmp_path, "engine-2", {CSS: "theirs\n", JS: "old();\n", "Makefile": "all:\n", "requirements.txt": "a==1\n"}
    )
    monkeypatch.setattr(upgrade.skeleton, "source", lambda: new)
    monkeypatch.setattr(upgrade, "__version__", "1.1.0")
    generated: list[list[str]] = []

    def fake_generate(argv: list[str]) -> int:
        generated.append(argv)
        return 0

    monkeypatch.setattr(generate, "main", fake_generate)
    assert upgrade.main(["--root", str(project)]) == 1
    out, err = capsys.readouterr()
    assert f"conflict  {CSS}" in out and "engine 1.0.0 -> 1.1.0" in out and "<<<<<<<" in err
    assert generated == [["--root", str(project), "generate", "-q"]], "the pages name the new engine"


def test_an_older_engine_or_no_lock_is_refused_with_nothing_written(project, tmp_path, capsys):
    with pytest.raises(ValueError, match=r"newer than the installed 0\.9\.0"):
        upgrade.upgrade(project, tmp_path, "0.9.0")
    shutil.rmtree(project / skeleton.BASE_DIR)
    (project / skeleton.LOCK).unlink()
    assert upgrade.main(["--root", str(project)]) == 2
    assert "explainer.publish.lock: missing" in capsys.readouterr().err
    (project / skeleton.LOCK).write_text("{not json", encoding="utf-8")
    assert upgrade.main(["--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert "unreadable" in err and "Traceback" not in err


def test_versions_compare_as_numbers():
    assert upgrade.version_key("0.10.0") > upgrade.version_key("0.9.1")
