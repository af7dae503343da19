"""`make new DIR=path`: start a new explainer for another subject, like `mkdocs new`.

    python -m explainer.new path [--name city-budget]

The new project gets the engine as a copy: explainer/ and the files every project shares (the
Makefile, CI, workflows, theme overrides, scripts and styles, requirements, the core schemas) are
copied from this checkout byte for byte, so they cannot drift from the engine they belong to.
`pyproject.toml` and `mkdocs.yml` are ours with the project's own name, description and nav.
The subject is made from explainer/template/ (every file there ends in `.tmpl`, so no tool here
takes the new project's Python files for ours): one sample source, one sample table with one
cited record, the home page's lead sentence, a method page, a README and generic tests. Then the
pages are generated once in the new project, so `make check`, `make site` and `make test` pass
there at once.

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

from .add_source import record_text

ENGINE = Path(__file__).resolve().parent
ROOT = ENGINE.parent
TEMPLATE = ENGINE / "template"
SUFFIX = ".tmpl"

# Copied from this checkout byte for byte (a folder: all of it, without caches).
SHARED = (
    "Makefile",
    ".gitignore",
    ".ci/run",
    ".github/workflows",
    "package.json",
    "package-lock.json",
    "overrides",
    "docs/javascripts",
    "docs/stylesheets",
    "scripts/actionlint.cjs",
    "tests/test_workflows.py",
)
SHARED_GLOBS = ("requirements*.txt", "requirements*.in")
# The schemas of the tables every subject has (the engine's core tables).
CORE_SCHEMAS = ("common", "sources", "story", "disagreements", "changes")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".pytest_cache", ".mypy_cache")

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
    _refuse(target, name)
    target.mkdir(parents=True, exist_ok=True)
    for rel in SHARED:
        _copy(ROOT / rel, target / rel)
    for pattern in SHARED_GLOBS:
        for file in sorted(ROOT.glob(pattern)):
            _copy(file, target / file.name)
    shutil.copytree(ENGINE, target / "explainer", ignore=_IGNORE)
    for table in CORE_SCHEMAS:
        _copy(ROOT / "data" / "schema" / f"{table}.schema.json", target / "data" / "schema" / f"{table}.schema.json")
    values = {"{{name}}": slug_of(name), "{{title}}": title_of(name)}
    _write(target / "pyproject.toml", pyproject(ROOT / "pyproject.toml", values))
    for file in sorted(TEMPLATE.rglob("*" + SUFFIX)):
        rel = file.relative_to(TEMPLATE).as_posix()[: -len(SUFFIX)]
        text = file.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        if rel == "mkdocs.yml":
            text = replace_blocks((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), text)
        _write(target / rel, text)
    seed = (target / "seeds" / SAMPLE_SEED).read_bytes()
    source = dict(SAMPLE_SOURCE, sha256=hashlib.sha256(seed).hexdigest())
    header = "# yaml-language-server: $schema=schema/sources.schema.json\n\n"
    _write(target / "data" / "sources.yaml", header + record_text(source))
    _generate(target)
    skip = {"node_modules", "site", ".venv"}
    return sorted(
        p.relative_to(target).as_posix()
        for p in target.rglob("*")
        if p.is_file() and not skip & set(p.relative_to(target).parts) and "__pycache__" not in p.parts
    )


def title_of(name: str) -> str:
    """'city-budget' -> 'City budget', 'Riverton budget' stays: the title the editor may replace."""
    words = name.replace("-", " ").strip() if _SLUG.match(name) else name
    return words[:1].upper() + words[1:]


def _refuse(target: Path, name: str) -> None:
    problems = []
    if target.exists() and not target.is_dir():
        problems.append(f"{target}: is a file, not a folder; give a new folder, e.g. DIR=../my-explainer")
    elif target.resolve().is_relative_to(ROOT):
        problems.append(
            f"{target}: is inside this checkout ({ROOT}); make the new project beside it, e.g. DIR=../my-explainer"
        )
    elif target.is_dir() and any(target.iterdir()):
        problems.append(
            f"{target}: exists and is not empty; make new never writes over files. "
            "Give a new or empty folder, e.g. DIR=../my-explainer"
        )
    if not _NAME.match(name) or not slug_of(name):
        problems.append(
            f"name {name!r}: name the subject in up to 80 letters, digits, spaces and - , . ' ( ) &, "
            "e.g. --name 'City budget'"
        )
    missing = [rel for rel in (*SHARED, "pyproject.toml", "mkdocs.yml") if not (ROOT / rel).exists()]
    if missing or not TEMPLATE.is_dir():
        what = ", ".join(missing) or "explainer/template"
        problems.append(
            f"{ROOT}: is not a complete checkout of the engine (missing: {what}); run make new from a clone of it"
        )
    if problems:
        raise Refused("\n".join(problems))


def _copy(src: Path, dest: Path) -> None:
    """Copy a file (with its mode and time, so make sees requirements as old as ours) or a folder."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, dest, ignore=_IGNORE)
    else:
        shutil.copy2(src, dest)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def pyproject(ours: Path, values: dict[str, str]) -> str:
    """Our pyproject.toml (build backend, lint and test settings) with the new project's name (its
    folder's, as a slug: the repository's name, which need not change with the site's) and a
    description that does not repeat the site's: that is site_description in mkdocs.yml, the one
    place it is kept (explainer/site_texts.py)."""
    text = ours.read_text(encoding="utf-8")
    start = text.index("[project]")
    end = text.find("\n[", start + 1)
    end = len(text) if end < 0 else end + 1
    table = re.sub(r'(?m)^name = ".*"$', f'name = "{values["{{name}}"]}"', text[start:end], count=1)
    description = "A sourced explainer; its site's name and description are in mkdocs.yml"
    table = re.sub(r'(?m)^description = ".*"$', f'description = "{description}"', table, count=1)
    return text[:start] + table + text[end:]


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
    """Generate the new project's pages with its own copy of the engine (from its folder, so its
    scripts/subject.py is the subject)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("EXPLAINER_SUBJECT", None)
    run = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "generate", "-q"],
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
    parser = argparse.ArgumentParser(prog="python -m explainer.new", description=__doc__.splitlines()[0])
    parser.add_argument("dir", help="the new project's folder (must not exist yet, or be empty)")
    parser.add_argument("--name", default="", help="the subject's name, e.g. 'City budget' (default: the folder's)")
    args = parser.parse_args(argv)
    if not args.dir:
        print("DIR is missing: give the new project's folder, e.g. make new DIR=../my-explainer", file=sys.stderr)
        return 1
    target = Path(args.dir)
    try:
        written = create(target, args.name or None)
    except Refused as exc:
        print(exc, file=sys.stderr)
        print("make new: nothing was written.", file=sys.stderr)
        return 1
    except (OSError, RuntimeError) as exc:
        print(f"make new: stopped, {target} is incomplete: {exc}", file=sys.stderr)
        return 1
    print(f"made a new explainer in {target} ({len(written)} files). Next:")
    print(f"  cd {target}")
    print("  make serve   # preview it at http://127.0.0.1:8000")
    print("  make test    # every test")
    print("Then replace the sample: README.md says how (a source, a record, a table).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
