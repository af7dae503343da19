"""A second core for a run: a forked copy of this process does part of the work.

After fork() the child has everything the parent has built so far (the fact base, the locator)
without copying or pickling any of it; only its results come back, marshalled into a temporary
file. Loading 10,000 claims and rendering their pages each take a large part of a run, and each
splits into independent tasks (one data file; one group of pages). On the 2-core machine of our
benchmark a second process adds about 40 % (two busy processes each run at 0.7 of one alone):
loading went from 0.63 to 0.40 s, rendering from 0.68 to 0.50 s.

The output is the same as running every task here, in task order, whichever process ran what:
tasks are pure (or, staging pages, write only temporary files of their own that a rerun
replaces), and their results are put back in order. If the child fails for any reason its
tasks run again here, so an error surfaces exactly as it would without the child; if the parent
dies, the kernel kills the child too.

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


def _partition(weights: Sequence[float], share: float) -> list[int]:
    """The child's tasks: heaviest first, each to whichever side is further below its share."""
    total = sum(weights) or 1.0
    mine = theirs = 0.0
    child = []
    for i in sorted(range(len(weights)), key=lambda i: (-weights[i], i)):
        if theirs / share <= mine / (1 - share):
            child.append(i)
            theirs += weights[i] / total
        else:
            mine += weights[i] / total
    return sorted(child)


def run(
    tasks: Sequence[Task],
    weights: Sequence[float],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    cores: int = 1,
    share: float = 0.5,
) -> list[T]:
    """Every task's result, in task order. With cores > 1 a forked child runs about `share` of
    the weight while this process runs the rest. `encode` turns a result into something marshal
    can write; `decode` undoes it."""
    if cores < 2 or len(tasks) < 2 or threading.active_count() > 1:
        return [task() for task in tasks]
    theirs = _partition(weights, share)
    results: list[Any] = [None] * len(tasks)
    with tempfile.TemporaryFile() as out:
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            status = 1
            try:
                _die_with(parent)
                out.write(marshal.dumps([encode(tasks[i]()) for i in theirs]))
                out.flush()
                status = 0
            finally:
                os._exit(status)  # no cleanup: the parent's files and buffers are not the child's to flush
        reaped = False
        try:
            mine = set(range(len(tasks))) - set(theirs)
            for i in sorted(mine):
                results[i] = tasks[i]()
            _, status = os.waitpid(pid, 0)
            reaped = True
        finally:
            if not reaped:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        done = None
        if os.waitstatus_to_exitcode(status) == 0:
            out.seek(0)
            done = marshal.loads(out.read())  # marshal.load(file) reads piece by piece: 4 times slower
    for n, i in enumerate(theirs):  # if the child failed, its tasks run here: an error shows as it would have
        results[i] = decode(done[n]) if done is not None else tasks[i]()
    return results
