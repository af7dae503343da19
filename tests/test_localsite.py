"""tests/support/localsite.py: which headless Chromium the browser tests and the bench run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.localsite import chromium_binary


def _fake(folder: Path, *names: str) -> None:
    folder.mkdir(exist_ok=True)
    for name in names:
        path = folder / name
        path.write_text("#!/bin/sh\n", encoding="utf-8")
        path.chmod(0o755)


@pytest.mark.parametrize(
    ("installed", "runs"),
    [
        (("chromium-headless-shell", "chromium"), "chromium-headless-shell"),
        (("chromium",), "chromium"),
        (("chromium-headless-shell",), "chromium-headless-shell"),
        ((), None),
    ],
)
def test_the_headless_shell_is_run_where_installed_else_chromium(tmp_path, monkeypatch, installed, runs):
    _fake(tmp_path / "bin", *installed)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    found = chromium_binary()
    assert (Path(found).name if found else None) == runs
