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
import threading
import time
from pathlib import Path

from mkdocs.commands.serve import serve

from .generate import ROOT, generate
from .problems import DataError


def _snapshot(folders: list[Path]) -> dict[Path, tuple[int, int]]:
    out = {}
    for folder in folders:
        for file in folder.rglob("*"):
            if file.is_file():
                st = file.stat()
                out[file] = (st.st_mtime_ns, st.st_size)
    return out


def regenerate(root: Path) -> None:
    start = time.perf_counter()
    try:
        report = generate(root)
    except DataError as exc:
        print(exc.report(), flush=True)
        return
    changed = report.written + report.deleted
    print(f"regenerated in {time.perf_counter() - start:.2f} s: "
          + (", ".join(f"docs/{p}" for p in changed) if changed else "no page changed"), flush=True)


def watch(root: Path, interval: float, stop: threading.Event) -> None:
    folders = [root / "data", root / "seeds"]
    before = _snapshot(folders)
    while not stop.wait(interval):
        now = _snapshot(folders)
        if now != before:
            before = now
            regenerate(root)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m scripts.serve", description="Live preview of the site.")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--addr", default="127.0.0.1:8000")
    parser.add_argument("--full", action="store_true", help="rebuild every page on each change (slower, exact search)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    regenerate(args.root)
    stop = threading.Event()
    threading.Thread(target=watch, args=(args.root, 0.3, stop), daemon=True).start()
    try:
        serve(str(args.root / "mkdocs.yml"), dev_addr=args.addr, livereload=True,
              build_type=None if args.full else "dirty", strict=False)  # preview: warnings shown, not fatal
    finally:
        stop.set()


if __name__ == "__main__":
    main()
