"""A second core for a run: a forked copy of this process does part of the work.

After fork() the child has everything the parent has built so far (the fact base, the locator)
without copying or pickling any of it; only its results come back, marshalled into a temporary
file. Loading 10,000 claims and rendering their pages each take a large part of a run, and each
splits into independent tasks (one data file; one group of pages). On the 2-core machine of our
benchmark a second process adds about 40 % (two busy processes each run at 0.7 of one alone):
loading went from 0.63 to 0.40 s, rendering from 0.68 to 0.50 s.

The two processes take tasks from one queue, heaviest first, each the next as soon as it is
free, so they finish together on any machine: an earlier split decided before the work, by
measured costs, drifted as checks were added (at 10,000 claims one process ended up idle for
0.06 to 0.5 s of a 1.8 to 2.4 s render).

The output is the same as running every task here, in task order, whichever process ran what:
tasks are pure (or, staging pages, write only temporary files of their own that a rerun
replaces), and their results are put back in order. If the child fails for any reason the
tasks it took run again here, so an error surfaces exactly as it would without the child; if
the parent dies, the kernel kills the child too.

Only a process without other threads may fork (a thread holding a lock at that moment leaves
the lock held forever in the child): the command line uses it; the live preview, which serves
HTTP from threads, runs everything in one process (`cores=1`, the default everywhere).
"""

from __future__ import annotations

import marshal
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
Task = Callable[[], T]


def usable_cores() -> int:
    """Cores this process may run on, and 1 where it cannot fork."""
    if not hasattr(os, "fork"):
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when its parent dies: tasks may write files (the staged
    pages), and a killed run must not go on writing them behind the next one's back."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG (Linux)
    except (ImportError, OSError, AttributeError):
        pass  # elsewhere the child runs on; its temporary files are removed by the next run
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


_NOT_RUN = object()  # a result not come back (a task may return None)

# A task index as it travels through the queue: four bytes, read whole by one process or the other.
_INDEX = 4


def _queue(order: Sequence[int]) -> int | None:
    """A pipe holding every task index, in the order to take them, written whole and closed for
    writing: each read of _INDEX bytes takes the next task (the kernel serialises readers of a
    pipe), and an empty read means no task is left. None where the pipe cannot hold them all
    (Linux gives 64 KB, 16,000 tasks; a user over the system's pipe quota gets 4 KB, 1,024; a run
    at 10,000 claims has about 40): nothing reads it yet, so a full pipe would wait forever."""
    take, put = os.pipe()
    os.set_blocking(put, False)
    data = b"".join(i.to_bytes(_INDEX, "little") for i in order)
    try:
        while data:
            data = data[os.write(put, data) :]
    except BlockingIOError:
        os.close(take)
        return None
    finally:
        os.close(put)
    return take


def _next(queue: int) -> int | None:
    got = os.read(queue, _INDEX)
    return int.from_bytes(got, "little") if got else None


def run(
    tasks: Sequence[Task],
    weights: Sequence[float],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    cores: int = 1,
) -> list[T]:
    """Every task's result, in task order. With cores > 1 this process and a forked child each
    take the next task from one queue, heaviest first (by `weights`), until none is left: the
    two finish within about one small task of each other whatever the machine, with no share
    to guess. `encode` turns a result into something marshal can write; `decode` undoes it."""
    forks = cores > 1 and len(tasks) > 1 and threading.active_count() == 1
    queue = _queue(sorted(range(len(tasks)), key=lambda i: (-weights[i], i))) if forks else None
    if queue is None:
        return [task() for task in tasks]
    results: list[Any] = [_NOT_RUN] * len(tasks)
    try:
        with tempfile.TemporaryFile() as out:
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                status = 1
                try:
                    _die_with(parent)
                    done = []
                    while (i := _next(queue)) is not None:
                        done.append((i, encode(tasks[i]())))  # encoded at once: its cost counts as the task's
                    out.write(marshal.dumps(done))
                    out.flush()
                    status = 0
                finally:
                    os._exit(status)  # no cleanup: the parent's files and buffers are not the child's to flush
            reaped = False
            try:
                while (i := _next(queue)) is not None:
                    results[i] = tasks[i]()
                _, status = os.waitpid(pid, 0)
                reaped = True
            finally:
                if not reaped:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                out.seek(0)
                for i, value in marshal.loads(out.read()):  # marshal.load(file) reads piece by piece: 4 times slower
                    results[i] = decode(value)
    finally:
        os.close(queue)
    for i, result in enumerate(results):  # if the child failed, what it took runs here: an error shows as it would have
        if result is _NOT_RUN:
            results[i] = tasks[i]()
    return results
