"""Downloads for reuse: every table as JSON and CSV, the JSON Schemas, and the Data page.

They are generated files like the pages (listed in the manifest, written only when changed);
JSON and CSV cannot carry a "generated" first line, so the Data page says where they come from.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import fields

from . import escape
from .model import FactBase, Record
from .pages.common import Page, header
from .validate import Paths

DOWNLOADS = "downloads"


def record_dict(record: Record) -> dict:
    """A record as plain JSON-ready data, in the contract's field names."""
    out: dict = {}
    for f in fields(record):
        if f.name == "origin":
            continue
        value = getattr(record, f.name)
        if value is None or value == ():
            continue
        if f.name == "cite":
            value = [{"source": c.source, "excerpt": c.excerpt} for c in value]
        elif f.name == "sides":
            value = [{"claim": s.claim, "cite": [{"source": c.source, "excerpt": c.excerpt} for c in s.cite]} for s in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def _csv_cell(value: object) -> str:
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
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def table_csv(records: list[dict]) -> str:
    columns: list[str] = []
    for rec in records:
        columns.extend(k for k in rec if k not in columns)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for rec in records:
        writer.writerow([_csv_cell(rec.get(c, "")) for c in columns])
    return buf.getvalue()


def extra_pages(facts: FactBase, paths: Paths) -> list[Page]:
    pages: list[Page] = []
    rows = []
    for table, records in facts.tables.items():
        data = [record_dict(r) for r in records]
        src = (f"data/{table}.yaml",)
        pages.append(Page(f"{DOWNLOADS}/{table}.json", json.dumps(data, ensure_ascii=False, indent=1) + "\n", src))
        pages.append(Page(f"{DOWNLOADS}/{table}.csv", table_csv(data), src))
        rows.append(f"| {escape.md(table)} | {len(records)} | [JSON]({DOWNLOADS}/{table}.json) · "
                    f"[CSV]({DOWNLOADS}/{table}.csv) · [schema]({DOWNLOADS}/schema/{table}.schema.json) |\n")
    for schema in sorted(paths.schema.glob("*.schema.json")):
        pages.append(Page(f"{DOWNLOADS}/schema/{schema.name}", schema.read_text(encoding="utf-8"), (f"data/schema/{schema.name}",)))
    body = [header(("data/*.yaml", "data/schema/*.schema.json")), "# Data\n\n",
            "Every table of the fact base, as JSON and as CSV, with the JSON Schema that defines its fields. "
            "The files are regenerated from the editors' YAML on every build, so they always match the pages.\n\n",
            "| Table | Records | Downloads |\n|---|---|---|\n", *rows, "\n",
            "## Reuse\n\n",
            "Each record carries `cite`: the source id and the exact words of the source that support it. "
            "Keep those citations when you reuse a record, so your readers can check it as ours can. "
            "The shared definitions are in [common.schema.json](downloads/schema/common.schema.json). "
            "The excerpts are short quotations from the articles; the articles themselves are not republished.\n"]
    pages.append(Page("data.md", "".join(body), ("data/*.yaml",)))
    return pages
