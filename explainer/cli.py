"""The `explainer` command: every job a project's Makefile does, from any folder of the project.

    explainer --version
    explainer new PATH             start a new explainer (its engine: this installed package)
    explainer check                validate data/ and seeds/
    explainer generate             validate, then write the pages into docs/
    explainer stale                exit 1 if docs/ is not what data/ generates
    explainer serve [--addr H:P]   live preview
    explainer site [--builder B]   generate, build the site strictly, index it for search
    explainer find WORDS...        where the seeds say these words
    explainer fix                  rewrite excerpts that differ from their seed only in typography
    explainer add-source ...       take a new text into seeds/ (the options of python -m explainer.desk.add_source)
    explainer upgrade [--adopt]    move this project to the installed engine's version (--adopt: one
                                   with its own copy of explainer/, made before 0.2.0)
    explainer override [PATH]      list the theme's files, or copy one to overrides/ to change it

Each command is a thin call into the module that does the work; this one only finds the project
(--root, else the current folder or the nearest folder above it with scripts/subject.py, never
the package's own location) and passes it on, before any words of the editor's.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from . import __version__
from .project import ROOT_HELP, project_root

# check also says when docs/ is not what data/ generates (rendered in memory, nothing written).
EXTRA = {"check": ("--docs",), "generate": ("-q",)}
PASSED_ON = ("serve", "add-source")  # their options are their modules' own
PLAIN = {
    "check": "validate data/ and seeds/, and say if docs/ is out of date with them",
    "generate": "validate, then write the pages into docs/",
    "stale": "exit 1 if docs/ is not what data/ generates",
    "fix": "rewrite excerpts that differ from their seed only in typography",
}


# The module behind each step (its main() takes the project's --root first).
MODULES = {
    "generate": "explainer.generate",
    "builders": "explainer.publish.builders",
    "search_index": "explainer.publish.search_index",
    "find": "explainer.desk.find",
    "fix": "explainer.desk.fix",
    "add_source": "explainer.desk.add_source",
    "upgrade": "explainer.desk.upgrade",
    "adopt": "explainer.desk.adopt",
    "override": "explainer.desk.override",
    "serve": "explainer.preview.serve",
}


def _delegate(module: str, root: Path, args: list[str]) -> int:
    """One module's main(), with the project's --root first (imported late: each command pays
    only for what it uses)."""
    main = importlib.import_module(MODULES[module]).main
    return int(main(["--root", str(root), *args]) or 0)


def site(root: Path, builder: str) -> int:
    """generate, then a strict build with the chosen builder, then the search index: `make site`."""
    for module, args in (
        ("generate", ["generate", "-q"]),
        ("builders", ["--builder", builder]),
        ("search_index", []),
    ):
        status = _delegate(module, root, args)
        if status:
            return status
    return 0


def parser() -> argparse.ArgumentParser:
    out = argparse.ArgumentParser(
        prog="explainer", description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    out.add_argument("--version", action="version", version=f"explainer {__version__}")
    out.add_argument("--root", type=Path, help=ROOT_HELP)
    commands = out.add_subparsers(dest="command", metavar="COMMAND")
    new = commands.add_parser("new", help="start a new explainer in PATH (a new or empty folder)")
    new.add_argument("path")
    new.add_argument("--name", default="", help="the subject's name, e.g. 'City budget' (default: the folder's)")
    for name, text in PLAIN.items():
        commands.add_parser(name, help=text)
    # serve and add-source pass their options on (python -m explainer.preview.serve --help lists them).
    commands.add_parser("serve", help="live preview (options: --addr HOST:PORT, --full)")
    build = commands.add_parser("site", help="generate, build strictly, index for search")
    build.add_argument(
        "--builder", default=os.environ.get("BUILDER") or "mkdocs", help="mkdocs (default), properdocs or zensical"
    )
    up = commands.add_parser("upgrade", help="move this project to the installed engine's version")
    up.add_argument("--adopt", action="store_true", help="a project with its own copy of explainer/ (before 0.2.0)")
    theme = commands.add_parser("override", help="list the theme's files, or copy one to overrides/ to change it")
    theme.add_argument("path", nargs="?", default="")
    find = commands.add_parser("find", help="where the seeds say these words")
    find.add_argument("words", nargs="*")
    commands.add_parser(
        "add-source", help="take a new text into seeds/ and data/sources.yaml (--file --id --outlet --kind ...)"
    )
    for sub in commands.choices.values():  # `explainer check --root X` as well as `explainer --root X check`
        if sub is not new:
            sub.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=ROOT_HELP)
    return out


def main(argv: list[str] | None = None) -> int:
    args, rest = parser().parse_known_args(argv)
    if rest and args.command not in PASSED_ON:
        parser().error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command is None:
        parser().print_help()
        return 2
    if args.command == "new":
        from .desk.new import main as new_main

        return new_main([args.path, *(["--name", args.name] if args.name else [])])
    root = args.root.resolve() if args.root else project_root()
    if args.command in ("check", "generate", "stale"):
        return _delegate("generate", root, [args.command, *EXTRA.get(args.command, ())])
    if args.command == "site":
        return site(root, args.builder)
    if args.command == "find":
        return _delegate("find", root, ["--", *args.words])
    if args.command == "upgrade" and args.adopt:
        return _delegate("adopt", root, [])
    if args.command == "override":
        return _delegate("override", root, [args.path] if args.path else [])
    if args.command in PASSED_ON:
        return _delegate(args.command.replace("-", "_"), root, rest)
    return _delegate(args.command, root, [])


def entry() -> None:
    """The console script (pyproject.toml: [project.scripts])."""
    sys.exit(main())
