"""The command line: `check` validates data/ and seeds/; `generate` also writes the pages.

    python -m explainer.generate check      # make check
    python -m explainer.generate generate   # make site runs this, then mkdocs build --strict

Exit status: 0 when all is well, 1 when the data has problems (every one is printed, as
file:line:column: record: field what is wrong (fix: ...)), 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import sys
import time
from dataclasses import astuple
from pathlib import Path
from typing import Callable, TypeVar

from . import lock, parallel, write
from .downloads import extra_tasks
from .incremental import Memo
from .load import gc_paused
from .model import FactBase
from .pages import page_tasks
from .pages.common import Locator, Page
from .problems import DataError, Problem
from .validate import Paths, build_factbase, cross_check, load_records, to_factbase
from .write import Staged, write_pages

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def render(facts: FactBase, paths: Paths, cores: int = 1) -> list[Page]:
    """Every generated page and download, in a fixed order; with cores > 1 a second process
    renders part of them (explainer/parallel.py), with the same result."""
    pages, _ = _render(facts, paths, cores, None, lambda pages: pages)
    return pages


def _render(
    facts: FactBase,
    paths: Paths,
    cores: int,
    check: Callable[[], list[Problem]] | None,
    then: Callable[[list[Page]], list[T]],
) -> tuple[list[T], list[Problem]]:
    """What `then` makes of every page group, in order, and the problems `check` found if given
    (it runs as one more task, first). `then` runs in the process that rendered the group."""
    locator = Locator.build(facts)
    tasks = page_tasks(facts, locator) + extra_tasks(facts, paths, locator)
    work = [(cost, functools.partial(_then, then, task)) for cost, task in tasks]
    if check is not None:
        work.insert(0, (sum(cost for cost, _ in tasks) * CHECK_COST, check))
    results = parallel.run([task for _, task in work], [cost for cost, _ in work], _to_marshal, _from_marshal, cores)
    problems = results.pop(0) if check is not None else []
    return [item for group in results for item in group], problems


def _then(then: Callable[[list[Page]], list[T]], task: Callable[[], list[Page]]) -> list[T]:
    return then(task())


# What checking the rules between records costs, as a share of rendering every page (measured at
# 10,000 claims: 0.2 s against 0.65 s), so that the two processes finish together.
CHECK_COST = 0.3

# Results cross between processes as marshalled tuples, tagged with their kind.
_KINDS: dict[type, str] = {Problem: "problems", Page: "pages", Staged: "staged"}
_CLASSES = {kind: cls for cls, kind in _KINDS.items()}


def _to_marshal(items: list) -> tuple:
    kind = _KINDS[type(items[0])] if items else "pages"
    return (kind, [astuple(item) for item in items])


def _from_marshal(value: tuple) -> list:
    kind, rows = value
    return [_CLASSES[kind](*row) for row in rows]


def generate(root: Path, dry_run: bool = False, cores: int = 1, memo: Memo | None = None):
    """Validate, render and write; returns the write report (raises DataError on bad data).

    One run at a time reads data/ and writes docs/ (explainer/lock.py): a second one waits. The
    live preview passes its `memo` (explainer/incremental.py): the same steps, redoing only what
    an edit changed.

    `cores` > 1 uses a second process for parts of the work; only the command line asks for it,
    because forking is unsafe in a process with threads (the live preview). Then the rules
    between records are checked by one process while the other already renders pages, and each
    process stages the pages it rendered into temporary files (explainer/write.py). The pages are
    put in place only if the check found nothing, and if rendering fails (bad data can make it
    fail) the check runs first, so a data problem is reported as one, never as a crash.
    """
    paths = Paths(root)
    # gc_paused: a run makes millions of short-lived objects and no cycles worth a collection
    with lock.docs_lock(root / "docs"), gc_paused():
        if memo is not None:
            return memo.generate(paths, dry_run)
        if cores < 2:
            facts = build_factbase(paths)
            return write_pages(root / "docs", render(facts, paths), dry_run=dry_run)
        loaded = load_records(paths, cores)
        if loaded.problems:
            raise DataError([*loaded.problems, *cross_check(loaded)])
        facts = to_factbase(loaded)
        run = write.begin(root / "docs", dry_run)
        try:
            staged, problems = _render(
                facts, paths, cores, functools.partial(cross_check, loaded), functools.partial(write.stage, run)
            )
        except BaseException as exc:
            write.discard(run)
            if not isinstance(exc, Exception) or not (problems := cross_check(loaded)):
                raise
            raise DataError(problems) from None
        if problems:
            write.discard(run)
            raise DataError(problems)
        return write.finish(run, staged)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.generate", description=__doc__.splitlines()[0])
    parser.add_argument(
        "command",
        choices=["check", "generate", "stale"],
        help="check: validate only; generate: validate and write pages; "
        "stale: exit 1 if docs/ is not what the data generates",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this one)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser.add_argument(
        "--cores",
        type=int,
        default=parallel.usable_cores(),
        help="with 2 or more, a second process loads and renders part of the data "
        "(default: the cores this process may use, here %(default)s; 1 runs in one process)",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    cores = max(1, args.cores)
    try:
        if args.command == "check":
            facts = build_factbase(Paths(args.root), cores)
            if not args.quiet:
                n = sum(len(r) for r in facts.tables.values())
                print(
                    f"ok: {n} records in {len(facts.tables)} tables, every excerpt found in its seed "
                    f"({time.perf_counter() - start:.2f} s)"
                )
            return 0
        report = generate(args.root, dry_run=args.command == "stale", cores=cores)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    if args.command == "stale":
        changed = report.written + report.deleted
        for path in changed:
            print(f"docs/{path} is out of date with data/", file=sys.stderr)
        if changed:
            print("run 'make site' (or python -m explainer.generate generate) and commit docs/", file=sys.stderr)
        return 1 if changed else 0
    if not args.quiet:
        print(
            f"generated: {len(report.written)} written, {len(report.deleted)} deleted, "
            f"{report.unchanged} unchanged ({time.perf_counter() - start:.2f} s)"
        )
        for path in report.written:
            print(f"  wrote docs/{path}")
        for path in report.deleted:
            print(f"  deleted docs/{path}")
    return 0


def _exit(status: int) -> None:
    """End the process without tearing down what it built.

    At 10,000 claims a run holds millions of small objects; a normal exit frees them one by one
    and runs a last full garbage collection, a fifth of the run for memory the system takes back
    anyway. Every page is written, renamed and synced before main() returns, so only the output
    streams need flushing.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    # A one-shot run: the cyclic collector would only walk the fact base (gc_paused() keeps it off
    # during the work; switched back on, its first collection walks every object made: 0.07 s at
    # 10,000 claims), and _exit() leaves the memory to the system anyway.
    gc.disable()
    _exit(main())
