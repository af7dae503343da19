"""Whether an editor's save is whole, so the live preview never publishes half a file.

Editors save in different ways: in place, truncate-then-write, or into a temporary file that is
renamed over the old one. A rename is whole at once; the other two pass through states that are
half old, half new, or cut short, for as long as the writer has the file open. So the preview:

- waits, saying so, while any changed file is open for writing by some process. On Linux a read
  lease (fcntl F_SETLEASE) cannot be taken on a file that is open for writing anywhere: taking
  one and giving it back at once tells, without blocking anyone for longer than that;
- where that cannot be told (another system, a file system without leases, a file of another
  user), waits until the file has kept its size and time for QUIET_S;
- checks after reading that nothing changed while it read (`Snapshot` before and after): if
  something did, the run writes nothing and the next poll runs again.

A file that is whole but wrong (an editor saved a cut-short file and closed it) is simply bad
data: the run reports its problems and the last good pages stay.
"""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

QUIET_S = 0.5
# What the generator reads: data/*.yaml, data/schema/*.schema.json, seeds/*.txt. Other files
# are not waited for: an editor may hold its own swap file open for as long as it runs.
INPUTS = (".yaml", ".json", ".txt")
_F_SETLEASE = getattr(fcntl, "F_SETLEASE", 1024)
_F_RDLCK, _F_UNLCK = getattr(fcntl, "F_RDLCK", 0), getattr(fcntl, "F_UNLCK", 2)

Snapshot = dict[str, tuple[int, int]]  # path -> (mtime_ns, size)


def snapshot(folders: list[Path], kinds: tuple[str, ...] = INPUTS) -> Snapshot:
    """Every file under the folders whose name ends in one of `kinds` (the data's: INPUTS) with its
    modification time and size
    (os.scandir: a poll of 1,500 seeds stays a few milliseconds, so polling often costs nothing
    noticeable). An editor's swap or backup file does not count: its changes are not edits."""
    out: Snapshot = {}
    todo = [str(f) for f in folders]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
                elif entry.name.endswith(kinds) and entry.is_file():
                    st = entry.stat()
                    out[entry.path] = (st.st_mtime_ns, st.st_size)
            except OSError:  # gone between listing and looking (an editor's temporary file)
                continue
    return out


def open_for_writing(path: str) -> bool | None:
    """Whether some process has the file open for writing; None where this cannot be told.

    Taking a lease makes the kernel signal us (SIGIO) if someone opens the file meanwhile; that
    signal ends a process unless ignored, so without SIGIO ignored this does not try."""
    if fcntl is None or not hasattr(signal, "SIGIO") or signal.getsignal(signal.SIGIO) != signal.SIG_IGN:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        fcntl.fcntl(fd, _F_SETLEASE, _F_RDLCK)
    except OSError as exc:
        return True if exc.errno in (errno.EAGAIN, errno.EBUSY) else None
    else:
        fcntl.fcntl(fd, _F_SETLEASE, _F_UNLCK)
        return False
    finally:
        os.close(fd)


def unfinished(
    before: Snapshot, now: Snapshot, quiet_since: dict[str, tuple[float, tuple[int, int]]], clock: float
) -> list[str]:
    """The changed files whose save may not be over: open for writing, or (where that cannot be
    told) changed less than QUIET_S ago. `quiet_since` remembers when each was last seen changing."""
    busy = []
    for path in sorted(p for p in now if now[p] != before.get(p)):
        writing = open_for_writing(path)
        if writing is None:
            seen = quiet_since.get(path)
            if seen is None or seen[1] != now[path]:
                quiet_since[path] = (clock, now[path])
                writing = True
            else:
                writing = clock - seen[0] < QUIET_S
        if writing:
            busy.append(path)
    return busy
