"""`make add-source FILE=article.txt ID=src-... OUTLET=... KIND=...`: take in a new source in one step.

Copies the text into seeds/ byte for byte (named like the others: a running number and the
start of its SHA-256) and appends its record to data/sources.yaml, with the SHA-256 of those
bytes, so that `make check` notices if the seed ever changes (explainer/validate.py). Nothing the
command line does not give is guessed: title and published stay `unknown` unless given. Every
value is checked before anything is written; the seed and the data file are each written to a
temporary file and renamed into place, the data file only if it still is what was read. Missing
values are asked for when the command runs in a terminal (or with --interactive).

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
from pathlib import Path

from . import atomic, typography
from .load import UNSAFE, load_table
from .problems import DataError
from .validate import Paths, load_records

ROOT = Path(__file__).resolve().parent.parent
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_NUMBERED = re.compile(r"^(\d+)_")


def kinds(root: Path) -> list[str]:
    schema = json.loads((root / "data" / "schema" / "sources.schema.json").read_text(encoding="utf-8"))
    return list(schema["items"]["properties"]["kind"]["enum"])


def seed_name(seed_dir: Path, digest: str) -> str:
    """The next running number and the first 16 hex digits of the seed's SHA-256."""
    numbers = [int(m.group(1)) for f in seed_dir.glob("*.txt") if (m := _NUMBERED.match(f.name))]
    return f"{max(numbers, default=-1) + 1:03d}_{digest[:16]}.txt"


def record_text(fields: dict[str, str]) -> str:
    """The record as data/sources.yaml writes its records: one double-quoted value a line."""
    lines = []
    for i, (key, value) in enumerate(fields.items()):
        lines.append(f"{'- ' if i == 0 else '  '}{key}: {typography.yaml_double_quoted(value)[0]}\n")
    return "".join(lines)


def _problems(args: argparse.Namespace, root: Path) -> tuple[list[str], bytes]:
    """Everything wrong with the request (empty when it can be done), and the text's bytes."""
    problems: list[str] = []
    data = b""
    source = Path(args.file) if args.file else None
    if source is None:
        problems.append("FILE is missing: give the article's text file, e.g. FILE=article.txt")
    elif not source.is_file():
        problems.append(f"FILE={args.file}: no such file")
    else:
        data = source.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"FILE={args.file}: is not UTF-8 (byte {exc.start}); save it as UTF-8 and try again")
        else:
            if not text.strip():
                problems.append(f"FILE={args.file}: is empty")
    if not args.id:
        problems.append("ID is missing: give the new source's id, e.g. ID=src-outlet-topic")
    elif not SLUG.match(args.id) or len(args.id) > 80:
        problems.append(f"ID={args.id}: an id is a lowercase slug (a-z, 0-9, single hyphens), e.g. src-outlet-topic")
    if not args.outlet:
        problems.append("OUTLET is missing: give the outlet as the text shows it, or OUTLET=unknown")
    for name in ("outlet", "title", "note"):
        value = getattr(args, name) or ""
        if name != "note" and (len(value) > 300 or "\n" in value):
            problems.append(f"{name.upper()}: one line of at most 300 characters")
        if UNSAFE.search(value):
            problems.append(f"{name.upper()}: holds a control character; remove it")
    allowed = kinds(root)
    if args.kind not in allowed:
        problems.append(f"KIND={args.kind or ''}: must be one of: {', '.join(allowed)}")
    if args.published != "unknown":
        try:
            dt.date.fromisoformat(args.published)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.published):
                raise ValueError
        except ValueError:
            problems.append(f"PUBLISHED={args.published}: write a real date as YYYY-MM-DD, or leave it out (unknown)")
    return problems, data


def _taken(root: Path, args: argparse.Namespace, digest: str) -> list[str]:
    """An id already used by any record, or the same text already a seed."""
    problems = []
    try:
        loaded = load_records(Paths(root))
    except DataError as exc:
        return [str(p) for p in exc.problems]
    for raw in loaded.every:
        if raw.data.get("id") == args.id:
            problems.append(f"ID={args.id}: already the id of a record in {raw.path}:{raw.mark()[0]}; choose another")
    for name, seed in loaded.seeds.items():
        if not isinstance(seed, UnicodeDecodeError) and seed.sha256 == digest:
            problems.append(f"FILE={args.file}: seeds/{name} already has exactly these bytes; cite that source")
    return problems


def _write_new(path: Path, data: bytes, expect: bytes | None = None) -> None:
    """Write through a temporary file and rename it into place; with `expect`, only if the file
    still holds those bytes, and without, only if there is no such file yet."""

    def unchanged(_: Path) -> str:
        current = path.read_bytes() if path.exists() else None
        if current != expect:
            raise FileExistsError(f"{path} changed while make add-source ran" if expect else f"{path} already exists")
        return ""

    atomic.replace(path, data, path.stat().st_mode & 0o7777 if path.exists() else 0o644, unchanged)


def _ask(args: argparse.Namespace, root: Path) -> None:
    """Ask for what the command line left out."""
    prompts = [
        ("file", "Text file of the article: "),
        ("id", "Id of the new source (src-...): "),
        ("outlet", "Outlet as the text shows it (or unknown): "),
        ("kind", f"Kind ({', '.join(kinds(root))}): "),
    ]
    for name, prompt in prompts:
        while not getattr(args, name):
            try:
                setattr(args, name, input(prompt).strip())
            except EOFError:
                return


def add(args: argparse.Namespace, root: Path) -> tuple[list[str], str]:
    """Add the source; returns the reasons it was refused (nothing written then) or a summary."""
    problems, data = _problems(args, root)
    digest = hashlib.sha256(data).hexdigest()
    problems += _taken(root, args, digest if data else "")
    if problems:
        return problems, ""
    seeds, table = root / "seeds", root / "data" / "sources.yaml"
    name = seed_name(seeds, digest)
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
    parser = argparse.ArgumentParser(prog="python -m explainer.add_source", description=__doc__.splitlines()[0])
    parser.add_argument("--file", default="", help="the article's text (UTF-8), copied into seeds/ byte for byte")
    parser.add_argument("--id", default="", help="the new source's id, e.g. src-outlet-topic")
    parser.add_argument("--outlet", default="", help="the outlet as the text shows it, or unknown")
    parser.add_argument("--kind", default="", help="news report, analysis, opinion, advocacy or other")
    parser.add_argument("--title", default="", help="the headline as the text gives it (default: unknown)")
    parser.add_argument("--published", default="", help="YYYY-MM-DD as the text gives it (default: unknown)")
    parser.add_argument("--note", default="", help="optional note on how the outlet, date... were identified")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this one)")
    parser.add_argument("--interactive", action="store_true", help="ask for missing values even outside a terminal")
    args = parser.parse_args(argv)
    args.published = args.published or "unknown"
    if args.interactive or sys.stdin.isatty():
        _ask(args, args.root)
    problems, summary = add(args, args.root)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("make add-source: nothing was written.", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
