"""Runs the front-door fuzz tests (tests/fuzz_front_door.py) in a child process.

The child calls the checker in-process, example after example (fast); this parent only watches
how the child ends, so that a crash of the checker (a signal, as libyaml's stack overflow was)
fails this test with the input that caused it, instead of killing the whole suite. `make test`
runs the fast profile (derandomized, a few hundred examples); `make fuzz` the long one
(FUZZ_PROFILE=long, 10,000 examples), which prints its figures. An input that ever crashed
belongs in tests/hostile/ as a regular entry.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

from .fuzzing import keep_regular
from .sitebuild import ROOT, build_env

KEEP = ROOT / "test-artifacts" / "fuzz"


def _ignore(folder: str, names: list[str]) -> list[str]:
    """Copy what crashed, but no pipe (a copy would block on it) and no docs/."""
    return [*keep_regular(folder, names), *(n for n in names if n == "docs")]


def test_no_mutated_input_crashes_the_front_door(tmp_path):
    profile = os.environ.get("FUZZ_PROFILE", "fast")
    env = build_env(FUZZ_DIR=str(tmp_path), FUZZ_PROFILE=profile)
    start = time.monotonic()
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/fuzz_front_door.py",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "--hypothesis-show-statistics",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.monotonic() - start
    output = child.stdout[-6000:] + child.stderr[-3000:]
    if child.returncode != 0:
        kept = KEEP / f"{profile}-{int(time.time())}"
        crashed = tmp_path / ("project" if child.returncode < 0 else "failing")
        if crashed.exists():
            shutil.copytree(crashed, kept, symlinks=True, ignore=_ignore)
    if child.returncode < 0:
        raise AssertionError(
            f"the checker died with {signal.Signals(-child.returncode).name}; the input is kept "
            f"in {kept.relative_to(ROOT)} (add it to tests/hostile/):\n{output}"
        )
    assert child.returncode == 0, f"a fuzz example failed; it is kept in {KEEP.relative_to(ROOT)}:\n{output}"
    stats = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    print(
        f"fuzz ({profile}): {stats['examples']} examples in {elapsed:.0f} s, {stats['clean']} clean "
        f"(pages rendered and audited), {stats['rejected']} rejected with located problems, 0 crashes"
    )
    assert stats["examples"] >= int(os.environ.get("FUZZ_EXAMPLES", "300" if profile == "fast" else "10000"))
