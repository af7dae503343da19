"""Downloads for reuse: every table as JSON and CSV, the JSON Schemas, and the Data page.

They are generated files like the pages (listed in the manifest, written only when changed);
JSON and CSV cannot carry a "generated" first line, so the Data page says where they come from.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import fields

from ..check.reporting import Lines, lines_of
from ..check.validate import Paths
from ..model.facts import FactBase, Record, thawed
from ..render import escape
from ..render.common import Locator, Page, header, noun, page_url

DOWNLOADS = "downloads"
_FIELDS: dict[type, tuple[str, ...]] = {}  # a record class's field names, without origin


def record_dict(record: Record, lines: Lines | None = None) -> dict:
    """A record as plain JSON-ready data, in the contract's field names; with `lines`, a claim
    also gets the derived `lines_of_reporting` (explainer/check/reporting.py)."""
    names = _FIELDS.get(type(record))
    if names is None:
        names = _FIELDS[type(record)] = tuple(f.name for f in fields(record) if f.name != "origin")
    out: dict = {}
    for name in names:
        value = getattr(record, name)
        if value is None or value == ():
            continue
        if name == "cite":
            value = [{"source": c.source, "excerpt": c.excerpt} for c in value]
        elif name == "sides":
            value = [
                {
                    "claim": s.claim,
                    "cite": [{"source": c.source, "excerpt": c.excerpt} for c in s.cite],
                    **({"records": list(s.records)} if s.records else {}),
                }
                for s in value
            ]
        elif name == "compatible":
            value = [{"with": c.with_, "reason": c.reason} for c in value]
        elif name == "accepted":
            value = [{"words": a.words, "reason": a.reason} for a in value]
        elif isinstance(value, tuple):
            value = thawed(value)
        out[name] = value
    reporting = lines.of_record(record) if lines is not None else None
    if reporting is not None:
        out["lines_of_reporting"] = reporting.lines
    return out


def table_json(records: list[dict]) -> str:
    """A JSON array with one record per line: diffs stay readable and it costs a third of indent=1."""
    if not records:
        return "[]\n"
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    return "[\n" + ",\n".join(map(encode, records)) + "\n]\n"


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> str:
    if value.__class__ is str:  # most cells: skip the checks below
        return "'" + value if value[:1] in _FORMULA else value
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict) and "excerpt" in item:
                parts.append(f"{item['source']}: {item['excerpt']}")
            elif isinstance(item, dict):
                parts.append(json.dumps(item, ensure_ascii=False, sort_keys=True))
            else:
                parts.append(str(item))
        text = " | ".join(parts)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value)
    # A cell starting with = + - @ is a formula in spreadsheet programs: make it plain text.
    return "'" + text if text[:1] in _FORMULA else text


def table_csv(records: list[dict]) -> str:
    columns: list[str] = []
    for rec in records:
        columns.extend(k for k in rec if k not in columns)
    return "".join(_csv_rows([columns, *([_csv_cell(rec.get(c, "")) for c in columns] for rec in records)]))


def _csv_rows(rows: Iterable[list[str]]) -> list[str]:
    """Each row as a CSV line ending in LF. Python 3.11's csv quotes a field for the characters of
    its line terminator only: rows are written with CR LF and then end in LF, so that a field with
    a lone CR is quoted too (unquoted, a spreadsheet starts a new row there, which could start
    with = and skip the apostrophe)."""
    out: list[str] = []
    csv.writer(_Lines(out.append), lineterminator="\r\n").writerows(rows)
    return [line[:-2] + "\n" for line in out]


# The live preview regenerates after every edit, which usually changes one record of one table: a
# table whose records (and reporting lines) are equal to last time keeps its JSON and CSV, and in a
# changed table each record that is the same object as last time keeps its JSON line and CSV row
# (`_ROWS`: record, its dict, its JSON line, the CSV columns and its row). One entry per table.
_MEMO: dict[str, tuple[tuple[Record, ...], Lines | None, str, str]] = {}
_ROWS: dict[str, tuple[Lines | None, dict[int, list]]] = {}


def table_downloads(table: str, records: tuple[Record, ...], lines: Lines | None = None) -> tuple[str, str]:
    """A table as JSON and as CSV (the same text as table_json and table_csv of its dicts)."""
    memo = _MEMO.get(table)
    # The same record objects, not equal ones: 1 == 1.0, but JSON writes them differently.
    if memo is not None and _same(memo[0], records) and memo[1] == lines:
        return memo[2], memo[3]
    cached = _ROWS.get(table)
    known = cached[1] if cached is not None and cached[0] == lines else {}
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    rows = []
    for r in records:
        row = known.get(id(r))
        if row is None or row[0] is not r:
            data = record_dict(r, lines)
            row = [r, data, encode(data), None, ""]
        rows.append(row)
    as_json = "[\n" + ",\n".join(row[2] for row in rows) + "\n]\n" if rows else "[]\n"
    columns = _columns([row[1] for row in rows])
    todo = [row for row in rows if row[3] != columns]
    out = _csv_rows([_csv_cell(row[1].get(c, "")) for c in columns] for row in todo)
    for row, line in zip(todo, out, strict=True):
        row[3], row[4] = columns, line
    as_csv = _csv_rows([columns])[0] + "".join(row[4] for row in rows)
    _ROWS[table] = (lines, {id(row[0]): row for row in rows})
    _MEMO[table] = (records, lines, as_json, as_csv)
    return as_json, as_csv


def _same(a: tuple[Record, ...], b: tuple[Record, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


class _Lines:
    """A file for csv.writer that hands over each row it writes (the writer writes a row at a time)."""

    def __init__(self, write: Callable[[str], object]):
        self.write = write


def _columns(records: list[dict]) -> list[str]:
    columns: list[str] = []
    seen: set[str] = set()
    for rec in records:
        for k in rec:
            if k not in seen:
                seen.add(k)
                columns.append(k)
    return columns


def anchors_page(facts: FactBase, locator: Locator | None = None) -> Page:
    """Which page holds each record's anchor, as site URLs. A record can move to another page of a
    long listing when records are added before it; explainer/theme/javascripts/tablesort.js reads this file
    when a permalink's anchor is missing on its page and goes to the record's current page."""

    pages = (locator or Locator.build(facts)).pages
    if _ANCHORS and _ANCHORS[0] == pages:  # the live preview: no record moved to another page
        return _ANCHORS[1]
    data = {rid: page_url(pages[rid]) for rid in sorted(pages)}
    page = Page(
        f"{DOWNLOADS}/anchors.json",
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
        ("data/*.yaml",),
    )
    _ANCHORS[:] = [dict(pages), page]
    return page


_ANCHORS: list = []  # the last anchors page and the locator pages it was made from


def _downloads(table: str, records: tuple[Record, ...], lines: Lines | None = None) -> list[Page]:
    as_json, as_csv = table_downloads(table, records, lines)
    src = (f"data/{table}.yaml",)
    return [Page(f"{DOWNLOADS}/{table}.json", as_json, src), Page(f"{DOWNLOADS}/{table}.csv", as_csv, src)]


def extra_tasks(
    facts: FactBase, paths: Paths, locator: Locator | None = None
) -> list[tuple[float, Callable[[], list[Page]]]]:
    """The downloads and the Data page as groups to render, each with its rough cost in records
    (a record's JSON and CSV cost about half as much as its section on a page), in a fixed order."""
    tasks: list[tuple[float, Callable[[], list[Page]]]] = [
        (len(records) / 2, functools.partial(_downloads, table, records, lines_of(facts.sources)))
        for table, records in facts.tables.items()
    ]
    tasks.append((len(facts.by_id) / 20, lambda: [anchors_page(facts, locator)]))
    tasks.append((1.0, functools.partial(_data_pages, facts, paths)))
    return tasks


def _data_pages(facts: FactBase, paths: Paths) -> list[Page]:
    """The JSON Schemas and the Data page that lists every download."""
    called = noun(facts)
    pages: list[Page] = []
    rows = []
    for table, records in facts.tables.items():
        what = escape.md(facts.declared(table).note) if facts.subject is not None else ""  # plain text in a cell
        rows.append(
            f"| {escape.md(table)} | {what} | {len(records)} | [JSON]({DOWNLOADS}/{table}.json) · "
            f"[CSV]({DOWNLOADS}/{table}.csv) · [schema]({DOWNLOADS}/schema/{table}.schema.json) |\n"
        )
    for schema in sorted(paths.schema.glob("*.schema.json")):  # byte for byte (read_text makes CR LF into LF)
        pages.append(
            Page(
                f"{DOWNLOADS}/schema/{schema.name}",
                schema.read_bytes().decode("utf-8"),
                (f"data/schema/{schema.name}",),
            )
        )
    body = [
        header(("data/*.yaml", "data/schema/*.schema.json")),
        "# Data\n\n",
        "Every table of the fact base, as JSON and as CSV, with the JSON Schema that defines its fields. "
        "The files are regenerated from the editors' YAML on every build, so they always match the pages.\n\n",
        "| Table | What it holds | Records | Downloads |\n|---|---|---|---|\n",
        *rows,
        "\n",
        "## Formats { #data_formats }\n\n",
        "- **JSON**: one array per table, one object per record (one per line), with the field names of the schema. "
        "Fields an editor left out are left out here too, except those that take a default value when left out "
        "(such as `false` for a yes/no field), which are written with that value.\n",
        "- **CSV**: UTF-8, one row per record, one column per field. A list is joined with ` | `; a citation "
        "is written `source: excerpt`. A cell that would start with `=`, `+`, `-`, `@`, a tab or a carriage "
        "return starts with an apostrophe, so a spreadsheet shows it as text instead of running it as a formula.\n",
        "- **Derived column**: every claim also has `lines_of_reporting`, how many independent lines of "
        f"reporting its {called.plural} make up, counting {called.plural} that report via the same origin once (see "
        "[Method](method.md#agreement)). It is worked out on every build and is not in the YAML.\n",
        "- **JSON Schema** (draft 2020-12): what each field means and which values it may take. The shared "
        "definitions (ids, dates, status, citations) are in "
        "[common.schema.json](downloads/schema/common.schema.json).\n\n",
        "Every record has a permanent `id`; on this site it is also the record's anchor, so "
        "`<page>#<id>` links to it. Records refer to each other and to sources by these ids.\n\n",
        "## Reuse { #data_reuse }\n\n",
        "Each claim carries `cite`: the id of its source and the exact words of the source that support it, "
        "and `status` and `as_of`, which say whether it still holds and when. Keep those fields when you reuse "
        "a record, so your readers can check it as ours can, and link to the record's page. "
        f"The excerpts are short quotations from the {called.plural}, used to let readers check each claim; the "
        f"{called.plural} themselves are not republished and remain their publishers' work.\n",
    ]
    pages.append(Page("data.md", "".join(body), ("data/*.yaml",)))
    return pages
