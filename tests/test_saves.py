"""Editors' saves that arrive in pieces: the preview waits for a whole file, never publishes half.

Each writer here is a separate process that saves data/troop_offers.yaml the way some editor
does, pausing in the middle (PAUSE_S, far longer than a poll) so that the preview surely looks
at the file while it is half written. Meanwhile docs/ and the served page must keep the last
good text, and once the save is whole the new text must appear.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from explainer.generate import generate
from explainer.preview import saves
from explainer.scale.incremental import InputsChanged, Memo

from .test_serve import fetch, preview, wait_for  # noqa: F401  (the preview fixture)

PAUSE_S = 2.0
OLD = 'possible troop contribution."'
NEW = 'possible troop contribution, saved in pieces."'

# Each writer gets the file's path and the new text, and writes half of it, pauses, writes the rest.
WRITERS = {
    "truncate-then-write": """
        f = open(path, "w", encoding="utf-8")
        f.write(text[:len(text) // 2]); f.flush()
        time.sleep(pause)
        f.write(text[len(text) // 2:]); f.close()
    """,
    "in place": """
        f = open(path, "r+", encoding="utf-8")
        f.write(text[:len(text) // 2]); f.flush()
        time.sleep(pause)
        f.write(text[len(text) // 2:]); f.truncate(); f.close()
    """,
    "by rename": """
        tmp = os.path.join(os.path.dirname(path), ".troop_offers.yaml.swp")
        f = open(tmp, "w", encoding="utf-8")
        f.write(text[:len(text) // 2]); f.flush()
        time.sleep(pause)
        f.write(text[len(text) // 2:]); f.close()
        os.replace(tmp, path)
    """,
}


def start_writer(kind: str, path: Path, text: str) -> subprocess.Popen:
    code = "import os, sys, time\npath, text, pause = sys.argv[1], sys.argv[2], float(sys.argv[3])\n"
    return subprocess.Popen(
        [sys.executable, "-c", code + textwrap.dedent(WRITERS[kind]), str(path), text, str(PAUSE_S)]
    )


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_save_caught_half_way_is_never_published(preview, kind):  # noqa: F811
    url, project, log = preview
    data = project / "data" / "troop_offers.yaml"
    page = project / "docs" / "troop-offers.md"
    good = page.read_bytes()
    text = data.read_text(encoding="utf-8").replace(OLD, NEW, 1)  # the summary, not the excerpt
    writer = start_writer(kind, data, text)
    try:
        deadline = time.monotonic() + PAUSE_S * 0.8
        while time.monotonic() < deadline:  # the whole pause: the last good page stays
            assert page.read_bytes() == good, log.read_text()
            assert "saved in pieces" not in fetch(f"{url}/troop-offers/")
            time.sleep(0.1)
        assert writer.wait(timeout=30) == 0
        assert wait_for(lambda: "saved in pieces" in fetch(f"{url}/troop-offers/")), log.read_text()
    finally:
        writer.kill()
    out = log.read_text()
    assert "problem" not in out, out  # never rendered (nor refused) half a file
    if kind != "by rename":
        assert "waiting for a save to finish: data/troop_offers.yaml" in out, out
    assert not list(project.rglob("*.tmp")), "temporary files left"


def test_open_for_writing_tells_a_writer_from_a_reader(tmp_path):
    old = signal.signal(signal.SIGIO, signal.SIG_IGN)
    try:
        file = tmp_path / "f.yaml"
        file.write_text("- id: x\n")
        assert saves.open_for_writing(str(file)) is False
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys, time\nf = open(sys.argv[1], 'a')\nprint('open', flush=True)\ntime.sleep(30)",
                str(file),
            ],
            stdout=subprocess.PIPE,
        )
        assert holder.stdout is not None
        try:
            assert holder.stdout.readline().strip() == b"open"
            assert saves.open_for_writing(str(file)) is True
        finally:
            holder.kill()
            holder.wait()
        assert saves.open_for_writing(str(file)) is False
    finally:
        signal.signal(signal.SIGIO, old)


def test_without_sigio_ignored_it_does_not_try(tmp_path):
    file = tmp_path / "f.yaml"
    file.write_text("- id: x\n")
    old = signal.signal(signal.SIGIO, signal.SIG_DFL)
    try:
        assert saves.open_for_writing(str(file)) is None
    finally:
        signal.signal(signal.SIGIO, old)


def test_where_writers_cannot_be_seen_a_file_must_stay_quiet_first(tmp_path, monkeypatch):
    monkeypatch.setattr(saves, "open_for_writing", lambda path: None)
    before = {"a.yaml": (1, 1)}
    now = {"a.yaml": (2, 5)}
    quiet: dict = {}
    assert saves.unfinished(before, now, quiet, 10.0) == ["a.yaml"]
    assert saves.unfinished(before, now, quiet, 10.0 + saves.QUIET_S / 2) == ["a.yaml"]
    assert saves.unfinished(before, now, quiet, 10.0 + saves.QUIET_S) == []
    assert saves.unfinished(before, {"a.yaml": (3, 6)}, quiet, 10.0 + saves.QUIET_S) == ["a.yaml"]  # it changed again


def test_a_file_that_changes_while_it_is_read_writes_nothing(project):
    states = iter([1, 2])
    memo = Memo(inputs=lambda: next(states))
    data = project / "data" / "troop_offers.yaml"
    data.write_text(data.read_text().replace(OLD, NEW, 1))
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    with pytest.raises(InputsChanged):
        generate(project, memo=memo)
    after = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    assert after == before  # nothing written, no temporary file left
    memo.inputs = lambda: 3
    generate(project, memo=memo)
    assert "saved in pieces" in (project / "docs" / "troop-offers.md").read_text()
