"""One way to replace a file without ever leaving half of it: for docs/ (write.py), data/ (fix.py)
and seeds/ (add_source.py) alike.

The new bytes go into a dot-file beside the target (MkDocs ignores dot-files; a killed run's
leftovers match LEFTOVER, and the next write of docs/ removes them), then one rename puts it in
place: the target is always either the old file or the new one.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

LEFTOVER = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # what temporary files look like: .name.<8 of [a-z0-9_]>.tmp


def temporary(target: Path, data: bytes, token: str) -> Path:
    """Write `data` into a new dot-file beside `target`, named for `token` (8 of [a-z0-9_]).

    The file is opened with the usual mode (0666 less the umask), as any file written in place
    would be. One left by a process that died is this run's own: it is replaced."""
    tmp = target.with_name(f".{target.name}.{token}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(tmp, flags, 0o666)
    except FileExistsError:
        tmp.unlink()
        fd = os.open(tmp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def replace(
    target: Path,
    data: bytes,
    mode: int | None = None,
    check: Callable[[Path], str] | None = None,
    durable: bool = True,
) -> str:
    """Replace `target` with `data`, synced to disk before the rename; returns "" when done.

    `mode`: the new file's permission bits (default: 0666 less the umask). `check`: a last look at
    the written temporary file before the rename; a reason it returns (or an error it raises)
    leaves `target` as it was and the temporary file removed, and the reason is returned.
    `durable=False` skips the sync, for output the next build remakes anyway (site/): the file
    is still whole or old, never half, and hundreds of syncs cost seconds."""
    tmp = temporary(target, data, secrets.token_hex(4))
    try:
        if durable:
            fd = os.open(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        if mode is not None:
            os.chmod(tmp, mode)
        reason = check(tmp) if check is not None else ""
        if not reason:
            os.replace(tmp, target)
            return ""
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.unlink(missing_ok=True)
    return reason
