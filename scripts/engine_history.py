"""Writes explainer/desk/released.json: the SHA-256 of every version this repository's history has
of each file `make new` copied into projects before engine 0.2.0 (the shared files and the theme),
so `explainer upgrade --adopt` (explainer/desk/adopt.py) can tell a file such a project left as the
engine wrote it (any version) from one it edited.

    python scripts/engine_history.py [--until REV]    # default: HEAD

Run from a clone with its history; the table is frozen once written (projects made since 0.2.0
have explainer.lock instead), so it is regenerated only to add versions it missed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "explainer" / "desk" / "released.json"
# What make new copied before 0.2.0 (explainer/new.py's SHARED and SHARED_GLOBS then).
COPIED = (
    "Makefile",
    ".gitignore",
    ".ci/run",
    ".github/workflows",
    "package.json",
    "package-lock.json",
    "overrides",
    "docs/javascripts",
    "docs/stylesheets",
    "scripts/actionlint.cjs",
    "tests/test_workflows.py",
    "requirements.in",
    "requirements.txt",
    "requirements-dev.in",
    "requirements-dev.txt",
)


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--until", default="HEAD")
    args = parser.parse_args()
    blobs: dict[str, set[str]] = {}
    for commit in git("rev-list", args.until, "--", *COPIED).split():
        for line in git("ls-tree", "-r", commit, "--", *COPIED).splitlines():
            meta, path = line.split("\t", 1)
            blobs.setdefault(path, set()).add(meta.split()[2])
    table = {}
    for path, ids in sorted(blobs.items()):
        digests = set()
        for blob in ids:
            content = subprocess.run(
                ["git", "cat-file", "blob", blob], cwd=ROOT, check=True, capture_output=True
            ).stdout
            digests.add(hashlib.sha256(content).hexdigest())
        table[path] = sorted(digests)
    OUT.write_text(json.dumps(table, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(table)} files, {sum(map(len, table.values()))} versions")


if __name__ == "__main__":
    main()
