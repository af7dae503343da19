"""The subject's texts as the pages say them: the site's name and description, kept in one place
(`site_name` and `site_description` of mkdocs.yml), and its tables' texts in the words of what its
sources are called.

MkDocs writes them into every page's head and reads nothing but mkdocs.yml, so that is where they
live. The engine reads them from there for what it writes itself (the home page's schema.org
Dataset), and a subject (scripts/subject.py) leaves them out of `Subject(...)`. One that still
gives `name=` or `description=` must give the same words, or `make check` reports the difference
at its line in mkdocs.yml. YAML has no line length, so a long description is no lint problem either.

mkdocs.yml is read as a YAML node tree (yaml.compose): MkDocs' own tags (`!ENV`) need no
constructor there, and each value keeps its line and column.

A table's `intro`, `section` and `note` may say {articles}, {article} or {an_article}; they are
written in the subject's `source_noun` ("documents", "minutes") here, once per run.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from ..load.problems import Problem, printable
from ..model.registry import Noun, Subject, Table

CONFIG = "mkdocs.yml"
KEYS = {"name": "site_name", "description": "site_description"}

# The last result, so that the live preview gets the very same Subject while nothing changed
# (explainer/scale/incremental.py checks every record again for another one).
_LAST: list[tuple[Subject, bytes | None, Subject, tuple[Problem, ...]]] = []


def read(config: Path) -> tuple[dict[str, tuple[str, int, int]], list[Problem]]:
    """site_name and site_description with their line and column, and the problems of reading them."""
    try:
        text = config.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(CONFIG, 1, 1, f"cannot be read ({exc})", fix="save it as UTF-8 text")]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return {}, [Problem(CONFIG, line, col, f"is not valid YAML: {getattr(exc, 'problem', exc)}")]
    out: dict[str, tuple[str, int, int]] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value in KEYS.values() and isinstance(value, yaml.ScalarNode):
                out[key.value] = (value.value, value.start_mark.line + 1, value.start_mark.column + 1)
    return out, []


def worded_table(table: Table, noun: Noun) -> Table:
    """A table with {articles}, {article} and {an_article} in its texts said in the subject's words."""
    said = {name: noun.words(getattr(table, name)) for name in ("intro", "section", "note")}
    changed: dict[str, Any] = {name: text for name, text in said.items() if text != getattr(table, name)}
    return dataclasses.replace(table, **changed) if changed else table


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def apply(subject: Subject, root: Path, origin: str) -> tuple[Subject, list[Problem]]:
    """The subject with the site's name and description from mkdocs.yml, and the problems: a
    subject that says other words than mkdocs.yml (`origin`: the subject's file)."""
    config = root / CONFIG
    try:
        raw: bytes | None = config.read_bytes()
    except OSError:
        raw = None
    if _LAST and _LAST[0][0] is subject and _LAST[0][1] == raw:
        return _LAST[0][2], list(_LAST[0][3])
    found, problems = read(config)
    changes: dict[str, Any] = {}
    for field, key in KEYS.items():
        ours: str = getattr(subject, field)
        if key not in found:
            continue
        value, line, col = found[key]
        if not ours:
            changes[field] = value
        elif not _same(ours, value):
            problems.append(
                Problem(
                    CONFIG,
                    line,
                    col,
                    f"{key} says {printable(' '.join(value.split()))!r}, and the subject's {field}= in {origin} "
                    f"says {printable(' '.join(ours.split()))!r}",
                    fix=f"keep it in one place: delete {field}= from Subject(...) in {origin}, so that it is read "
                    f"from {key} here",
                )
            )
    if not subject.name and "name" not in changes:
        changes["name"] = subject.title  # no mkdocs.yml to read it from: the home page's title
    worded = tuple(worded_table(t, subject.source_noun) if isinstance(t, Table) else t for t in subject.tables)
    if any(new is not old for new, old in zip(worded, subject.tables, strict=True)):
        changes["tables"] = worded
    resolved = dataclasses.replace(subject, **changes) if changes else subject
    _LAST[:] = [(subject, raw, resolved, tuple(problems))]
    return resolved, problems
