"""Live preview for editors: `make serve`.

Generates the pages, builds the site with MkDocs (its `build` command, into a temporary folder)
and serves it on 127.0.0.1:8000 (`make serve PORT=8001 HOST=0.0.0.0` for another; the address is
taken before anything is built, explainer/preview/listen.py) from a small server of our own
(explainer/preview/server.py). Two watchers (watchdog, a maintained file-system watcher) wake
two threads: an edit in data/ or seeds/ regenerates, which rewrites only the pages whose text
changed (atomically), and an edit in scripts/ (the subject's declaration) reads the subject again
and regenerates; a change in docs/, overrides/ (the project's theme files, publish/theme.py)
or mkdocs.yml rebuilds the site once for the whole batch,
then the browsers reload once. Problems in the data are printed, shown on every served page
(explainer/preview/messages.py), and the previous pages stay in place. Builds are "dirty" (only
changed pages): fast at any size, but the search index of the preview may lag; `make site`
always builds everything.

Each regeneration redoes only what the edit changed (explainer/scale/incremental.py), waits while a
changed file is still being saved and never publishes one read half-way (explainer/preview/saves.py), and
takes its turn with `make generate` and `make site` through the lock on docs/ (explainer/publish/lock.py).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..generate import generate
from ..load.problems import DataError, Problem, shown_path
from ..project import ROOT_HELP, project_root
from ..publish import theme
from ..scale.incremental import InputsChanged, Memo
from . import listen, messages as preview_messages, saves
from .server import PreviewServer

POLL_S = 0.1  # while a save is in progress: how often it is looked at again
IDLE_S = 1.0  # without any event: how often data/ and seeds/ are looked at anyway (a missed event)
QUIET_S = 0.05  # a batch of writes to docs/ is over when none followed for this long
# What a watcher reports that changes nothing: a file opened or closed after reading (the
# build reads every page of docs/), not written.
UNCHANGED = frozenset({"opened", "closed_no_write"})


class Built:
    """When the last site build began (the clock of file times): what was written before it is in it."""

    at = 0.0


class _Wake(FileSystemEventHandler):
    """Sets `event` on a change under a watched folder (or to one of `only`, when given); with
    `built`, not for a file written before the last build began."""

    def __init__(self, event: threading.Event, only: frozenset[str] = frozenset(), built: Built | None = None) -> None:
        self.event, self.only, self.built = event, only, built

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in UNCHANGED:
            return
        if self.only:
            paths = {str(event.src_path), str(getattr(event, "dest_path", "") or "")}
            if not paths & self.only:
                return
        if self.built is not None and not written_since(event, self.built.at):
            return
        self.event.set()


def written_since(event: FileSystemEvent, at: float) -> bool:
    """Whether an event tells of a change after `at`. On a loaded machine the watcher may report
    a regeneration's writes only after the build that took them in had begun, and a second build
    and reload followed each edit: those writes are older than the build. A file gone is a change."""
    if event.event_type == "deleted":
        return True
    path = (getattr(event, "dest_path", "") or "") if event.event_type == "moved" else event.src_path
    try:
        return os.stat(path).st_mtime > at
    except (OSError, ValueError):
        return True


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
        + (
            ", ".join([*(f"docs/{p}" for p in report.written), *(f"docs/{p} (deleted)" for p in report.deleted)])
            if changed
            else "no page changed"
        ),
        flush=True,
    )


def watch(root: Path, changed: threading.Event, stop: threading.Event, busy: threading.Lock, memo: Memo) -> None:
    """Regenerate after each whole save: while a changed file is still being written, wait (and
    say so once); see explainer/preview/saves.py. `changed`: set by the watcher of data/ and seeds/."""
    folders = inputs(root)
    before = saves.snapshot(folders)
    code_before = code(root)
    quiet: dict[str, tuple[float, tuple[int, int]]] = {}
    waiting: list[str] = []
    while not stop.is_set():
        if waiting:
            stop.wait(POLL_S)
        else:
            changed.wait(IDLE_S)
        changed.clear()
        if stop.is_set():
            return
        now = saves.snapshot(folders)
        code_now = code(root)
        if code_now != code_before:  # the subject's declaration or its tables' code: read again
            print("scripts/ changed: reading the subject again", flush=True)
            forget_subject(root)
            code_before = code_now
            with busy:
                regenerate(root, memo)
            continue
        if now == before:
            continue
        busy_files = saves.unfinished(before, now, quiet, time.monotonic())
        if busy_files:
            if busy_files != waiting:
                print("waiting for a save to finish: " + ", ".join(shown_path(p, root) for p in busy_files), flush=True)
            waiting = busy_files
            continue
        before, waiting = now, []
        quiet.clear()
        with busy:  # the site is rebuilt once, after the pages are written
            regenerate(root, memo)


def rebuild(
    changed: threading.Event,
    stop: threading.Event,
    busy: threading.Lock,
    builder: Callable[[], None],
    built: Built | None = None,
) -> None:
    """Build the site once per batch of changes to docs/ or mkdocs.yml, then reload the browsers
    (`built`: where to note when each build begins, for the watchers that ask it)."""
    while not stop.is_set():
        if not changed.wait(IDLE_S):
            continue
        while changed.is_set() and not stop.is_set():  # until the writes stop
            changed.clear()
            stop.wait(QUIET_S)
        with busy:  # not half-way through a regeneration: after it, with all its pages
            changed.clear()
            if built is not None:
                built.at = time.time()
        if stop.is_set():
            return
        try:
            builder()
        except Exception as exc:  # a page MkDocs cannot build: said, and the preview goes on
            logging.getLogger("explainer.preview").error("the site could not be built: %s", exc)
            continue
        preview_messages.pages_rebuilt()


def inputs(root: Path) -> list[Path]:
    return [root / "data", root / "seeds"]


def code(root: Path) -> saves.Snapshot:
    """The project's own Python (scripts/: its subject and its tables' code), as a snapshot: an
    edit there changes what every page is made by."""
    return saves.snapshot([root / "scripts"], (".py",))


def forget_subject(root: Path) -> None:
    """Make the next run import the project's scripts/ afresh (explainer/model/registry.py's
    load_subject imports them once): every module loaded from that folder is dropped."""
    folder = (root / "scripts").resolve()
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve().is_relative_to(folder):
            del sys.modules[name]
    importlib.invalidate_caches()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def site_builder(root: Path, site: Path, serve_url: str, full: bool) -> Callable[[], None]:
    """MkDocs' `build` of the project into `site`, addressed where the preview serves it."""

    def builder() -> None:
        logging.getLogger("explainer.preview").info("Building documentation...")
        # An edit in overrides/ changes the theme every page is made with: all of them are built.
        retheme = bool(theme.write(root))
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.site_url = serve_url
        build(config, serve_url=serve_url, dirty=not (full or retheme))

    return builder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.preview.serve", description="Live preview of the site.")
    parser.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
    parser.add_argument("--host", default=listen.DEFAULT_HOST, help="the address to listen on (make serve HOST=...)")
    parser.add_argument("--port", default=str(listen.DEFAULT_PORT), help="the port (make serve PORT=...)")
    parser.add_argument("--addr", default="", help="host:port, instead of --host and --port")
    parser.add_argument("--full", action="store_true", help="rebuild every page on each change (slower, exact search)")
    args = parser.parse_args(argv)
    if args.addr:
        args.host, _, args.port = args.addr.rpartition(":")
    root: Path = args.root or project_root()
    site = Path(tempfile.mkdtemp(prefix="explainer-preview-"))
    try:  # the address is taken before anything is built: a port in use is one line with the fix
        host, port = listen.address(args.host, args.port)
        server = PreviewServer(host, port, site, preview_messages.decorate_now)
    except listen.Unusable as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:  # taken between the check and the bind
        print(listen.why(exc, host, port), file=sys.stderr)
        return 1
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"the preview is served on {host}: other devices on the network can read it", flush=True)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    preview_messages.install(server)
    signal.signal(
        signal.SIGIO, signal.SIG_IGN
    )  # lets explainer/preview/saves.py ask whether a file is open for writing
    signal.signal(signal.SIGTERM, _interrupt)  # stopped like Ctrl-C: the temporary site is removed
    folders = inputs(root)
    memo = Memo(lambda: saves.snapshot(folders))  # what each run made, so the next redoes only what an edit changed
    serve_url = f"http://{listen.dev_addr(host, port)}/"
    builder = site_builder(root, site, serve_url, args.full)
    stop, busy = threading.Event(), threading.Lock()
    data_changed, docs_changed = threading.Event(), threading.Event()
    built = Built()
    built.at = time.time()  # the first build below takes in every page written before it
    observer = Observer()
    try:
        regenerate(root, memo)
        try:
            builder()
        except MkDocsException as exc:  # mkdocs.yml or a page MkDocs refuses: one line, no traceback
            print(f"the site could not be built: {exc}", file=sys.stderr)
            return 1
        for folder in folders:
            folder.mkdir(exist_ok=True)
            observer.schedule(_Wake(data_changed), str(folder), recursive=True)
        if (root / "scripts").is_dir():  # the subject's code: read again, then every page regenerated
            observer.schedule(_Wake(data_changed), str(root / "scripts"), recursive=True)
        (root / "docs").mkdir(exist_ok=True)
        observer.schedule(_Wake(docs_changed, built=built), str(root / "docs"), recursive=True)
        if (root / theme.OVERRIDES).is_dir():  # the project's theme files: the site is rebuilt with them
            observer.schedule(_Wake(docs_changed, built=built), str(root / theme.OVERRIDES), recursive=True)
        config = str((root / "mkdocs.yml").resolve())
        observer.schedule(_Wake(docs_changed, frozenset({config, str(root / "mkdocs.yml")}), built), str(root))
        observer.start()
        threading.Thread(target=watch, args=(root, data_changed, stop, busy, memo), daemon=True).start()
        threading.Thread(target=rebuild, args=(docs_changed, stop, busy, builder, built), daemon=True).start()
        logging.getLogger("explainer.preview").info("Serving on %s", serve_url)
        server.serve_forever()
    except KeyboardInterrupt:
        logging.getLogger("explainer.preview").info("Shutting down...")
    finally:
        stop.set()
        if observer.is_alive():
            observer.stop()
            observer.join(timeout=5)
        server.server_close()
        shutil.rmtree(site, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
