"""Re-parse only the records an edit touched, for the live preview.

An editor's save usually changes one record of one data file; parsing that whole file again (8.5 MB
of positions at 30,000 claims) took about a second. Here the old and the new bytes are compared:
the first and the last byte that differ lie within a run of whole records, and only those
records are parsed again, as a YAML document of their own; the records before keep their
objects, those after are moved by the lines and records the edit added or removed.

This gives what a full parse gives only where it is certain to, and otherwise returns None (the
caller then parses the whole file): the old file loaded without a problem and every one of its
records starts with `- ` at the left margin (so each such line is a record's start); the
re-parsed records load without a problem, one per such line; the file has no line break that is
not LF (YAML also counts CR, NEL, U+2028 and U+2029, and line numbers would shift). Those
records begin at the start of an unchanged record and end just before an unchanged one, and they
parse as a document of their own: so the parser reaches the records after them in the state it
reached them in before, and reads them as it did.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from ..load.load import FieldPath, Mark, RawRecord, TableFile, _load_table, _Loader, _may_hold_unsafe

_START = re.compile(rb"^-(?=[ \n])", re.M)  # a line that starts a record of the root list
_OTHER_BREAKS = (b"\r", "\x85".encode(), "\u2028".encode(), "\u2029".encode())
_DOCUMENT = re.compile(rb"^(?:---|\.\.\.|%)", re.M)  # document markers and directives


def starts(data: bytes) -> list[int]:
    """Byte offsets of the lines that start with `- ` (or are a lone `-`)."""
    return [m.start() for m in _START.finditer(data)]


def _common_prefix(a: bytes, b: bytes) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # a[:lo] == b[:lo] holds; halve the rest (memcmp on slices: fast for megabytes)
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _moved(raw: RawRecord, lines: int, records: int) -> RawRecord:
    if not lines and not records:
        return raw

    def shift(marks: dict[FieldPath, Mark]) -> dict[FieldPath, Mark]:
        return {path: (line + lines, col) for path, (line, col) in marks.items()}

    return RawRecord(raw.table, raw.path, raw.index + records, raw.data, shift(raw.marks), shift(raw.key_marks))


def reparse(
    file: Path, rel: str, old: bytes, old_starts: list[int], table: TableFile, new: bytes
) -> tuple[TableFile, list[int]] | None:
    """The file as parsing `new` whole would load it, and its record starts; None where unsure.

    `table` is what `old` loaded to, without any problem; `old_starts` are starts(old)."""
    records = table.records
    if not old_starts or len(old_starts) != len(records) or any(r.index != i for i, r in enumerate(records)):
        return None
    if any(mark in new for mark in _OTHER_BREAKS):
        return None
    p = _common_prefix(old, new)
    if p == len(old) == len(new):
        return table, old_starts
    s = _common_suffix(old, new, min(len(old), len(new)) - p)
    i = bisect.bisect_left(old_starts, p) - 1  # the last record starting before the first change
    if i < 0:
        return None
    start = old_starts[i]
    j = bisect.bisect_right(old_starts, len(old) - s)  # the first record starting after the last change
    end_old = old_starts[j] if j < len(old_starts) else len(old)
    end_new = end_old + len(new) - len(old)
    chunk = new[start:end_new]
    head = new[: old_starts[0]]
    if not chunk.startswith((b"- ", b"-\n")) or _DOCUMENT.search(chunk) or _DOCUMENT.search(head):
        return None
    found: list = []
    part = _load_table(file, chunk, rel, found, _Loader)
    chunk_starts = starts(chunk)
    if found or part is None or len(part.records) != len(chunk_starts):
        return None
    lines = new.count(b"\n", 0, start)
    added_lines = chunk.count(b"\n") - old.count(b"\n", start, end_old)
    added = len(part.records) - (j - i)
    merged = (
        records[:i]
        + tuple(_moved(r, lines, i) for r in part.records)
        + tuple(_moved(r, added_lines, added) for r in records[j:])
    )
    # Whether a value may hold an unsafe character: if the old file could not, only the new
    # records can (see load._may_hold_unsafe); otherwise look at the whole new text.
    unsafe = _may_hold_unsafe(new.decode("utf-8")) if table.may_hold_unsafe else part.may_hold_unsafe
    new_starts = old_starts[:i] + [start + c for c in chunk_starts] + [o + len(new) - len(old) for o in old_starts[j:]]
    return TableFile(table.table, rel, merged, unsafe), new_starts
