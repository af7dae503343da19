"""The compiled schema check (fastjsonschema) may only be stricter than jsonschema, never more lenient.

Every record of the mini fixture and of a small synthetic fact base is mutated field by field
into awkward values; for each, the problems `check_record` reports with the compiled fast path
must be exactly those jsonschema alone reports.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

from explainer.check.schema import Schemas, check_record, load_schemas
from explainer.load.load import RawRecord, load_dir
from scripts.bench_data import write_factbase

from .conftest import MINI, ROOT

ODD: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    1.0,
    -1,
    1.5,
    "",
    " ",
    "x",
    "unknown",
    "2025-13-45",
    "Bad Id",
    "a" * 5000,
    [],
    ["x"],
    ["x", "x"],
    [1, True],
    [{}],
    {},
    {"source": "x"},
    {"source": "src-a", "excerpt": "abc"},
]


def _records(tmp_path: Path) -> list[RawRecord]:
    out: list[RawRecord] = []
    problems: list = []
    for folder in (MINI, write_factbase(tmp_path / "synthetic", 60, ROOT).root):
        for table in load_dir(folder / "data", folder, problems):
            out.extend(table.records[:2])
    assert not problems
    return out


def _variants(data: dict) -> list[dict]:
    out = []
    for key in list(data):
        without = dict(data)
        del without[key]
        out.append(without)
        for odd in ODD:
            out.append({**data, key: copy.deepcopy(odd)})
        value = data[key]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for inner in list(value[0]):
                for odd in ODD:
                    item = {**value[0], inner: copy.deepcopy(odd)}
                    out.append({**data, key: [item, *value[1:]]})
    out.append({**data, "unexpected": "x"})
    out.append({**data, "status": "superseded"})
    return out


def test_compiled_checks_cover_every_table():
    schemas = load_schemas(ROOT / "data" / "schema")
    assert sorted(schemas.fast) == sorted(schemas.validators)


def test_fast_path_reports_exactly_what_jsonschema_reports(tmp_path):
    schemas = load_schemas(ROOT / "data" / "schema")
    slow = Schemas(schemas.validators, schemas.names, {})
    checked = 0
    for raw in _records(tmp_path):
        for data in _variants(raw.data):
            variant = replace(raw, data=data)
            assert list(check_record(schemas, variant, "r")) == list(check_record(slow, variant, "r")), data
            checked += 1
    assert checked > 3_000
