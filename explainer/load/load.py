"""Step 1: read data/*.yaml into plain values that remember where each came from.

We compose YAML nodes with libyaml (when present; about five times faster than the pure-Python
parser) and build the values ourselves instead of using PyYAML's constructor, because that
constructor silently keeps the last of two duplicate keys, follows aliases (an alias bomb) and
applies YAML 1.1's surprises (`NO` is false, `2025-11-17` a date, `010` eight). Here only
`true`/`false`, plain decimal integers and decimals, and `null`/`~`/empty are typed; every other
scalar stays the string the editor wrote, and the schema then says if a string was not wanted.
"""

from __future__ import annotations

import functools
import gc
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

import yaml

from .inputs import TOO_LARGE, Refused, read_input
from .limits import (
    MAX_DEPTH as MAX_NESTING,
    MAX_FILE_BYTES,
    MAX_FILE_PROBLEMS,
    MAX_NODES,
    MAX_VALUE_CHARS,
    deepest,
    depth_bound,
    node_bound,
    too_many_nodes,
)
from .problems import Problem, place, shown_path

Mark = tuple[int, int]  # 1-based line, column
FieldPath = tuple[Any, ...]  # e.g. ("cite", 0, "excerpt")

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
WITH_LIBYAML = _BaseLoader is not yaml.SafeLoader


def _loader_class(base: type) -> type:
    """A loader whose implicit types follow YAML 1.2's core schema, strictly."""

    class Loader(base):
        yaml_implicit_resolvers: ClassVar[dict] = {}

        def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:  # value: str for a scalar
            # PyYAML's resolve runs for each of the 270,000 scalars of 10,000 claims and also
            # looks for wildcard and path resolvers, which we never have: this is its lean half.
            if kind is _ScalarNode:
                if implicit[0]:
                    for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):  # '' for ''
                        if regexp.match(value):
                            return tag
                return _STR
            return _SEQ if kind is _SequenceNode else _MAP

    for tag, regexp, first in [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("tag:yaml.org,2002:int", r"^(?:0|-?[1-9][0-9]*)$", "-0123456789"),
        ("tag:yaml.org,2002:float", r"^-?(?:0|[1-9][0-9]*)\.[0-9]+$", "-0123456789"),
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ]:
        Loader.add_implicit_resolver(tag, re.compile(regexp), list(first))
    return Loader


_Loader = _loader_class(_BaseLoader)
PurePythonLoader = _loader_class(yaml.SafeLoader)  # the fallback, and the reference in tests


# Characters no value may hold (validate.py reports each with its place): bidirectional controls
# can make text read differently from what it is (CVE-2021-42574), and other control characters
# have no business in prose.
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
UNSAFE = re.compile(f"{BIDI.pattern}|{CONTROL.pattern}")
# What a reader does not see: whitespace of any kind (no-break, em, ideographic spaces, line
# separators) and Unicode's default-ignorable code points (zero-width spaces and joiners, soft
# hyphen, variation selectors, fillers), plus the blank braille pattern. A text made only of these
# shows as nothing (validate.py refuses it).
_INVISIBLE = (
    "\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
VISIBLE = re.compile(f"[^{_INVISIBLE}]")
# The YAML reader itself refuses raw control characters other than tab, LF, CR and NEL (U+0085),
# so a value can hold one of UNSAFE only if the file has NEL or a bidi control as it is, or a
# double-quoted escape that writes one (\0 \a \b \e \f \v \N \x.. \u.... \U........).
_RAW_UNSAFE = "\x85\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_ESCAPE_UNSAFE = re.compile(r"\\[0abefvNxuU]")


def _may_hold_unsafe(text: str) -> bool:
    """Whether any value of this file can hold a character in UNSAFE (tests/test_load.py tries
    each one, raw and escaped). Twenty milliseconds for 10 MB, against 130 for every value."""
    return any(c in text for c in _RAW_UNSAFE) or _ESCAPE_UNSAFE.search(text) is not None


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SCALARS: dict[str, Callable[[str], Any]] = {
    _STR: str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:bool": lambda v: v.lower() == "true",
    "tag:yaml.org,2002:null": lambda v: None,
}
MAX_DEPTH = 16


@dataclass(frozen=True)
class RawRecord:
    """One record as the editor wrote it, with the position of every value and key."""

    table: str
    path: str
    index: int
    data: dict[str, Any]
    marks: dict[FieldPath, Mark] = field(repr=False)  # value positions; () is the record itself
    key_marks: dict[FieldPath, Mark] = field(repr=False)  # positions of mapping keys

    def mark(self, path: FieldPath = ()) -> Mark:
        """The position of the value at `path`, or of its nearest enclosing value."""
        while path not in self.marks:
            path = path[:-1]
        return self.marks[path]


@dataclass(frozen=True)
class TableFile:
    table: str
    path: str
    records: tuple[RawRecord, ...]
    # False when no value of this file can hold a character in UNSAFE, so the validator need
    # not look at each value (see _may_hold_unsafe).
    may_hold_unsafe: bool = True
    # With load_dir's `check`: for each record, whether the check found nothing wrong.
    passed: tuple[bool, ...] = ()
    # Whether a record of the file could not be built (an alias, a key given twice, ...): the ids
    # it holds are unknown, so what refers to them is held back like a file not read at all.
    rejected: bool = False


class _Reject(Exception):
    def __init__(self, node: yaml.Node, message: str, fix: str):
        self.node, self.message, self.fix = node, message, fix


def _mark(node: yaml.Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node tree into values, recording marks and refusing what we never want.

    This walk runs for every value of every record, so it is written for speed: a mapping's scalar
    values (most of a record) are built in the mapping's own loop instead of one call each, and
    alias tracking is skipped (`seen` is None) for a file without any '*', which cannot hold an alias.
    The checks and their order are those of one plain recursive walk.
    """

    def __init__(self, seen: set[int] | None) -> None:
        self.seen = seen  # node ids of the whole file: a node met twice came through an alias
        self.marks: dict[FieldPath, Mark] = {}
        self.key_marks: dict[FieldPath, Mark] = {}
        self.stray: list[tuple[yaml.ScalarNode, str]] = []  # (value, its key): see _stray_quote

    def note_stray(self, node: yaml.ScalarNode, key: str) -> None:
        """Remember a plain (unquoted) value that ends with a '"' nothing opens (an odd count)."""
        if not node.style and node.value.count('"') % 2:
            self.stray.append((node, key))

    def build(self, node: yaml.Node, path: FieldPath, depth: int = 0, parent: yaml.Node | None = None) -> Any:
        seen = self.seen
        if seen is not None:
            if id(node) in seen:  # libyaml gives an alias no position of its own: name its container
                raise _Reject(
                    parent or node,
                    "uses an alias (*name)",
                    "write the value out in full; anchors and aliases are not allowed in data files",
                )
            seen.add(id(node))
        if depth > MAX_DEPTH:
            raise _Reject(
                node, f"is nested more than {MAX_DEPTH} levels deep", "records are flat; remove the extra nesting"
            )
        start = node.start_mark
        self.marks[path] = (start.line + 1, start.column + 1)
        if isinstance(node, _ScalarNode):
            if len(node.value) > MAX_VALUE_CHARS:
                raise _too_long(node)
            if node.value[-1:] == '"' and node.tag == _STR:
                self.note_stray(node, "")
            return _scalar(node)
        if isinstance(node, _SequenceNode):
            if node.tag != _SEQ:
                raise _Reject(node, f"has the tag {node.tag!r}", "remove the '!' tag")
            return [self.build(item, (*path, i), depth + 1, node) for i, item in enumerate(node.value)]
        if node.tag != _MAP:
            raise _Reject(node, f"has the tag {node.tag!r}", "remove the '!' tag")
        out: dict[str, Any] = {}
        marks, key_marks = self.marks, self.key_marks
        inner = depth + 1
        cap = MAX_VALUE_CHARS
        for key_node, value_node in node.value:
            if not isinstance(key_node, _ScalarNode) or key_node.tag == _MERGE:
                raise _Reject(key_node, "has a key that is not a plain name", "use plain field names such as 'id:'")
            key = key_node.value
            if len(key) > cap:
                raise _too_long(key_node)
            if key in out:
                first = key_marks[(*path, key)]
                raise _Reject(
                    key_node,
                    f"has the key {key!r} twice (first at line {first[0]})",
                    "keep one of the two; YAML would silently drop the first",
                )
            key_start = key_node.start_mark
            key_marks[(*path, key)] = (key_start.line + 1, key_start.column + 1)
            if isinstance(value_node, _ScalarNode) and seen is None and inner <= MAX_DEPTH:
                start = value_node.start_mark
                marks[(*path, key)] = (start.line + 1, start.column + 1)
                value = value_node.value
                if len(value) > cap:
                    raise _too_long(value_node)
                if value_node.tag == _STR:
                    out[key] = value
                    if value[-1:] == '"':  # the one test every value pays: the rest only for these
                        self.note_stray(value_node, key)
                else:
                    out[key] = _scalar(value_node)
            else:
                out[key] = self.build(value_node, (*path, key), inner, node)
        return out


def _too_long(node: yaml.ScalarNode) -> _Reject:
    return _Reject(
        node,
        f"holds a value of {len(node.value):,} characters; the limit is {MAX_VALUE_CHARS:,}",
        "shorten it: a field holds a claim's words, not a document (explainer/load/limits.py says why)",
    )


def _scalar(node: yaml.ScalarNode) -> Any:
    make = _SCALARS.get(node.tag)
    if make is None:
        raise _Reject(node, f"has the tag {node.tag!r}", "remove the '!!' tag; plain values are enough")
    try:
        return make(node.value)
    except ValueError:
        raise _Reject(node, f"is not a valid value for {node.tag}", "quote it to make it a string") from None


_ScalarNode, _SequenceNode = yaml.ScalarNode, yaml.SequenceNode
_MERGE = "tag:yaml.org,2002:merge"


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building many small containers makes the cyclic collector run over and over for nothing.

    Every collection walks all live containers, so with it running a load grows faster than
    linearly. Our values hold no reference cycles; the collector runs again when the pause ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _decode(raw: bytes, path: str, problems: list[Problem]) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        problems.append(
            Problem(path, line, col, f"is not UTF-8 (byte 0x{raw[exc.start]:02x})", fix="save the file as UTF-8")
        )
        return None
    return text.removeprefix("\ufeff")


# The live preview regenerates in one long-running process after every edit, which usually
# touches one file: a file whose bytes are what they were last time is not parsed again.
# Nothing downstream changes a RawRecord or its data, so sharing them between runs is safe.
_MEMO: dict[tuple[str, str, type], tuple[bytes, TableFile | None, tuple[Problem, ...]]] = {}
_MEMO_FILES = 64


def read_data(file: Path, rel: str, problems: list[Problem], root: Path | None = None) -> bytes | None:
    """A data file's bytes, or None with the problem when it may not be read: not a regular file
    inside the project `root` (default: the folder that holds data/), or past the size limit,
    which holds before a byte is parsed (explainer/load/inputs.py)."""
    raw = read_input(file, root if root is not None else file.parent.parent, MAX_FILE_BYTES)
    if raw is TOO_LARGE:
        problems.append(
            Problem(
                rel,
                1,
                1,
                f"is larger than {MAX_FILE_BYTES:,} bytes, the limit for a data file",
                fix="a table this size is not hand-made facts: check that the right file was saved "
                "here (explainer/load/limits.py says why the limit is what it is)",
            )
        )
        return None
    if isinstance(raw, Refused):
        problems.append(Problem(rel, 1, 1, raw.message, fix=raw.fix))
        return None
    return raw


def load_table(
    file: Path, rel: str, problems: list[Problem], loader_class: type = _Loader, root: Path | None = None
) -> TableFile | None:
    """Read one data file; append its problems and return None if it cannot be used."""
    raw = read_data(file, rel, problems, root)
    if raw is None:
        return None
    return parse_table(file, raw, rel, problems, loader_class)


def parse_table(
    file: Path, raw: bytes, rel: str, problems: list[Problem], loader_class: type = _Loader
) -> TableFile | None:
    """A data file's records from its bytes (read_data); append its problems and return None if
    it cannot be used."""
    key = (str(file), rel, loader_class)
    memo = _MEMO.get(key)
    if memo is not None and memo[0] == raw:
        problems.extend(memo[2])
        return memo[1]
    found: list[Problem] = []
    with gc_paused():  # composing makes hundreds of thousands of nodes: no cycles to look for
        loaded = _load_table(file, raw, rel, found, loader_class)
    problems.extend(found)
    _MEMO.pop(key, None)
    while len(_MEMO) >= _MEMO_FILES:
        del _MEMO[next(iter(_MEMO))]
    _MEMO[key] = (raw, loaded, tuple(found))
    return loaded


def _load_table(file: Path, raw: bytes, rel: str, problems: list[Problem], loader_class: type) -> TableFile | None:
    table = file.stem
    text = _decode(raw, rel, problems)
    if text is None:
        return None
    if not text.strip() or all(ln.lstrip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        problems.append(
            Problem(rel, 1, 1, "is empty", fix="write the records as a YAML list, or '[]' for a table with none")
        )
        return None
    markers = _conflict_markers(text, rel)
    if markers:
        problems.extend(markers)
        return None
    # Two shapes no editor writes, each found by a cheap C-speed bound first and the parser's
    # events only past it: nesting too deep, and too many values in one file.
    for bound, limit, exact, fix in (
        (
            depth_bound,
            MAX_NESTING,
            deepest,
            "remove the extra brackets or indentation: a record's fields hold text, numbers, or lists of "
            "small mappings",
        ),
        (
            node_bound,
            MAX_NODES,
            too_many_nodes,
            "a data file holds records an editor wrote: check that the right file was saved here "
            "(explainer/load/limits.py says why the limit is what it is)",
        ),
    ):
        found = exact(text, loader_class) if bound(raw) > limit else None
        if found is not None:
            record = getattr(found, "record", 0)
            problems.append(
                Problem(
                    rel, found.line, found.col, found.message(), record=place(record - 1) if record else "", fix=fix
                )
            )
            return None
    loader = None
    try:
        loader = loader_class(text)
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:  # a character no YAML file may hold, such as U+0001
        # The first character the reader refuses is the first occurrence of that character (the
        # position it gives counts bytes in libyaml and characters in PyYAML, so we look it up).
        index = max(0, text.find(chr(exc.character)))
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        problems.append(
            Problem(
                rel,
                line,
                col,
                f"contains the control character U+{exc.character:04X}, which a YAML file may not hold",
                fix="delete it (most editors do not show it)",
            )
        )
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "quoted scalar" in (exc.context or ""):
            mark = exc.context_mark  # where the quotation that never closes begins
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "is not valid YAML"
        fix = "check the indentation and quoting on this line"
        lines = text.splitlines()
        opened = _unclosed_quote(lines, line)
        keyless = _keyless_line(lines, exc) if "expected ':'" in problem or _ran_on(problem, lines, exc) else None
        early = closed_early(lines[line - 1]) if line <= len(lines) else None
        if "\t" in (lines[line - 1] if line <= len(lines) else ""):
            fix = "indent with spaces, not tabs"
        elif keyless is not None:
            line, col, name = keyless
            fix = f"line {line} has no ':' after its field name: write `{name}: ...`"
        elif opened is not None and opened != line:
            fix = f'line {opened} opens a quotation mark (") it never closes: close it there'
        elif early is not None:
            problems.append(
                Problem(
                    rel,
                    line,
                    early[1] + 1,
                    f"{CLOSED_EARLY} ends the text early",
                    fix="write the seed's curly quotes “ ”, or \\\" for a straight one",
                )
            )
            return None
        problems.append(Problem(rel, line, col, f"is not valid YAML: {problem}", fix=fix))
        return None
    finally:
        if loader is not None and hasattr(loader, "dispose"):
            loader.dispose()
    if not isinstance(root, yaml.SequenceNode):
        line, col = _mark(root) if root is not None else (1, 1)
        problems.append(
            Problem(rel, line, col, "is not a list of records", fix="start every record with '- ' at the left margin")
        )
        return None
    records = []
    rejected = False
    seen: set[int] | None = set() if "*" in text else None  # no '*', no alias
    for index, node in enumerate(root.value):
        builder = _Builder(seen)
        try:
            data = builder.build(node, ())
        except _Reject as rej:
            line, col = _mark(rej.node)
            problems.append(Problem(rel, line, col, rej.message, record=place(index), fix=rej.fix))
            if stop_at(problems, rel, root.value, index):
                return None
            rejected = True
            continue
        if not isinstance(data, dict):
            line, col = _mark(node)
            problems.append(
                Problem(
                    rel,
                    line,
                    col,
                    "is not a record (a mapping of fields)",
                    record=place(index),
                    fix="write 'field: value' lines under '- '",
                )
            )
            if stop_at(problems, rel, root.value, index):
                return None
            rejected = True
            continue
        problems.extend(_stray_quote(rel, index, node, key) for node, key in builder.stray)
        records.append(RawRecord(table, rel, index, data, builder.marks, builder.key_marks))
    return TableFile(table, rel, tuple(records), _may_hold_unsafe(text), rejected=rejected)


def _stray_quote(rel: str, index: int, node: yaml.ScalarNode, key: str) -> Problem:
    """An unquoted value that ends with a quotation mark nothing opens (`role: US official"`):
    YAML keeps the mark as part of the text, so it would reach the pages. The record is kept; the
    run fails with this problem."""
    line, col = _mark(node)
    bare = node.value[:-1].strip()
    quoted = f"'{bare}'" if '"' in bare else f'"{bare}"'
    shown = f"{key}: {quoted}" if key else quoted
    return Problem(
        rel,
        line,
        col,
        f'ends with a quotation mark (") that nothing opens, so it is part of the text: {node.value!r}',
        record=place(index),
        fix=f"put the value in quotation marks at both ends ({shown}), or in single quotes if the mark is the text's",
    )


def _unclosed_quote(lines: list[str], line: int, reach: int = 30) -> int | None:
    """The line, at or above `line` (1-based, within `reach` lines), whose value opens a double
    quotation mark it does not close: YAML reads on into the next lines and fails further down."""
    for number in range(min(line, len(lines)), max(0, line - reach), -1):
        text = lines[number - 1]
        value = text.split(": ", 1)[1] if ": " in text else text.lstrip(" -")
        if value.lstrip().startswith('"') and _quotes(value) % 2 == 1:
            # ...and not closed on a later line before the error (a quotation may span lines)
            later = sum(_quotes(lines[n]) for n in range(number, min(line, len(lines))))
            return number if later % 2 == 0 else None
    return None


CLOSED_EARLY = 'a straight quotation mark (") inside a text in double quotes'  # ...ends it early
_KEYLESS = re.compile(r"(?P<lead> *(?:- +)?)(?P<name>[A-Za-z_][\w-]*)(?: .*)?")
_MARKER = re.compile(r"^(?:<{7}|>{7}|\|{7})(?: .*)?$|^={7}\r?$", re.MULTILINE)


def _keyless_line(lines: list[str], exc: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """Where a field name has no ':' after it (`role "US official"`), as (line, column, name):
    YAML reads such a line on into the next and says "could not find expected ':'" there. The
    line to name is where the key YAML was scanning starts (its context mark), else the last line
    above with text; either way only if it is a name, maybe a space and a value, and no ':'."""
    if exc.context_mark is not None:
        number = exc.context_mark.line + 1
    elif exc.problem_mark is not None:
        above = [n for n in range(exc.problem_mark.line, 0, -1) if lines[n - 1].strip()[:1] not in ("", "#")]
        number = above[0] if above else 0
    else:
        return None
    if not 0 < number <= len(lines):
        return None
    text = lines[number - 1].rstrip("\r")
    found = _KEYLESS.fullmatch(text)
    if found is None or ":" in text.split(" #", 1)[0]:
        return None
    if exc.context_mark is not None and exc.context_mark.column != len(found["lead"]):
        return None
    return number, len(found["lead"]) + 1, found["name"]


def _ran_on(problem: str, lines: list[str], exc: yaml.MarkedYAMLError) -> bool:
    """Whether YAML read a line without ':' on into the next line's field (`- id "a"`, then
    `  name: ...`): it says "mapping values are not allowed" right after that field's colon,
    the first of its line (a second colon in a value, `text: a: b`, is another slip)."""
    mark = exc.problem_mark
    if "mapping values are not allowed" not in problem or mark is None or not 0 <= mark.line < len(lines):
        return False
    first = lines[mark.line].find(":")
    return first >= 0 and mark.column in (first, first + 1)  # at the colon (libyaml) or just after it


def closed_early(text: str) -> tuple[int, int] | None:
    """Where a double-quoted value opens and where a straight quotation mark ends it early (both
    0-based in `text`) when the value goes on with more marks after that one (`excerpt: ""Ideally..."
    said ..."`), else None."""
    value = text.split(": ", 1)[1] if ": " in text else text.lstrip(" -")
    start = len(text) - len(value.lstrip())
    if not text[start:].startswith('"'):
        return None
    index = start + 1
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == '"':
            return (start, index) if '"' in text[index + 1 :].split(" #", 1)[0] else None
        index += 1
    return None


def _conflict_markers(text: str, rel: str) -> list[Problem]:
    """Each line a git merge left in the file (`<<<<<<< HEAD`, `=======`, `>>>>>>> branch`), as a
    problem: YAML would fail on the line after one with a message that names neither. A file with
    no `<<<<<<<` or `>>>>>>>` line has none (a lone `=======` may be a text's)."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return []
    found = list(_MARKER.finditer(text))
    if not any(m[0][0] in "<>" for m in found):
        return []
    fix = "keep the version you want between the markers and delete the marker lines"
    return [
        Problem(rel, text.count("\n", 0, m.start()) + 1, 1, "is a merge-conflict marker left by git", fix=fix)
        for m in found[:MAX_FILE_PROBLEMS]
    ]


def _quotes(text: str) -> int:
    return text.count('"') - text.count('\\"')


def stop_at(found: list[Problem], rel: str, items: list, index: int) -> bool:
    """Whether a file stops being read after its item `index` (the problem that says so added):
    once it has MAX_FILE_PROBLEMS problems and items remain. A file so wrong is seldom the file
    meant to be there, and its problems would flood the terminal and memory (explainer/load/limits.py);
    the file then counts as unread, so what only follows from it is held back."""
    if len(found) < MAX_FILE_PROBLEMS or index + 1 >= len(items):
        return False
    item = items[index + 1]
    line, col = item.mark() if isinstance(item, RawRecord) else _mark(item)
    found.append(
        Problem(
            rel,
            line,
            col,
            f"is not read past here: the {len(found):,} problems above are the most one file reports",
            fix="fix those first (a file this wrong is often not the file meant to be here), then check again",
        )
    )
    return True


Check = Callable[[RawRecord], list[Problem]]


def check_records(
    loaded: TableFile, check: Check, found: list[Problem], passed_before: Callable[[RawRecord], bool] = lambda r: False
) -> TableFile | None:
    """`loaded` with `passed` set by running `check` on each record (one `passed_before` says
    passed already is not checked again); its problems join `found`. None when the file stops
    being read (stop_at)."""
    passed = []
    for index, raw in enumerate(loaded.records):
        if passed_before(raw):
            passed.append(True)
            continue
        problems = check(raw)
        found.extend(problems)
        passed.append(not problems)
        if problems and stop_at(found, loaded.path, list(loaded.records), index):
            return None
    return replace(loaded, passed=tuple(passed))


def _size(file: Path) -> int:
    """How much work a file is, to share files between processes (an odd file: none)."""
    try:
        info = file.stat()
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _load_checked(file: Path, rel: str, root: Path, check: Check | None) -> tuple[TableFile | None, list[Problem]]:
    found: list[Problem] = []
    loaded = load_table(file, rel, found, root=root)
    if loaded is not None and check is not None:
        loaded = check_records(loaded, check, found)
    return loaded, found


def _to_marshal(result: tuple[TableFile | None, list[Problem]]) -> tuple:
    loaded, found = result
    records = (
        None
        if loaded is None
        else (
            loaded.table,
            loaded.path,
            tuple((r.index, r.data, r.marks, r.key_marks) for r in loaded.records),
            loaded.may_hold_unsafe,
            loaded.passed,
            loaded.rejected,
        )
    )
    return records, tuple(astuple(p) for p in found)


def _from_marshal(value: tuple) -> tuple[TableFile | None, list[Problem]]:
    records, found = value
    loaded = None
    if records is not None:
        table, path, rows, may_hold_unsafe, passed, rejected = records
        built = tuple(RawRecord(table, path, *row) for row in rows)
        loaded = TableFile(table, path, built, may_hold_unsafe, passed, rejected)
    return loaded, [Problem(*p) for p in found]


T = TypeVar("T")


class Spread(Protocol):
    """How load_dir runs its tasks (one per data file): every task's result, in task order.
    `weights` say how much work each task is, `encode` and `decode` carry a result between
    processes (as marshal can)."""

    def __call__(
        self,
        tasks: Sequence[Callable[[], T]],
        weights: Sequence[float],
        encode: Callable[[T], Any],
        decode: Callable[[Any], T],
    ) -> list[T]: ...


def in_order(
    tasks: Sequence[Callable[[], T]],
    weights: Sequence[float],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
) -> list[T]:
    """The plain way: each task here, one after the other."""
    return [task() for task in tasks]


def load_dir(
    data_dir: Path, root: Path, problems: list[Problem], spread: Spread = in_order, check: Check | None = None
) -> list[TableFile]:
    """Every data/*.yaml file, in name order (so output never depends on the file system).

    `check`, if given, runs on each record of a file as soon as the file is loaded; its problems
    join `problems`, and the file's `passed` says which records had none. `spread` runs the
    files' tasks: in order here by default; the one door to the scale machinery
    (explainer/scale/fast.py) hands in a second process that takes files (largest first) while
    this one does, with the same result."""
    files = sorted(data_dir.glob("*.yaml"))
    rels = [shown_path(file, root) for file in files]
    tasks = [functools.partial(_load_checked, file, rel, root, check) for file, rel in zip(files, rels, strict=True)]
    weights = [float(_size(file)) for file in files]
    tables = []
    for loaded, found in spread(tasks, weights, _to_marshal, _from_marshal):
        problems.extend(found)
        if loaded is not None:
            tables.append(loaded)
    return tables
