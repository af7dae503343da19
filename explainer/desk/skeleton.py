"""The engine-owned files of a project: what `explainer new` writes and `explainer upgrade` refreshes.

A project depends on the engine by version (a requirement line), not by copy: its Python code
and the site's theme (explainer/theme/, publish/theme.py) stay in the installed package. What a
project needs as files of its own (the Makefile, CI, workflows, the test helpers, the pinned
requirements) is
kept in one place: in a checkout, at its usual paths beside explainer/; in an installed wheel, in
explainer/skeleton/ (setup.py copies them there when the wheel is built). `source()` finds them.

Each engine-owned file is recorded in the project's explainer.lock with the hash of the content
the engine gave it; the content itself is kept under .explainer/base/, the base of the three-way
merge an upgrade makes where the project changed the file. So is each theme file the project took
to change (`explainer override`, desk/override.py), under its path in overrides/.

No imports from the rest of the engine: setup.py reads FILES from this module while building.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "sourced-explainer"
ENGINE = Path(__file__).resolve().parent.parent
INSTALLED = ENGINE / "skeleton"

# Engine-owned: written by `new`, refreshed by `upgrade` (a folder: every file in it).
FILES = (
    "Makefile",
    ".gitignore",
    ".ci/run",
    ".github/workflows",
    ".github/dependabot.yml",
    "package.json",
    "package-lock.json",
    "scripts/actionlint.cjs",
    "tests/test_workflows.py",
    "tests/support",
    "requirements.in",
    "requirements.txt",
    "requirements-dev.in",
    "requirements-dev.txt",
    "requirements-properdocs.in",
    "requirements-properdocs.txt",
    "requirements-zensical.in",
    "requirements-zensical.txt",
)
# Requirement files that name the engine: the new project's copies end with its pin.
PINNED = ("requirements.in", "requirements.txt")
WHEELS = "wheels"  # the project's folder holding the engine's wheel (desk/vendor.py)
# The schemas of the tables every subject has, and of the engine's ready-made tables
# (explainer/tables.py: a subject declares tables.quotes() and its schema is there): written by
# `new` once, then the project's (in data/, which an upgrade never touches).
CORE_SCHEMAS = tuple(
    f"data/schema/{t}.schema.json"
    for t in (
        "common",
        "sources",
        "story",
        "disagreements",
        "changes",
        "actors",
        "questions",
        "positions",
        "quotes",
        "figures",
        "events",
    )
)
# Read by `new` to make the project's own pyproject.toml and mkdocs.yml; never copied as they are.
MODELS = ("pyproject.toml", "mkdocs.yml")
# The top-level keys of mkdocs.yml that say what this checkout's site is about: the wheel's model
# holds these placeholders instead (`neutral_model`; `new` puts the new project's in their place),
# so the installed engine carries no word of the subject.
SUBJECT_KEYS = {
    "site_name": 'site_name: "A sourced explainer"\n',
    "site_description": 'site_description: "Every claim linked to the exact words of its source."\n',
    "nav": "nav:\n  - Overview: index.md\n",
}


def neutral_model(text: str) -> str:
    """mkdocs.yml with each of SUBJECT_KEYS' blocks (the key's line and its indented lines) replaced
    by the placeholder; comments, blank lines and every other block stay as they are."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        key = line.split(":", 1)[0] if line[:1].isalpha() and ":" in line else None
        if key is not None:
            skipping = key in SUBJECT_KEYS
            out.append(SUBJECT_KEYS[key] if skipping else line)
        elif skipping and line[:1] in (" ", "\t"):
            continue  # the block's own lines
        else:
            skipping = False
            out.append(line)
    return "".join(out)


_SKIP = {"__pycache__", ".pytest_cache", ".mypy_cache", "node_modules"}


def source() -> Path:
    """Where the engine-owned files are: the installed package's skeleton/, else this checkout."""
    return INSTALLED if INSTALLED.is_dir() else ENGINE.parent


def expand(root: Path, names: tuple[str, ...] = FILES) -> list[str]:
    """Every file under `root` that `names` covers, relative, sorted (caches left out)."""
    out = []
    for name in names:
        path = root / name
        if path.is_file():
            out.append(name)
        elif path.is_dir():
            out += [
                p.relative_to(root).as_posix()
                for p in path.rglob("*")
                if p.is_file() and not _SKIP & set(p.parts) and p.suffix != ".pyc"
            ]
    return sorted(out)


def version_key(version: str) -> tuple[int, ...]:
    """'0.10.1' -> (0, 10, 1): versions compared as numbers (pre-release tags are not used here)."""
    return tuple(int(part) for part in re.findall(r"\d+", version))


def pin_line(version: str) -> str:
    return f"{PACKAGE}=={version}"


def render(rel: str, content: bytes, version: str) -> bytes:
    """An engine file as a project gets it: the requirement files that name the engine end with
    its pin (the engine's own checkout runs from source and has no such line)."""
    if rel not in PINNED:
        return content
    text = content.decode("utf-8").rstrip("\n")
    return (
        f"{text}\n# The engine, installed by version (explainer upgrade raises it) from the wheel in wheels/ "
        f"(explainer new put it there; it is on no package index)\n--find-links {WHEELS}\n{pin_line(version)}\n"
    ).encode()


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# The project's record of its engine: the version that last wrote its engine-owned files and the
# hash of what it wrote; the content itself under BASE_DIR (the base of an upgrade's merge).
LOCK = "explainer.lock"
# The lock's name as engine 0.2.0 wrote it: read (and replaced by LOCK) on the next upgrade.
OLD_LOCKS = ("explainer.publish.lock",)
BASE_DIR = ".explainer"
BASE = f"{BASE_DIR}/base"


@dataclass(frozen=True)
class Lock:
    version: str
    files: dict[str, str]  # relative path -> sha256 of the content the engine wrote

    def text(self) -> str:
        body = {"engine": PACKAGE, "version": self.version, "files": dict(sorted(self.files.items()))}
        return json.dumps(body, indent=1, ensure_ascii=False) + "\n"


def lock_path(project: Path) -> Path:
    """The project's lock: explainer.lock, or the name an older engine gave it."""
    for name in (LOCK, *OLD_LOCKS):
        if (project / name).is_file():
            return project / name
    return project / LOCK


def needs_adoption(project: Path) -> bool:
    """Made by an engine that copied itself in (before 0.2.0): an explainer/ folder and no lock
    (explainer upgrade --adopt, desk/adopt.py)."""
    return (project / "explainer" / "__init__.py").is_file() and not lock_path(project).is_file()


def read_lock(project: Path) -> Lock:
    """The project's explainer.lock; ValueError says what is wrong with it."""
    path = lock_path(project)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise TypeError("files is not a table of hashes")
        return Lock(str(data["version"]), {str(k): v for k, v in files.items()})
    except FileNotFoundError:
        raise ValueError(f"{path}: missing; this project was not made by explainer new (or predates it)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: unreadable ({exc}); restore it from version control") from None


# Where a project puts its own version of a theme file (publish/theme.py reads the same name).
OVERRIDES = "overrides/"


# Where engines before 0.3.0 copied the theme into a project, and where in the theme each of
# those folders is now (desk/upgrade.py and desk/adopt.py move such projects over).
COPIED_THEME = {OVERRIDES: "", "docs/javascripts/": "javascripts/", "docs/stylesheets/": "stylesheets/"}
# The copies outside overrides/: an edited one moves there, to stay the project's version.
COPIED_ELSEWHERE = tuple(prefix for prefix in COPIED_THEME if prefix != OVERRIDES)


def theme_source(source: Path) -> Path:
    """The engine's theme (explainer/theme/) beside `source`'s project files: in a checkout (or a
    test's engine folder) under source/explainer/theme; installed, in the package itself."""
    beside = source / "explainer" / "theme"
    return beside if beside.is_dir() else ENGINE / "theme"


def theme_file(source: Path, rel: str) -> bytes | None:
    """The engine's theme file at `rel` (e.g. stylesheets/extra.css), the one overrides/`rel`
    replaces; None when the engine has none."""
    path = theme_source(source) / rel
    return path.read_bytes() if path.is_file() else None


def engine_files(source: Path, version: str) -> dict[str, bytes]:
    """Every engine-owned file as a project of `version` gets it."""
    return {rel: render(rel, (source / rel).read_bytes(), version) for rel in expand(source)}


def write_atomic(path: Path, content: bytes, mode_from: Path | None = None, keep_times: bool = False) -> None:
    """Write a whole file or nothing (a temporary file renamed over it), with `mode_from`'s mode.

    Not publish/atomic.py's replace: with `keep_times` the file also takes `mode_from`'s times, so
    make sees a new project's requirement files as old as the engine's (and setup.py loads this
    module alone). Everything else (an upgrade's update or merge) is new: make must see a raised
    pin in requirements.txt as newer than its last install, and reinstall."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.explainer-tmp")
    tmp.write_bytes(content)
    if mode_from is not None:
        (shutil.copystat if keep_times else shutil.copymode)(mode_from, tmp)
    os.replace(tmp, path)


def write_owned(project: Path, source: Path, version: str) -> Lock:
    """A new project's engine-owned files, their bases and explainer.lock."""
    files = engine_files(source, version)
    for rel, content in files.items():
        write_atomic(project / rel, content, source / rel, keep_times=True)
        write_atomic(project / BASE / rel, content)
    lock = Lock(version, {rel: digest(content) for rel, content in files.items()})
    write_atomic(project / LOCK, lock.text().encode())
    return lock
