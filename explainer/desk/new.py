"""`explainer new PATH` (`make new DIR=path`): start a new explainer for another subject, like `mkdocs new`.

    explainer new path [--name city-budget]

The new project depends on the engine by version, not by copy: it has no explainer/ folder, and
its requirements end with `sourced-explainer==VERSION` (explainer.lock records the version). The
files every project shares (the Makefile, CI, workflows, theme overrides, scripts and styles, test
helpers, requirements; explainer/desk/skeleton.py lists them) are written from the installed engine
(or this checkout) byte for byte and recorded in explainer.lock, so `explainer upgrade` can
refresh them later without losing an edit. `pyproject.toml` and `mkdocs.yml` are the project's
own, with its name, description and nav; the core schemas are copied into data/schema/ once.
The subject is made from explainer/template/ (every file there ends in `.tmpl`, so no tool here
takes the new project's Python files for ours): one sample source, one sample table with one
cited record, the home page's lead sentence, a method page, a README and generic tests. Then the
pages are generated once in the new project, so `explainer check`, `explainer site` and its
tests pass there at once.

Exit status: 0 when the project was made, 1 when it was refused (every reason is printed, and
nothing was written), 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .. import __version__
from . import skeleton, vendor
from .add_source import record_text

ENGINE = Path(__file__).resolve().parent.parent
TEMPLATE = ENGINE / "template"
SUFFIX = ".tmpl"

SAMPLE_SEED = "sample.txt"
SAMPLE_SOURCE = {
    "id": "src-sample",
    "seed": SAMPLE_SEED,
    "sha256": "",  # of seeds/sample.txt's bytes, filled in by create()
    "outlet": "Sample text (make new)",  # as the text signs itself
    "title": "unknown",
    "published": "unknown",
    "kind": "other",
    "note": "A sample text written by make new, to be replaced: add a real source with make add-source, "
    "then delete seeds/sample.txt and this record.",
}
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Words that are safe inside the double-quoted strings of subject.py, mkdocs.yml and pyproject.toml.
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ,.'’()&-]{0,79}$")


class Refused(Exception):
    """The project cannot be made where asked; the message says why and what to do."""


def slug_of(words: str) -> str:
    """'Riverton budget' -> 'riverton-budget': lowercase letters, digits and single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")


def default_name(target: Path) -> str:
    """The project's name when none is given: its folder's name."""
    return slug_of(target.resolve().name) or "sourced-explainer"


def create(target: Path, name: str | None = None) -> list[str]:
    """Make a new explainer project in `target` (absent or an empty folder); returns the files it
    wrote, relative to `target`, sorted. Raises `Refused` when it cannot, before writing anything.

    `name` is the subject's name in words ("Riverton budget") or as a slug ("city-budget"): the
    package is named by its slug, the placeholder titles by its words (default: the folder's name).
    """
    target = Path(target)
    name = (name or default_name(target)).strip()
    source = skeleton.source()
    _refuse(target, name, source)
    try:  # made before anything is written: a project without its engine could not install it
        wheel = vendor.engine_wheel(__version__)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        raise Refused(
            f"{target}: the engine's wheel, from which the project installs it, could not be made: {exc}"
        ) from None
    target.mkdir(parents=True, exist_ok=True)
    skeleton.write_owned(target, source, __version__)
    vendor.place(target, __version__, wheel)
    for rel in skeleton.CORE_SCHEMAS:
        _copy(source / rel, target / rel)
    values = {"{{name}}": slug_of(name), "{{title}}": title_of(name)}
    _write(target / "pyproject.toml", pyproject(source / "pyproject.toml", values, __version__))
    for file in sorted(TEMPLATE.rglob("*" + SUFFIX)):
        rel = file.relative_to(TEMPLATE).as_posix()[: -len(SUFFIX)]
        text = file.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        if rel == "mkdocs.yml":
            text = replace_blocks((source / "mkdocs.yml").read_text(encoding="utf-8"), text)
        _write(target / rel, text)
    seed = (target / "seeds" / SAMPLE_SEED).read_bytes()
    record = dict(SAMPLE_SOURCE, sha256=hashlib.sha256(seed).hexdigest())
    header = "# yaml-language-server: $schema=schema/sources.schema.json\n\n"
    _write(target / "data" / "sources.yaml", header + record_text(record))
    _generate(target)
    skip = {"node_modules", "site", ".venv", skeleton.BASE_DIR}
    return sorted(
        p.relative_to(target).as_posix()
        for p in target.rglob("*")
        if p.is_file() and not skip & set(p.relative_to(target).parts) and "__pycache__" not in p.parts
    )


# The folder to give, in both ways the command is called (`make new` runs `explainer new`).
EXAMPLE = "explainer new ../my-explainer (or make new DIR=../my-explainer)"


def title_of(name: str) -> str:
    """'city-budget' -> 'City budget', 'Riverton budget' stays: the title the editor may replace."""
    words = name.replace("-", " ").strip() if _SLUG.match(name) else name
    return words[:1].upper() + words[1:]


def _refuse(target: Path, name: str, source: Path) -> None:
    problems = []
    checkout = None if source == skeleton.INSTALLED else source
    if target.exists() and not target.is_dir():
        problems.append(f"{target}: is a file, not a folder; give a new folder, e.g. {EXAMPLE}")
    elif checkout is not None and target.resolve().is_relative_to(checkout):
        problems.append(
            f"{target}: is inside the engine's checkout ({checkout}); make the new project beside it, e.g. {EXAMPLE}"
        )
    elif target.is_dir() and any(target.iterdir()):
        problems.append(
            f"{target}: exists and is not empty; explainer new never writes over files. "
            f"Give a new or empty folder, e.g. {EXAMPLE}"
        )
    if not _NAME.match(name) or not slug_of(name):
        problems.append(
            f"name {name!r}: name the subject in up to 80 letters, digits, spaces and - , . ' ( ) &, "
            "e.g. --name 'City budget'"
        )
    wanted = (*skeleton.FILES, *skeleton.CORE_SCHEMAS, *skeleton.MODELS)
    missing = [rel for rel in wanted if not (source / rel).exists()]
    if missing or not TEMPLATE.is_dir():
        what = ", ".join(missing) or "explainer/template"
        problems.append(
            f"{source}: the engine's project files are incomplete (missing: {what}); "
            "reinstall the engine from its wheel file (pip install --force-reinstall "
            "sourced_explainer-VERSION-py3-none-any.whl) or use a complete clone"
        )
    if problems:
        raise Refused("\n".join(problems))


def _copy(src: Path, dest: Path) -> None:
    """Copy a file with its mode and time (so make sees it as old as ours)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


# Tables of our pyproject.toml that build and ship the engine: a project has none of them.
_ENGINE_TABLES = re.compile(r"^\[(build-system|project\.(?:optional-dependencies|scripts)|tool\.setuptools[^\]]*)\]$")


def pyproject(ours: Path, values: dict[str, str], version: str) -> str:
    """Our pyproject.toml's lint, type and test settings, under a [project] table of the new
    project's own: its name and description, and the engine as its one dependency, by version."""
    text = ours.read_text(encoding="utf-8")
    tables = re.split(r"(?m)^(?=\[)", text)
    # Not the site's description: that is site_description in mkdocs.yml, the one place it is kept
    # (explainer/check/site_texts.py).
    description = "A sourced explainer; its site's name and description are in mkdocs.yml"
    project = (
        "[project]\n"
        f'name = "{values["{{name}}"]}"\n'
        'version = "0.1.0"\n'
        f'description = "{description}"\n'
        'requires-python = ">=3.11"\n'
        "# The engine, by version (explainer.lock; explainer upgrade raises it).\n"
        f'dependencies = ["{skeleton.pin_line(version)}"]\n\n'
    )
    out = []
    for table in tables:
        head = table.split("\n", 1)[0]
        if head == "[project]":
            out.append(project)
        elif not _ENGINE_TABLES.match(head) and table.strip():
            out.append(table)
    joined = "".join(out)
    # The project type-checks its own code; the engine's ships checked (py.typed).
    return re.sub(r'(?m)^files = \["explainer", ', "files = [", joined)


_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):", re.MULTILINE)


def _blocks(text: str) -> dict[str, tuple[int, int]]:
    """Where each top-level key of a YAML file starts and ends; the comment lines right before
    the next key belong to that key."""
    starts = [(m.group(1), m.start()) for m in _KEY.finditer(text)]
    out = {}
    for i, (key, start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        while True:
            line = text.rfind("\n", start, end - 1) + 1
            if line <= start or not text.startswith("#", line):
                break
            end = line
        out[key] = (start, end)
    return out


def replace_blocks(ours: str, replacements: str) -> str:
    """Our mkdocs.yml with each top-level key that `replacements` sets (site_name,
    site_description, nav) taken from it instead: the theme and Markdown settings stay ours."""
    new, old = _blocks(replacements), _blocks(ours)
    missing = sorted(set(new) - set(old))
    if missing:
        raise ValueError(f"mkdocs.yml has no top-level {', '.join(missing)} to replace")
    out = ours
    for key in sorted(new, key=lambda k: old[k][0], reverse=True):
        start, end = old[key]
        gap = out[start:end][len(out[start:end].rstrip("\n")) :]  # the blank lines after it stay
        block = replacements[new[key][0] : new[key][1]].rstrip("\n") + (gap or "\n")
        out = out[:start] + block + out[end:]
    return out


def _generate(target: Path) -> None:
    """Generate the new project's pages with this engine (from its folder, so its
    scripts/subject.py is the subject)."""
    # This engine, wherever it is (installed, or run from its checkout): not one the project has.
    path = os.pathsep.join(p for p in (str(ENGINE.parent), os.environ.get("PYTHONPATH", "")) if p)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=path)
    env.pop("EXPLAINER_SUBJECT", None)
    run = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "generate", "-q", "--root", str(target.resolve())],
        cwd=target,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if run.returncode != 0:
        raise RuntimeError(f"the new project does not generate (a bug in explainer/template/):\n{run.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="explainer new", description=__doc__.splitlines()[0])
    parser.add_argument("dir", help="the new project's folder (must not exist yet, or be empty)")
    parser.add_argument("--name", default="", help="the subject's name, e.g. 'City budget' (default: the folder's)")
    args = parser.parse_args(argv)
    if not args.dir:
        print(f"DIR is missing: give the new project's folder, e.g. {EXAMPLE}", file=sys.stderr)
        return 1
    target = Path(args.dir)
    try:
        written = create(target, args.name or None)
    except Refused as exc:
        print(exc, file=sys.stderr)
        print("explainer new: nothing was written.", file=sys.stderr)
        return 1
    except (OSError, RuntimeError) as exc:
        print(f"explainer new: stopped, {target} is incomplete: {exc}", file=sys.stderr)
        return 1
    print(f"made a new explainer in {target} ({len(written)} files; engine {__version__}). Next:")
    print(f"  cd {target}")
    print("  make serve   # preview it at http://127.0.0.1:8000")
    print("  make test    # every test")
    print(
        f"Commit {vendor.WHEELS}/ with the rest: the engine is on no package index, so make and CI install it "
        f"from {vendor.WHEELS}/{vendor.wheel_name(__version__)}."
    )
    if not args.name:
        title = title_of(default_name(target))
        print(
            f"The site is called '{title}: a sourced explainer', after the folder: change site_name in "
            "mkdocs.yml (or give --name, NAME= with make new)."
        )
    print("Then replace the sample: README.md says how (a source, a record, a table).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
