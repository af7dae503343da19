"""Live preview: an edit in data/ regenerates the changed pages, the site is rebuilt once (MkDocs' build),
the browsers reload once (explainer/preview/server.py)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchdog.events import FileDeletedEvent, FileModifiedEvent, FileMovedEvent

from explainer.preview.serve import Built, _Wake

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


@contextlib.contextmanager
def serving(project: Path) -> Iterator[tuple[str, Path]]:
    """`make serve` of `project` on a free port, until the block ends: (its address, its log)."""
    port = free_port()
    log = project / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "explainer.preview.serve", "--root", str(project), "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        assert wait_for(lambda: f"Serving on http://127.0.0.1:{port}/" in log.read_text()), log.read_text()
        yield f"http://127.0.0.1:{port}", log
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def preview(project: Path):
    with serving(project) as (url, log):
        yield url, project, log


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


# --- the address: make serve PORT=... HOST=..., and a busy port ---------------------------------


def serve(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "explainer.preview.serve", "--root", str(project), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_a_busy_port_gives_one_line_with_the_fix_and_no_traceback(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = serve(project, "--port", str(port))
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "Traceback" not in out, out
    [line] = out.strip().splitlines()
    suggested = int(line.rsplit("PORT=", 1)[1])
    assert line == f"port {port} is in use: make serve PORT={suggested}", line
    assert suggested != port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", suggested))  # the port it suggests is free
    assert not (project / "docs" / "index.md").exists(), "nothing is generated for a preview that cannot start"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--port", "eighty"], "PORT=eighty: give a port number from 1 to 65535, e.g. make serve PORT=8001"),
        (["--port", "70000"], "PORT=70000: give a port number from 1 to 65535, e.g. make serve PORT=8001"),
        (["--host", "192.0.2.77"], "HOST=192.0.2.77 is not an address of this machine"),
        (["--host", "no-such-host.invalid"], "HOST=no-such-host.invalid is not an address of this machine"),
    ],
)
def test_a_bad_port_or_host_gives_one_line_with_the_fix(project, args, says):
    run = serve(project, *args)
    out = run.stdout + run.stderr
    assert run.returncode in (1, 2) and "Traceback" not in out, out
    [line] = out.strip().splitlines()
    assert line.startswith(says), line
    assert "make serve" in line, line


def test_make_serve_takes_port_and_host_from_its_command_line_only():
    """`make serve PORT=8001 HOST=0.0.0.0` reaches the server; a HOST or PORT that merely happens to
    be in the environment (some shells export HOST) does not move the preview off 127.0.0.1:8000."""
    env = {**os.environ, "HOST": "some-machine", "PORT": "5000"}

    def dry(*args: str) -> str:
        made = subprocess.run(
            ["make", "-n", "serve", "STAMP=", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert made.returncode == 0, made.stderr
        return made.stdout

    assert '--host "127.0.0.1" --port "8000"' in dry()
    assert '--host "0.0.0.0" --port "8001"' in dry("PORT=8001", "HOST=0.0.0.0")


def test_a_config_mkdocs_refuses_is_one_line_and_no_traceback(project):
    """The preview builds with MkDocs' own `build`: a mkdocs.yml it refuses ends the preview with
    one line saying so, not a traceback."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nnav: 7\n", encoding="utf-8")
    run = serve(project, "--port", str(free_port()))
    out = run.stdout + run.stderr
    assert run.returncode == 1 and "Traceback" not in out, out
    assert "the site could not be built:" in out, out


def test_an_edit_to_the_subject_in_scripts_is_read_without_a_restart(project):
    """scripts/subject.py is imported once per process: the preview drops it after an edit and
    regenerates, so a new table or title shows without restarting `make serve`."""
    import shutil

    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    with serving(project) as (url, log):
        assert "Another title for the preview" not in fetch(f"{url}/changes.xml")
        subject = project / "scripts" / "subject.py"
        text = subject.read_text(encoding="utf-8")
        assert 'title="Gaza’s stabilization' in text
        subject.write_text(text.replace('title="Gaza’s stabilization', 'title="Another title for the preview', 1))
        # the subject's title heads the feed of changes
        assert wait_for(lambda: "Another title for the preview" in fetch(f"{url}/changes.xml"), 30), log.read_text()
        assert "scripts/ changed: reading the subject again" in log.read_text()


def test_a_write_older_than_the_last_build_wakes_no_second_build(tmp_path):
    """On a loaded machine the watcher reported a regeneration's writes after the build that took
    them in had begun: a second build and reload followed an edit. Those writes are older than the
    build; a later write, a file moved into place later, and a deletion still wake a build."""
    page = tmp_path / "page.md"
    page.write_text("old", encoding="utf-8")
    os.utime(page, (1_000_000, 1_000_000))
    built, woken = Built(), threading.Event()
    built.at = 2_000_000.0
    wake = _Wake(woken, built=built)
    wake.on_any_event(FileModifiedEvent(str(page)))
    wake.on_any_event(FileMovedEvent(str(tmp_path / "gone.tmp"), str(page)))  # an atomic write, before the build
    assert not woken.is_set()
    os.utime(page, (3_000_000, 3_000_000))
    wake.on_any_event(FileMovedEvent(str(tmp_path / "gone.tmp"), str(page)))
    assert woken.is_set()
    woken.clear()
    wake.on_any_event(FileDeletedEvent(str(tmp_path / "removed.md")))
    assert woken.is_set()
    woken.clear()
    _Wake(woken).on_any_event(FileModifiedEvent(str(tmp_path / "page.md")))  # without `built`: every write
    assert woken.is_set()
