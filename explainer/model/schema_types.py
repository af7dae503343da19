"""Record types held against their schemas: derived where a table declares none, checked where it does.

A table's JSON Schema is the data contract. A table declared without a record type gets one made
from its schema (a frozen dataclass: a claim if the schema has `cite`), so adding a table needs
no Python. A declared type is checked against the schema when the subject is resolved: a field
the schema has and the type lacks would be dropped silently from every record, so it is a
problem with the schema's file:line and the fix, like any data problem.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..load.problems import Problem, shown_path
from .facts import NAME_FIELDS, SHOWN_APART, Claim, Record
from .registry import Subject, Table, mistakes

_DATE_REFS = ("/$defs/date", "/$defs/date_or_unknown")
# Fields an editor writes in their own voice, which the claim-support check reads (explainer/check/support.py):
# texts and notes, and short texts other than those that name or label a record.
_PROSE_REFS = ("/$defs/text", "/$defs/note")
_SHORT_REF = "/$defs/short_text"
NAMING_FIELDS = frozenset({"name", "label", "title", "topic", "speaker", "role", "unit", "date_text", "kind"})


def label_of(name: str, prop: Mapping[str, Any]) -> str:
    """A field's label on the pages: the schema's `title`, else its name in words."""
    title = prop.get("title")
    return title if isinstance(title, str) and title else name.replace("_", " ").capitalize()


def _is_date(prop: Mapping[str, Any]) -> bool:
    ref = prop.get("$ref")
    return (isinstance(ref, str) and ref.endswith(_DATE_REFS)) or prop.get("format") == "date"


def _is_prose(name: str, prop: Mapping[str, Any]) -> bool:
    ref = prop.get("$ref")
    if not isinstance(ref, str):
        return False
    return ref.endswith(_PROSE_REFS) or (ref.endswith(_SHORT_REF) and name not in NAMING_FIELDS)


def prose_of(props: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields of a table that state something in the editor's words, from its schema:
    "summary", or "sides[].claim" for the text of the items of an array whose items carry
    citations of their own. Names and labels (NAMING_FIELDS) are headings, not claims."""
    out = [name for name, prop in props.items() if isinstance(prop, Mapping) and _is_prose(name, prop)]
    for name, prop in props.items():
        inner = prop.get("items") if isinstance(prop, Mapping) and prop.get("type") == "array" else None
        inner_props = inner.get("properties") if isinstance(inner, Mapping) else None
        if isinstance(inner_props, Mapping) and "cite" in inner_props:
            out += [f"{name}[].{sub}" for sub, p in inner_props.items() if isinstance(p, Mapping) and _is_prose(sub, p)]
    return tuple(out)


def _class_name(table: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", table) if part) or "Table"


def derive(table: Table, item: Mapping[str, Any]) -> type[Record]:
    """A frozen dataclass for a table's records, from its schema's properties."""
    props: Mapping[str, Any] = item.get("properties", {})
    required = set(item.get("required", ()))
    base: type[Record] = Claim if "cite" in props else Record
    own = {f.name for f in dataclasses.fields(base)}
    spec: list[Any] = []
    for name in props:
        if name in own or name == "origin" or not name.isidentifier():
            continue
        if name in required:
            spec.append((name, Any))
        else:
            default: Any = (
                () if props[name].get("type") == "array" or "refs" in str(props[name].get("$ref", "")) else None
            )
            spec.append((name, Any, dataclasses.field(default=default)))
    cls = dataclasses.make_dataclass(
        _class_name(table.name),
        spec,
        bases=(base,),
        frozen=True,
        kw_only=True,
        namespace={"table": table.name, "singular": table.singular, "heading_field": table.heading_field},
    )
    cls.__module__ = __name__
    return cls


def _where(schema_dir: Path, root: Path, table: str, needle: str) -> tuple[str, int, int]:
    """The schema file and the line and column of `"needle"` in it (1:1 if not found)."""
    path = schema_dir / f"{table}.schema.json"
    shown = shown_path(path, root)
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            at = line.find(f'"{needle}"')
            if at >= 0:
                return shown, n, at + 1
    except (OSError, UnicodeDecodeError):
        pass
    return shown, 1, 1


def check_type(table: Table, item: Mapping[str, Any], schema_dir: Path, root: Path) -> list[Problem]:
    """A declared record type against its schema: both must name the same fields."""
    assert table.record is not None
    cls = table.record
    names = {f.name: f for f in dataclasses.fields(cls) if f.name != "origin"}
    props: Mapping[str, Any] = item.get("properties", {})
    required = set(item.get("required", ()))
    where = f"{cls.__module__}.{cls.__qualname__}"
    out = []
    if getattr(cls, "table", None) != table.name:
        out.append(
            Problem(
                *_where(schema_dir, root, table.name, "items"),
                f"has the record type {where}, which is the type of table {getattr(cls, 'table', '')!r}",
                record=f"table {table.name!r}",
                fix=f"give {cls.__qualname__} `table = {table.name!r}`, or declare the table without record= "
                "so its type is derived from the schema",
            )
        )
    for name in props:
        if name not in names:
            out.append(
                Problem(
                    *_where(schema_dir, root, table.name, name),
                    f"field {name!r} is in the schema but not in the record type {where}, so it would be dropped",
                    record=f"table {table.name!r}",
                    fix=f"add `{name}: str | None = None` (or its type) to {cls.__qualname__}, or remove it from "
                    "the schema, or declare the table without record= so the type is derived from the schema",
                )
            )
    for name, f in names.items():
        no_default = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if no_default and name not in required:
            out.append(
                Problem(
                    *_where(schema_dir, root, table.name, "required"),
                    f"field {name!r} is needed in every record by the record type {where}, but the schema does "
                    "not require it",
                    record=f"table {table.name!r}",
                    fix=f"add {name!r} to the schema's properties and required list, or give it a default in "
                    f"{cls.__qualname__}",
                )
            )
    return out


def named_by(cls: type[Record], name: str) -> type[Record]:
    """A declared record type whose records are named by the field `name` (its table's
    heading_field): a subclass that says so, so the subject's own class is left as it is."""
    return type(
        cls.__name__, (cls,), {"heading_field": name, "__module__": cls.__module__, "__qualname__": cls.__qualname__}
    )


def _line_of(path: Path, needle: str) -> tuple[int, int]:
    """The line and column of `needle` in a file (1:1 if not found)."""
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if (at := line.find(needle)) >= 0:
                return n, at + 1
    except (OSError, UnicodeDecodeError):
        pass
    return 1, 1


def heading_problems(
    table: Table, props: Mapping[str, Any], schema_dir: Path, root: Path, origin: str
) -> list[Problem]:
    """A heading_field must be a field of the schema; a table with neither one nor a field that
    names a record (model.NAME_FIELDS) nor a heading renderer would head each record with its
    id, in its section and in every link to it."""
    name = table.heading_field
    if name and name not in props:
        own = ", ".join(f for f in props if f not in SHOWN_APART) or "none"
        return [
            Problem(
                origin,
                *_line_of(root / origin, f"heading_field={name!r}".replace("'", '"')),
                f"heading_field names {name!r}, which the table's schema does not have",
                record=f"table {table.name!r}",
                fix=f"name one of its fields ({own}), or add {name!r} to {table.schema_file}",
            )
        ]
    if name and table.heading is not None:
        return [
            Problem(
                origin,
                *_line_of(root / origin, "heading_field="),
                "has both heading_field= and heading=, and only one can head its records",
                record=f"table {table.name!r}",
                fix="keep heading_field= for a field as it is, or heading= for a heading made of several fields",
            )
        ]
    if name or table.heading is not None or table.name == "sources" or any(f in props for f in NAME_FIELDS):
        return []
    fields = [f for f in props if f not in SHOWN_APART]
    return [
        Problem(
            *_where(schema_dir, root, table.name, "properties"),
            "has no field that names a record (such as " + ", ".join(NAME_FIELDS[:4]) + "), so each "
            "record's heading, and every link to it, would show its id",
            record=f"table {table.name!r}",
            fix="say which field names a record: heading_field="
            + (f'"{fields[0]}"' if fields else '"<field>"')
            + f" in its Table(...) in {origin} (README: Add a table), or give the schema a `label` field",
        )
    ]


# The last resolution, for the live preview: (subject, schemas it was resolved against, result, problems).
_RESOLVED: list[tuple[Subject, Mapping[str, Mapping[str, Any]], Subject, tuple[Problem, ...]]] = []


def resolve(
    subject: Subject,
    items: Mapping[str, Mapping[str, Any]],
    schema_dir: Path,
    root: Path,
    origin: str,
    broken: frozenset[str] = frozenset(),
) -> tuple[Subject, list[Problem]]:
    """The subject with every table's record type, labels and date fields taken from its schema,
    and the problems of the declaration. `items`: each table's record schema; `origin`: the
    subject's file, where a mistake in the declaration is reported."""
    if _RESOLVED and _RESOLVED[0][0] is subject and _RESOLVED[0][1] is items and not broken:
        return _RESOLVED[0][2], list(_RESOLVED[0][3])
    problems = [Problem(origin, 1, 1, message, fix=fix) for message, fix in mistakes(subject)]
    tables = []
    for table in subject.tables:
        if not isinstance(table, Table):  # reported by mistakes()
            continue
        item = items.get(table.name)
        if item is None and (table.name in broken or "common" in broken):
            tables.append(table)  # its schema file is there but unusable: that file's problem says so
            continue
        if item is None:
            problems.append(
                Problem(
                    origin,
                    1,
                    1,
                    f"has no schema: {table.schema_file} is missing",
                    record=f"table {table.name!r}",
                    fix=f"create {table.schema_file} (copy one of data/schema/*.schema.json and change its fields)",
                )
            )
            tables.append(table)
            continue
        props: Mapping[str, Any] = item.get("properties", {})
        extra: dict[str, Any] = {
            "fields": tuple(props),
            "labels": {name: label_of(name, prop) for name, prop in props.items()},
            "dates": frozenset(name for name, prop in props.items() if _is_date(prop)),
            "prose": prose_of(props),
        }
        # A record names the open question it bears on by a `question` field (explainer/render/hubs.py).
        if "question" in props and subject.has("questions"):
            extra["question"] = "question"
            if "question" not in table.refs:
                extra["refs"] = {**table.refs, "question": ("questions",)}
        found = heading_problems(table, props, schema_dir, root, origin)
        problems += found
        named = table.heading_field if not found else ""
        if table.record is None:
            extra["record"] = derive(dataclasses.replace(table, heading_field=named), item)
        else:
            problems += check_type(table, item, schema_dir, root)
            if named and table.record.heading_field != named:
                extra["record"] = named_by(table.record, named)
        for ref in table.refs:
            if ref not in props:
                problems.append(
                    Problem(
                        origin,
                        1,
                        1,
                        f"refs names the field {ref!r}, which the table's schema does not have",
                        record=f"table {table.name!r}",
                        fix=f"add {ref!r} to {table.schema_file}, or remove it from refs",
                    )
                )
        tables.append(dataclasses.replace(table, **extra))
    resolved = dataclasses.replace(subject, tables=tuple(tables))
    _RESOLVED[:] = [(subject, items, resolved, tuple(problems))]
    return resolved, problems
