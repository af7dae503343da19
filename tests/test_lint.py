"""`make lint` is real: `make test` runs it first, its rules are an explicit list, and each of its
three tools fails on a finding (so CI, which runs `make test`, fails on one)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from .conftest import ROOT


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_make_test_runs_the_three_linters_before_pytest():
    run = subprocess.run(
        ["make", "-n", "test", f"PY={sys.executable}", "STAMP=", "DEV_STAMP="],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    steps = ["-m ruff check", "-m ruff format --check", "-m mypy", "-m pytest"]
    at = [next(i for i, line in enumerate(lines) if step in line) for step in steps]
    assert at == sorted(at), lines


def test_the_rules_are_an_explicit_list_and_every_ignore_is_a_single_rule():
    lint = _config()["tool"]["ruff"]["lint"]
    assert "ALL" not in lint["select"] and {"E", "F", "I", "B"} <= set(lint["select"])
    assert all(any(c.isdigit() for c in rule) for rule in lint["ignore"]), "ignore rules, not whole families"
    mypy = _config()["tool"]["mypy"]
    assert set(mypy["files"]) == {"explainer", "scripts", "tests"}
    assert mypy["warn_unused_ignores"] and mypy["check_untyped_defs"]


def _project(folder: Path, code: str) -> Path:
    """A folder with the project's lint settings and one module."""
    folder.mkdir()
    (folder / "pyproject.toml").write_text(
        (ROOT / "pyproject.toml")
        .read_text(encoding="utf-8")
        .replace('files = ["explainer", "scripts", "tests"]', 'files = ["bad.py"]'),
        encoding="utf-8",
    )
    (folder / "bad.py").write_text(code, encoding="utf-8")
    return folder


def _tool(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=root, capture_output=True, text=True, timeout=120)


def test_each_linter_fails_on_a_finding_and_passes_clean_code(tmp_path):
    clean = _project(tmp_path / "clean", '"""Clean."""\n\n\ndef f(x: int) -> int:\n    return x + 1\n')
    for args in (("ruff", "check"), ("ruff", "format", "--check"), ("mypy",)):
        assert _tool(clean, *args).returncode == 0, args

    rule = _project(tmp_path / "rule", "import os\n")
    found = _tool(rule, "ruff", "check", "--output-format", "concise")
    assert found.returncode == 1 and "F401" in found.stdout, found.stdout

    unformatted = _project(tmp_path / "format", "x = {  'a':1 }\n")
    assert _tool(unformatted, "ruff", "format", "--check").returncode == 1

    typed = _project(tmp_path / "types", "def f(x: int) -> str:\n    return x\n")
    found = _tool(typed, "mypy")
    assert found.returncode == 1 and "[return-value]" in found.stdout, found.stdout
