"""The one door to the scale machinery: the pipeline of generate.generate, faster, for large fact bases.

At today's size (a few hundred records) the plain pipeline is the fastest: a second process costs
more than it saves on a loaded machine. So the command line runs it in one process below
SCALE_FROM bytes of data and in two from there (`cores`: the size, measured here, decides unless
--cores says), and the live preview takes a memo. Nothing else in the engine knows about the
second process, the memo or reparsing: they are reached through `cores` and `generate` here.

Two ways, with the same result as the plain pipeline (tests/test_parallel.py and
tests/test_incremental.py compare them byte for byte):

- the live preview's memo (explainer/scale/incremental.py) redoes only what an edit changed;
- with cores > 1 (the command line only: forking is unsafe in a process with threads, as the
  live preview is) a second process loads part of the data and renders part of the pages
  (explainer/scale/parallel.py). The rules between records are checked by one process while the other
  already renders, and each process stages the pages it rendered into temporary files
  (explainer/publish/write.py). The pages are put in place only if the check found nothing, and if
  rendering fails (bad data can make it fail) the check runs first, so a data problem is
  reported as one, never as a crash.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import astuple
from typing import TYPE_CHECKING, TypeVar

from ..check.validate import Loaded, Paths, cross_check, load_records, to_factbase
from ..load.load import Spread, in_order
from ..load.problems import DataError, Problem
from ..publish import write
from ..publish.tasks import tasks
from ..publish.write import Staged, WriteReport
from ..render.common import Page
from . import parallel

if TYPE_CHECKING:
    from .incremental import Memo

T = TypeVar("T")

# From this many bytes of data/*.yaml on, a run shares its work with a second process (where it
# may fork). The real data (0.26 MB) runs as fast in one process (`check` 0.3 s, `generate` 0.4 s,
# and a second process only adds noise on a shared machine); at 10,000 claims (10.7 MB of data) two
# processes took loading from 0.63 to 0.40 s and rendering from 0.68 to 0.50 s (explainer/scale/parallel.py).
# The line sits at about 1,000 synthetic claims (1.09 MB): chosen between the two, not measured
# finely (on a loaded 2-core machine runs of that size vary more than one process differs from two).
SCALE_FROM = 1_000_000


def cores(paths: Paths, asked: int | None = None) -> int:
    """How many processes a command-line run uses: `asked` (--cores) when given, else two (or the
    cores this process may use) from SCALE_FROM bytes of data, else one."""
    if asked is not None:
        return max(1, asked)
    try:
        size = sum(f.stat().st_size for f in paths.data.glob("*.yaml"))
    except OSError:
        size = 0  # the run itself says what is wrong with data/
    return parallel.usable_cores() if size >= SCALE_FROM else 1


def spread(cores: int) -> Spread:
    """How loading runs its per-file tasks (explainer/load/load.py's `load_dir`): with cores > 1
    a forked second process takes its share of them (explainer/scale/parallel.py), else in order."""
    return functools.partial(parallel.run, cores=cores) if cores > 1 else in_order


def generate(
    paths: Paths, dry_run: bool, cores: int, memo: Memo | None, warnings: list[Problem] | None = None
) -> WriteReport:
    """generate.generate's steps, by the memo or in two processes (the caller holds the lock)."""
    if memo is not None:
        report = memo.generate(paths, dry_run, warnings)
        report.facts = memo.facts
        return report
    root = paths.root
    loaded = load_records(paths, spread(cores))
    if loaded.problems:
        raise DataError([*loaded.problems, *cross_check(loaded)], loaded.unread)
    facts = to_factbase(loaded)
    run = write.begin(root / "docs", dry_run)
    try:
        staged, found = _render(
            tasks(facts, paths), cores, functools.partial(_checked, loaded), functools.partial(write.stage, run)
        )
    except BaseException as exc:
        write.discard(run)
        if not isinstance(exc, Exception) or not (problems := cross_check(loaded)):
            raise
        raise DataError(problems, loaded.unread) from None
    problems = [p for p in found if not p.warning]
    if warnings is not None:
        warnings.extend(p for p in found if p.warning)
    if problems:
        write.discard(run)
        raise DataError(problems, loaded.unread)
    report = write.finish(run, staged)
    report.facts = facts
    return report


def _checked(loaded: Loaded) -> list[Problem]:
    """The rules between records: the problems, then the warnings (they cross processes as one list)."""
    warnings: list[Problem] = []
    return [*cross_check(loaded, warnings=warnings), *warnings]


def _render(
    tasks: list[tuple[float, Callable[[], list[Page]]]],
    cores: int,
    check: Callable[[], list[Problem]],
    then: Callable[[list[Page]], list[T]],
) -> tuple[list[T], list[Problem]]:
    """What `then` makes of every page group, in order, and the problems `check` found (it runs
    as one more task, first). `then` runs in the process that rendered the group."""
    # The check goes first: it is the longest task, and the one to start before the short ones.
    work: list[tuple[float, Callable[[], list]]] = [(float("inf"), check)]
    work += [(cost, functools.partial(_then, then, task)) for cost, task in tasks]
    results = parallel.run([task for _, task in work], [cost for cost, _ in work], _to_marshal, _from_marshal, cores)
    problems = results.pop(0)
    return [item for group in results for item in group], problems


def _then(then: Callable[[list[Page]], list[T]], task: Callable[[], list[Page]]) -> list[T]:
    return then(task())


# Results cross between processes as marshalled tuples, tagged with their kind.
_KINDS: dict[type, str] = {Problem: "problems", Page: "pages", Staged: "staged"}
_CLASSES = {kind: cls for cls, kind in _KINDS.items()}


def _to_marshal(items: list) -> tuple:
    kind = _KINDS[type(items[0])] if items else "pages"
    return (kind, [astuple(item) for item in items])


def _from_marshal(value: tuple) -> list:
    kind, rows = value
    return [_CLASSES[kind](*row) for row in rows]
