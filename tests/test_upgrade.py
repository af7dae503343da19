"""explainer upgrade (explainer/desk/upgrade.py) on engine folders made here: each engine-owned file
follows the engine where the project left it alone, keeps the project's edit where the engine
left it alone, is merged where both changed it, and gets conflict markers where both changed the
same lines; data/, seeds/ and the subject's code are never written; the lock follows. The theme
is the engine's: a file the project took with `explainer override` (desk/override.py) is merged
the same way, and a project of engine 0.2.0, which had the theme copied in, is moved over."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer import generate
from explainer.desk import override, skeleton, upgrade

from .conftest import write_files

# Two engine-owned files: the three-way rules are the same for every one.
EDITED = "package.json"
OTHER = ".ci/run"
LINES = "".join(f"line {i}\n" for i in range(1, 21))


def engine(tmp: Path, name: str, files: dict[str, str]) -> Path:
    return write_files(tmp / name, files)


@pytest.fixture
def project(tmp_path) -> Path:
    """A project of engine 1.0.0 with data, a seed and a subject of its own."""
    old = engine(
        tmp_path, "engine-1", {EDITED: LINES, OTHER: "old();\n", "Makefile": "all:\n", "requirements.txt": "a==1\n"}
    )
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
    assert lock.version == "1.0.0" and sorted(lock.files) == sorted([EDITED, OTHER, "Makefile", "requirements.txt"])
    assert (project / "requirements.txt").read_text(encoding="utf-8").endswith("sourced-explainer==1.0.0\n")
    for rel, digest in lock.files.items():
        assert skeleton.digest((project / skeleton.BASE / rel).read_bytes()) == digest


def test_untouched_files_follow_the_engine_and_edits_are_merged(project, tmp_path):
    before = own_files(project)
    edited = LINES.replace("line 18\n", "line 18 (the newsroom's)\n")
    (project / EDITED).write_text(edited, encoding="utf-8")
    (project / "Makefile").write_text("all: ours\n", encoding="utf-8")  # edited; the engine keeps it as it was
    new = engine(
        tmp_path,
        "engine-2",
        {
            EDITED: LINES.replace("line 2\n", "line 2 (engine 2)\n"),
            OTHER: "new();\n",
            "Makefile": "all:\n",
            "requirements.txt": "a==2\n",
            ".github/workflows/x.yml": "x\n",
        },
    )
    changes = upgrade.upgrade(project, new, "1.1.0")
    assert {c.path: c.action for c in changes} == {
        EDITED: "merged",
        OTHER: "updated",
        "requirements.txt": "updated",
        ".github/workflows/x.yml": "added",
        "pyproject.toml": "updated",
    }
    css = (project / EDITED).read_text(encoding="utf-8")
    assert "line 2 (engine 2)\n" in css and "line 18 (the newsroom's)\n" in css
    assert (project / OTHER).read_text(encoding="utf-8") == "new();\n"
    assert (project / "Makefile").read_text(encoding="utf-8") == "all: ours\n"
    assert (project / "requirements.txt").read_text(encoding="utf-8").startswith("a==2\n")
    assert "sourced-explainer==1.1.0" in (project / "pyproject.toml").read_text(encoding="utf-8")
    assert own_files(project) == before
    lock = skeleton.read_lock(project)
    assert lock.version == "1.1.0" and ".github/workflows/x.yml" in lock.files
    assert upgrade.upgrade(project, new, "1.1.0") == [], "a second run has nothing to do"


def test_what_an_upgrade_writes_is_newer_than_the_last_install_so_make_reinstalls(project, tmp_path):
    """make reinstalls when requirements.txt is newer than .venv/.installed: an upgrade that
    raises a pin must leave it newer, whatever the times of the engine's own copy (an installed
    wheel's files keep their build time). A merged file is as new."""
    import os
    import time

    stamp = project / ".venv" / ".installed"
    stamp.parent.mkdir()
    stamp.touch()
    long_ago = time.time() - 86400 * 365
    os.utime(stamp, (long_ago + 60, long_ago + 60))  # installed after the new project was made
    (project / EDITED).write_text(LINES.replace("line 18\n", "ours\n"), encoding="utf-8")
    os.utime(project / EDITED, (long_ago, long_ago))
    new = engine(tmp_path, "engine-2", {EDITED: LINES.replace("line 2\n", "two\n"), "requirements.txt": "a==2\n"})
    for rel in (EDITED, "requirements.txt"):
        os.utime(new / rel, (long_ago, long_ago))  # the engine's files are older than the install
    changes = {c.path: c.action for c in upgrade.upgrade(project, new, "1.1.0")}
    assert changes["requirements.txt"] == "updated" and changes[EDITED] == "merged"
    for rel in ("requirements.txt", EDITED, "pyproject.toml"):
        assert (project / rel).stat().st_mtime > stamp.stat().st_mtime, f"{rel} looks older than the install"


def test_the_same_lines_changed_on_both_sides_are_a_conflict_shown_in_the_file(project, tmp_path):
    (project / EDITED).write_text(LINES.replace("line 2\n", "line 2 ours\n"), encoding="utf-8")
    new = engine(
        tmp_path,
        "engine-2",
        {
            EDITED: LINES.replace("line 2\n", "line 2 theirs\n"),
            OTHER: "old();\n",
            "Makefile": "all:\n",
            "requirements.txt": "a==1\n",
        },
    )
    changes = upgrade.upgrade(project, new, "1.1.0")
    assert [c for c in changes if c.path == EDITED] == [upgrade.Change(EDITED, "conflict")]
    css = (project / EDITED).read_text(encoding="utf-8")
    assert (
        "<<<<<<< project\nline 2 ours\n||||||| engine 1.0.0\nline 2\n=======\nline 2 theirs\n>>>>>>> engine 1.1.0\n"
        in css
    )


def test_without_git_a_conflict_leaves_the_file_and_writes_the_engines_beside_it(project, tmp_path, monkeypatch):
    (project / EDITED).write_text("ours\n", encoding="utf-8")
    new = engine(
        tmp_path,
        "engine-2",
        {EDITED: "theirs\n", OTHER: "old();\n", "Makefile": "all:\n", "requirements.txt": "a==1\n"},
    )
    monkeypatch.setattr(upgrade.shutil, "which", lambda name: None)
    assert upgrade.Change(EDITED, "conflict") in upgrade.upgrade(project, new, "1.1.0")
    assert (project / EDITED).read_text(encoding="utf-8") == "ours\n"
    assert (project / (EDITED + ".engine-new")).read_text(encoding="utf-8") == "theirs\n"


def test_a_dropped_file_goes_unless_the_project_changed_it_and_a_deleted_one_stays_deleted(project, tmp_path):
    (project / "Makefile").write_text("all: ours\n", encoding="utf-8")
    (project / EDITED).unlink()
    new = engine(tmp_path, "engine-2", {EDITED: "changed\n", "requirements.txt": "a==1\n"})
    actions = {c.path: c.action for c in upgrade.upgrade(project, new, "1.1.0")}
    assert actions[OTHER] == "removed" and not (project / OTHER).exists()
    assert actions["Makefile"] == "kept" and (project / "Makefile").read_text(encoding="utf-8") == "all: ours\n"
    assert actions[EDITED] == "kept" and not (project / EDITED).exists()


def test_main_reports_and_exits_1_on_a_conflict(project, tmp_path, capsys, monkeypatch):
    (project / EDITED).write_text("ours\n", encoding="utf-8")
    new = engine(
        tmp_path,
        "engine-2",
        {EDITED: "theirs\n", OTHER: "old();\n", "Makefile": "all:\n", "requirements.txt": "a==1\n"},
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
    assert f"conflict  {EDITED}" in out and "engine 1.0.0 -> 1.1.0" in out and "<<<<<<<" in err
    assert generated == [["--root", str(project), "generate"]], "the pages regenerated, each rewritten one listed"


def test_an_older_engine_or_no_lock_is_refused_with_nothing_written(project, tmp_path, capsys):
    wheel = project / "wheels" / "sourced_explainer-1.0.0-py3-none-any.whl"  # the project's engine
    wheel.parent.mkdir()
    wheel.write_bytes(b"")
    with pytest.raises(ValueError, match=r"newer than the installed 0\.9\.0") as refused:
        upgrade.upgrade(project, tmp_path, "0.9.0")
    said = str(refused.value)
    assert "this project uses engine 1.0.0 (explainer.lock)" in said, said
    assert "sourced-explainer==" not in said, "the engine is on no package index: pip cannot install it by pin"
    assert f"{project}/.venv/bin/pip install {wheel}" in said, said
    shutil.rmtree(project / skeleton.BASE_DIR)
    (project / skeleton.LOCK).unlink()
    assert upgrade.main(["--root", str(project)]) == 2
    assert "explainer.lock: missing" in capsys.readouterr().err
    (project / skeleton.LOCK).write_text("{not json", encoding="utf-8")
    assert upgrade.main(["--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert "unreadable" in err and "Traceback" not in err


def test_versions_compare_as_numbers():
    assert skeleton.version_key("0.10.0") > skeleton.version_key("0.9.1")


THEME_CSS = "stylesheets/extra.css"
THEME_JS = "javascripts/citations.js"


def theme_engine(tmp: Path, name: str, css: str, js: str = "cite();\n") -> Path:
    """An engine folder with project files and a theme (explainer/theme/) of its own."""
    return engine(
        tmp,
        name,
        {
            "Makefile": "all:\n",
            "requirements.txt": "a==1\n",
            f"explainer/theme/{THEME_CSS}": css,
            f"explainer/theme/{THEME_JS}": js,
            "explainer/theme/main.html": "<html></html>\n",
        },
    )


def test_an_override_starts_from_the_engines_file_and_takes_its_changes_by_merge(tmp_path):
    old = theme_engine(tmp_path, "engine-1", LINES)
    root = tmp_path / "project"
    skeleton.write_owned(root, old, "1.0.0")
    assert not (root / "overrides").exists(), "the theme is served from the engine, not copied"
    for rel in (THEME_CSS, THEME_JS):
        assert override.override(root, rel, old) == root / "overrides" / rel
    assert (root / "overrides" / THEME_CSS).read_text(encoding="utf-8") == LINES
    assert {"overrides/" + THEME_CSS, "overrides/" + THEME_JS} <= set(skeleton.read_lock(root).files)
    edited = LINES.replace("line 18\n", "line 18 (the newsroom's)\n")
    (root / "overrides" / THEME_CSS).write_text(edited, encoding="utf-8")
    new = theme_engine(tmp_path, "engine-2", LINES.replace("line 2\n", "line 2 (engine 2)\n"), js="cite(2);\n")
    actions = {c.path: c.action for c in upgrade.upgrade(root, new, "1.1.0")}
    assert actions["overrides/" + THEME_CSS] == "merged"
    css = (root / "overrides" / THEME_CSS).read_text(encoding="utf-8")
    assert "line 2 (engine 2)\n" in css and "line 18 (the newsroom's)\n" in css
    # An override the project never changed would only hide the engine's newer file: it goes.
    assert actions["overrides/" + THEME_JS] == "removed" and not (root / "overrides" / THEME_JS).exists()
    lock = skeleton.read_lock(root)
    assert "overrides/" + THEME_CSS in lock.files and "overrides/" + THEME_JS not in lock.files
    assert upgrade.upgrade(root, new, "1.1.0") == [], "a second run has nothing to do"


def test_override_refuses_what_the_theme_does_not_have_and_never_writes_over_a_file(tmp_path):
    old = theme_engine(tmp_path, "engine-1", LINES)
    root = tmp_path / "project"
    skeleton.write_owned(root, old, "1.0.0")
    with pytest.raises(override.Refused, match=r"did you mean stylesheets/extra\.css"):
        override.override(root, "stylesheets/extra.cs", old)
    with pytest.raises(override.Refused, match="not a file of the engine's theme"):
        override.override(root, "../data/x.yaml", old)
    (root / "overrides" / "stylesheets").mkdir(parents=True)
    (root / "overrides" / THEME_CSS).write_text("ours\n", encoding="utf-8")
    with pytest.raises(override.Refused, match="exists already"):
        override.override(root, THEME_CSS, old)
    assert (root / "overrides" / THEME_CSS).read_text(encoding="utf-8") == "ours\n"
    assert not any(k.startswith("overrides/") for k in skeleton.read_lock(root).files)


def test_a_project_of_engine_0_2_0_moves_its_copied_theme_over(tmp_path):
    """Engine 0.2.0 copied the theme in (templates in overrides/, styles and scripts in docs/) and
    named its lock explainer.publish.lock: what the project left alone goes, what it edited stays
    its own (styles and scripts moved to overrides/) and takes the engine's change by merge."""
    root = tmp_path / "project"
    copied = {
        "Makefile": "all:\n",
        "docs/stylesheets/extra.css": LINES,
        "docs/javascripts/citations.js": "cite();\n",
        "overrides/main.html": "<html></html>\n",
    }
    for rel, text in copied.items():
        for folder in (root, root / skeleton.BASE):
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text, encoding="utf-8")
    lock = skeleton.Lock("0.2.0", {rel: skeleton.digest(t.encode()) for rel, t in copied.items()})
    (root / "explainer.publish.lock").write_text(lock.text(), encoding="utf-8")
    (root / "docs/stylesheets/extra.css").write_text(LINES.replace("line 18\n", "line 18 ours\n"), encoding="utf-8")
    (root / "mkdocs.yml").write_text("theme:\n  name: material\n  custom_dir: overrides\n", encoding="utf-8")
    new = theme_engine(tmp_path, "engine-3", LINES.replace("line 2\n", "line 2 (engine 3)\n"))
    actions = {c.path: c.action for c in upgrade.upgrade(root, new, "0.3.0")}
    assert actions["docs/stylesheets/extra.css -> overrides/stylesheets/extra.css"] == "moved"
    assert actions["overrides/stylesheets/extra.css"] == "merged"
    css = (root / "overrides/stylesheets/extra.css").read_text(encoding="utf-8")
    assert "line 2 (engine 3)\n" in css and "line 18 ours\n" in css
    assert actions["docs/javascripts/citations.js"] == "removed" and not (root / "docs/javascripts").exists()
    assert actions["overrides/main.html"] == "removed" and not (root / "overrides/main.html").exists()
    assert actions["mkdocs.yml"] == "updated"
    assert "  custom_dir: .explainer/theme\n" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert actions["explainer.publish.lock -> explainer.lock"] == "renamed"
    assert not (root / "explainer.publish.lock").exists()
    assert sorted(skeleton.read_lock(root).files) == ["Makefile", "overrides/stylesheets/extra.css", "requirements.txt"]
    assert upgrade.upgrade(root, new, "0.3.0") == [], "a second run has nothing to do"
