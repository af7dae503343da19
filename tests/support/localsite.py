"""A built site served on 127.0.0.1 for a headless browser: the bench's first-search measurement
and the browser tests both open pages this way (Pagefind and the search need http, not file://).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Headless Chromium as root on a machine with no network but loopback (see FIELD-NOTES): without
# the background-networking flags it keeps trying hosts it cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# Chromium's old headless shell (Debian: chromium-headless-shell) is the same Blink without the
# full browser around it, and what Playwright itself runs headless: the browser tests took 78 s
# with it and 119 s with `chromium` (user CPU 27 s against 54 s, on 2 cores). Either works.
BROWSERS = ("chromium-headless-shell", "chromium")
INSTALL = "apt-get install chromium-headless-shell (or chromium)"


def chromium_binary() -> str | None:
    """The headless Chromium to run: the headless shell where installed, else the full browser."""
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The base URL of `site` served by `python -m http.server` on a free port, stopped on exit."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port), "--directory", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the local http.server did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
