"""Live preview: an edit in data/ regenerates the changed pages, MkDocs rebuilds once, reloads once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, timeout: float = 20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def preview(project: Path):
    port = free_port()
    log = project / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "explainer.serve", "--root", str(project), "--addr", f"127.0.0.1:{port}"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        assert wait_for(lambda: "Serving on" in log.read_text()), log.read_text()
        yield f"http://127.0.0.1:{port}", project, log
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_edit_in_data_shows_up_after_one_rebuild_and_one_reload(preview):
    url, project, log = preview
    assert "possible troop contribution." in fetch(f"{url}/troop-offers/")
    data = project / "data" / "troop_offers.yaml"
    data.write_text(
        data.read_text().replace('possible troop contribution."', 'possible troop contribution, as edited."', 1)
    )
    assert wait_for(lambda: "as edited" in fetch(f"{url}/troop-offers/")), log.read_text()
    time.sleep(2)  # would a second rebuild follow (a reload loop)?
    text = log.read_text()
    assert text.count("Reloading browsers") == 1, text
    assert "regenerated in" in text and "docs/troop-offers.md" in text


def test_bad_edit_prints_the_problem_and_keeps_the_page(preview):
    url, project, log = preview
    data = project / "data" / "troop_offers.yaml"
    data.write_text(data.read_text().replace("stance: offered", "stance: maybe"))
    assert wait_for(lambda: "problem found; nothing was written" in log.read_text()), log.read_text()
    time.sleep(1)
    assert "Reloading browsers" not in log.read_text()
    assert "possible troop contribution." in fetch(f"{url}/troop-offers/")
