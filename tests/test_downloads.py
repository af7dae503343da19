"""The downloads (explainer/publish/downloads.py): each table as JSON and CSV in the data contract's field
names, safe to open in a spreadsheet, kept right by the live preview's memo; the anchor map; the
Data page and the JSON Schemas it links to."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import MISSING, fields, replace
from pathlib import Path

import pytest

from explainer.check.reporting import Lines, lines_of
from explainer.check.validate import Paths, build_factbase, load_records
from explainer.generate import generate
from explainer.model.facts import Change, Disagreement, FactBase, Origin, Source, StoryParagraph, make_record
from explainer.model.registry import Table
from explainer.model.schema_types import derive
from explainer.publish import downloads
from explainer.publish.downloads import anchors_page, extra_tasks, record_dict, table_csv, table_downloads, table_json
from explainer.render.common import Locator
from explainer.scale.incremental import Memo

from .conftest import ROOT, make_project

AT = Origin("data/story.yaml", 1)


def story(rid: str = "story-one", **extra) -> StoryParagraph:
    data = {
        "id": rid,
        "text": "A sentence.",
        "cite": [{"source": "src-a", "excerpt": "words of a"}],
        "as_of": "2026-11-20",
        "status": "current",
        **extra,
    }
    return make_record(StoryParagraph, data, AT)  # type: ignore[return-value]


def source(sid: str, outlet: str = "unknown") -> Source:
    data = {"id": sid, "seed": f"{sid}.txt", "outlet": outlet, "title": "T", "published": "unknown", "kind": "news"}
    return make_record(Source, data, Origin("data/sources.yaml", 1))  # type: ignore[return-value]


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture(scope="module")
def real() -> FactBase:
    return build_factbase(Paths(ROOT))


# -- record_dict ---------------------------------------------------------------------------------


def test_record_dict_leaves_out_empty_fields_and_origin():
    record = story()  # superseded_by, about, note, paragraph, fact: None; compatible: ()
    assert record_dict(record) == {
        "id": "story-one",
        "cite": [{"source": "src-a", "excerpt": "words of a"}],
        "as_of": "2026-11-20",
        "status": "current",
        "text": "A sentence.",
        "role": "story",
    }


def test_record_dict_keeps_falsy_values_that_are_not_empty():
    data = record_dict(story(paragraph=0, note=""))
    assert data["paragraph"] == 0 and data["note"] == ""


def test_record_dict_writes_compatible_in_the_contracts_names():
    record = story(compatible=[{"with": "story-two", "reason": "Different dates."}])
    assert record_dict(record)["compatible"] == [{"with": "story-two", "reason": "Different dates."}]


def test_record_dict_writes_sides_with_their_cites_and_records():
    data = {
        "id": "dis-x",
        "topic": "Which?",
        "summary": "Two accounts.",
        "as_of": "unknown",
        "status": "current",
        "records": ["story-one", "story-two"],
        "sides": [
            {"claim": "One.", "records": ["story-one"], "cite": [{"source": "src-a", "excerpt": "a1"}]},
            {"claim": "Other.", "cite": [{"source": "src-b", "excerpt": "b1"}]},
        ],
    }
    record = make_record(Disagreement, data, AT)
    assert isinstance(record, Disagreement)
    # Exactly what the editor wrote, in the same names, and the kind it has by default.
    assert record_dict(record) == {**data, "kind": "conflict"}


def test_record_dict_writes_tuples_as_lists():
    change = Change(id="c", origin=AT, date="2026-11-23", summary="s", records=("a", "b"))
    assert record_dict(change) == {"id": "c", "date": "2026-11-23", "summary": "s", "records": ["a", "b"]}


def test_lines_of_reporting_is_added_only_with_lines_and_only_to_claims():
    lines = Lines.build([source("src-a", "Outlet A"), source("src-b", "Outlet B")])
    two = story(cite=[{"source": "src-a", "excerpt": "a"}, {"source": "src-b", "excerpt": "b"}])
    assert "lines_of_reporting" not in record_dict(two)
    assert record_dict(two, lines)["lines_of_reporting"] == 2
    same_outlet = Lines.build([source("src-a", "Outlet A"), source("src-b", "Outlet A")])
    assert record_dict(two, same_outlet)["lines_of_reporting"] == 1
    assert "lines_of_reporting" not in record_dict(source("src-a"), lines)  # a source cites nothing


def test_real_records_download_in_their_schemas_names_and_read_back_as_the_same_records(real):
    lines = lines_of(real.sources)
    for table, records in real.tables.items():
        schema = json.loads((ROOT / "data" / "schema" / f"{table}.schema.json").read_text(encoding="utf-8"))
        names = set(schema["items"]["properties"])
        for record in records:
            data = record_dict(record, lines)
            assert set(data) - {"lines_of_reporting"} <= names, (table, record.id, set(data) - names)
            assert ("lines_of_reporting" in data) == bool(getattr(record, "cite", ())), record.id
            data.pop("lines_of_reporting", None)
            assert make_record(type(record), json.loads(json.dumps(data)), record.origin) == record, record.id


def test_real_downloads_hold_the_fields_the_editors_wrote_and_defaults_that_are_values(real):
    """As the Data page says: a field left out is left out, unless leaving it out gives it a value."""
    wrote = {raw.data["id"]: {k for k, v in raw.data.items() if v != []} for raw in load_records(Paths(ROOT)).valid}
    for record in real.by_id.values():
        data = record_dict(record)
        defaults = {f.name: f.default for f in fields(record) if f.default not in (MISSING, None, ())}
        assert set(data) - wrote[record.id] == {k for k in defaults if k not in wrote[record.id]}, record.id
        assert all(data[k] == defaults[k] for k in set(data) - wrote[record.id]), record.id
        assert wrote[record.id] <= set(data), record.id
    text = next(page.text for page in downloads._data_pages(real, Paths(ROOT)) if page.path == "data.md")
    assert "Fields an editor left out are left out here too, except those that take a default value" in text


def test_a_derived_record_downloads_only_what_it_holds():
    common = "common.schema.json#/$defs/"
    item = {
        "properties": {
            "id": {"$ref": common + "slug"},
            "cite": {"$ref": common + "cite"},
            "as_of": {"$ref": common + "date_or_unknown"},
            "status": {"$ref": common + "status"},
            "amount": {"type": "integer"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "department": {"$ref": common + "ref"},
        },
        "required": ["id", "cite", "as_of", "status", "amount"],
    }
    cls = derive(Table("line_items", "budget line"), item)
    data = {"id": "li-a", "cite": [{"source": "src-a", "excerpt": "a"}], "as_of": "unknown", "status": "current"}
    bare, tagged = (
        make_record(cls, {**data, "amount": 5}, AT),
        make_record(cls, {**data, "amount": 0, "tags": ["x"]}, AT),
    )
    assert record_dict(bare) == {**data, "amount": 5}  # optional fields left out: not in the download
    assert record_dict(tagged) == {**data, "amount": 0, "tags": ["x"]}
    header, *body = rows(table_downloads("memo-derived", (bare, tagged))[1])
    assert header == ["id", "cite", "as_of", "status", "amount", "tags"]
    assert body == [
        ["li-a", "src-a: a", "unknown", "current", "5", ""],
        ["li-a", "src-a: a", "unknown", "current", "0", "x"],
    ]


# -- table_json ----------------------------------------------------------------------------------


def test_table_json_is_one_record_per_line_and_parses_back():
    records = [record_dict(story("s1", note="“quoted”, with a\nline break")), {"id": "s2", "n": 1.5, "ok": False}]
    text = table_json(records)
    lines = text.split("\n")
    assert lines[0] == "[" and lines[-2] == "]" and lines[-1] == ""
    assert len(lines) == 2 + len(records) + 1
    assert [json.loads(line.rstrip(",")) for line in lines[1:-2]] == records
    assert json.loads(text) == records
    assert "“quoted”" in text  # UTF-8 as written, not \u escapes


def test_table_json_of_no_records_is_an_empty_array():
    assert table_json([]) == "[]\n" and json.loads(table_json([])) == []


# -- table_csv -----------------------------------------------------------------------------------


def test_table_csv_header_is_every_key_in_first_seen_order():
    text = table_csv([{"id": "a", "b": "1"}, {"id": "c", "z": "2", "b": "3"}, {"y": "4"}])
    assert rows(text) == [["id", "b", "z", "y"], ["a", "1", "", ""], ["c", "3", "2", ""], ["", "", "", "4"]]


def test_table_csv_writes_lists_citations_and_booleans_readably():
    record = {
        "id": "r",
        "roles": ["training", "police"],
        "cite": [{"source": "src-a", "excerpt": "first words"}, {"source": "src-b", "excerpt": "second"}],
        "anonymous": True,
        "featured": False,
        "number": 1500,
        "other": [{"with": "x", "reason": "y"}],
    }
    header, row = rows(table_csv([record]))
    cells = dict(zip(header, row, strict=True))
    assert cells["roles"] == "training | police"
    assert cells["cite"] == "src-a: first words | src-b: second"
    assert (cells["anonymous"], cells["featured"], cells["number"]) == ("true", "false", "1500")
    assert json.loads(cells["other"]) == {"with": "x", "reason": "y"}


def test_table_csv_quotes_commas_quotes_and_line_breaks():
    tricky = 'a, "b"\nc'
    assert rows(table_csv([{"id": "r", "text": tricky}])) == [["id", "text"], ["r", tricky]]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(start):
    payload = start + 'HYPERLINK("http://example.invalid")'
    header, *body = rows(table_csv([{"id": start + "x", "text": payload, "list": [payload, "b"]}]))
    cells = dict(zip(header, body[0], strict=True))
    assert cells["id"] == "'" + start + "x"
    assert cells["text"] == "'" + payload
    assert cells["list"] == "'" + payload + " | b"


@pytest.mark.parametrize("inside", ["\r", "\n", "\r\n"])
def test_a_line_break_inside_a_value_stays_inside_its_cell(inside):
    """A lone CR (a YAML "\\r" escape passes the check) must be quoted like LF: unquoted, a
    spreadsheet starts a new row there, and that row's first cell escapes the apostrophe."""
    title = "A headline" + inside + "=1+1"
    records = (replace(source("src-a"), title=title), source("src-b"))
    for text in (table_csv([record_dict(r) for r in records]), table_downloads("memo-breaks", records)[1]):
        parsed = rows(text)
        assert len(parsed) == 3 and parsed[1][parsed[0].index("title")] == title
        assert text.count("\n") == 3 + inside.count("\n")  # one LF per row, plus the value's own


def test_safe_cells_are_left_alone_and_negative_numbers_are_text():
    _, row = rows(table_csv([{"id": "a=b", "text": " =1", "n": -5, "m": 5}]))
    assert row == ["a=b", " =1", "'-5", "5"]


# -- table_downloads and its memo ------------------------------------------------------------------


def plain(records, lines=None) -> tuple[str, str]:
    dicts = [record_dict(r, lines) for r in records]
    return table_json(dicts), table_csv(dicts)


def test_table_downloads_is_the_json_and_csv_of_the_record_dicts(real):
    lines = lines_of(real.sources)
    for table, records in real.tables.items():
        assert table_downloads(table, records, lines) == plain(records, lines), table
    assert table_downloads("memo-empty", ()) == ("[]\n", "\n") == plain(())


def test_table_downloads_stays_right_as_records_change_come_and_go():
    table = "memo-edits"
    base = tuple(story(f"s{i}", paragraph=i) for i in range(1, 6))
    noted = (*base[:2], replace(base[2], note="an editor's note"), *base[3:])  # a new column, mid-table
    steps = [
        base,
        base,  # the same again: from the memo
        noted,
        (*noted, story("s6", fact="Planned size")),  # added, with another new column
        noted[1:],  # removed
        tuple(reversed(noted)),  # reordered
        base,  # the note gone again: its column too
        (replace(base[0], text="=1+1"), *base[1:]),  # an edit that needs the apostrophe
        (),
        base,
    ]
    for n, records in enumerate(steps):
        assert table_downloads(table, records) == plain(records), n


def test_table_downloads_memo_follows_the_lines_of_reporting():
    table = "memo-lines"
    records = (story(cite=[{"source": "src-a", "excerpt": "a"}, {"source": "src-b", "excerpt": "b"}]),)
    apart = Lines.build([source("src-a", "Outlet A"), source("src-b", "Outlet B")])
    together = Lines.build([source("src-a", "Outlet A"), source("src-b", "Outlet A")])
    for lines in (None, apart, together, apart, None):
        assert table_downloads(table, records, lines) == plain(records, lines)


def test_table_downloads_memo_sees_an_edit_that_compares_equal():
    """1 and 1.0 are equal in Python but not in JSON: an editor changing `paragraph: 1` to
    `paragraph: 1.0` (the schema's integer allows both) must see the download change."""
    table = "memo-equal"
    one = (story(paragraph=1),)
    one_point_oh = (story(paragraph=1.0),)
    assert one == one_point_oh
    assert table_downloads(table, one) == plain(one)
    assert table_downloads(table, one_point_oh) == plain(one_point_oh)


def test_tables_memos_are_kept_apart():
    a, b = (story("s-a"),), (story("s-b"),)
    table_downloads("memo-a", a), table_downloads("memo-b", b)
    assert table_downloads("memo-a", a) == plain(a) and table_downloads("memo-b", b) == plain(b)


# -- the anchor map --------------------------------------------------------------------------------


def test_anchors_page_maps_every_record_to_its_pages_site_url(real):
    page = anchors_page(real)
    assert page.path == "downloads/anchors.json" and page.text.endswith("\n")
    data = json.loads(page.text)
    assert set(data) == set(real.by_id)
    assert list(data) == sorted(data)  # sorted: same input, same bytes
    pages = Locator.build(real).pages
    for rid, url in data.items():
        md = pages[rid]
        assert url == ("" if md == "index.md" else md.removesuffix(".md") + "/"), rid
    for src in real.sources:
        assert data[src.id] == f"sources/{src.id}/"
    assert all(data[r.id] == "" for r in real.table("story"))


def test_anchors_page_writes_index_and_nested_pages_as_site_urls():
    facts = FactBase({})
    first = Locator({"a": "index.md", "b": "sources/x.md", "c": "guide/index.md", "d": "zones-2.md"})
    assert json.loads(anchors_page(facts, first).text) == {"a": "", "b": "sources/x/", "c": "guide/", "d": "zones-2/"}
    moved = Locator({"a": "index.md", "b": "sources/x.md", "c": "guide/index.md", "d": "zones-3.md"})
    assert json.loads(anchors_page(facts, moved).text)["d"] == "zones-3/"  # the memo follows a move
    assert json.loads(anchors_page(facts, first).text)["d"] == "zones-2/"


# -- the Data page and the schemas -----------------------------------------------------------------


@pytest.fixture(scope="module")
def extra_pages(real) -> dict[str, str]:
    pages = [page for _, task in extra_tasks(real, Paths(ROOT)) for page in task()]
    by_path = {page.path: page.text for page in pages}
    assert len(by_path) == len(pages)  # no path made twice
    return by_path


def test_every_table_has_its_json_and_csv_download(real, extra_pages):
    lines = lines_of(real.sources)
    for table, records in real.tables.items():
        as_json, as_csv = plain(records, lines)
        assert extra_pages[f"downloads/{table}.json"] == as_json
        assert extra_pages[f"downloads/{table}.csv"] == as_csv
        assert len(json.loads(as_json)) == len(records) == len(rows(as_csv)) - 1


def test_the_data_page_has_one_row_per_table_linking_its_downloads(real, extra_pages):
    text = extra_pages["data.md"]
    assert text.startswith("[//]: # ")  # generated, and says so
    table_rows = [line for line in text.splitlines() if re.match(r"\| (?!Table |---)", line)]
    assert len(table_rows) == len(real.tables)
    for line, (table, records) in zip(table_rows, real.tables.items(), strict=True):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == 4, line
        assert cells[1] == real.declared(table).note and cells[1], table
        assert cells[2] == str(len(records)), table
        links = re.findall(r"\[(\w+)\]\(([^)]+)\)", cells[3])
        assert links == [
            ("JSON", f"downloads/{table}.json"),
            ("CSV", f"downloads/{table}.csv"),
            ("schema", f"downloads/schema/{table}.schema.json"),
        ]
    for target in re.findall(r"\]\((downloads/[^)#]+)\)", text):  # every link it makes is a page made
        assert target in extra_pages, target


def test_a_tables_note_cannot_break_the_data_pages_table(real):
    """A declared note is plain text in a table cell: a `|` in it must not make a fifth cell."""
    subject = real.subject
    assert subject is not None
    noted = replace(
        subject,
        tables=tuple(
            replace(t, note="Articles | outlets *and* [dates]") if t.name == "sources" else t for t in subject.tables
        ),
    )
    facts = FactBase(real.tables, noted)
    text = next(page.text for page in downloads._data_pages(facts, Paths(ROOT)) if page.path == "data.md")
    [row] = [line for line in text.splitlines() if line.startswith("| sources |")]
    assert row.count("|") == 5 and "*and*" not in row and "[dates]" not in row


def test_each_schema_page_is_its_schema_file_byte_for_byte(extra_pages):
    schemas = sorted((ROOT / "data" / "schema").glob("*.schema.json"))
    assert schemas
    made = sorted(path for path in extra_pages if path.startswith("downloads/schema/"))
    assert made == [f"downloads/schema/{s.name}" for s in schemas]
    for schema in schemas:
        assert extra_pages[f"downloads/schema/{schema.name}"].encode("utf-8") == schema.read_bytes(), schema.name


def test_a_schema_written_with_windows_line_ends_is_published_unchanged(real, tmp_path: Path):
    schema_dir = tmp_path / "data" / "schema"
    schema_dir.mkdir(parents=True)
    raw = b'{\r\n  "title": "caf\xc3\xa9"\r\n}\r\n'
    (schema_dir / "x.schema.json").write_bytes(raw)
    pages = {page.path: page.text for page in downloads._data_pages(real, Paths(tmp_path))}
    assert pages["downloads/schema/x.schema.json"].encode("utf-8") == raw


def test_extra_tasks_come_in_a_fixed_order_with_a_cost_each(real):
    tasks = extra_tasks(real, Paths(ROOT))
    made = [[page.path for page in task()] for _, task in tasks]
    assert made[: len(real.tables)] == [[f"downloads/{t}.json", f"downloads/{t}.csv"] for t in real.tables]
    assert made[len(real.tables) :][0] == ["downloads/anchors.json"]
    assert made[-1][-1] == "data.md" and len(made) == len(real.tables) + 2
    assert [cost for cost, _ in tasks[: len(real.tables)]] == [len(r) / 2 for r in real.tables.values()]
    assert all(cost > 0 for cost, _ in tasks[len(real.tables) :])


def test_the_live_preview_writes_the_download_a_full_run_writes_after_an_edit_that_compares_equal(tmp_path):
    """`number: 1500` made `number: 1500.0`: the record compares equal, its JSON does not."""
    preview, full = make_project(tmp_path / "preview"), make_project(tmp_path / "full")
    memo = Memo()
    generate(preview, memo=memo)
    for root in (preview, full):
        figures = root / "data" / "figures.yaml"
        text = figures.read_text(encoding="utf-8")
        assert "number: 1500\n" in text
        figures.write_text(text.replace("number: 1500\n", "number: 1500.0\n", 1), encoding="utf-8")
    generate(preview, memo=memo)
    generate(full)
    written = (preview / "docs" / "downloads" / "figures.json").read_text(encoding="utf-8")
    assert '"number":1500.0' in written
    assert written == (full / "docs" / "downloads" / "figures.json").read_text(encoding="utf-8")
