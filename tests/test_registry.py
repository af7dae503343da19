"""The table registry (explainer/model/registry.py) and record types held against schemas
(explainer/model/schema_types.py): a mistake in a declaration is a located problem naming the table and the
fix, a schema field the record type lacks is never dropped silently, a table declared without a
type gets one from its schema, and the engine holds no word of this subject."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from explainer import tables
from explainer.check.validate import Paths, build_factbase
from explainer.load.problems import DataError
from explainer.model import schema_types as records
from explainer.model.facts import Claim, Origin, make_record
from explainer.model.registry import CORE, Subject, SubjectError, Table, load_subject, mistakes

from .conftest import ROOT, make_project

SUBJECT = load_subject()


def core() -> tuple[Table, ...]:
    return (tables.sources(), tables.story(), tables.disagreements(question_table=None), tables.changes())


def subject_with(*extra: Table, drop: str = "") -> Subject:
    return Subject(title="t", tables=tuple(t for t in (*core(), *extra) if t.name != drop))


def test_todays_subject_has_no_mistakes_and_every_table_its_type():
    assert mistakes(SUBJECT) == []
    facts = build_factbase(Paths(ROOT))
    assert facts.subject is not None and facts.subject.names == SUBJECT.names
    for table in facts.subject.tables:
        assert table.record is not None and table.fields, table.name
        assert all(type(r).table == table.name for r in facts.table(table.name)), table.name


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (subject_with(drop="changes"), "table 'changes' is missing"),
        (subject_with(tables.figures(), tables.figures()), "table 'figures' is declared twice"),
        (subject_with(tables.figures(page="changes")), "page 'changes' is also the page of 'changes'"),
        (subject_with(tables.positions()), "refs['actor'] names 'actors', which is not a declared table"),
        (
            subject_with(Table("extras", "extra", shown_on="positions")),
            "shown_on names 'positions', which is not a declared table",
        ),
        (subject_with(Table("line_items", "budget line", title="Budget lines")), "table 'line_items' has no page"),
        (subject_with(Table("line_items", "budget line", page="lines")), "table 'line_items' has no title"),
    ],
)
def test_each_mistake_in_a_declaration_names_the_table_and_the_fix(subject, expected):
    found = mistakes(subject)
    assert any(expected in message and fix for message, fix in found), found


def line_items_schema() -> dict:
    common = "common.schema.json#/$defs/"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "line_items.schema.json",
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "id": {"$ref": common + "slug"},
                "cite": {"$ref": common + "cite"},
                "as_of": {"$ref": common + "date_or_unknown"},
                "status": {"$ref": common + "status"},
                "summary": {"$ref": common + "text"},
                "amount": {"$ref": common + "short_text", "title": "Amount, as written"},
                "approved": {"$ref": common + "date_or_unknown"},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["id", "cite", "as_of", "status", "summary", "amount"],
        },
    }


def test_a_table_without_a_type_gets_one_from_its_schema():
    table: Table = Table("line_items", "budget line", title="Budget lines", page="lines")
    subject = subject_with(table)
    items = {"line_items": line_items_schema()["items"]}
    resolved, problems = records.resolve(subject, items, ROOT / "data" / "schema", ROOT, "scripts/subject.py")
    declared = resolved.table("line_items")
    problems = [p for p in problems if "line_items" in p.message]
    assert problems == []
    cls = declared.record
    assert cls is not None and issubclass(cls, Claim) and cls.table == "line_items" and cls.singular == "budget line"
    assert declared.labels["amount"] == "Amount, as written" and declared.labels["tags"] == "Tags"
    assert declared.dates == {"as_of", "approved"}
    data = {"id": "line-a", "cite": [{"source": "s", "excerpt": "abc"}], "as_of": "unknown", "status": "current"}
    # Any: the type is made at run time from the schema, so no checker knows its fields
    record: Any = make_record(cls, {**data, "summary": "S", "amount": "$5", "tags": ["x"]}, Origin("f", 1))
    assert record.tags == ("x",) and record.approved is None and record.cite[0].excerpt == "abc"
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.amount = "$6"
    with pytest.raises(TypeError):  # a required field of the schema is required by the type too
        make_record(cls, {**data, "summary": "S"}, Origin("f", 1))


def test_a_schema_field_the_type_lacks_is_a_problem_at_its_line(project: Path):
    schema = project / "data" / "schema" / "figures.schema.json"
    doc = json.loads(schema.read_text(encoding="utf-8"))
    doc["items"]["properties"]["margin"] = {"type": "string"}
    schema.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    with pytest.raises(DataError) as info:
        build_factbase(Paths(project))
    [problem] = [p for p in info.value.problems if "'margin'" in p.message]
    line = next(n for n, text in enumerate(schema.read_text().splitlines(), 1) if '"margin"' in text)
    assert (problem.path, problem.line) == ("data/schema/figures.schema.json", line)
    assert "not in the record type explainer.model.facts.Figure" in problem.message and "dropped" in problem.message
    assert "add `margin:" in problem.fix


def test_a_required_field_of_the_type_the_schema_does_not_require_is_a_problem(project: Path):
    schema = project / "data" / "schema" / "figures.schema.json"
    doc = json.loads(schema.read_text(encoding="utf-8"))
    doc["items"]["required"].remove("label")
    schema.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    with pytest.raises(DataError) as info:
        build_factbase(Paths(project))
    assert any("field 'label'" in p.message and "does not require it" in p.message for p in info.value.problems)


def test_a_declared_table_without_a_schema_and_an_undeclared_file_are_problems(project: Path):
    subject = Subject(title="t", tables=(*SUBJECT.tables, Table("line_items", "budget line", title="L", page="lines")))
    (project / "data" / "notes.yaml").write_text("[]\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        build_factbase(Paths(project, subject))
    messages = [(p.path, p.message, p.fix) for p in info.value.problems]
    assert any("has no schema" in m and "data/schema/line_items.schema.json" in f for _, m, f in messages)
    assert any(path == "data/notes.yaml" and "not a known table" in m and "Add a table" in f for path, m, f in messages)


def test_a_subject_that_cannot_be_loaded_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("EXPLAINER_SUBJECT", "no_such_subject_module")
    with pytest.raises(SubjectError, match="cannot import the subject module 'no_such_subject_module'"):
        load_subject()
    project = make_project(tmp_path / "p")
    run = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "check", "--root", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "EXPLAINER_SUBJECT": "no_such_subject_module"},
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "no_such_subject_module" in run.stderr and "scripts/subject.py" in run.stderr


def test_core_tables_are_the_engines_kinds():
    assert tuple(t.name for t in core()) == CORE


SUBJECT_WORDS = re.compile(
    r"gaza|israel|hamas|troop|\bisf\b|jordan|egypt|indonesia|azerbaijan|rafah|guardian|axios|ynet|politico"
    r"|\bzones?\b|\btrump\b|\bnato\b",  # whole words: a terminator or a timezone is no subject
    re.I,
)


def test_the_engine_holds_no_word_of_this_subject():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "explainer").rglob("*"))
        if path.is_file()
        and path.suffix in (".py", ".md", ".txt", ".json", ".yaml", ".yml", ".html", ".cfg", ".js", ".css", ".tmpl")
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if SUBJECT_WORDS.search(line)
    ]
    assert found == []


def test_a_project_given_by_root_is_built_with_its_own_subject(tmp_path: Path):
    """`--root` names a project; its scripts/subject.py is its subject, whatever the working folder."""
    project = make_project(tmp_path / "p")
    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    subject = project / "scripts" / "subject.py"
    subject.write_text(
        subject.read_text(encoding="utf-8").replace('title="Gaza’s stabilization', 'title="Another title for'),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "generate", "-q", "--root", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "\n# Another title for force and the zone plan\n" in (project / "docs" / "index.md").read_text()


def test_a_derived_table_is_listed_with_its_schemas_labels_and_linked_refs(project: Path):
    schema = line_items_schema()
    schema["items"]["properties"]["department"] = {"$ref": "common.schema.json#/$defs/ref", "title": "Department"}
    (project / "data" / "schema" / "line_items.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    cite = {"source": "src-one", "excerpt": "up to 1,500 infantry soldiers from the UK"}
    line = {"id": "line-one", "cite": [cite], "as_of": "unknown", "status": "current"}
    rows: list[dict[str, Any]] = [
        {**line, "summary": "A line <b>x</b>", "amount": "$1,500", "department": "src-one", "tags": ["a", "b"]}
    ]
    schema["items"]["properties"]["cents"] = {"type": "integer"}
    schema["items"]["properties"]["year"] = {"type": "integer"}
    (project / "data" / "schema" / "line_items.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    rows[0] |= {"cents": 500000000, "year": 2027}
    (project / "data" / "line_items.yaml").write_text(json.dumps(rows), encoding="utf-8")
    lines: Table = Table("line_items", "budget line", title="Budget lines", page="lines", refs={"department": None})
    subject = Subject(title="t", tables=(*SUBJECT.tables, lines))
    facts = build_factbase(Paths(project, subject))
    from explainer.publish.tasks import render

    page = {p.path: p.text for p in render(facts, Paths(project, subject))}["lines.md"]
    assert "## A line &lt;b&gt;x&lt;/b&gt; { #line-one }" in page  # the heading, escaped
    assert page.count("A line &lt;b&gt;x&lt;/b&gt;") == 1, "the heading shows the summary whole: not again"
    assert "- **Amount, as written:** $1,500[^1]\n" in page  # the schema's title; markers after the first field
    assert "- **Department:** [The Example](sources/src-one.md)\n" in page  # an id, linked by name
    assert "- **Tags:** a, b\n" in page
    assert "- **Cents:** 500,000,000\n" in page and "- **Year:** 2027\n" in page  # digits grouped from 10,000
    # The excerpt in its sentence, marked: the sentence goes on after the cited words.
    assert (
        "[^1]: The Example: “These plans include <mark>up to 1,500 infantry soldiers from the UK</mark>, with" in page
    )


def refused_check(project: Path) -> subprocess.CompletedProcess:
    """`make check`'s command on a project; it must fail with messages, not a traceback."""
    run = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "check", "--root", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    return run


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("tables.quotes(),", "tables.quotes,"), ":1:1: SUBJECT.tables[6] is the function quotes, not a Table"),
        (("SUBJECT = Subject(", "BROKEN = undefined_name\nSUBJECT = Subject("), ": fails: NameError"),
        (("tables.quotes(),", "tables.quotes(,"), ": fails: SyntaxError"),
    ],
)
def test_a_broken_subject_module_is_a_located_problem(tmp_path: Path, edit, expected):
    project = make_project(tmp_path / "p")
    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    subject = project / "scripts" / "subject.py"
    text = subject.read_text(encoding="utf-8")
    subject.write_text(text.replace(*edit), encoding="utf-8")
    run = refused_check(project)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if edit[0].split("\n")[0] in t)
    # A syntax error is located where Python finds it (here: the bracket left open, earlier).
    where = {"tables[": "scripts/subject.py:1:1", "Syntax": "scripts/subject.py:"}
    expected_at = next((w for k, w in where.items() if k in expected), f"scripts/subject.py:{line}:1")
    assert run.stderr.startswith(expected_at) or f"\n{expected_at}" in run.stderr, run.stderr
    assert expected.split(": ", 1)[-1] in run.stderr if expected.startswith(":") else expected in run.stderr


# --- what names a record: heading_field, and a located hint when nothing does ---------------------


def votes_schema() -> dict:
    common = "common.schema.json#/$defs/"
    props: dict[str, Any] = {
        "id": {"$ref": common + "slug"},
        "cite": {"$ref": common + "cite"},
        "as_of": {"$ref": common + "date_or_unknown"},
        "status": {"$ref": common + "status"},
        "councillor": {"$ref": common + "short_text", "title": "Councillor"},
        "vote": {"$ref": common + "short_text", "title": "Vote"},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "votes.schema.json",
        "type": "array",
        "items": {"type": "object", "properties": props, "required": ["id", "cite", "as_of", "status"]},
    }


def votes_project(project: Path, table: Table) -> tuple[Path, Subject]:
    (project / "data" / "schema" / "votes.schema.json").write_text(json.dumps(votes_schema(), indent=2), "utf-8")
    cite = [{"source": "src-one", "excerpt": "up to 1,500 infantry soldiers from the UK"}]
    rows = [{"id": "vote-kim", "councillor": "Councillor Kim", "vote": "for", "cite": cite}]
    (project / "data" / "votes.yaml").write_text(
        json.dumps([{**r, "as_of": "unknown", "status": "current"} for r in rows]), "utf-8"
    )
    return project, Subject(title="t", tables=(*SUBJECT.tables, table))


def test_heading_field_heads_each_record_and_names_it_in_links(project: Path):
    votes: Table = Table("votes", "vote", title="Votes", page="votes", heading_field="councillor")
    root, subject = votes_project(project, votes)
    facts = build_factbase(Paths(root, subject))
    from explainer.generate import render
    from explainer.render.common import title_of

    [record] = facts.table("votes")
    assert title_of(record) == "Councillor Kim"
    page = {p.path: p.text for p in render(facts, Paths(root, subject))}["votes.md"]
    assert "## Councillor Kim { #vote-kim }" in page
    assert "- **Councillor:**" not in page, "the heading shows the field whole: not again"
    # The source page's passage names every record citing it: the vote by its councillor.
    source_page = {p.path: p.text for p in render(facts, Paths(root, subject))}["sources/src-one.md"]
    assert "the vote [Councillor Kim](../votes.md#vote-kim)" in source_page


def test_a_table_with_no_field_that_names_a_record_gets_a_located_hint(project: Path):
    votes: Table = Table("votes", "vote", title="Votes", page="votes")
    root, subject = votes_project(project, votes)
    with pytest.raises(DataError) as info:
        build_factbase(Paths(root, subject))
    [problem] = [p for p in info.value.problems if "names a record" in p.message]
    schema = (root / "data" / "schema" / "votes.schema.json").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(schema, 1) if '"properties"' in text)
    assert (problem.path, problem.line, problem.record) == ("data/schema/votes.schema.json", line, "table 'votes'")
    assert "would show its id" in problem.message
    assert 'heading_field="councillor"' in problem.fix and "README: Add a table" in problem.fix


def test_a_heading_field_the_schema_lacks_is_a_problem_at_its_line(tmp_path: Path):
    project = make_project(tmp_path / "p")
    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    votes_project(project, Table("votes", "vote"))
    subject = project / "scripts" / "subject.py"
    text = subject.read_text(encoding="utf-8")
    declared = '        Table("votes", "vote", title="Votes", page="votes", heading_field="councilor"),\n'
    subject.write_text(text.replace("        tables.changes(),\n", "        tables.changes(),\n" + declared), "utf-8")
    nav = project / "mkdocs.yml"
    nav.write_text(nav.read_text(encoding="utf-8").replace("  - Zones: zones.md\n", "  - Votes: votes.md\n"), "utf-8")
    run = refused_check(project)
    line = next(n for n, text in enumerate(subject.read_text().splitlines(), 1) if "councilor" in text)
    [said] = [s for s in run.stderr.splitlines() if "heading_field" in s]
    assert said.startswith(f"scripts/subject.py:{line}:"), said
    assert "heading_field names 'councilor', which the table's schema does not have" in said
    assert "name one of its fields (councillor, vote)" in said


def test_a_declared_record_type_is_named_by_the_heading_field_and_left_as_it_is(project: Path):
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Vote(Claim):
        table, singular = "votes", "vote"
        councillor: str | None = None
        vote: str | None = None

    votes = Table[Vote]("votes", "vote", record=Vote, title="Votes", page="votes", heading_field="councillor")
    root, subject = votes_project(project, votes)
    facts = build_factbase(Paths(root, subject))
    [record] = facts.table("votes")
    assert isinstance(record, Vote) and record.heading_field == "councillor"
    assert Vote.heading_field == "", "the subject's own class is not changed"
