"""The `explainer` command (explainer/cli.py): finds the project from any folder in it (never the
package's own location), hands each job to its module with --root before the editor's words, and
says its version."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explainer import __version__, cli
from explainer.project import project_root

from .conftest import ROOT


def python_m(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    env.pop("EXPLAINER_SUBJECT", None)
    return subprocess.run(
        [sys.executable, "-m", "explainer", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_version():
    run = python_m("--version", cwd=ROOT)
    assert run.returncode == 0 and run.stdout.strip() == f"explainer {__version__}"


def test_the_project_is_the_nearest_folder_with_a_subject(tmp_path):
    (tmp_path / "news" / "scripts").mkdir(parents=True)
    (tmp_path / "news" / "scripts" / "subject.py").write_text("", encoding="utf-8")
    deep = tmp_path / "news" / "docs" / "sources"
    deep.mkdir(parents=True)
    assert project_root(deep) == tmp_path / "news"
    assert project_root(tmp_path / "news") == tmp_path / "news"
    assert project_root(tmp_path) == tmp_path, "none above: the folder itself (the command says what is missing)"


def test_check_from_a_subfolder_checks_the_project():
    run = python_m("check", cwd=ROOT / "docs" / "sources")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: ")


def _record(seen: list, item: object, status: int) -> int:
    seen.append(item)
    return status


@pytest.fixture
def calls(monkeypatch) -> list[tuple[str, list[str]]]:
    """Every module main() the command calls, with its arguments (each returns 0)."""
    seen: list[tuple[str, list[str]]] = []
    for module in cli.MODULES:
        mod = importlib.import_module(cli.MODULES[module])
        monkeypatch.setattr(mod, "main", lambda argv, m=module: _record(seen, (m, argv), 0))
    return seen


def test_root_comes_before_the_editors_words(calls, tmp_path):
    root = str(tmp_path)
    assert cli.main(["--root", root, "find", "--", "--root", "-x", "words"]) == 0
    assert cli.main(["--root", root, "add-source", "--file", "a.txt", "--outlet", "-minus"]) == 0
    assert cli.main(["--root", root, "serve", "--addr", "0.0.0.0:9000"]) == 0
    assert calls == [
        ("find", ["--root", root, "--", "--root", "-x", "words"]),
        ("add_source", ["--root", root, "--file", "a.txt", "--outlet", "-minus"]),
        ("serve", ["--root", root, "--addr", "0.0.0.0:9000"]),
    ]


def test_root_may_follow_the_command(calls, tmp_path):
    root = str(tmp_path)
    assert cli.main(["check", "--root", root]) == 0
    assert cli.main(["find", "--root", root, "words"]) == 0
    assert calls == [("generate", ["--root", root, "check", "--docs"]), ("find", ["--root", root, "--", "words"])]


def test_each_command_calls_its_module(calls, tmp_path):
    root = str(tmp_path)
    for command in ("check", "generate", "stale", "fix", "upgrade"):
        assert cli.main(["--root", root, command]) == 0
    assert cli.main(["--root", root, "site", "--builder", "zensical"]) == 0
    assert calls == [
        ("generate", ["--root", root, "check", "--docs"]),
        ("generate", ["--root", root, "generate", "-q"]),
        ("generate", ["--root", root, "stale"]),
        ("fix", ["--root", root]),
        ("upgrade", ["--root", root]),
        ("generate", ["--root", root, "generate", "-q"]),
        ("builders", ["--root", root, "--builder", "zensical"]),
        ("search_index", ["--root", root]),
    ]


def test_site_stops_at_the_first_step_that_fails(monkeypatch, tmp_path):
    steps: list[str] = []
    for module, status in (("generate", 0), ("builders", 1), ("search_index", 0)):
        mod = importlib.import_module(cli.MODULES[module])
        monkeypatch.setattr(mod, "main", lambda argv, m=module, s=status: _record(steps, m, s))
    assert cli.main(["--root", str(tmp_path), "site"]) == 1
    assert steps == ["generate", "builders"]


def test_a_wrong_command_line_exits_2_with_a_message(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["check", "--surprise"])
    assert stop.value.code == 2 and "unrecognized arguments: --surprise" in capsys.readouterr().err
    assert cli.main([]) == 2
    assert "new" in capsys.readouterr().out
