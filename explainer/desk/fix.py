"""`make fix`: rewrite excerpts that differ from their seed only in typography to the seed's exact words.

An excerpt typed with straight quotes, " - " or plain spaces where the article has curly
quotes, "—" or U+202F is not verbatim, so `make check` rejects it. When the excerpt's words are
in its seed once typography is ignored (the equivalences of `make find`, explainer/load/typography.py),
this rewrites just that value in the data file to the seed's exact text: the value's span in the
file is replaced and every other byte stays (comments, order, indentation, quoting style; a
double-quoted value writes invisible characters as escapes such as "\\u202f"). Quote texts
(quotes.yaml `text`) follow the same rule. Excerpts whose words differ are left alone, for the
usual error. Each file is checked after the edit (it must load to the same records but for the
values fixed) and replaced atomically; what changed is printed as a diff. Clean data: nothing
is written.

A file that cannot be read because a straight quotation mark ends a double-quoted text early
(`excerpt: ""Ideally..." said ..."`) is mended first when that is safe: the line's inner marks are
escaped, and only if the file then reads and the text has its seed's words is it rewritten, to
the seed's exact words (`requote`); otherwise it is left, with the check's message.

Exit status: 0 when every excerpt is verbatim afterwards, 1 when problems remain (printed as
`make check` prints them), 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..check.validate import Loaded, Paths, cross_check, load_records
from ..load import typography
from ..load.limits import MAX_FILE_PROBLEMS
from ..load.load import CLOSED_EARLY, RawRecord, closed_early, load_table, parse_table
from ..load.problems import DataError, Problem
from ..load.seeds import Seed, fold
from ..project import ROOT_HELP, project_root
from ..publish import atomic


@dataclass(frozen=True)
class Fix:
    """One value to rewrite: where it is (record, field path) and the seed's exact words for it."""

    path: str  # the data file, relative to the project
    record: int  # index of the record in the file's list
    field: tuple[Any, ...]  # e.g. ("cite", 0, "excerpt")
    old: str
    new: str


def _excerpts(raw: RawRecord) -> Iterator[tuple[tuple[Any, ...], str, list[Any]]]:
    """Every checked text of a record: its field path, its value, and the sources it must be in."""
    data = raw.data
    places: list[tuple[tuple[Any, ...], Any]] = []
    for i, cite in enumerate(data.get("cite") or []):
        places.append((("cite", i), cite))
    for s, side in enumerate(data.get("sides") or []):
        if isinstance(side, dict):
            for i, cite in enumerate(side.get("cite") or []):
                places.append((("sides", s, "cite", i), cite))
    for path, cite in places:
        if isinstance(cite, dict) and isinstance(cite.get("excerpt"), str):
            yield (*path, "excerpt"), cite["excerpt"], [cite.get("source")]
    if raw.table == "quotes" and isinstance(data.get("text"), str):
        yield ("text",), data["text"], [c.get("source") for _, c in places if isinstance(c, dict)]


def find_fixes(root: Path) -> tuple[list[Fix], Loaded]:
    """Every excerpt (and quote text) that is not verbatim but has its seed's words, and the
    data as loaded to find them."""
    loaded = load_records(Paths(root))
    seed_of = _seed_ids(loaded)
    fixes = []
    for file in loaded.files:
        for raw in file.records:
            for field, value, sources in _excerpts(raw):
                exact = _seed_words(loaded, seed_of, value, sources)
                if exact is not None and exact != value:
                    fixes.append(Fix(raw.path, raw.index, field, value, exact))
    return fixes, loaded


def _seed_words(loaded: Loaded, seed_of: dict[str, Any], value: str, sources: list[Any]) -> str | None:
    """The seed's exact words for `value` when they differ from it in typography only (`value`
    itself when it is verbatim), else None (no seed, or other words)."""
    found = [loaded.seeds.get(seed_of.get(s, "")) for s in sources if isinstance(s, str)]
    seeds = [s for s in found if isinstance(s, Seed)]
    if any(s.contains(value) for s in seeds):
        return value
    for seed in seeds:
        spans = typography.find_all(value, seed.text)
        if spans:
            exact = fold(seed.text[spans[0][0] : spans[0][1]])
            return exact if seed.contains(exact) else None
    return None


def _seed_ids(loaded: Loaded) -> dict[str, Any]:
    return {
        raw.data["id"]: raw.data.get("seed")
        for raw in loaded.every
        if raw.table == "sources" and isinstance(raw.data.get("id"), str)
    }


def requote(root: Path, loaded: Loaded) -> tuple[list[str], int]:
    """Mend the data files that cannot be read because a straight quotation mark ends a
    double-quoted text early (`excerpt: ""Ideally..." said ..."`, explainer/load/load.py): each such
    line's inner marks are escaped, and the text then becomes its seed's exact words (curly
    quotes). A file is rewritten only when it then reads, and every text mended so is verbatim in
    its seed; only those lines change. Returns the diffs (or why a file was left) and how many
    texts were rewritten."""
    seed_of = _seed_ids(loaded)
    diffs, count = [], 0
    for rel in sorted({p.path for p in loaded.problems if p.path in loaded.unread and CLOSED_EARLY in p.message}):
        file = root / rel
        raw = file.read_bytes()
        mended = _requoted(file, rel, raw.decode("utf-8"), loaded, seed_of)
        if mended is None:
            continue
        new_text, n = mended

        def unchanged(_: Path, file: Path = file, raw: bytes = raw, rel: str = rel) -> str:
            return "" if file.read_bytes() == raw else f"{rel}: left as it was: it changed while make fix ran\n"

        text = raw.decode("utf-8")
        refused = atomic.replace(file, new_text.encode("utf-8"), file.stat().st_mode & 0o7777, unchanged)
        diff = "".join(
            difflib.unified_diff(
                text.splitlines(keepends=True), new_text.splitlines(keepends=True), f"a/{rel}", f"b/{rel}"
            )
        )
        diffs.append(refused or diff + _invisible_note(diff))
        count += 0 if refused else n
    return diffs, count


def _requoted(file: Path, rel: str, text: str, loaded: Loaded, seed_of: dict[str, Any]) -> tuple[str, int] | None:
    """`text` with every double-quoted text a straight mark ended early written as its seed's
    exact words, and how many; None when that cannot be done safely."""
    lines = text.splitlines(keepends=True)
    mended: set[int] = set()
    for _ in range(MAX_FILE_PROBLEMS):
        found: list[Problem] = []
        table = parse_table(file, "".join(lines).encode("utf-8"), rel, found)
        early = [p for p in found if CLOSED_EARLY in p.message]
        if table is not None:
            break
        if len(early) != 1 or early[0].line in mended:
            return None  # another kind of problem, or this line again: not ours to mend
        escaped = _escaped(lines[early[0].line - 1])
        if escaped is None:
            return None
        lines[early[0].line - 1] = escaped
        mended.add(early[0].line)
    else:
        return None
    fixes = []
    for raw in table.records:
        for field, value, sources in _excerpts(raw):
            line = raw.mark(field)[0]
            if line not in mended:
                continue
            exact = _seed_words(loaded, seed_of, value, sources)
            if exact is None:
                return None  # the words are not the seed's: leave the line for the editor
            fixes.append(Fix(rel, raw.index, field, value, exact))
            mended.discard(line)
    if mended:
        return None  # a mended line that holds no excerpt or quote text
    new_text = rewrite("".join(lines), fixes)
    after = parse_table(file, new_text.encode("utf-8"), rel, [])
    if after is None or [r.data for r in after.records] != _expected(table.records, fixes):
        return None
    before, now = text.splitlines(), new_text.splitlines()
    if len(before) != len(now) or sum(a != b for a, b in zip(before, now, strict=True)) != len(fixes):
        return None
    return new_text, len(fixes)


def _escaped(line: str) -> str | None:
    """`line` with the straight marks inside its double-quoted value escaped: the value opens
    where load.closed_early says and ends at the line's last mark (a comment may follow)."""
    body = line.rstrip("\r\n")
    found = closed_early(body)
    end = body.rfind('"')
    rest = body[end + 1 :]
    if found is None or (rest.strip() and not rest.lstrip().startswith("#")):
        return None
    start = found[0]
    inner = re.sub(r'(?<!\\)((?:\\\\)*)"', r'\1\\"', body[start + 1 : end])
    return body[: start + 1] + inner + body[end:] + line[len(body) :]


def _node_at(root: yaml.Node | None, record: int, field: tuple[Any, ...]) -> yaml.ScalarNode:
    assert root is not None, "a fix in a file without records"
    node = root.value[record]
    for step in field:
        node = node.value[step] if isinstance(step, int) else next(v for k, v in node.value if k.value == step)
    assert isinstance(node, yaml.ScalarNode)
    return node


def _plain_ok(value: str) -> bool:
    """Whether `value` reads back as itself written plain after 'key: '."""
    try:
        return "\n" not in value and yaml.safe_load(f"key: {value}\n") == {"key": value}
    except yaml.YAMLError:
        return False


def scalar(value: str, style: str | None) -> str:
    """`value` written in the given YAML style, on one line (double-quoted where plain cannot hold it)."""
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style in (None, "") and _plain_ok(value):
        return value
    return typography.yaml_double_quoted(value)[0]


def rewrite(text: str, fixes: list[Fix]) -> str:
    """The file's text with each fixed value's span replaced (same style), nothing else touched."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    root = yaml.compose(body, Loader=yaml.SafeLoader)
    edits = []
    for fix in fixes:
        node = _node_at(root, fix.record, fix.field)
        start, end = node.start_mark.index, node.end_mark.index
        new = scalar(fix.new, node.style)
        if node.style in ("|", ">"):  # a block scalar's span takes in its line breaks: keep them
            span = body[start:end]
            new += span[len(span.rstrip()) :]
        edits.append((start, end, new))
    for start, end, new in sorted(edits, reverse=True):
        body = body[:start] + new + body[end:]
    return bom + body


def _expected(records: tuple[RawRecord, ...], fixes: list[Fix]) -> list[dict]:
    out = []
    for raw in records:
        data = raw.data
        for fix in fixes:
            if fix.record == raw.index:
                data = _replaced(data, fix.field, fix.new)
        out.append(data)
    return out


def _replaced(value: Any, path: tuple[Any, ...], new: str) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, list):
        return [_replaced(v, rest, new) if i == head else v for i, v in enumerate(value)]
    return {k: _replaced(v, rest, new) if k == head else v for k, v in value.items()}


def write_fixes(root: Path, fixes: list[Fix]) -> list[str]:
    """Apply the fixes file by file; returns the diffs. A file whose rewritten text would not
    load to exactly the intended records is left as it was (and said so)."""
    diffs = []
    for rel in sorted({f.path for f in fixes}):
        mine = [f for f in fixes if f.path == rel]
        file = root / rel
        raw = file.read_bytes()
        text = raw.decode("utf-8")
        new_text = rewrite(text, mine)

        check = functools.partial(_refusal, file, rel, mine, raw)
        refused = atomic.replace(file, new_text.encode("utf-8"), file.stat().st_mode & 0o7777, check)
        if refused:
            diffs.append(refused)
            continue
        diff = "".join(
            difflib.unified_diff(
                text.splitlines(keepends=True), new_text.splitlines(keepends=True), f"a/{rel}", f"b/{rel}"
            )
        )
        diffs.append(diff + _invisible_note(diff))
    return diffs


def _refusal(file: Path, rel: str, fixes: list[Fix], raw: bytes, rewritten: Path) -> str:
    """Why the rewritten file must not replace the editor's, or "" (its last look before the rename)."""
    before = load_table(file, rel, [])
    after = load_table(rewritten, rel, [])
    if before is None or after is None or [r.data for r in after.records] != _expected(before.records, fixes):
        return (
            f"{rel}: left as it was: the rewritten file would not read back as intended; "
            "fix these excerpts by hand (make find prints the exact words)\n"
        )
    if file.read_bytes() != raw:
        return f"{rel}: left as it was: it changed while make fix ran; run make fix again\n"
    return ""


def _invisible_note(diff: str) -> str:
    """Name the invisible characters the diff's new lines hold as they are (a plain or
    single-quoted value cannot escape them, so the diff alone would not show them)."""
    added = "".join(line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++"))
    seen = sorted({c for c in added if typography.needs_escape(c)})
    if not seen:
        return ""
    return "(the new lines hold, as characters: " + ", ".join(typography.describe(c) for c in seen) + ")\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.desk.fix", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
    args = parser.parse_args(argv)
    args.root = args.root or project_root()
    try:
        fixes, loaded = find_fixes(args.root)
        requoted, n = requote(args.root, loaded)
        for diff in requoted:
            print(diff, end="")
        if n:  # the mended files can now be read: look again
            fixes, loaded = find_fixes(args.root)
        if fixes or n:
            for diff in write_fixes(args.root, fixes):
                print(diff, end="")
            n += len(fixes)
            print(f"make fix: rewrote {n} value{'s' if n != 1 else ''} to the seed's exact words")
            loaded = load_records(Paths(args.root))  # files not rewritten are not parsed again (load.py)
        else:
            where = "in the files that could be read " if loaded.unread else ""
            print(
                f"make fix: nothing to rewrite {where}(no excerpt differs from its seed in typography only); "
                "nothing written"
            )
        # The files that could not be read come first, and what only follows from them is held back.
        error = DataError([*loaded.problems, *cross_check(loaded)], loaded.unread)
    except DataError as exc:
        error = exc
    if error.problems:
        print(error.report().replace("nothing was written.", "make fix left these for you."), file=sys.stderr)
        return 1
    print("ok: every excerpt is verbatim in its seed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
