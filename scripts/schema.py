"""Step 2a: check each record against its table's JSON Schema (data/schema/<table>.schema.json).

The same schema files drive editors' YAML language servers (the modeline at the top of each data
file), so completion in the editor and `make check` can never disagree. jsonschema's messages are
written for programmers; `_explain` turns each into one sentence an editor can act on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .load import RawRecord
from .problems import Problem


@dataclass(frozen=True)
class Schemas:
    validators: dict[str, Draft202012Validator]
    names: tuple[str, ...]


def load_schemas(schema_dir: Path) -> Schemas:
    docs = {f.name: json.loads(f.read_text(encoding="utf-8")) for f in sorted(schema_dir.glob("*.schema.json"))}
    registry: Registry = Registry().with_resources(
        (name, Resource.from_contents(doc)) for name, doc in docs.items()
    )
    validators = {}
    for name, doc in docs.items():
        if name == "common.schema.json":
            continue
        item = {**doc["items"], "$id": doc["$id"]}  # records are checked one at a time
        validators[name.removesuffix(".schema.json")] = Draft202012Validator(item, registry=registry)
    return Schemas(validators, tuple(sorted(validators)))


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping of fields"}


def _explain(error: ValidationError) -> tuple[str, str]:
    """(what is wrong, how to fix it) for one schema error."""
    v, schema, inst = error.validator, error.schema, error.instance
    descr = schema.get("description", "") if isinstance(schema, dict) else ""
    if v == "required":
        missing = error.message.split("'")[1]
        return f"is missing the required field '{missing}'", f"add '{missing}: ...' to the record"
    if v == "additionalProperties":
        allowed = ", ".join(sorted(schema.get("properties", {})))
        extra = sorted(set(inst) - set(schema.get("properties", {})))
        return f"has unknown field(s) {', '.join(repr(e) for e in extra)}", f"check the spelling; allowed fields: {allowed}"
    if v == "type":
        want = schema["type"]
        want_s = _TYPE_NAMES.get(want, want) if isinstance(want, str) else " or ".join(_TYPE_NAMES.get(w, w) for w in want)
        fix = f"write {want_s}"
        if want == "string" and not isinstance(inst, str):
            fix = f'put the value in quotes, e.g. "{inst}"' if inst is not None and not isinstance(inst, (list, dict)) else "write a text value"
        if want == "boolean" and isinstance(inst, str):
            fix = "write true or false (yes/no/on/off are not booleans here)"
        if want in ("integer", "number") and isinstance(inst, str):
            fix = "write digits only, without quotes, separators or leading zeros"
        return f"must be {want_s}, not {_shown(inst)}", fix
    if v == "enum":
        return f"is {_shown(inst)}, not one of the allowed values", "use one of: " + ", ".join(str(x) for x in schema["enum"])
    if v == "const":
        return f"must be {_shown(schema['const'])}", ""
    if v == "pattern":
        return f"has the value {_shown(inst)}, which is not allowed here", descr or f"match the pattern {schema['pattern']}"
    if v == "minLength":
        return "is empty", "write the value, or remove the field if it is optional"
    if v == "maxLength":
        return f"is too long ({len(inst)} characters; at most {schema['maxLength']})", "shorten it"
    if v == "minItems":
        return f"needs at least {schema['minItems']} item(s)", descr or "add the missing items"
    if v == "uniqueItems":
        return "lists the same item twice", "remove the repeated item"
    if v in ("minimum", "maximum"):
        return error.message, ""
    return error.message, descr


def _field_name(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check_record(schemas: Schemas, raw: RawRecord, label: str) -> Iterator[Problem]:
    """Every schema problem of one record, each placed at the offending key or value."""
    validator = schemas.validators.get(raw.table)
    if validator is None:
        return
    for error in sorted(validator.iter_errors(raw.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        message, fix = _explain(error)
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            line, col = raw.key_marks.get((*path, extra[0]), raw.mark(path)) if extra else raw.mark(path)
        else:
            line, col = raw.mark(path)
        if error.validator == "required":
            yield Problem(raw.path, line, col, message, record=label, fix=fix)
            continue
        yield Problem(raw.path, line, col, message, record=label, field=_field_name(path) or "record", fix=fix)
