"""Reading an editor's file (a data file, a schema, a seed) so that no kind of file can hang or
flood the run: it must be a regular file inside the project, and at most `limit` bytes.

`open().read()` on a named pipe waits forever for a writer; on /dev/zero (or a link to it) it
reads until memory runs out; a folder or a dangling link raises. A symbolic link may point
anywhere: one to /etc/passwd, cited by a new source, would be published from a CI machine. So,
before a byte is read:

- a symbolic link is resolved, and refused when it ends outside the project (or outside the
  folder the file is listed in, when that folder is itself a link: a project may keep its seeds
  elsewhere on purpose) or at nothing;
- the target must be a regular file (`stat.S_ISREG`): folders, pipes, sockets, devices are refused
  unread;
- it is opened with O_NONBLOCK (a pipe that appears between the look and the open does not block)
  and looked at again through the open descriptor, and at most `limit` + 1 bytes are read, so a
  file that grows meanwhile is still refused, not read whole.

`Refused` says what the file is and how to fix it; the callers turn it into a located problem.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class Refused:
    """Why a file was not read, in the words of a problem: "is a named pipe", and the fix."""

    message: str
    fix: str


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_input(path: Path, root: Path, limit: int) -> bytes | Refused:
    """The file's bytes, or why it may not be read. `root`: the project folder; `limit`: the most
    bytes the caller accepts (a longer file is TOO_LARGE: the caller says what its limit is).

    Memory: at most `limit` + 1 bytes are ever held, whatever the file is."""
    try:
        if path.is_symlink():
            refused = _outside(path, root)
            if refused is not None:
                return refused
        info = path.stat()
    except FileNotFoundError:
        return Refused("does not exist (it vanished while being read)", "save the file again")
    except OSError as exc:
        return _os_error(exc)
    if not stat.S_ISREG(info.st_mode):
        return _not_regular(path, info.st_mode)
    if info.st_size > limit:
        return TOO_LARGE
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return _os_error(exc)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # replaced between the look and the open
            return _not_regular(path, mode)
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        return _os_error(exc)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    return TOO_LARGE if len(raw) > limit else raw


# The callers say how large is too large (their limit, and why): this one marks the case.
TOO_LARGE = Refused("is too large", "")


def _outside(path: Path, root: Path) -> Refused | None:
    """A link that leaves the project (and its own folder's target), or leads nowhere."""
    target = Path(os.path.realpath(path))
    if not target.exists():
        return Refused(
            f"is a symbolic link to {os.readlink(path)}, which does not exist",
            "replace the link with the file itself, or remove it",
        )
    allowed = (Path(os.path.realpath(root)), Path(os.path.realpath(path.parent)))
    if not any(target.is_relative_to(base) for base in allowed):
        return Refused(
            f"is a symbolic link to {target}, outside the project",
            "copy the file into the project (a seed: make add-source copies it) instead of linking to it",
        )
    return None


def _not_regular(path: Path, mode: int) -> Refused:
    kind = _kind(mode)
    shown = f"a symbolic link to {kind}" if path.is_symlink() else kind
    return Refused(f"is {shown}, not a file with text", f"remove it, or put the file itself at {path.name}")


def _os_error(exc: OSError) -> Refused:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Refused("cannot be read (permission denied)", "make it readable (chmod a+r) by the user running make")
    if exc.errno == errno.ELOOP:
        return Refused("is a symbolic link that leads to itself", "replace the link with the file itself")
    return Refused(f"cannot be read ({exc.strerror or exc})", "check the file, or save it again")
