"""The command line: `check` validates data/ and seeds/; `generate` also writes the pages.

    python -m explainer.generate check      # make check
    python -m explainer.generate generate   # make site runs this, then mkdocs build --strict

Exit status: 0 when all is well, 1 when the data has problems (every one is printed, as
file:line:column: record: field what is wrong (fix: ...)), 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import fast, lock
from .load import gc_paused
from .problems import DataError, Problem
from .tasks import render
from .validate import Paths, build_factbase
from .write import WriteReport, write_pages

if TYPE_CHECKING:
    from .incremental import Memo

ROOT = Path(__file__).resolve().parent.parent


def generate(
    root: Path,
    dry_run: bool = False,
    cores: int = 1,
    memo: Memo | None = None,
    warnings: list[Problem] | None = None,
) -> WriteReport:
    """Validate, render and write; returns the write report (raises DataError on bad data).

    The pipeline: data/ and seeds/ -> validated records (validate.py) -> pages (pages/,
    downloads.py) -> docs/ (write.py). One run at a time reads data/ and writes docs/
    (explainer/lock.py): a second one waits. The live preview's `memo` and `cores` > 1 take the
    same steps faster (explainer/fast.py, the one door to the scale machinery: redoing only what
    an edit changed, or sharing the work with a second process), with the same result.
    `warnings` receives what does not stop the run.
    """
    paths = Paths(root)
    # gc_paused: a run makes millions of short-lived objects and no cycles worth a collection
    with lock.docs_lock(root / "docs"), gc_paused():
        if memo is not None or cores > 1:
            return fast.generate(paths, dry_run, cores, memo, warnings)
        facts = build_factbase(paths, warnings=warnings)
        return write_pages(root / "docs", render(facts, paths), dry_run=dry_run)


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
        default=None,
        help="with 2 or more, a second process loads and renders part of the data; 1 runs in one process "
        f"(default: one below {fast.SCALE_FROM // 1_000_000} MB of data/*.yaml, "
        "the cores this process may use from there)",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    cores = fast.cores(Paths(args.root), args.cores)
    warnings: list[Problem] = []
    try:
        if args.command == "check":
            facts = build_factbase(Paths(args.root), cores, warnings)
            _print_warnings(warnings)
            if not args.quiet:
                n = sum(len(r) for r in facts.tables.values())
                print(
                    f"ok: {n} records in {len(facts.tables)} tables, every excerpt found in its seed "
                    f"({time.perf_counter() - start:.2f} s)"
                )
            return 0
        report = generate(args.root, dry_run=args.command == "stale", cores=cores, warnings=warnings)
        _print_warnings(warnings)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        _print_warnings(warnings)
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


def _print_warnings(warnings: list[Problem]) -> None:
    """Findings that do not stop a run (a dropped hedge): printed after the problems, counted."""
    if warnings:
        for warning in sorted(set(warnings)):
            print(warning, file=sys.stderr)
        n = len(set(warnings))
        print(
            f"{n} warning{'s' if n != 1 else ''}: the claim may say more than its words; fix it, or accept it "
            "with a reason (accepted: [{words: ..., reason: ...}])",
            file=sys.stderr,
        )


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
