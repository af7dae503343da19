"""Limits a data file must keep before it reaches the YAML parser, so that no file can crash it.

libyaml's composer (PyYAML's C loader) recurses once per level of nesting on the C stack: about
30,000 nested collections overflow an 8 MB stack and the process dies with a segmentation fault,
without a message (measured: 20,000 levels pass, 30,000 crash, flow `[[[…]]]` and block `- - -`
alike). Scanning flow nesting also takes time that grows as the square of its depth (20,000
levels: 4 s). The pure-Python parser, our fallback, recurses in Python and raises RecursionError
at a few hundred levels. So every file is measured first:

- nesting: at most MAX_DEPTH collections inside one another, counting the file's own list. The
  real data nests 6 deep (the list, a disagreement, its sides, a side, its cites, a cite); 100 is
  far above that and far below any parser's trouble. (Once parsed, load.py allows a record no
  more than 16 levels: the pre-parse limit needs room for its cheap bound, below.)
- a file: at most MAX_FILE_BYTES. The largest real file is 39 KB, the 10,000-claim benchmark's
  2.8 MB and the 30,000-claim benchmark's 8.5 MB (positions.yaml); 32 MiB leaves room for about
  110,000 claims and bounds the parser's time (about 6 s) and memory.
- values: at most MAX_NODES in a file (each text, number, list and mapping counts one). libyaml
  builds the whole file's node tree before a value is looked at, some hundreds of bytes of memory
  a node: a 31 MiB file of one flow list `[x, x, x, ...]` is ten million nodes, gigabytes of
  memory and ten million problems, where the bytes alone pass the file limit. Real files hold one
  node per 14 to 73 bytes (the 30,000-claim benchmark's positions.yaml: about 190,000 nodes in
  8.5 MB; the real data 1,700 at most); 1,000,000 is five times the benchmark's largest file.
  `node_bound` (a few C-speed counts) gives a number never below the node count; only past the
  limit does `too_many_nodes` count the parser's events (which keep nothing). With these limits
  a check stays within the memory bound tests/test_hostile.py measures (error-yaml-31mib-flow-line).
- problems: at most MAX_FILE_PROBLEMS from one file; then the file is not read further (and counts
  as unread: what follows from it is held back). A million values that are each wrong (a list of
  a million bare words) would otherwise print a million lines and keep them all in memory
  (measured: 1,000,000 problems, 810 MB and a minute). An editor's slip makes a few problems;
  200 is far more than anyone fixes before checking again.
- a value: at most MAX_VALUE_CHARS characters (checked by load.py on each value it builds: a
  value's length is only known once parsed, and parsing a long value is linear). The longest real
  value is 548 characters, the longest any schema allows 4,000 (text); 16,384 is four times that.

The nesting check must cost nothing on ordinary files, because the loader is on the benchmark's
hot path. `depth_bound` gives, from a few C-speed string operations, a number that is never
below the file's real nesting; only when that bound passes MAX_DEPTH does `deepest` read the
parser's event stream (which does not recurse) and find the real depth and where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

MAX_DEPTH = 100
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_FILE_PROBLEMS = 200
MAX_VALUE_CHARS = 16_384
# A seed is one article's text: the largest real one is 9.6 KB. 8 MiB is far above any article and
# bounds what a seed costs: its text and its folded copy in memory, and the search for the closest
# passage when an excerpt is not found.
MAX_SEED_BYTES = 8 * 1024 * 1024
# Past the limit, the event stream is read on up to this depth to say how deep a file goes.
_COUNT_UP_TO = 10 * MAX_DEPTH

# The scan works on the file's bytes (UTF-8, already checked), where counting and searching are
# fastest. YAML (1.1, as libyaml reads it) also breaks lines at a lone CR, NEL (U+0085), LS and PS
# (U+2028, U+2029): a file with one of those is left to the exact count.
_ODD_BREAKS = (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
# A line's indentation and block indicators ('- ', '? ', ': ', tabs, a BOM, which libyaml skips
# at a line start). A block collection starts at one of these or right after them, so its column
# is at most the length of this prefix; each level of block nesting needs one more column, except
# a sequence that is a mapping's value, which may share its key's column: if no line has a prefix
# of K characters, block depth <= 2 * K. To find such a line with one fast search, every byte
# that may be in a prefix becomes a space (the BOM's three bytes too, wherever they are: that can
# only make prefixes look longer).
_AS_SPACE = bytes.maketrans(b"\t?:-\xef\xbb\xbf", b" " * 7)
_PREFIXES = [(2 * k, b"\n" + b" " * k) for k in (20, 30, 45)]
# A flow collection that holds no other collection, no comment and no line break, whose entries
# are each one plain scalar or one quoted scalar without escapes ("a", [x, y], {k: v}). Whatever
# the text around it, its brackets are either both real or both inside some scalar or comment,
# and when real it is closed where it seems to be (each entry is a whole token). At most one such
# collection is open at any point, so removing them all lowers the flow depth by at most 2 (the
# collection, and the one-pair mapping that a `key: value` entry of a flow sequence makes).
_NOT_IN_ITEM = rb"\[\]{}\n\r"
_ITEM = (
    rb"[ \t]*+(?:\"[^\"\\" + _NOT_IN_ITEM + rb"]*+\"[ \t]*+|'[^'" + _NOT_IN_ITEM + rb"]*+'[ \t]*+"
    rb"|[^\"'#!, \t" + _NOT_IN_ITEM + rb"][^\"'#!," + _NOT_IN_ITEM + rb"]*+)?"
)
# Two patterns, each starting with its bracket, so that the search skips to brackets at C speed.
# A match holds no other bracket, so each match is one opener fewer to count.
_SIMPLE_FLOW = {
    b"[": re.compile(rb"\[(?:" + _ITEM + rb",)*+" + _ITEM + rb"\]"),
    b"{": re.compile(rb"\{(?:" + _ITEM + rb",)*+" + _ITEM + rb"\}"),
}


# One pass keeps only the bytes the bound counts: brackets, CR, and the last bytes of NEL, LS and PS.
_KEEP = b"[{\r\x85\xa8\xa9"
_DROP = bytes(b for b in range(256) if b not in _KEEP)


def depth_bound(raw: bytes) -> int:
    """A number never below the deepest nesting of collections in the UTF-8 text `raw` (see the
    module doc), and on ordinary files far below MAX_DEPTH. Costs two C-speed passes over it."""
    kept = raw.translate(None, _DROP)
    opens = {b"[": kept.count(b"["), b"{": kept.count(b"{")}
    if len(kept) == opens[b"["] + opens[b"{"]:
        pass  # no CR, and no byte that could end a NEL, LS or PS
    elif any(b in raw for b in _ODD_BREAKS) or kept.count(b"\r") != raw.count(b"\r\n"):
        return MAX_DEPTH + 1
    spaced = raw.translate(_AS_SPACE)
    for block, long_prefix in _PREFIXES:  # noqa: B007 (the break keeps it for below)
        if long_prefix not in spaced and not spaced.startswith(long_prefix[1:]):
            break
    else:
        return MAX_DEPTH + 1  # a line indented 45 or more: only the parser can tell
    # Each '[' adds at most 2 levels (the sequence and the one-pair mapping a `[key: value]`
    # entry makes), each '{' at most 1.
    flow = 2 * opens[b"["] + opens[b"{"]
    if block + flow > MAX_DEPTH:
        for bracket, simple in _SIMPLE_FLOW.items():
            opens[bracket] -= len(simple.findall(raw))
        flow = 2 * opens[b"["] + opens[b"{"] + 2
    return block + flow


@dataclass(frozen=True)
class TooDeep:
    """Where a file first nests deeper than MAX_DEPTH, and how deep that part goes."""

    line: int  # 1-based, of the collection that passes the limit
    col: int
    record: int  # 1-based index of the top-level item it is in (0: not inside one)
    depth: int  # the deepest level reached there, counted up to _COUNT_UP_TO
    more: bool  # True when that part goes deeper still than `depth`

    def message(self) -> str:
        deep = f"more than {self.depth:,}" if self.more else f"{self.depth:,}"
        return f"is nested {deep} levels deep; the limit is {MAX_DEPTH}"


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NODE = (yaml.ScalarEvent, yaml.AliasEvent, *_OPEN)


def deepest(text: str, loader_class: type) -> TooDeep | None:
    """Read the parser's events (libyaml's or the pure-Python parser's: neither recurses) and
    return where nesting first passes MAX_DEPTH, or None. A syntax error ends the count early:
    the parser stops at the same place, and the loader reports it."""
    parser = loader_class(text)
    depth = record = 0
    found: list = []  # [mark, record, deepest so far]
    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            if isinstance(event, _NODE) and depth == 1:
                record += 1
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    if not found:
                        found = [event.start_mark, record, depth]
                    found[2] = max(found[2], depth)
                    if depth >= _COUNT_UP_TO:
                        break
            elif isinstance(event, _CLOSE):
                depth -= 1
                if found and depth < MAX_DEPTH:
                    break  # the part that went too deep is closed: enough to report
    except yaml.YAMLError:
        pass
    finally:
        if hasattr(parser, "dispose"):
            parser.dispose()
    if not found:
        return None
    mark, record, depth = found
    return TooDeep(mark.line + 1, mark.column + 1, record, depth, depth >= _COUNT_UP_TO)


# Every node but the first starts after one of these: a flow collection's opener or separator, a
# line break (CR and the last bytes of NEL, LS and PS included), or an indicator ('-' of a block
# entry, ':' of a value, '?' of a complex key) followed by a blank or a break. One such place
# starts at most three nodes: an entry `a: b` of a flow sequence is a mapping, a key and a value.
_STARTS = b",[{\n\r\x85\xa8\xa9"
_NOT_STARTS = bytes(b for b in range(256) if b not in _STARTS)
# For the indicators, one translation keeps what matters: each indicator becomes '-', a blank ' ',
# a break (CR, LF) '\n', and every other byte 'x'; then two counts find "- " and "-\n".
_VIEW_OF = {**dict.fromkeys(b"-:?", "-"), **dict.fromkeys(b" \t", " "), **dict.fromkeys(b"\r\n", "\n")}
_INDICATOR_VIEW = bytes(ord(_VIEW_OF.get(b, "x")) for b in range(256))


def node_bound(raw: bytes) -> int:
    """A number never below how many nodes the YAML text `raw` holds: none for a file too small
    to pass the limit (every place holds at least one byte), else `counted_node_bound`."""
    if 3 * (len(raw) + 2) <= MAX_NODES:
        return 3 * (len(raw) + 2)
    return counted_node_bound(raw)


def counted_node_bound(raw: bytes) -> int:
    """Three nodes for each place a node may start (tests/test_limits.py checks it against the
    parser), at the cost of a few C-speed passes."""
    view = raw.translate(_INDICATOR_VIEW)
    places = len(raw.translate(None, _NOT_STARTS)) + view.count(b"- ") + view.count(b"-\n")
    return 3 * (places + 2)  # the first node, and an indicator at the very end


@dataclass(frozen=True)
class TooMany:
    """Where a file's node count first passes MAX_NODES."""

    line: int
    col: int

    def message(self) -> str:
        return (
            f"holds more than {MAX_NODES:,} values, the limit for a data file "
            "(each text, number, list and mapping counts one)"
        )


def too_many_nodes(text: str, loader_class: type) -> TooMany | None:
    """Count the parser's node events (nothing is kept) up to MAX_NODES + 1; where the limit is
    passed, or None. A syntax error ends the count: the loader reports it."""
    parser = loader_class(text)
    count = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, _NODE):
                count += 1
                if count > MAX_NODES:
                    mark = event.start_mark
                    return TooMany(mark.line + 1, mark.column + 1) if mark else TooMany(1, 1)
    except yaml.YAMLError:
        pass
    finally:
        if hasattr(parser, "dispose"):
            parser.dispose()
    return None
