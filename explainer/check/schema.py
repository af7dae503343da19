"""Step 2a: check each record against its table's JSON Schema (data/schema/<table>.schema.json).

The same schema files drive editors' YAML language servers (the modeline at the top of each data
file), so completion in the editor and `make check` can never disagree. jsonschema's messages are
written for programmers; `_explain` turns each into one sentence an editor can act on.

Speed: jsonschema walks every record in Python through `$ref` lookups (most of a naive run at
10,000 claims). Each table's schema is therefore also compiled, with its `$ref`s inlined, by
fastjsonschema into plain Python code. A record the compiled check accepts has no problem; only a
record it rejects goes through jsonschema's `iter_errors`, so the messages stay jsonschema's.
The compiled check may only be stricter, never more lenient (tests/test_schema_fast.py).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import fastjsonschema

from ..load.inputs import TOO_LARGE, Refused, read_input
from ..load.load import RawRecord
from ..load.problems import Problem, nearest

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


class _Validators(Mapping):
    """Table -> jsonschema validator, each made when first asked for.

    With clean data jsonschema is never needed, so neither importing it (a tenth of a second)
    nor building its validators is paid for then.
    """

    def __init__(self, items: dict[str, dict[str, Any]], docs: dict[str, Any]):
        self._items, self._docs = items, docs
        self._made: dict[str, Draft202012Validator] = {}
        self._registry: Any = None

    def __getitem__(self, table: str) -> Draft202012Validator:
        if table not in self._made:
            item = self._items[table]  # KeyError for an unknown table, as a dict would raise
            from jsonschema import Draft202012Validator
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT202012

            if self._registry is None:
                self._registry = Registry().with_resources(
                    (name, Resource.from_contents(doc, default_specification=DRAFT202012))  # a file without $schema
                    for name, doc in self._docs.items()
                )
            self._made[table] = Draft202012Validator(item, registry=self._registry)
        return self._made[table]

    def __contains__(self, table: object) -> bool:
        return table in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class _Compiled(Mapping):
    """Table -> its compiled check (fastjsonschema), where one can be compiled, each compiled when
    first asked for: a run that loads part of the tables in a second process compiles there the
    checks of its tables, not all of them before the work is shared (12 checks, 0.1 s at 10,000
    claims). Iterating compiles every one, to name those that compile."""

    def __init__(self, items: dict[str, dict[str, Any]], ids: dict[str, str], docs: dict[str, Any]):
        self._items, self._ids, self._docs = items, ids, docs
        self._made: dict[str, Callable[[Any], Any] | None] = {}

    def _make(self, table: str) -> Callable[[Any], Any] | None:
        if table not in self._made:
            self._made[table] = _compile(self._items[table], self._ids[table], self._docs)
        return self._made[table]

    def __getitem__(self, table: str) -> Callable[[Any], Any]:
        if table not in self._items or (compiled := self._make(table)) is None:
            raise KeyError(table)
        return compiled

    def __contains__(self, table: object) -> bool:
        return isinstance(table, str) and table in self._items and self._make(table) is not None

    def __iter__(self) -> Iterator[str]:
        return iter([table for table in self._items if self._make(table) is not None])

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class Schemas:
    validators: Mapping[str, Draft202012Validator]
    names: tuple[str, ...]
    fast: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)  # compiled checks, where possible
    items: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # table -> the schema of one record
    # What is wrong with the schema files themselves: each is a located problem, like bad data, and
    # a table whose schema cannot be used is left out of `items` (its records are not checked).
    problems: tuple[Problem, ...] = ()
    broken: frozenset[str] = frozenset()  # tables whose schema file could not be used
    shown_dir: str = "data/schema"  # how messages name the schema folder


def accepts(schemas: Schemas, table: str, name: str, value: Any) -> bool:
    """Whether `table`'s schema lets its field `name` hold `value` (the rest of a record aside):
    a hint names only what the field accepts."""
    prop = schemas.items.get(table, {}).get("properties", {}).get(name)
    if not isinstance(prop, dict) or table not in schemas.validators:
        return False
    return bool(schemas.validators[table].evolve(schema=prop).is_valid(value))


# Keywords whose meaning is the same in fastjsonschema's draft 7 and in draft 2020-12 for the
# values our loader produces. A schema using any other keyword is checked by jsonschema alone.
_SAME = {
    "type",
    "properties",
    "additionalProperties",
    "required",
    "pattern",
    "minLength",
    "maxLength",
    "enum",
    "const",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "if",
    "then",
    "else",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "description",
    "title",
    "$comment",
    "default",
    "examples",
}
_NOTES = {"description", "title", "$comment", "default", "examples"}


class _Unsupported(Exception):
    pass


def _inline(node: Any, base: str, docs: dict[str, Any], depth: int = 0) -> Any:
    """`node` with every `$ref` replaced by what it points to (our schemas have no recursion)."""
    if depth > 50:
        raise _Unsupported("recursive $ref")
    if isinstance(node, list):
        return [_inline(x, base, docs, depth + 1) for x in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("$ref", "$id", "$schema", "$defs"):
            continue
        if key not in _SAME:
            raise _Unsupported(key)
        if key in ("enum", "const"):
            values = value if key == "enum" else [value]
            if not all(isinstance(v, str) for v in values):
                raise _Unsupported("non-text enum")  # 1 == True in Python, not in JSON Schema
            out[key] = value
        elif key == "properties":
            out[key] = {k: _inline(v, base, docs, depth + 1) for k, v in value.items()}
        else:
            out[key] = _inline(value, base, docs, depth + 1)
    ref = node.get("$ref")
    if ref is None:
        return out
    file, _, pointer = ref.partition("#")
    target_doc = file or base
    target = docs[target_doc]
    for part in [p for p in pointer.split("/") if p]:
        target = target[part.replace("~1", "/").replace("~0", "~")]
    resolved = _inline(target, target_doc, docs, depth + 1)
    checks = {k: v for k, v in out.items() if k not in _NOTES}
    return {"allOf": [resolved, checks]} if checks else resolved


def _compile(item: dict[str, Any], base: str, docs: dict[str, Any]) -> Callable[[Any], Any] | None:
    try:
        return fastjsonschema.compile(_inline(item, base, docs), use_default=False, use_formats=False)
    except (_Unsupported, KeyError, TypeError, fastjsonschema.JsonSchemaDefinitionException):
        return None


_LOADED: dict[str, tuple[tuple[tuple[str, bytes], ...], Schemas]] = {}  # the live preview's last schemas


SCHEMA_LIMIT = 1 << 20  # bytes: today's largest schema is 4 KB


def load_schemas(schema_dir: Path, shown_dir: str = "data/schema", root: Path | None = None) -> Schemas:
    """Every data/schema/*.schema.json, checked as editor input: a file that is not a usable
    schema is a located problem (file:line:column, what is wrong, how to fix it), never a traceback.
    `root`: the project, by default the folder that holds data/."""
    root = root if root is not None else schema_dir.parent.parent
    problems: list[Problem] = []
    read: list[tuple[str, bytes]] = []
    refused: set[str] = set()  # schema files that may not be read: broken, like one that does not parse
    for path in sorted(schema_dir.glob("*.schema.json")) if schema_dir.is_dir() else ():
        raw = _read_schema(path, f"{shown_dir}/{path.name}", problems, root)
        if raw is not None:
            read.append((path.name, raw))
        else:
            refused.add(path.name)
    files = tuple(read)
    last = _LOADED.get(str(schema_dir))
    if last is not None and last[0] == files and not problems:
        return last[1]
    schemas = _load_schemas(files, shown_dir, problems, frozenset(refused))
    _LOADED.clear()
    _LOADED[str(schema_dir)] = (files, schemas)
    return schemas


def _read_schema(path: Path, shown: str, problems: list[Problem], root: Path) -> bytes | None:
    """A schema file's bytes, or None with the problem: only a regular file inside the project
    (explainer/load/inputs.py: no folder, pipe, device or link leaving it), within the limit."""
    raw = read_input(path, root, SCHEMA_LIMIT)
    if raw is TOO_LARGE:
        problems.append(
            Problem(
                shown,
                1,
                1,
                f"is larger than {SCHEMA_LIMIT:,} bytes, the most a schema may have",
                fix="a table's schema is a few kilobytes: check that the right file was saved here",
            )
        )
        return None
    if isinstance(raw, Refused):
        problems.append(Problem(shown, 1, 1, raw.message, fix=raw.fix))
        return None
    return raw


def _line_of(text: str, needle: str) -> tuple[int, int]:
    """Where `needle` first stands in a file's text (1-based line and column; 1:1 if nowhere)."""
    at = text.find(needle)
    if at < 0:
        return 1, 1
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _walk(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dict]]:
    """Every object in a JSON document, with where it is."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, i))


def _parse_schemas(
    files: tuple[tuple[str, bytes], ...], shown_dir: str, problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The JSON documents that parse, and each file's text (for locating problems in it)."""
    docs: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for name, raw in files:
        shown = f"{shown_dir}/{name}"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(shown, 1, 1, f"is not UTF-8 text (byte {exc.start})", fix="save it as UTF-8"))
            continue
        texts[name] = text
        if not text.strip():
            problems.append(Problem(shown, 1, 1, "is empty", fix="write the table's JSON Schema (copy another one)"))
            continue
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(shown, exc.lineno, exc.colno, f"is not valid JSON: {exc.msg}", fix="correct the JSON there")
            )
            continue
        except RecursionError:
            problems.append(Problem(shown, 1, 1, "nests too deep", fix="a schema needs a few levels, not hundreds"))
            continue
        if not isinstance(doc, dict):
            problems.append(
                Problem(
                    shown, 1, 1, f"is a JSON {type(doc).__name__}, not an object", fix="a schema is an object: {...}"
                )
            )
            continue
        docs[name] = doc
    return docs, texts


def _schema_faults(name: str, doc: dict, text: str, by_id: dict[str, Any], shown: str) -> list[Problem]:
    """What makes a parsed schema unusable: a record schema that is not one, a `$ref` that leads
    nowhere, a `pattern` that is not a regular expression."""
    import re as regex

    out = []
    if name != "common.schema.json":
        items = doc.get("items")
        if doc.get("type") != "array" or not isinstance(items, dict):
            line, col = _line_of(text, '"items"' if "items" in doc else '"type"')
            out.append(
                Problem(
                    shown,
                    line,
                    col,
                    'is not a table schema: it must be an array ("type": "array") whose "items" is the schema of '
                    "one record",
                    fix="copy the layout of another data/schema/*.schema.json",
                )
            )
        elif not isinstance(items.get("properties", {}), dict):
            out.append(Problem(shown, *_line_of(text, '"properties"'), 'has "properties" that is not an object'))
        else:  # each field is described by an object: the pages take its title, type and format from it
            for field_name, prop in items.get("properties", {}).items():
                if not isinstance(prop, dict):
                    out.append(
                        Problem(
                            shown,
                            *_at(text, ("items", "properties", field_name)),
                            f"describes the field {field_name!r} as {_shown(prop)}, not as an object",
                            fix='describe it with an object, e.g. {"type": "string"}, or a $ref to common.schema.json',
                        )
                    )
    for path, node in _schemas_in(doc):
        wrong = _wrong_keyword(node)
        if wrong is not None:
            key, want = wrong
            out.append(
                Problem(
                    shown,
                    *_at(text, (*path, key)),
                    f"has {json.dumps(key)}: {_shown(node[key])}{_where(path)}, which must be {want}",
                    fix="correct the value (JSON Schema 2020-12 says what each keyword takes), or remove the keyword",
                )
            )
            continue  # the checks below rely on the keywords' shapes
        unknown = [key for key in node if key not in VOCABULARY and not key.startswith("x-")]
        for key in unknown:
            near = nearest(key, VOCABULARY)
            out.append(
                Problem(
                    shown,
                    *_at(text, (*path, key)),
                    f"has the keyword {json.dumps(key)}{_where(path)}, which JSON Schema 2020-12 does not know: "
                    "it would check nothing",
                    fix=(f"rename it to {json.dumps(near)}" if near else "correct its spelling")
                    + ', or remove it (a note of your own can go in "$comment", or a keyword starting with "x-")',
                )
            )
        if unknown:
            continue  # "itemz" is the cause; a list "without items" would be its consequence
        kind = node.get("type")
        is_list = kind == "array" or (isinstance(kind, list) and "array" in kind)
        if is_list and path and not isinstance(node.get("items", node.get("prefixItems")), (dict, list)):
            out.append(
                Problem(
                    shown,
                    *_at(text, path),
                    f'has a list ({_pointer(path)}) without "items", the schema of one entry',
                    fix='add "items" saying what each entry is, e.g. "items": {"type": "string"}',
                )
            )
        out += _unreachable_required(node, path, text, shown)
        ref = node.get("$ref")
        if isinstance(ref, str) and _resolve(ref, name, doc, by_id) is None:
            out.append(
                Problem(
                    shown,
                    *_line_of(text, json.dumps(ref)),
                    f"has the $ref {ref!r}, which leads nowhere",
                    fix="name a definition that exists, e.g. common.schema.json#/$defs/text",
                )
            )
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            try:
                compiled = regex.compile(pattern)
            except regex.error as exc:
                out.append(
                    Problem(
                        shown,
                        *_at(text, (*path, "pattern")),
                        f"has a pattern that is not a regular expression ({exc.msg})",
                        fix="correct the pattern",
                    )
                )
                continue
            probe = _backtracks(compiled, pattern)
            if probe is not None:
                out.append(
                    Problem(
                        shown,
                        *_at(text, (*path, "pattern")),
                        f"has a pattern that takes more than {_PATTERN_SECONDS} s on a text of "
                        f"{len(probe)} characters ({probe[:8]!r}…): it backtracks, and a long value would stall "
                        "every check",
                        fix="do not repeat a group that itself repeats, e.g. ^[a-z]+(-[a-z]+)*$ rather than ^(a+)+$",
                    )
                )
    return out


def _unreachable_required(node: dict, path: tuple[Any, ...], text: str, shown: str) -> list[Problem]:
    """A required field that "additionalProperties": false refuses: no record could pass, and
    every record would be told to add a field the schema then calls unknown."""
    properties = node.get("properties", {})
    if node.get("additionalProperties") is not False or "patternProperties" in node or not isinstance(properties, dict):
        return []
    out = []
    for field_name in node.get("required", ()):
        if field_name in properties:
            continue
        near = nearest(field_name, properties)
        out.append(
            Problem(
                shown,
                *_at(text, (*path, "required", field_name)),
                f'requires the field {field_name!r}{_where(path)}, which its "properties" do not describe, and '
                '"additionalProperties": false refuses any field they do not describe: no record can pass',
                fix=(f"rename it to {near!r}" if near else f'describe {field_name!r} in "properties"')
                + ', or remove it from "required"',
            )
        )
    return out


# How long a schema's pattern may take on a probe (a few dozen characters) before it is refused:
# a pattern that backtracks catastrophically ((a+)+$) doubles its time with each character, so a
# probe of 32 takes minutes where any sound pattern takes microseconds. The time is this process's
# own CPU time (ITIMER_VIRTUAL), not the clock's: on a loaded machine a process that waits for a
# core is not matching, and a wall-clock timer called sound patterns slow there.
_PATTERN_SECONDS = 0.1
_PROBE_LENGTH = 32


class _TooSlow(Exception):
    pass


def _backtracks(compiled: Any, pattern: str) -> str | None:
    """A probe (a run of one character from the pattern, then one that ends no match) on which
    the pattern runs past _PATTERN_SECONDS of CPU; None when it never does. Python's re checks for
    signals while it matches, so a timer stops it. Only the main thread may set one: elsewhere
    (a preview's worker thread) the check is skipped, and the main thread's next check does it."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return None
    if signal.getitimer(signal.ITIMER_VIRTUAL)[0] > 0:  # someone else's timer runs: leave it alone
        return None
    letters = sorted({c for c in pattern if c.isalnum() or c in " -_."} | {"a", "0", " ", "-"})
    armed = False  # the timer counts only while a probe is being matched

    def stop(signum: int, frame: Any) -> None:
        if armed:  # a signal handled just after the match ended is no verdict on it
            raise _TooSlow

    before = signal.signal(signal.SIGVTALRM, stop)
    try:
        for c in letters:
            for end in ("\x00", "!"):
                probe = c * _PROBE_LENGTH + end
                try:
                    armed = True
                    signal.setitimer(signal.ITIMER_VIRTUAL, _PATTERN_SECONDS)
                    compiled.search(probe)
                    armed = False
                except _TooSlow:
                    return probe
                finally:
                    armed = False
                    signal.setitimer(signal.ITIMER_VIRTUAL, 0)
    finally:
        signal.signal(signal.SIGVTALRM, before)
    return None


# Keywords whose value is one schema, a map of schemas, or a list of schemas.
_ONE = ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames")
_MAP_OF = ("properties", "$defs", "patternProperties")
_LIST_OF = ("allOf", "anyOf", "oneOf", "prefixItems")
# Every keyword of JSON Schema 2020-12 (core, applicator, unevaluated, validation, format,
# metadata, content). A validator ignores any other key, so a misspelt one ("maxLenght") would
# silently check nothing: such a key is a problem, unless it starts with "x-" (an extension).
_VOCABULARIES = (  # as the specification groups them
    "$schema $id $ref $anchor $dynamicRef $dynamicAnchor $vocabulary $comment $defs",  # core
    "prefixItems items contains additionalProperties properties patternProperties dependentSchemas propertyNames "
    "if then else allOf anyOf oneOf not",  # applicator
    "unevaluatedItems unevaluatedProperties",  # unevaluated
    "type const enum multipleOf maximum exclusiveMaximum minimum exclusiveMinimum maxLength minLength pattern "
    "maxItems minItems uniqueItems maxContains minContains maxProperties minProperties required dependentRequired",
    "format",  # format annotation
    "title description default deprecated readOnly writeOnly examples",  # meta-data
    "contentEncoding contentMediaType contentSchema",  # content
)
VOCABULARY = frozenset(word for vocabulary in _VOCABULARIES for word in vocabulary.split())
_TYPES = {"string", "integer", "number", "boolean", "array", "object", "null"}
_DIALECTS = ("https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2020-12/schema#")


def _schemas_in(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], dict]]:
    """Every schema object of a schema document (not the data inside enum, const, default...),
    with where it is."""
    if not isinstance(node, dict):
        return
    yield path, node
    for key in _ONE:
        yield from _schemas_in(node.get(key), (*path, key))
    for key in _MAP_OF:
        if isinstance(node.get(key), dict):
            for name, sub in node[key].items():
                yield from _schemas_in(sub, (*path, key, name))
    for key in _LIST_OF:
        if isinstance(node.get(key), list):
            for i, sub in enumerate(node[key]):
                yield from _schemas_in(sub, (*path, key, i))


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_type(value: Any) -> bool:
    return isinstance(value, str) and value in _TYPES


def _is_schema(value: Any) -> bool:
    return isinstance(value, (dict, bool))


# keyword -> (test of its value, what it must be, in words)
_KEYWORDS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "type": (
        lambda v: _is_type(v) or (isinstance(v, list) and bool(v) and all(map(_is_type, v))),
        "one of " + ", ".join(sorted(_TYPES)) + " (or a list of them)",
    ),
    **dict.fromkeys(_ONE, (_is_schema, "an object (a schema)")),
    **{
        k: (lambda v: isinstance(v, dict) and all(map(_is_schema, v.values())), "an object of schemas") for k in _MAP_OF
    },
    **{
        k: (lambda v: isinstance(v, list) and bool(v) and all(map(_is_schema, v)), "a list of schemas")
        for k in _LIST_OF
    },
    "required": (lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v), "a list of field names"),
    "enum": (lambda v: isinstance(v, list), "a list of values"),
    "pattern": (lambda v: isinstance(v, str), "a regular expression in quotes"),
    "$ref": (lambda v: isinstance(v, str), "a reference in quotes"),
    **dict.fromkeys(
        ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"),
        (_is_count, "a whole number, 0 or more"),
    ),
    **dict.fromkeys(("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"), (_is_number, "a number")),
    "multipleOf": (lambda v: _is_number(v) and v > 0, "a number above 0"),
    "uniqueItems": (lambda v: isinstance(v, bool), "true or false"),
    **dict.fromkeys(("title", "description", "$comment", "$id"), (lambda v: isinstance(v, str), "text in quotes")),
    "$schema": (lambda v: v in _DIALECTS, f'"{_DIALECTS[0]}" (the version these schemas are written in)'),
}


def _wrong_keyword(node: dict) -> tuple[str, str] | None:
    """The first keyword of a schema object whose value has the wrong shape, and what it must be."""
    for key, value in node.items():
        rule = _KEYWORDS.get(key)
        if rule is not None and not rule[0](value):
            return key, rule[1]
    return None


def _where(path: tuple[Any, ...]) -> str:
    return f" (at {_pointer(path)})" if path else ""


def _pointer(path: tuple[Any, ...]) -> str:
    return "/".join(str(part) for part in path)


def _at(text: str, path: tuple[Any, ...]) -> tuple[int, int]:
    """Where the object at `path` of a JSON text starts, near enough: each key looked for after
    the one before (1:1 if not found)."""
    at = 0
    for part in path:
        if isinstance(part, str):
            found = text.find(json.dumps(part) + ":", at)
            if found < 0:
                found = text.find(json.dumps(part), at)
            at = max(at, found)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _resolve(ref: str, base: str, doc: dict, by_id: dict[str, Any]) -> Any:
    """What a `$ref` points to, or None."""
    file, _, pointer = ref.partition("#")
    target = by_id.get(file) if file else doc
    for part in [p for p in pointer.split("/") if p]:
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict) and key in target:
            target = target[key]
        elif isinstance(target, list) and key.isdigit() and int(key) < len(target):
            target = target[int(key)]
        else:
            return None
    return target


def _load_schemas(
    files: tuple[tuple[str, bytes], ...], shown_dir: str, problems: list[Problem], refused: frozenset[str] = frozenset()
) -> Schemas:
    """The usable schemas; `refused`: names of schema files that could not be read at all. A table
    whose schema has a fault, or refers ($ref) to a file that has one, is `broken`: its records
    are not checked, and a $ref into an unreadable file is that file's problem only."""
    docs, texts = _parse_schemas(files, shown_dir, problems)
    by_id = {
        **docs,
        **{doc.get("$id", name): doc for name, doc in docs.items() if isinstance(doc.get("$id", name), str)},
    }
    unreadable = refused | {name for name, _ in files if name not in docs}
    # A file the schemas refer to that is not there (a deleted common.schema.json): one problem,
    # at its name, instead of one for every $ref into it; the tables that use it are not checked.
    wanted: dict[str, list[str]] = {}
    for name, doc in docs.items():
        for target in _refers_to(doc) - set(by_id) - unreadable:
            wanted.setdefault(target, []).append(name)
    # One schema naming a file that is not there is more likely a slip in that $ref, reported at
    # its line below; several naming it are a file gone.
    wanted = {target: users for target, users in wanted.items() if len(users) > 1}
    for target, users in sorted(wanted.items()):
        problems.append(
            Problem(
                f"{shown_dir}/{target}",
                1,
                1,
                f"is missing, and {len(users)} schemas refer to it "
                f"({', '.join(sorted(users)[:5])}{', ...' if len(users) > 5 else ''})",
                fix="restore it from version control (explainer new writes it into every project)",
            )
        )
    unreadable |= set(wanted)
    faulty = set(unreadable)
    for name, doc in docs.items():
        faults = [
            p
            for p in _schema_faults(name, doc, texts[name], by_id, f"{shown_dir}/{name}")
            if not any(f"has the $ref '{other}#" in p.message for other in unreadable)
        ]
        problems += faults
        if faults or _refers_to(doc) & unreadable:
            faulty.add(name)
    # A file that refers to a faulty one is faulty too (common.schema.json is the usual one).
    while more := {name for name, doc in docs.items() if name not in faulty and _refers_to(doc) & faulty}:
        faulty |= more
    items: dict[str, dict[str, Any]] = {}
    ids: dict[str, str] = {}
    for name, doc in docs.items():
        if name == "common.schema.json" or name in faulty:
            continue
        table = name.removesuffix(".schema.json")
        item = {**doc["items"], "$id": doc.get("$id", name)}  # records are checked one at a time
        items[table] = item
        ids[table] = doc.get("$id", name)
    broken = frozenset(name.removesuffix(".schema.json") for name in faulty)
    fast = _Compiled(items, ids, by_id)
    return Schemas(_Validators(items, docs), tuple(sorted(items)), fast, items, tuple(problems), broken, shown_dir)


def _refers_to(doc: dict) -> set[str]:
    """The schema files a document's `$ref`s name."""
    return {
        node["$ref"].partition("#")[0]
        for _, node in _walk(doc)
        if isinstance(node.get("$ref"), str) and node["$ref"].partition("#")[0]
    }


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


# An excerpt must point at one place in its seed: at least one letter or digit (spaces, dashes or
# quote marks alone match anywhere) and at least this many characters, whitespace runs counted as
# one. The shortest real excerpts are 17 characters ("Mayor Alex Moreno", examples/city-budget)
# and 20 ("according to UN data", data/); 12 still lets a name with a number through
# ("12 new buses") and refuses a lone word that occurs all over an article. common.schema.json's
# $defs/excerpt has it as its minLength, so an editor's YAML language server flags a short one
# too (tests/test_validate.py checks they agree); `make check` leaves a citation's excerpt that
# short to the checker (validate.py: excerpt_shape), whose messages say why.
MIN_EXCERPT_CHARS = 12


_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
}


def _did_you_mean(extra: list[str], known: Iterable[str]) -> str:
    """ "'rolle' may be 'role'; " for each unknown field close to a known one ("" when none is)."""
    pairs = [(e, near) for e in extra if isinstance(e, str) and (near := nearest(e, known)) is not None]
    return "".join(f"{e!r} may be {near!r}; " for e, near in pairs)


def _explain(error: ValidationError) -> tuple[str, str]:
    """(what is wrong, how to fix it) for one schema error."""
    v, schema, inst = error.validator, error.schema, error.instance
    descr = schema.get("description", "") if isinstance(schema, dict) else ""
    if v == "required":
        missing = error.message.split("'")[1]
        known = schema.get("properties", {}) if isinstance(schema, dict) else {}
        typo = nearest(missing, [k for k in inst if k not in known]) if isinstance(inst, dict) else None
        if typo is not None:
            return f"is missing the required field '{missing}'", f"rename '{typo}' to '{missing}' (a misspelling?)"
        return f"is missing the required field '{missing}'", f"add '{missing}: ...' to the record"
    if v == "additionalProperties":
        return _explain_unknown(schema, _unknown(error))
    if v == "type":
        want = schema["type"]
        want_s = (
            _TYPE_NAMES.get(want, want) if isinstance(want, str) else " or ".join(_TYPE_NAMES.get(w, w) for w in want)
        )
        fix = f"write {want_s}"
        if want == "string" and not isinstance(inst, str):
            fix = (
                f'put the value in quotes, e.g. "{inst}"'
                if inst is not None and not isinstance(inst, (list, dict))
                else "write a text value"
            )
        if want == "boolean" and isinstance(inst, str):
            fix = "write true or false (yes/no/on/off are not booleans here)"
        if want in ("integer", "number") and isinstance(inst, str):
            fix = "write digits only, without quotes, separators or leading zeros"
        return f"must be {want_s}, not {_shown(inst)}", fix
    if v == "enum":
        return f"is {_shown(inst)}, not one of the allowed values", "use one of: " + ", ".join(
            str(x) for x in schema["enum"]
        )
    if v == "const":
        return f"must be {_shown(schema['const'])}", ""
    if v == "pattern":
        return (
            f"has the value {_shown(inst)}, which is not allowed here",
            _write(descr) or f"match the pattern {schema['pattern']}",
        )
    if v == "minLength":
        if inst:
            n = len(inst)
            return f"is {n} character{'s' if n != 1 else ''} long; at least {schema['minLength']}", "write it in full"
        return "is empty", "write the value"  # or leave it out, where it may be (_schema_problems)
    if v == "maxLength":
        return f"is too long ({len(inst)} characters; at most {schema['maxLength']})", "shorten it"
    if v == "minItems":
        n = schema["minItems"]
        return f"needs at least {n} item(s)", f"add at least {n}" + (f" ({_lower(descr)})" if descr else "")
    if v == "uniqueItems":
        return "lists the same item twice", "remove the repeated item"
    if v in ("minimum", "maximum"):
        return error.message, ""
    return error.message, _write(descr)


def _unknown(error: ValidationError) -> list[str]:
    """The fields an additionalProperties error refuses, in order."""
    return sorted(set(error.instance) - set(error.schema.get("properties", {})))


def _explain_unknown(schema: dict[str, Any], extra: list[str]) -> tuple[str, str]:
    allowed = ", ".join(sorted(schema.get("properties", {})))
    return (
        f"has unknown field(s) {', '.join(repr(e) for e in extra)}",
        f"{_did_you_mean(extra, schema.get('properties', {}))}check the spelling; allowed fields: {allowed}",
    )


def _lower(descr: str) -> str:
    """A schema's description inside a sentence: its first letter small, its last full stop gone."""
    text = descr.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def _write(descr: str) -> str:
    """A fix made of a field's description, which describes the value, not what to do: "An ISO
    date ..." becomes "write an ISO date ..."."""
    if not descr.strip():
        return ""
    text = _lower(descr)
    return f"write {text}" if text.split()[0] in ("a", "an", "the") else f"write what it holds: {text}"


def _field_name(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check_record(schemas: Schemas, raw: RawRecord, label: str) -> Iterator[Problem]:
    """Every schema problem of one record, each placed at the offending key or value."""
    if raw.table not in schemas.validators:
        return
    fast = schemas.fast.get(raw.table)
    if fast is not None:
        try:
            fast(raw.data)
        except Exception:  # any doubt: let jsonschema decide and explain
            pass
        else:
            yield from engine_shape(schemas, raw, label)
            return
    found = False
    for problem in _schema_problems(schemas, raw, label):
        found = True
        yield problem
    if not found:
        yield from engine_shape(schemas, raw, label)


def _citations(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    """Where a list of citations holds something other than {source: text, excerpt: text}."""
    if not isinstance(value, list):
        yield path
        return
    for i, cite in enumerate(value):
        if not (
            isinstance(cite, dict) and isinstance(cite.get("source"), str) and isinstance(cite.get("excerpt"), str)
        ):
            yield (*path, i)


# What the engine makes of an id (an anchor, a page's file name, part of every link to it), whatever
# a schema's own pattern lets through: a quote in one would leave an HTML attribute, a "../" a folder.
ENGINE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def engine_shape(schemas: Schemas, raw: RawRecord, label: str) -> Iterator[Problem]:
    """The fields the engine itself reads, whatever a table's schema lets through: a schema edited
    to accept any citation (`"items": {}`) must not let a number reach the excerpt check, nor one
    that accepts any id let a quotation mark reach an anchor."""
    rid = raw.data.get("id")
    if isinstance(rid, str) and not ENGINE_ID.fullmatch(rid):
        line, col = raw.mark(("id",))
        slug = re.sub(r"[^a-z0-9]+", "-", rid.casefold()).strip("-") or "record-1"
        yield Problem(
            raw.path,
            line,
            col,
            f"is {_shown(rid)}, which the engine cannot use as an id: it is the record's anchor and "
            "part of every link to it, so it is a lowercase slug (letters a-z, digits, single hyphens)",
            record=label,
            field="id",
            fix=f"write it as a slug, e.g. {slug!r}, and have {schemas.shown_dir}/{raw.table}.schema.json "
            "use common.schema.json#/$defs/slug for it",
        )
    bad = list(_citations(raw.data["cite"], ("cite",))) if "cite" in raw.data else []
    sides = raw.data.get("sides")
    if sides is not None:
        if not isinstance(sides, list):
            bad.append(("sides",))
        else:
            for s, side in enumerate(sides):
                if not isinstance(side, dict):
                    bad.append(("sides", s))
                elif "cite" in side:
                    bad.extend(_citations(side["cite"], ("sides", s, "cite")))
    for path in bad:
        line, col = raw.mark(path)
        yield Problem(
            raw.path,
            line,
            col,
            "is not what the engine reads here: a list of citations, each {source: <a source id>, excerpt: "
            "<the source's exact words>}",
            record=label,
            field=_field_name(path) or "record",
            fix=f"write it so, and have {schemas.shown_dir}/{raw.table}.schema.json use "
            "common.schema.json#/$defs/cite for it (the engine's own definition)",
        )


def _renamed(errors: list[ValidationError]) -> dict[tuple[Any, ...], str]:
    """The misspelt field names that are both a required field missing and an unknown field at
    the same place (`speakr` for `speaker`): (place, as written) -> the field meant. Each is one
    slip, so one problem at the misspelt key instead of two."""
    unknown = {
        (tuple(e.absolute_path), k)
        for e in errors
        if e.validator == "additionalProperties" and isinstance(e.instance, dict)
        for k in e.instance
        if k not in e.schema.get("properties", {})
    }
    out = {}
    for e in errors:
        if e.validator == "required" and isinstance(e.instance, dict):
            missing = e.message.split("'")[1]
            known = e.schema.get("properties", {}) if isinstance(e.schema, dict) else {}
            typo = nearest(missing, [k for k in e.instance if k not in known])
            where = tuple(e.absolute_path)
            if typo is not None and (where, typo) in unknown and (where, typo) not in out:
                out[(where, typo)] = missing
    return out


def _kind(raw: RawRecord, label: str, path: tuple[Any, ...]) -> str:
    """What holds the fields at `path`, after 'is not a field': "of a quote", or "here" (a field's own fields)."""
    if path:
        return "here"
    rid = raw.data.get("id")
    kind = label[: -len(repr(rid)) - 1] if isinstance(rid, str) and label.endswith(f" {rid!r}") else "record"
    return ("of an " if kind[:1] in "aeiou" else "of a ") + kind


def _checker_says(error: ValidationError, path: tuple[Any, ...]) -> bool:
    """Whether the checker refuses what this error refuses, with a message that says why: a
    citation's excerpt shorter than a minLength of at most MIN_EXCERPT_CHARS (a schema's minimum
    for the editor's language server). The schema's terse "at least N" would otherwise come
    first, and the record would not reach the checker, whose messages also tell an excerpt of
    spaces or punctuation apart."""
    minimum = error.validator_value if error.validator == "minLength" else None
    citation = path[-3:-1] if len(path) in (3, 5) else ()  # ("cite", i): validate.py's _Checker.cites
    return (
        isinstance(minimum, int)
        and minimum <= MIN_EXCERPT_CHARS
        and isinstance(error.instance, str)
        and error.instance != ""  # the schema's "is empty" is the message for that
        and path[-1:] == ("excerpt",)
        and citation[:1] == ("cite",)
        and (len(path) == 3 or path[0] == "sides")
    )


def _schema_problems(schemas: Schemas, raw: RawRecord, label: str) -> Iterator[Problem]:
    validator = schemas.validators[raw.table]
    errors = sorted(validator.iter_errors(raw.data), key=lambda e: list(map(str, e.absolute_path)))
    renamed = _renamed(errors)
    for (where, typo), meant in renamed.items():
        line, col = raw.key_marks.get((*where, typo), raw.mark(where))
        yield Problem(
            raw.path,
            line,
            col,
            f"is not a field {_kind(raw, label, where)}; did you mean {meant!r} (a required field)?",
            record=label,
            field=_field_name((*where, typo)),
            fix=f"rename {typo!r} to {meant!r}",
        )
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "required" and error.message.split("'")[1] in {
            meant for (where, _), meant in renamed.items() if where == path
        }:
            continue  # said at the misspelt key
        if _checker_says(error, path):
            continue
        message, fix = _explain(error)
        if error.validator == "additionalProperties":
            extra = _unknown(error)
            left = [e for e in extra if (path, e) not in renamed]
            if extra and not left:
                continue  # each one said as the required field it misspells
            if left != extra:
                message, fix = _explain_unknown(error.schema, left)
        if error.validator == "additionalProperties" and not path:  # a field of the record itself
            known = error.schema.get("properties", {})
            fix = (
                _did_you_mean(left, known)
                + f"add it to {schemas.shown_dir}/{raw.table}.schema.json, or fix the spelling; allowed fields: "
                + ", ".join(sorted(known))
            )
        if error.validator == "additionalProperties":
            line, col = raw.key_marks.get((*path, left[0]), raw.mark(path)) if left else raw.mark(path)
        else:
            line, col = raw.mark(path)
        if error.validator == "required":
            yield Problem(raw.path, line, col, message, record=label, fix=fix)
            continue
        if error.validator == "minLength" and error.instance == "" and path:
            optional = not required(validator, raw.data, path)
            fix = "write the value" + (", or leave the field out" if optional else "")
        yield Problem(raw.path, line, col, message, record=label, field=_field_name(path) or "record", fix=fix)


def required(validator: Draft202012Validator, data: Any, path: tuple[Any, ...]) -> bool:
    """Whether the field at `path` must be there: the record without it fails the schema's
    `required` at that place (asked of the schema itself, so `$ref`s and `allOf`s count). Only for
    a message's fix: it copies the record."""
    trimmed = copy.deepcopy(data)
    parent = trimmed
    for part in path[:-1]:
        parent = parent[part]
    if not isinstance(parent, dict) or path[-1] not in parent:
        return False
    del parent[path[-1]]
    return any(
        e.validator == "required" and tuple(e.absolute_path) == path[:-1] and path[-1] in e.validator_value
        for e in validator.iter_errors(trimmed)
    )
