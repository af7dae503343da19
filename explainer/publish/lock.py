"""One writer of docs/ at a time: `make generate`, `make site` and the live preview may overlap.

A run holds an exclusive lock on the docs/ folder itself (flock on a descriptor of the
directory) from before it reads data/ until its last rename. Reading is inside the lock on
purpose: runs then write in the order they read, so the last run to write is always one that
read the newest data, and docs/ ends as a clean generation of it.

No lock file is made, so none is ever left behind, and the kernel releases the lock when the
holder exits or is killed. A run that finds docs/ locked says so once and waits for its turn.
On a system without flock (not Linux or macOS) runs are not serialised.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def docs_lock(docs: Path, say: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold docs/ for one run (made first if missing); waits, saying so, while another run has it."""
    docs.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    fd = os.open(docs, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"waiting: another run (make generate, make site or the live preview) is writing {docs}")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the only descriptor releases the lock
