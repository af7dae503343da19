"""`make add-source FILE=article.txt ID=src-... OUTLET=... KIND=...`: take in a new source in one step.

Copies the text into seeds/ byte for byte (named with a running number and the source's id, so that
a diff or a folder listing says whose text it is) and appends its record to data/sources.yaml, with
the SHA-256 of those bytes, so that `make check` notices if the seed ever changes
(explainer/check/validate.py). Nothing the command line does not give is guessed: title and
published stay `unknown` unless given. Every value is checked before anything is written; the seed
and the data file are each written to a temporary file and renamed into place, the data file only
if it still is what was read.

In a terminal (or with --interactive) it asks for what the command line left out or gave wrong,
title and date too (Enter keeps them unknown), one value at a time and again after a bad answer.
A text that holds HTML or Markdown markup is added with a warning (in a terminal, only if the
editor says so): a seed is the text as readers read it, and excerpts quote it word for word.

Exit status: 0 when the source was added, 1 when it was refused (every reason is printed), 2 for a
wrong command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..check.schema import ENGINE_ID
from ..check.validate import Paths, load_records
from ..load import typography
from ..load.load import UNSAFE, load_table
from ..load.problems import DataError
from ..load.seeds import Seed
from ..project import ROOT_HELP, project_root
from ..publish import atomic

_NUMBERED = re.compile(r"^(\d+)_")


def kinds(root: Path) -> list[str]:
    schema = json.loads((root / "data" / "schema" / "sources.schema.json").read_text(encoding="utf-8"))
    return list(schema["items"]["properties"]["kind"]["enum"])


def seed_name(seed_dir: Path, source_id: str) -> str:
    """The next running number and the source's id (a slug: safe as a file name). The seeds of
    projects made earlier are named by the start of their SHA-256; the record keeps the whole hash."""
    numbers = [int(m.group(1)) for f in seed_dir.glob("*.txt") if (m := _NUMBERED.match(f.name))]
    return f"{max(numbers, default=-1) + 1:03d}_{source_id}.txt"


def record_text(fields: dict[str, str]) -> str:
    """The record as data/sources.yaml writes its records: one double-quoted value a line."""
    lines = []
    for i, (key, value) in enumerate(fields.items()):
        lines.append(f"{'- ' if i == 0 else '  '}{key}: {typography.yaml_double_quoted(value)[0]}\n")
    return "".join(lines)


def _write_new(path: Path, data: bytes, expect: bytes | None = None) -> None:
    """Write through a temporary file and rename it into place; with `expect`, only if the file
    still holds those bytes, and without, only if there is no such file yet."""

    def unchanged(_: Path) -> str:
        current = path.read_bytes() if path.exists() else None
        if current != expect:
            raise FileExistsError(f"{path} changed while make add-source ran" if expect else f"{path} already exists")
        return ""

    atomic.replace(path, data, path.stat().st_mode & 0o7777 if path.exists() else 0o644, unchanged)


@dataclass(frozen=True)
class Known:
    """What the project already holds: each record id with its file:line, and each seed's
    SHA-256 with its file name and the id of the source that describes it ("" if none)."""

    ids: dict[str, str]
    seeds: dict[str, tuple[str, str]]


def known(root: Path) -> Known | list[str]:
    """The project's ids and seeds, or the problems that keep its data from being read."""
    try:
        loaded = load_records(Paths(root))
    except DataError as exc:
        return [str(p) for p in exc.problems]
    broken = [p for p in loaded.problems if p.path == "data/sources.yaml" and not p.warning]
    if broken:  # the new record would be appended to a file that does not read: say so before writing
        return [
            "data/sources.yaml has problems to fix first:",
            *(str(p) for p in broken),
        ]
    ids: dict[str, str] = {}
    described: dict[str, str] = {}
    for raw in loaded.every:
        rid = raw.data.get("id")
        if isinstance(rid, str):
            ids.setdefault(rid, f"{raw.path}:{raw.mark()[0]}")
            seed = raw.data.get("seed")
            if raw.table == "sources" and isinstance(seed, str):
                described.setdefault(seed, rid)
    seeds = {
        seed.sha256: (name, described.get(name, "")) for name, seed in loaded.seeds.items() if isinstance(seed, Seed)
    }
    return Known(ids, seeds)


def check_file(value: str, have: Known) -> str:
    """What is wrong with FILE ("" when nothing is)."""
    if not value:
        return "FILE is missing: give the text's file, e.g. FILE=article.txt"
    source = Path(value)
    if source.is_dir():
        return f"FILE={value}: is a folder; give the text's file in it, e.g. FILE={source / 'article.txt'}"
    if not source.is_file():
        return f"FILE={value}: no such file"
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"FILE={value}: is not UTF-8 (byte {exc.start}); save it as UTF-8 and try again"
    if not text.strip():
        return f"FILE={value}: is empty"
    same = have.seeds.get(hashlib.sha256(data).hexdigest())
    if same is None:
        return ""
    name, rid = same
    if not rid:
        return f"FILE={value}: has exactly the bytes of seeds/{name}, which no source describes yet"
    return (
        f"FILE={value}: has exactly the bytes of seeds/{name}, the seed of source {rid!r} "
        f"({have.ids.get(rid, 'data/sources.yaml')}); cite {rid} instead"
    )


def check_id(value: str, have: Known) -> str:
    if not value:
        return "ID is missing: give the new source's id, e.g. ID=src-outlet-topic"
    if not ENGINE_ID.fullmatch(value) or len(value) > 80:
        return f"ID={value}: an id is a lowercase slug (a-z, 0-9, single hyphens), e.g. src-outlet-topic"
    if value in have.ids:
        return f"ID={value}: already the id of a record in {have.ids[value]}; choose another"
    return ""


def check_text(name: str, value: str) -> str:
    """OUTLET (needed), TITLE (one line of at most 300 characters each) and NOTE: no control character."""
    if name == "OUTLET" and not value:
        return "OUTLET is missing: give the outlet as the text shows it, or OUTLET=unknown"
    if name != "NOTE" and (len(value) > 300 or "\n" in value):
        return f"{name}: one line of at most 300 characters"
    if UNSAFE.search(value):
        return f"{name}: holds a control character; remove it"
    return ""


def check_kind(value: str, root: Path) -> str:
    allowed = kinds(root)
    return "" if value in allowed else f"KIND={value}: must be one of: {', '.join(allowed)}"


def check_published(value: str) -> str:
    if value in ("", "unknown"):
        return ""
    try:
        dt.date.fromisoformat(value)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
    except ValueError:
        return f"PUBLISHED={value}: write a real date as YYYY-MM-DD, or leave it out (unknown)"
    return ""


def check(name: str, args: argparse.Namespace, root: Path, have: Known) -> str:
    """What is wrong with one value of the request ("" when nothing is)."""
    value = getattr(args, name) or ""
    if name == "file":
        return check_file(value, have)
    if name == "id":
        return check_id(value, have)
    if name == "kind":
        return check_kind(value, root)
    if name == "published":
        return check_published(value)
    return check_text(name.upper(), value)


FIELDS = ("file", "id", "outlet", "kind", "title", "published", "note")
# What a terminal asks for, in order; title and date may stay unknown (Enter).
PROMPTS = {
    "file": "Text file of the source: ",
    "id": "Id of the new source (src-...): ",
    "outlet": "Outlet as the text shows it (or unknown): ",
    "kind": "Kind ({kinds}): ",
    "title": "Title as the text gives it (Enter: unknown): ",
    "published": "Published, YYYY-MM-DD as the text gives it (Enter: unknown): ",
}
OPTIONAL = ("title", "published")

# What makes a text a web page or Markdown rather than the words a reader reads. A lone "&" or
# "<" (AT&T, 5 < 7) and brackets ([sic]) are plain text.
MARKUP = (
    ("the HTML tag", re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>|<!--|<!DOCTYPE", re.IGNORECASE)),
    ("the HTML entity", re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")),
    ("the Markdown link", re.compile(r"\[[^\]\n]+\]\((?:https?://|/|\.)[^)\s]*\)")),
)


def markup_in(text: str) -> list[str]:
    """The first markup of each kind in a text, and how many more: "line 3: the HTML tag <p> (and 4 more)"."""
    out = []
    for what, pattern in MARKUP:
        found = list(pattern.finditer(text))
        if found:
            first = found[0]
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            out.append(f"line {text.count(chr(10), 0, first.start()) + 1}: {what} {first.group(0)[:40]}{more}")
    return out


def markup_warning(value: str) -> str:
    """A warning for a text with markup ("" for plain text): a seed is what readers read."""
    found = markup_in(Path(value).read_bytes().decode("utf-8", "replace"))
    if not found:
        return ""
    return (
        f"warning: FILE={value}: holds markup, not only the text a reader reads ({'; '.join(found)}). "
        "Excerpts must then quote the markup and pages show it as text: save the text as a reader reads "
        "it (copy it from the browser into a .txt file) and add that instead"
    )


def _ask(args: argparse.Namespace, root: Path, have: Known) -> None:
    """Ask for what the command line left out or gave wrong, one value at a time, and again
    after a bad answer; what was answered well is kept. At the end of the input it stops
    asking, and `add` refuses whatever is still missing or wrong."""
    for name, prompt in PROMPTS.items():
        value = getattr(args, name)
        problem = (check(name, args, root, have) or (_confirm_markup(args) if name == "file" else "")) if value else ""
        if value and not problem:
            continue
        if name in OPTIONAL and name in args.given:  # given on the command line, even as ""
            continue
        if problem:
            print(problem, flush=True)
        while True:
            try:
                answer = input(prompt.format(kinds=", ".join(kinds(root)))).strip()
            except EOFError:
                return
            setattr(args, name, answer)
            if not answer:
                if name in OPTIONAL:
                    break
                continue
            problem = check(name, args, root, have) or (_confirm_markup(args) if name == "file" else "")
            if not problem:
                break
            print(problem, flush=True)


def _confirm_markup(args: argparse.Namespace) -> str:
    """In a terminal, a text with markup is taken only if the editor says so ("" then)."""
    warning = markup_warning(args.file)
    if not warning:
        return ""
    print(warning.removeprefix("warning: "), flush=True)
    try:
        if input("Add it as it is? [y/N] ").strip().lower() in ("y", "yes"):
            args.markup_accepted = True
            return ""
    except EOFError:
        pass
    args.file = ""
    return "then give the file of its text without markup"


def add(args: argparse.Namespace, root: Path) -> tuple[list[str], str]:
    """Add the source; returns the reasons it was refused (nothing written then) or a summary."""
    have = known(root)
    if isinstance(have, list):
        return have, ""
    problems = [problem for name in FIELDS if (problem := check(name, args, root, have))]
    if problems:
        return problems, ""
    data = Path(args.file).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    seeds, table = root / "seeds", root / "data" / "sources.yaml"
    name = seed_name(seeds, args.id)
    fields = {
        "id": args.id,
        "seed": name,
        "sha256": digest,
        "outlet": args.outlet,
        "title": args.title or "unknown",
        "published": args.published or "unknown",
        "kind": args.kind,
    }
    if args.note:
        fields["note"] = args.note
    before = table.read_bytes() if table.exists() else b"# yaml-language-server: $schema=schema/sources.schema.json\n"
    text = before.decode("utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    text += ("\n" if text.strip() else "") + record_text(fields)
    seeds.mkdir(exist_ok=True)
    _write_new(seeds / name, data)
    try:
        _write_new(table, text.encode("utf-8"), before if table.exists() else None)
        found: list = []
        loaded = load_table(table, "data/sources.yaml", found)
        if loaded is None or not loaded.records or loaded.records[-1].data != fields:
            _write_new(table, before, text.encode("utf-8"))
            raise ValueError(
                "data/sources.yaml did not read back as intended (" + "; ".join(map(str, found)) + "); it was restored"
            )
    except (OSError, ValueError) as exc:
        (seeds / name).unlink()
        return [f"nothing was added: {exc}"], ""
    line = text.count("\n", 0, text.rindex("\n- id:") + 1) + 1
    return [], (
        f"added source {args.id!r}:\n  seeds/{name} ({len(data)} bytes, copied byte for byte; "
        f"SHA-256 {digest})\n  data/sources.yaml:{line}: its record (title: {fields['title']}, "
        f"published: {fields['published']})\n"
        'Next: cite it (make find Q="words as typed" prints the cite entry), then make check.'
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.desk.add_source", description=__doc__.splitlines()[0])
    parser.add_argument("--file", default="", help="the article's text (UTF-8), copied into seeds/ byte for byte")
    parser.add_argument("--id", default="", help="the new source's id, e.g. src-outlet-topic")
    parser.add_argument("--outlet", default="", help="the outlet as the text shows it, or unknown")
    parser.add_argument("--kind", default="", help="news report, analysis, opinion, advocacy or other")
    parser.add_argument("--title", default="", help="the headline as the text gives it (default: unknown)")
    parser.add_argument("--published", default="", help="YYYY-MM-DD as the text gives it (default: unknown)")
    parser.add_argument("--note", default="", help="optional note on how the outlet, date... were identified")
    parser.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
    parser.add_argument("--interactive", action="store_true", help="ask for missing values even outside a terminal")
    args = parser.parse_args(argv)
    args.root = args.root or project_root()
    # What the command line gave (make passes every variable, empty when not set).
    args.given = {name for name in FIELDS if getattr(args, name)}
    args.markup_accepted = False
    if args.interactive or sys.stdin.isatty():
        have = known(args.root)
        if isinstance(have, Known):
            _ask(args, args.root, have)
    problems, summary = add(args, args.root)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("make add-source: nothing was written.", file=sys.stderr)
        return 1
    if not args.markup_accepted and (warning := markup_warning(args.file)):
        print(warning, file=sys.stderr)
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
