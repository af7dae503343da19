"""Live preview for editors: `make serve`.

Generates the pages, then runs MkDocs' development server on 127.0.0.1:8000. A background
thread polls data/ and seeds/; when a file changes it regenerates, which rewrites only the pages
whose text changed (atomically), so MkDocs sees one batch of changes, rebuilds once and the
browser reloads once. Problems in the data are printed and the previous pages stay in place.
Builds are "dirty" (only changed pages): fast at any size, but the search index of the preview
may lag; `make site` always builds everything.
"""
from __future__ import annotations

import argparse
import logging
import os
import threading
import time
from pathlib import Path

import mkdocs.livereload
from mkdocs.commands.serve import serve

from . import preview_messages
from .generate import ROOT, generate
from .incremental import Memo
from .problems import DataError


POLL_S = 0.1  # how often data/ and seeds/ are checked, and how often MkDocs checks docs/


def _quicker_watcher() -> None:
    """MkDocs' server polls docs/ every 0.5 s and `serve` offers no option to change that: its
    default is lowered to POLL_S, so a regenerated page is picked up about 0.4 s sooner. This
    relies on MkDocs 1.6.1's `polling_interval` argument (1.6 is the last 1.x release, frozen)."""
    server = mkdocs.livereload.LiveReloadServer
    init = server.__init__
    if getattr(init, "_quicker", False):
        return

    def quicker(self, *args, polling_interval: float = POLL_S, **kwargs):  # type: ignore[no-untyped-def]
        init(self, *args, polling_interval=polling_interval, **kwargs)

    quicker._quicker = True  # type: ignore[attr-defined]
    server.__init__ = quicker  # type: ignore[method-assign]


def _snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Every file under the folders with its modification time and size (os.scandir: a poll of
    1,500 seeds stays a few milliseconds, so polling often costs nothing noticeable)."""
    out: dict[str, tuple[int, int]] = {}
    todo = [str(f) for f in folders]
    while todo:
        try:
            entries = list(os.scandir(todo.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                todo.append(entry.path)
            elif entry.is_file():
                st = entry.stat()
                out[entry.path] = (st.st_mtime_ns, st.st_size)
    return out


def regenerate(root: Path, memo: Memo | None = None) -> None:
    start = time.perf_counter()
    try:
        report = generate(root, memo=memo)
    except DataError as exc:
        print(exc.report(), flush=True)
        preview_messages.show(exc.problems)  # a banner on every previewed page
        return
    changed = report.written + report.deleted
    preview_messages.show((), pages_changed=bool(changed))
    print(f"regenerated in {time.perf_counter() - start:.2f} s: "
          + (", ".join(f"docs/{p}" for p in changed) if changed else "no page changed"), flush=True)


def watch(root: Path, interval: float, stop: threading.Event, memo: Memo | None = None) -> None:
    folders = [root / "data", root / "seeds"]
    before = _snapshot(folders)
    while not stop.wait(interval):
        now = _snapshot(folders)
        if now != before:
            before = now
            regenerate(root, memo)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.serve", description="Live preview of the site.")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--addr", default="127.0.0.1:8000")
    parser.add_argument("--full", action="store_true", help="rebuild every page on each change (slower, exact search)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    preview_messages.install()
    memo = Memo()  # what each run made, so the next one redoes only what an edit changed
    regenerate(args.root, memo)
    stop = threading.Event()
    _quicker_watcher()
    threading.Thread(target=watch, args=(args.root, POLL_S, stop, memo), daemon=True).start()
    try:
        serve(str(args.root / "mkdocs.yml"), dev_addr=args.addr, livereload=True,
              build_type=None if args.full else "dirty", strict=False)  # preview: warnings shown, not fatal
    finally:
        stop.set()


if __name__ == "__main__":
    main()
