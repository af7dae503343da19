"""The committed data is valid and the committed docs/ is exactly what it generates.

Generated pages are committed so reviewers read what readers will see; this keeps them honest.
On failure it prints what `make stale` (and `make check`) print: the files that would change, then
"docs/ is out of date with data/: ...; run make generate, then commit docs/ with data/".
"""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_committed_data_passes_check():
    run = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "check"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr


def test_generated_docs_are_up_to_date_with_data():
    run = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "stale"], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
