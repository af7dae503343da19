"""explainer upgrade --adopt (explainer/desk/adopt.py): a project that `make new` made before 0.2.0,
with its own copy of explainer/ and of the theme and no lock, moves onto the installed engine and
keeps every edit: what is the engine's byte for byte is taken over, what differs stays the
project's with the engine's version beside it, and stale imports are named with file and line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from explainer import __version__
from explainer.desk import adopt, skeleton, upgrade

from .conftest import ROOT, write_files
from .sitebuild import PY, build_env


@pytest.fixture
def engine(tmp_path) -> Path:
    root = tmp_path / "engine"
    write_files(
        root,
        {
            "Makefile": "all:\n",
            ".ci/run": "make test\n",
            "requirements.txt": "a==1\n",
            "explainer/theme/main.html": "<main>\n",
            "explainer/theme/stylesheets/extra.css": "a {}\n",
            "explainer/theme/javascripts/citations.js": "cite();\n",
        },
    )
    return root


@pytest.fixture
def old_project(tmp_path) -> Path:
    """As make new made it before 0.2.0: the engine copied in, one shared file and one style edited."""
    root = tmp_path / "project"
    write_files(
        root,
        {
            "explainer/__init__.py": "",
            "explainer/audit.py": "def audit_site(): ...\n",
            "Makefile": "all:\n",
            ".ci/run": "make test  # ours\n",
            "requirements.txt": "a==1\n",
            "overrides/main.html": "<main>\n",
            "docs/stylesheets/extra.css": "a { color: red }\n",
            "docs/javascripts/citations.js": "cite();\n",
            "docs/index.md": "hand-written\n",
            "data/findings.yaml": "[]\n",
            "seeds/a.txt": "a seed\n",
            "scripts/subject.py": "TABLES = ()\n",
            "tests/test_site.py": "from explainer.audit import audit_site\nfrom explainer.desk import skeleton\n",
            "mkdocs.yml": "theme:\n  name: material\n  custom_dir: overrides\n",
            "pyproject.toml": '[project]\nname = "city"\ndependencies = []\n',
        },
    )
    return root


def test_adopting_moves_the_copy_away_and_keeps_every_edit(old_project, engine):
    root = old_project
    own = {
        p: p.read_bytes() for d in ("data", "seeds", "scripts", "tests") for p in (root / d).rglob("*") if p.is_file()
    }
    changes, notes = adopt.adopt(root, engine, "0.3.0")
    actions = {c.path: c.action for c in changes}
    assert not (root / "explainer").exists() and (root / adopt.OLD_ENGINE / "explainer" / "audit.py").is_file()
    assert actions["explainer/ -> .explainer/old-engine/explainer/"] == "moved"
    # shared files: the engine's byte for byte taken over (the pin added); an edited one kept, the engine's beside it
    assert actions.get("Makefile") is None and actions["requirements.txt"] == "updated"
    assert (root / "requirements.txt").read_text(encoding="utf-8").endswith("sourced-explainer==0.3.0\n")
    assert actions[".ci/run"] == "conflict"
    assert (root / ".ci/run").read_text(encoding="utf-8") == "make test  # ours\n"
    assert (root / ".ci/run.engine-new").read_text(encoding="utf-8") == "make test\n"
    # the theme: the engine's copies go, the edited style becomes the project's override
    assert actions["overrides/main.html"] == "removed" and actions["docs/javascripts/citations.js"] == "removed"
    assert actions["docs/stylesheets/extra.css -> overrides/stylesheets/extra.css"] == "moved"
    assert (root / "overrides/stylesheets/extra.css").read_text(encoding="utf-8") == "a { color: red }\n"
    assert not (root / "docs/stylesheets").exists() and (root / "docs/index.md").is_file()
    assert "custom_dir: .explainer/theme" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'dependencies = ["sourced-explainer==0.3.0"]' in (root / "pyproject.toml").read_text(encoding="utf-8")
    assert notes == [
        "tests/test_site.py:1: imports explainer.audit, which the engine no longer has; it is tests.support.audit now"
    ]
    for path, content in own.items():
        assert path.read_bytes() == content, path
    lock = skeleton.read_lock(root)
    assert lock.version == "0.3.0" and sorted(lock.files) == [".ci/run", "Makefile", "requirements.txt"]
    # From now on it is a project like any other: the next upgrade has nothing to do.
    assert upgrade.upgrade(root, engine, "0.3.0") == []


def test_upgrade_points_to_adopt_and_adopt_refuses_a_project_it_cannot_adopt(old_project, engine, capsys):
    assert upgrade.main(["--root", str(old_project)]) == 2
    assert "explainer upgrade --adopt" in capsys.readouterr().err
    adopt.adopt(old_project, engine, "0.3.0")
    with pytest.raises(ValueError, match="no copy of the engine to adopt"):
        adopt.adopt(old_project, engine, "0.3.0")
    (old_project / "explainer").mkdir()
    (old_project / "explainer" / "__init__.py").write_text("", encoding="utf-8")
    (old_project / skeleton.LOCK).unlink()
    with pytest.raises(ValueError, match="exists already"):
        adopt.adopt(old_project, engine, "0.3.0")
    assert (old_project / "explainer" / "__init__.py").is_file(), "nothing moved"


# A commit of this repository from before 0.2.0, whose `make new` copied the engine in.
OLD_REV = "ba0ca05"
_NOTE = re.compile(r"^note: (?P<file>[^:]+):\d+: (?:imports|names) (?P<old>\S+), .*; it is (?P<new>\S+) now$")


@pytest.mark.slow
def test_a_file_that_cannot_be_written_stops_adopt_and_says_what_it_already_did(old_project, monkeypatch, capsys):
    """An OSError part way (here: the first engine file it writes) is not reported as "nothing was
    changed": the old engine has moved, and the message says where to, and names the file."""

    def refuse(path: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(skeleton, "write_atomic", refuse)
    assert adopt.main(["--root", str(old_project)]) == 2
    err = capsys.readouterr().err
    assert f"Permission denied: '{old_project}/" in err, err  # the file it could not write
    assert "nothing was changed" not in err and f"{adopt.OLD_ENGINE}/explainer/" in err
    assert (old_project / adopt.OLD_ENGINE / "explainer" / "__init__.py").is_file()


def test_a_project_made_by_the_old_make_new_is_adopted_and_builds_after_the_fixes_it_names(tmp_path):
    have = subprocess.run(["git", "cat-file", "-e", f"{OLD_REV}^{{commit}}"], cwd=ROOT, capture_output=True)
    if have.returncode != 0:
        pytest.skip(f"commit {OLD_REV} is not in this clone (a shallow one): git fetch --unshallow")
    old_engine = tmp_path / "old-engine"
    old_engine.mkdir()
    archive = subprocess.run(["git", "archive", OLD_REV], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(old_engine)], input=archive, check=True)
    project = tmp_path / "city"
    env = build_env(PYTHONPATH=str(old_engine))
    made = subprocess.run([PY, "-m", "explainer.new", str(project)], cwd=old_engine, env=env, capture_output=True)
    assert made.returncode == 0, made.stderr
    assert (project / "explainer").is_dir() and not (project / skeleton.LOCK).exists()
    # This engine, run from outside the project (its own explainer/ copy would shadow it there)
    ours = build_env(PYTHONPATH=str(ROOT))

    def explainer(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PY, "-m", "explainer", "--root", str(project), *args],
            cwd=tmp_path,
            env=ours,
            capture_output=True,
            text=True,
        )

    refused = explainer("upgrade")
    assert refused.returncode == 2 and "explainer upgrade --adopt" in refused.stderr
    adopted = explainer("upgrade", "--adopt")
    assert "Traceback" not in adopted.stderr and "0 files to compare by hand" in adopted.stdout, adopted.stdout
    assert not (project / "explainer").exists() and skeleton.read_lock(project).version == __version__
    assert not (project / "overrides").exists(), "the old engine's theme was unedited: it is the engine's again"
    fixes = [m for m in map(_NOTE.match, adopted.stderr.splitlines()) if m]
    assert fixes, adopted.stderr
    for fix in fixes:  # what an editor does with the notes
        path = project / fix["file"]
        path.write_text(re.sub(rf"\b{re.escape(fix['old'])}\b", fix["new"], path.read_text(encoding="utf-8")))
    assert not adopt.stale_imports(project)
    generated = explainer("generate")
    assert generated.returncode == 0, generated.stderr
    unlisted = upgrade.unlisted_pages(project)
    assert unlisted == [
        "docs/checks.md is a page this engine generates and mkdocs.yml's nav does not list: add it there "
        "(e.g. `- Checks: checks.md`), or make site fails"
    ]
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("nav:\n", "nav:\n  - Checks: checks.md\n", 1))
    checked, built = explainer("check"), explainer("site")
    assert checked.returncode == 0 and checked.stdout.startswith("ok"), checked.stderr
    assert built.returncode == 0, built.stderr[-2000:]
    assert (project / "site" / "stylesheets" / "extra.css").read_bytes() == (
        ROOT / "explainer" / "theme" / "stylesheets" / "extra.css"
    ).read_bytes()
