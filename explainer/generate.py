"""The command line: `check` validates data/ and seeds/; `generate` also writes the pages.

    python -m explainer.generate check          # the data only
    python -m explainer.generate check --docs   # make check: the data, and whether docs/ is what it generates
    python -m explainer.generate stale          # make stale (and CI): only whether docs/ is what the data generates
    python -m explainer.generate generate       # make site runs this, then mkdocs build --strict

Exit status: 0 when all is well, 1 when the data has problems (every one is printed, as
file:line:column: record: field what is wrong (fix: ...)) or, with --docs and for `stale`, when
docs/ is out of date with data/; 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .check.validate import Paths, build_factbase
from .desk import skeleton, vendor
from .load.load import gc_paused
from .load.problems import DataError, Problem
from .project import ROOT_HELP, project_root
from .publish import lock, theme
from .publish.tasks import render
from .publish.write import WriteReport, write_pages
from .scale import fast

if TYPE_CHECKING:
    from .model.facts import FactBase
    from .scale.incremental import Memo


def generate(
    root: Path,
    dry_run: bool = False,
    cores: int = 1,
    memo: Memo | None = None,
    warnings: list[Problem] | None = None,
) -> WriteReport:
    """Validate, render and write; returns the write report (raises DataError on bad data).

    The pipeline: data/ and seeds/ -> validated records (check/validate.py) -> pages (render/,
    publish/downloads.py) -> docs/ (publish/write.py). One run at a time reads data/ and writes
    docs/ (publish/lock.py): a second one waits. The site's theme (the engine's, with the project's
    overrides/) is written into .explainer/theme/ with the pages (publish/theme.py). The live
    preview's `memo` and `cores` > 1 take the same steps faster (scale/fast.py, the one door to the
    scale machinery: redoing only what an edit changed, or sharing the work with a second
    process), with the same result.
    `warnings` receives what does not stop the run.
    """
    paths = Paths(root)
    # A dry run reads docs/ and writes nothing, not even a missing docs/ folder (the lock makes it).
    held = lock.docs_lock(root / "docs") if not dry_run or (root / "docs").is_dir() else contextlib.nullcontext()
    # gc_paused: a run makes millions of short-lived objects and no cycles worth a collection
    with held, gc_paused():
        if memo is not None or cores > 1:
            report = fast.generate(paths, dry_run, cores, memo, warnings)
        else:
            facts = build_factbase(paths, warnings=warnings)
            report = write_pages(root / "docs", render(facts, paths), dry_run=dry_run)
            report.facts = facts
        if not dry_run:
            report.theme = theme.write(root)
        return report


# How many files the out-of-date line names before it only counts the rest.
NAMED_PAGES = 5


def out_of_date(report: WriteReport) -> str:
    """The one line `make check`, `make stale` and CI print when docs/ is not what the data
    generates ("" when it is): what would change, and what to run."""
    parts = []
    for paths, verb in ((report.written, "change"), (report.deleted, "be deleted")):
        if paths:
            named = ", ".join(f"docs/{p}" for p in paths[:NAMED_PAGES])
            more = f" and {len(paths) - NAMED_PAGES} more" if len(paths) > NAMED_PAGES else ""
            parts.append(f"{len(paths)} file{'s' if len(paths) != 1 else ''} would {verb} ({named}{more})")
    if not parts:
        return ""
    return f"docs/ is out of date with data/: {' and '.join(parts)}; run make generate, then commit docs/ with data/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.generate", description=__doc__.splitlines()[0])
    parser.add_argument(
        "command",
        choices=["check", "generate", "stale"],
        help="check: validate only; generate: validate and write pages; "
        "stale: exit 1 if docs/ is not what the data generates",
    )
    parser.add_argument(
        "--docs",
        action="store_true",
        help="with check: also compare docs/ with the pages the data generates (rendered in memory, nothing written)",
    )
    parser.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
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
    args.root = args.root or project_root()
    if args.command == "stale" or args.docs:
        # Comparing docs/ with what another engine would write says every page is out of date.
        other = other_engine(args.root)
        if other:
            print(other, file=sys.stderr)
            return 1
    start = time.perf_counter()
    cores = fast.cores(Paths(args.root), args.cores)
    warnings: list[Problem] = []
    try:
        if args.command == "check" and not args.docs:
            facts = build_factbase(Paths(args.root), fast.spread(cores), warnings)
            _print_warnings(warnings)
            if not args.quiet:
                print(ok_line(facts, start))
            return 0
        report = generate(args.root, dry_run=args.command in ("check", "stale"), cores=cores, warnings=warnings)
        _print_warnings(warnings)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        _print_warnings(warnings)
        return 1
    if args.command in ("check", "stale"):
        stale = out_of_date(report)
        if args.command == "check" and not args.quiet:
            # "ok" and then a failure read as a contradiction: with docs/ out of date, the data alone is.
            print(ok_line(report.facts, start, "the data is valid" if stale else "ok"))
        if args.command == "stale":
            for path in report.written + report.deleted:
                print(f"  docs/{path}", file=sys.stderr)
        if stale:
            print(stale, file=sys.stderr)
        return 1 if stale else 0
    if not args.quiet:
        print(
            f"generated: {len(report.written)} written, {len(report.deleted)} deleted, "
            f"{report.unchanged} unchanged ({time.perf_counter() - start:.2f} s)"
        )
        for path in report.written:
            print(f"  wrote docs/{path}")
        for path in report.deleted:
            print(f"  deleted docs/{path}")
        for path in report.theme:
            print(f"  theme {theme.TARGET}/{path}")
    return 0


def other_engine(root: Path) -> str:
    """ "" when this engine is the one the project's explainer.lock names (or it has none: the
    engine's own checkout, a project not made by explainer new), else what to run instead."""
    if not skeleton.lock_path(root).is_file():
        return ""
    try:
        pinned = skeleton.read_lock(root).version
    except ValueError as exc:
        return str(exc)
    if pinned == __version__:
        return ""
    if skeleton.version_key(pinned) > skeleton.version_key(__version__):
        return (
            f"this project uses engine {pinned} (explainer.lock) and this is engine {__version__}: run the project's "
            f"own (make check, make stale, or .venv/bin/explainer); to install it, "
            f"{vendor.install_command(root, pinned)}"
        )
    return (
        f"this is engine {__version__} and the project's pages are engine {pinned}'s (explainer.lock): run "
        "explainer upgrade first (it regenerates them), or the project's own engine (make check, make stale)"
    )


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


def ok_line(facts: FactBase | None, start: float, verdict: str = "ok") -> str:
    n = sum(len(r) for r in facts.tables.values()) if facts is not None else 0
    tables = len(facts.tables) if facts is not None else 0
    took = time.perf_counter() - start
    return f"{verdict}: {n} records in {tables} tables, every excerpt found in its seed ({took:.2f} s)"


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
