"""What the fuzz tests feed the front door: the mini fixture's files, mutated by Hypothesis.

An example is the fixture's data/*.yaml and seeds/*.txt (as bytes) after one to three mutations:
a record with a field dropped, duplicated, retyped, renamed or emptied (written out again as
YAML); a YAML fragment (anchors, tags, directives, indicators, deep nesting, huge scalars) or
hostile Unicode (controls, NUL, bidi marks, lone surrogates, line and paragraph separators, BOMs)
put into a file's text; bytes that are not UTF-8, a BOM, CRLF line ends or a truncation (a
half-saved file); a file removed, emptied or added. Seeds are mutated the same ways, and so are
the schema files (data/schema/*.schema.json), which also get JSON-level mutations (a keyword
dropped or retyped, "items" removed, a $ref that leads nowhere, a pattern that is not one). Any
file, and the seeds folder itself, may also become something that is not a file of the project
(`Odd`): a folder, a named pipe, a link to /dev/zero, to /etc/passwd or to nothing, a link to
another file of the project, a file nobody may read.

Two Hypothesis profiles: `fast` (derandomized, a few hundred examples; `make test`) and `long`
(10,000 examples, a new random seed each run; `make fuzz`). FUZZ_PROFILE picks one.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, settings, strategies as st

from explainer.load import load

from .sitebuild import FIXTURE, ROOT

_SUPPRESSED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
for _name, _examples, _derandomize in (("fast", "300", True), ("long", "10000", False)):
    settings.register_profile(
        _name,
        max_examples=int(os.environ.get("FUZZ_EXAMPLES", _examples)),
        derandomize=_derandomize,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=_SUPPRESSED,
    )
PROFILE = os.environ.get("FUZZ_PROFILE", "fast")
settings.load_profile(PROFILE)


def regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def keep_regular(folder: str, names: list[str]) -> list[str]:
    """For shutil.copytree's ignore: what is neither a folder, a link nor a regular file (copying a
    named pipe would block)."""
    return [
        n
        for n in names
        if not (Path(folder) / n).is_symlink() and not Path(folder, n).is_dir() and not regular(Path(folder) / n)
    ]


@dataclass(frozen=True)
class Odd:
    """Something other than a file of the project where a file (or the seeds folder) should be:
    `kind` is one of ODD_KINDS; `raw`, for "unreadable", the bytes of the file nobody may read;
    `target`, for "link-inside", the project file the link leads to."""

    kind: str
    raw: bytes = b""
    target: str = ""


ODD_KINDS = ["folder", "fifo", "link-devzero", "link-passwd", "dangling", "link-inside", "unreadable"]
SEEDS_DIR_KINDS = ["missing", "file", "link-elsewhere"]

Files = dict[str, bytes | Odd]  # project-relative path -> content; "seeds": the folder itself (Odd only)


def fixture_files() -> dict[str, bytes]:
    files = {f"data/{f.name}": f.read_bytes() for f in sorted((FIXTURE / "data").glob("*.yaml"))}
    files.update({f"seeds/{f.name}": f.read_bytes() for f in sorted((FIXTURE / "seeds").glob("*.txt"))})
    files.update(
        {f"data/schema/{f.name}": f.read_bytes() for f in sorted((ROOT / "data" / "schema").glob("*.schema.json"))}
    )
    return files


FIXTURE_FILES = fixture_files()
DATA = sorted(k for k in FIXTURE_FILES if k.startswith("data/") and k.endswith(".yaml"))
SEEDS = sorted(k for k in FIXTURE_FILES if k.startswith("seeds/"))
SCHEMAS = sorted(k for k in FIXTURE_FILES if k.startswith("data/schema/"))


def _records(rel: str) -> list:
    problems: list = []
    table = load.load_table(FIXTURE / rel, rel, problems)
    assert table is not None and not problems, problems
    return [raw.data for raw in table.records]


RECORDS = {rel: _records(rel) for rel in DATA}

# Characters that have tripped parsers, validators and renderers somewhere.
HOSTILE_CHARS = [
    "\x00",
    "\x01",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u061c",
    "\u200b",
    "\u200e",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
    "\U0001f4a9",
    "\u0301",
    "\t",
    "\r",
    "\r\n",
    "\n",
    "\\",
    "<",
    ">",
    "&",
    '"',
    "'",
    "`",
    "|",
    "[",
    "]",
    "{",
    "}",
    "#",
    "*",
    "!",
    "%",
    "@",
    ":",
    "-",
    "?",
    ",",
]
YAML_FRAGMENTS = [
    "&a ",
    "*a",
    "&a [1, 2]",
    "[*a, *a]",
    "<<: *a",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "!t ",
    "!!str ",
    "!!int 1",
    "%YAML 1.1\n",
    "%TAG ! tag:x.org,2000:\n",
    "---\n",
    "...\n",
    "? ",
    ": ",
    "- ",
    "|\n",
    ">-\n",
    "|+\n  x\n",
    "'",
    '"',
    "''",
    '"\\x00"',
    '"\\u202e"',
    '"\\N"',
    '"\\ud800"',
    '"\\U0010ffff"',
    "\\",
    "#",
    " #",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "NO",
    "on",
    "~",
    "null",
    "2025-02-30",
    "010",
    "0x1f",
    "1:30",
    "1_000",
    ".inf",
    "-.nan",
    "1e400",
    "{",
    "}",
    "[",
    "]",
    "[]",
    "{}",
    "{a: b, a: c}",
    "[a: b]",
    "{? a}",
    "- - - x",
    ": : :",
    "id: x",
    "cite: []",
    "cite: [{source: src-one, excerpt: x}]",
    "status: disputed",
    "superseded_by: italy",
    "records: [italy]",
    "<script>alert(1)</script>",
    "[x](javascript:x)",
    "{: onclick=x }",
    "<!--",
    "javascript:alert(1)",
    "https://",
    "\ufeff",
    "\u202e",
    "\x85",
]
BAD_BYTES = [
    b"\xff",
    b"\xfe",
    b"\xc3",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\x80",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\x00",
    b"\xe2\x80\xa8",
    b"\xc2\x85",
]
# Depths around the nesting limit (100) and the ones that crashed libyaml (30,000 and more), and
# sizes around the schemas' longest text (4,000) and the value limit (16,384). The long profile
# also tries the costly extremes.
DEPTHS = [15, 17, 99, 100, 101, 1_000, 30_000] + ([60_000, 100_000] if PROFILE == "long" else [])
SIZES = [4_000, 4_001, 16_384, 16_385, 100_000] + ([1_100_000] if PROFILE == "long" else [])
# Text that is valid data but must reach the page as text only (the inert-* entries' kind).
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<!--",
    "{: onclick=alert(1) }",
    "<iframe src=https://example.org>",
    "![i](https://example.org/i.png)",
    "# heading",
    "| a | b |",
    "[^1]",
    "`code`",
    "*a* _b_ **c**",
    "&amp; &#60;b&#62;",
    "\\[x\\]",
    "<svg onload=alert(1)>",
    "<a href='javascript:x'>x</a>",
    "Italy’s 1,500 troops – ‘x’",
    "́́",
    "<style>*{}</style>",
    "<base href=//evil>",
    "javascript:alert(1)",
    "</div></article>",
    "]]>",
]
FREE_TEXT = {"name", "description", "summary", "context", "topic", "label", "title", "outlet", "claim", "text"}


def nested(kind: str, depth: int) -> str:
    return {
        "flow": "[" * depth + "]" * depth,
        "open": "[" * depth,
        "map": "{a: " * depth + "x" + "}" * depth,
        "block": "- " * depth + "x",
        "quoted": '["]", ' * depth + "x" + "]" * depth,
    }[kind]


fragments = st.one_of(
    st.sampled_from(YAML_FRAGMENTS),
    st.sampled_from(HOSTILE_CHARS),
    st.text(st.characters(exclude_categories=()), max_size=40),  # any code point, surrogates too
    st.lists(st.sampled_from(HOSTILE_CHARS + YAML_FRAGMENTS), max_size=12).map("".join),
    st.builds(nested, st.sampled_from(["flow", "open", "map", "block", "quoted"]), st.sampled_from(DEPTHS)),
    st.builds(lambda ch, n: ch * n, st.sampled_from(["a", "é", "\u202e", " ", "\n", "[", "'"]), st.sampled_from(SIZES)),
)

values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        fragments,
        st.sampled_from(["", "unknown", "italy", "src-one", "current", "superseded", "disputed", "2025-11-17"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["source", "excerpt", "x"]), inner, max_size=3)
    ),
    max_leaves=6,
)


class Raw(str):
    """YAML text to write as it is (a fragment, a deep nesting), not as a quoted string."""


def _emit_value(value) -> str:
    """One value as YAML: JSON (a subset of YAML) for everything, so that any text survives."""
    if isinstance(value, Raw):
        return value
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


def emit_records(records: list, duplicate: str | None = None) -> str:
    """Records as a YAML list, one `key: value` line per field (duplicate: that key written twice)."""
    out = ["# yaml-language-server: $schema=schema/x.schema.json"]
    for record in records:
        if not isinstance(record, dict):
            out.append(f"- {_emit_value(record)}")
            continue
        first = True
        for key, value in record.items():
            lines = [(key, value)] + ([(key, value)] if key == duplicate else [])
            for k, v in lines:
                name = k if isinstance(k, str) and k.isidentifier() else _emit_value(k)
                out.append(f"{'- ' if first else '  '}{name}: {_emit_value(v)}")
                first = False
        if first:
            out.append("- {}")
    return "\n".join(out) + "\n"


@st.composite
def record_mutation(draw, files: Files) -> None:
    """Drop, duplicate, retype, rename or empty one field of one record (or add, drop, copy a record)."""
    rel = draw(st.sampled_from(DATA))
    records = [dict(r) if isinstance(r, dict) else r for r in (RECORDS[rel] or [])]
    op = draw(
        st.sampled_from(
            [
                "drop",
                "duplicate",
                "retype",
                "rename",
                "empty",
                "add_field",
                "copy_record",
                "drop_record",
                "nest",
                "payload",
                "payload",
                "raw",
                "raw",
            ]
        )
    )
    duplicate = None
    if records:
        i = draw(st.integers(0, len(records) - 1))
        record = records[i]
        keys = list(record)
        key = draw(st.sampled_from(keys)) if keys else "id"
        if op == "drop":
            record.pop(key, None)
        elif op == "duplicate":
            duplicate = key
        elif op == "retype":
            record[key] = draw(values)
        elif op == "rename":
            record[draw(st.sampled_from(["ID", "id ", "cites", "note", "", "x" * 300, "id\u200b", key.upper()]))] = (
                record.pop(key, None)
            )
        elif op == "empty":
            record[key] = draw(st.sampled_from(["", [], {}, None, " ", "\u200b"]))
        elif op == "add_field":
            record[draw(st.sampled_from(["note", "url", "superseded_by", "zzz"]))] = draw(values)
        elif op == "copy_record":
            records.append(dict(record))
        elif op == "drop_record":
            records.pop(i)
        elif op == "payload":  # a free-text field set to markup or any printable text: often still valid
            key = draw(st.sampled_from(sorted(FREE_TEXT & set(keys)) or keys))
            record[key] = draw(
                st.one_of(
                    st.sampled_from(PAYLOADS),
                    st.lists(st.sampled_from(PAYLOADS), min_size=2, max_size=4).map(" ".join),
                    st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf")), min_size=1, max_size=60),
                )
            )
        elif op == "raw":  # YAML text as the value itself: nesting, anchors, tags, indicators
            record[key] = Raw(draw(fragments).replace("\n", "\n  "))
        elif op == "nest":
            record[key] = draw(
                st.recursive(st.just(record.get(key)), lambda x: st.lists(x, min_size=1, max_size=1), max_leaves=40)
            )
    files[rel] = (
        emit_records(records, duplicate)
        .replace("schema/x.", f"schema/{Path(rel).stem}.")
        .encode("utf-8", "surrogatepass")
    )


@st.composite
def text_mutation(draw, files: Files) -> None:
    """Put a fragment into a file's bytes, or replace or delete a piece of them (an offset may fall
    inside a character: more bytes that are not UTF-8)."""
    rel = draw(st.sampled_from(sorted(k for k, v in files.items() if isinstance(v, bytes)) or ["data/new.yaml"]))
    raw = files.get(rel, b"")
    assert isinstance(raw, bytes)
    at = draw(st.integers(0, len(raw)))
    end = draw(st.integers(at, min(len(raw), at + 40)))
    fragment = draw(fragments).encode("utf-8", "surrogatepass")  # a lone surrogate: bytes that are not UTF-8
    op = draw(st.sampled_from(["insert", "replace", "delete"]))
    files[rel] = raw[:at] + (b"" if op == "delete" else fragment) + raw[end if op != "insert" else at :]


@st.composite
def byte_mutation(draw, files: Files) -> None:
    """Bytes an editor or a tool can leave behind: not UTF-8, a BOM, CRLF, a truncated save."""
    rel = draw(st.sampled_from(sorted(k for k, v in files.items() if isinstance(v, bytes)) or ["data/new.yaml"]))
    raw = files.get(rel, b"")
    assert isinstance(raw, bytes)
    op = draw(st.sampled_from(["bad_bytes", "bom", "crlf", "cr", "truncate", "empty", "remove", "duplicate_file"]))
    if op == "bad_bytes":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.sampled_from(BAD_BYTES)) + raw[at:]
    elif op == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif op == "crlf":
        raw = raw.replace(b"\n", b"\r\n")
    elif op == "cr":
        raw = raw.replace(b"\n", b"\r")
    elif op == "truncate":
        raw = raw[: draw(st.integers(0, max(0, len(raw) - 1)))]
    elif op == "empty":
        raw = b""
    elif op == "remove":
        files.pop(rel, None)
        return
    elif op == "duplicate_file":
        if rel.startswith("data/schema/"):
            name = draw(st.sampled_from(["zones.schema.json", "unknown.schema.json", "common.schema.json.bak"]))
        elif rel.startswith("data/"):
            name = draw(st.sampled_from(["unknown.yaml", "actors.yml", "zones.yaml", "changes.yaml"]))
        else:
            name = draw(st.sampled_from(["three.txt", "one.txt.bak"]))
        files[f"{rel.rsplit('/', 1)[0]}/{name}"] = raw
        return
    files[rel] = raw


def _json_nodes(node, path=()):
    """Every object of a JSON document, with its path."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _json_nodes(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _json_nodes(value, (*path, i))


# Values a schema keyword may be set to: wrong types, refs that lead nowhere, patterns that are
# not regular expressions (none that backtracks for ever: a schema's pattern is trusted code).
SCHEMA_VALUES = [
    None,
    True,
    0,
    -1,
    "",
    "string",
    "array",
    "object",
    "nonsense",
    [],
    {},
    ["string", "null"],
    "common.schema.json#/$defs/nope",
    "nowhere.schema.json#/$defs/slug",
    "#/$defs/slug",
    "common.schema.json#/",
    "(",
    "[a-",
    "\\",
    "^x$",
    "(?P<a>",
    "\ud800",
    {"type": "array"},
    {"$ref": "common.schema.json#/$defs/cite"},
]
SCHEMA_KEYS = ["type", "items", "properties", "required", "$ref", "pattern", "enum", "minLength", "$defs", "x"]


@st.composite
def schema_mutation(draw, files: Files) -> None:
    """Change one keyword of one schema file (parsed as JSON and written out again)."""
    rel = draw(st.sampled_from(SCHEMAS))
    raw = files.get(rel)
    if not isinstance(raw, bytes):
        return
    try:
        doc = json.loads(raw)
    except ValueError:
        return
    nodes = list(_json_nodes(doc))
    if not nodes:
        return
    _, node = draw(st.sampled_from(nodes))
    key = draw(st.sampled_from(sorted(node) + SCHEMA_KEYS))
    if draw(st.booleans()):
        node.pop(key, None)
    else:
        node[key] = draw(st.sampled_from(SCHEMA_VALUES))
    files[rel] = json.dumps(doc, indent=draw(st.sampled_from([None, 2])), ensure_ascii=False).encode(
        "utf-8", "surrogatepass"
    )


@st.composite
def odd_mutation(draw, files: Files) -> None:
    """A data file, seed or schema (or a new name beside them) becomes something else than a file of
    the project; or the seeds folder itself goes, becomes a file, or is a link to another place."""
    if draw(st.integers(0, 5)) == 0:
        files["seeds"] = Odd(draw(st.sampled_from(SEEDS_DIR_KINDS)))
        return
    rel = draw(st.sampled_from([*sorted(files), "data/extra.yaml", "seeds/extra.txt", "data/schema/x.schema.json"]))
    if rel == "seeds":
        return
    kind = draw(st.sampled_from(ODD_KINDS))
    current = files.get(rel)
    raw = current if isinstance(current, bytes) else b""
    targets = sorted(k for k, v in files.items() if isinstance(v, bytes) and k != rel)
    target = draw(st.sampled_from(targets)) if kind == "link-inside" and targets else ""
    files[rel] = Odd(kind, raw, target)


@st.composite
def examples(draw) -> Files:
    """The fixture after one to three mutations (or none: the clean fixture must pass too)."""
    files: Files = dict(FIXTURE_FILES)
    for _ in range(draw(st.integers(0, 3))):
        draw(
            st.one_of(
                record_mutation(files),
                text_mutation(files),
                byte_mutation(files),
                schema_mutation(files),
                odd_mutation(files),
            )
        )
    return files
