"""Live preview for editors: `make serve`.

Generates the pages, then runs MkDocs' development server on 127.0.0.1:8000. A background
thread polls data/ and seeds/; when a file changes it regenerates, which rewrites only the pages
whose text changed (atomically), so MkDocs sees one batch of changes, rebuilds once and the
browser reloads once. Problems in the data are printed and the previous pages stay in place.
Builds are "dirty" (only changed pages): fast at any size, but the search index of the preview
may lag; `make site` always builds everything.

Each regeneration redoes only what the edit changed (explainer/incremental.py), waits while a
changed file is still being saved and never publishes one read half-way (explainer/saves.py), and
takes its turn with `make generate` and `make site` through the lock on docs/ (explainer/lock.py).
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import mkdocs.livereload
from mkdocs.commands.serve import serve

from . import preview_messages, saves
from .generate import ROOT, generate
from .incremental import InputsChanged, Memo
from .problems import DataError, Problem, shown_path

POLL_S = 0.1  # how often data/ and seeds/ are checked, and how often MkDocs checks docs/


def _quicker_watcher() -> None:
    """MkDocs' server polls docs/ every 0.5 s and `serve` offers no option to change that: its
    default is lowered to POLL_S, so a regenerated page is picked up about 0.4 s sooner. This
    relies on MkDocs 1.6.1's `polling_interval` argument (1.6 is the last 1.x release, frozen)."""
    server = mkdocs.livereload.LiveReloadServer
    init: Callable[..., None] = server.__init__
    if getattr(init, "_quicker", False):
        return

    def quicker(self, *args, polling_interval: float = POLL_S, **kwargs):
        init(self, *args, polling_interval=polling_interval, **kwargs)

    quicker._quicker = True  # type: ignore[attr-defined]
    server.__init__ = quicker  # type: ignore[method-assign]


def regenerate(root: Path, memo: Memo | None = None) -> None:
    start = time.perf_counter()
    warnings: list[Problem] = []
    try:
        report = generate(root, memo=memo, warnings=warnings)
    except DataError as exc:
        print(exc.report(), flush=True)
        for warning in sorted(set(warnings)):
            print(warning, flush=True)
        # a banner on every previewed page: the causes first, then what is held back behind them
        preview_messages.show([*exc.problems, *sorted(set(warnings))], held=exc.held_line())
        return
    except InputsChanged:
        print(
            "data/ or seeds/ changed while being read (a save in progress): nothing written; reading again", flush=True
        )
        return
    changed = report.written + report.deleted
    for warning in sorted(set(warnings)):
        print(warning, flush=True)
    preview_messages.show(warnings, pages_changed=bool(changed))  # warnings only: the pages are new
    print(
        f"regenerated in {time.perf_counter() - start:.2f} s: "
        + (", ".join(f"docs/{p}" for p in changed) if changed else "no page changed"),
        flush=True,
    )


def watch(root: Path, interval: float, stop: threading.Event, memo: Memo | None = None) -> None:
    """Regenerate after each whole save: while a changed file is still being written, wait (and
    say so once); see explainer/saves.py."""
    folders = inputs(root)
    before = saves.snapshot(folders)
    quiet: dict[str, tuple[float, tuple[int, int]]] = {}
    waiting: list[str] = []
    while not stop.wait(interval):
        now = saves.snapshot(folders)
        if now == before:
            continue
        busy = saves.unfinished(before, now, quiet, time.monotonic())
        if busy:
            if busy != waiting:
                print("waiting for a save to finish: " + ", ".join(shown_path(p, root) for p in busy), flush=True)
            waiting = busy
            continue
        before, waiting = now, []
        quiet.clear()
        regenerate(root, memo)


def inputs(root: Path) -> list[Path]:
    return [root / "data", root / "seeds"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m explainer.serve", description="Live preview of the site.")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--addr", default="127.0.0.1:8000")
    parser.add_argument("--full", action="store_true", help="rebuild every page on each change (slower, exact search)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    preview_messages.install()
    signal.signal(signal.SIGIO, signal.SIG_IGN)  # lets explainer/saves.py ask whether a file is open for writing
    folders = inputs(args.root)
    memo = Memo(lambda: saves.snapshot(folders))  # what each run made, so the next redoes only what an edit changed
    regenerate(args.root, memo)
    stop = threading.Event()
    _quicker_watcher()
    threading.Thread(target=watch, args=(args.root, POLL_S, stop, memo), daemon=True).start()
    try:
        serve(
            str(args.root / "mkdocs.yml"),
            dev_addr=args.addr,
            livereload=True,
            build_type=None if args.full else "dirty",
            strict=False,
        )  # preview: warnings shown, not fatal
    finally:
        stop.set()


if __name__ == "__main__":
    main()
