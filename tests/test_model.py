"""The model (explainer/model/facts.py): records built from checked data are frozen values, and the fact
base's indexes (by id, cited by, disputed in) say what the pages rely on."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from explainer.check.validate import Paths, build_factbase
from explainer.model.facts import (
    Change,
    Cite,
    Claim,
    Compatible,
    Disagreement,
    FactBase,
    Origin,
    Record,
    Side,
    Source,
    StoryParagraph,
    cites_of,
    make_record,
)
from explainer.model.registry import Table
from explainer.model.schema_types import derive
from explainer.publish.downloads import record_dict

from .conftest import ROOT

AT = Origin("data/story.yaml", 3)
ELSEWHERE = Origin("data/moved.yaml", 40)


def story(rid: str = "story-one", origin: Origin = AT, **extra) -> StoryParagraph:
    data = {
        "id": rid,
        "text": "A sentence.",
        "cite": [{"source": "src-a", "excerpt": "words of a"}, {"source": "src-b", "excerpt": "words of b"}],
        "as_of": "2026-11-20",
        "status": "current",
        **extra,
    }
    return make_record(StoryParagraph, data, origin)  # type: ignore[return-value]


def source(sid: str, **extra) -> Source:
    data = {
        "id": sid,
        "seed": f"{sid}.txt",
        "outlet": "unknown",
        "title": "unknown",
        "published": "unknown",
        "kind": "news report",
        **extra,
    }
    return make_record(Source, data, Origin("data/sources.yaml", 1))  # type: ignore[return-value]


def disagreement(did: str, records: list[str], sides: list[dict] | None = None) -> Disagreement:
    data = {
        "id": did,
        "topic": "Which?",
        "summary": "Two accounts.",
        "as_of": "unknown",
        "status": "current",
        "records": records,
        "sides": sides
        or [
            {"claim": "One.", "records": records[:1], "cite": [{"source": "src-a", "excerpt": "a1"}]},
            {"claim": "Other.", "cite": [{"source": "src-b", "excerpt": "b1"}, {"source": "src-a", "excerpt": "a2"}]},
        ],
    }
    return make_record(Disagreement, data, Origin("data/disagreements.yaml", 1))  # type: ignore[return-value]


# -- make_record ------------------------------------------------------------------------------


def test_make_record_builds_the_tables_class_with_its_origin():
    record = story()
    assert type(record) is StoryParagraph and isinstance(record, Claim)
    assert record.origin == AT and record.id == "story-one" and record.status == "current"
    assert record.superseded_by is None and record.compatible == ()  # left out: the defaults


def test_make_record_freezes_lists_into_tuples():
    src = source("src-x", via=["The Guardian (its report)", "Politico"])
    change = make_record(Change, {"id": "c", "date": "2026-11-23", "summary": "s", "records": ["a", "b"]}, AT)
    assert src.via == ("The Guardian (its report)", "Politico")
    assert isinstance(change, Change) and change.records == ("a", "b")
    hash(src), hash(change)  # nothing mutable inside: records can key dicts and sets


def test_make_record_turns_each_citation_into_a_cite():
    assert story().cite == (Cite("src-a", "words of a"), Cite("src-b", "words of b"))


def test_make_record_turns_compatible_into_with_and_reason():
    record = story(compatible=[{"with": "story-two", "reason": "Different dates."}])
    assert record.compatible == (Compatible("story-two", "Different dates."),)
    assert record.compatible[0].with_ == "story-two"


def test_make_record_turns_sides_into_sides_with_their_records():
    d = disagreement("dis-x", ["story-one", "story-two"])
    assert d.records == ("story-one", "story-two")
    assert d.sides == (
        Side("One.", (Cite("src-a", "a1"),), ("story-one",)),
        Side("Other.", (Cite("src-b", "b1"), Cite("src-a", "a2")), ()),  # no records given: none
    )
    hash(d)


def test_make_record_keeps_plain_values_as_they_are():
    record = story(paragraph=2, note="", role="lead", fact="Planned size")
    assert (record.paragraph, record.note, record.role, record.fact) == (2, "", "lead", "Planned size")


# -- records are frozen values ------------------------------------------------------------------


@pytest.mark.parametrize(
    "target, name, value",
    [
        (story(), "text", "changed"),
        (story(), "origin", ELSEWHERE),
        (Cite("s", "e"), "excerpt", "changed"),
        (Compatible("a", "b"), "reason", "changed"),
        (Side("c", ()), "claim", "changed"),
        (Origin("p", 1), "line", 2),
    ],
)
def test_records_and_their_parts_refuse_assignment(target, name, value):
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(target, name, value)


def test_records_compare_by_value_not_by_where_they_were_written():
    here, moved = story(origin=AT), story(origin=ELSEWHERE)
    assert here == moved and hash(here) == hash(moved)
    assert moved.origin == ELSEWHERE  # still known, for messages
    assert "data/moved.yaml" not in repr(moved)  # and kept out of the record's repr
    assert story(note="a note") != here
    assert story(rid="story-two") != here
    assert story(cite=[{"source": "src-a", "excerpt": "words of a"}]) != here


def test_records_of_different_tables_with_the_same_fields_differ():
    plain = Record(id="x", origin=AT)
    change = Change(id="x", origin=AT, date="2026-11-23", summary="s")
    assert plain != change


# -- cites_of ------------------------------------------------------------------------------------


def test_cites_of_a_claim_is_its_cite():
    record = story()
    assert cites_of(record) == record.cite


def test_cites_of_a_disagreement_is_its_sides_cites_in_order():
    assert cites_of(disagreement("dis-x", ["a"])) == (Cite("src-a", "a1"), Cite("src-b", "b1"), Cite("src-a", "a2"))


def test_cites_of_a_record_that_states_nothing_is_empty():
    assert cites_of(source("src-a")) == ()
    assert cites_of(Change(id="c", origin=AT, date="2026-11-23", summary="s")) == ()


# -- FactBase ------------------------------------------------------------------------------------


def small_factbase() -> FactBase:
    one = story("story-one")
    two = story("story-two", cite=[{"source": "src-b", "excerpt": "b only"}])
    # dis-twice lists story-one twice (once more than it should); dis-other lists it once.
    twice = disagreement("dis-twice", ["story-one", "story-two", "story-one"])
    other = disagreement("dis-other", ["story-one"])
    return FactBase(
        {
            "sources": (source("src-a"), source("src-b")),
            "story": (one, two),
            "disagreements": (twice, other),
            "changes": (),
        }
    )


def test_by_id_finds_every_record_of_every_table():
    facts = small_factbase()
    assert set(facts.by_id) == {"src-a", "src-b", "story-one", "story-two", "dis-twice", "dis-other"}
    assert facts.by_id["story-two"] is facts.tables["story"][1]
    assert facts.by_id["src-a"] is facts.sources[0]


def test_cited_by_lists_record_citation_number_and_cite_in_file_order():
    facts = small_factbase()
    one, _ = facts.tables["story"]
    twice, other = facts.tables["disagreements"]
    assert facts.cited_by["src-a"] == (
        (one, 0, Cite("src-a", "words of a")),
        (twice, 0, Cite("src-a", "a1")),
        (twice, 2, Cite("src-a", "a2")),  # n counts the disagreement's citations over all its sides
        (other, 0, Cite("src-a", "a1")),
        (other, 2, Cite("src-a", "a2")),
    )
    assert [(r.id, n) for r, n, _ in facts.cited_by["src-b"]] == [
        ("story-one", 1),
        ("story-two", 0),
        ("dis-twice", 1),
        ("dis-other", 1),
    ]
    assert "src-unused" not in facts.cited_by


def test_disputed_in_names_each_disagreement_once_per_record():
    facts = small_factbase()
    twice, other = facts.tables["disagreements"]
    assert facts.disputed_in["story-one"] == (twice, other)
    assert facts.disputed_in["story-two"] == (twice,)
    assert "src-a" not in facts.disputed_in


def test_a_missing_table_is_empty():
    facts = small_factbase()
    assert facts.table("zones") == () and facts.table("changes") == ()
    assert FactBase({}).sources == () and FactBase({}).by_id == {}


def test_the_indexes_are_read_only():
    facts = small_factbase()
    with pytest.raises(TypeError):
        facts.by_id["new"] = facts.sources[0]  # type: ignore[index]
    with pytest.raises(TypeError):
        facts.cited_by["src-a"] = ()  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.tables = {}  # type: ignore[misc]


def test_fact_bases_compare_by_their_tables():
    assert small_factbase() == small_factbase()
    assert small_factbase() != FactBase(
        {**small_factbase().tables, "changes": (Change(id="c", origin=AT, date="d", summary="s"),)}
    )


# -- a record type derived from a schema (explainer/model/schema_types.py) ---------------------------------

COMMON = "common.schema.json#/$defs/"
LINE_ITEM = {
    "properties": {
        "id": {"$ref": COMMON + "slug"},
        "cite": {"$ref": COMMON + "cite"},
        "as_of": {"$ref": COMMON + "date_or_unknown"},
        "status": {"$ref": COMMON + "status"},
        "compatible": {"$ref": COMMON + "compatible"},
        "amount": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "department": {"$ref": COMMON + "ref"},
        "parts": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["id", "cite", "as_of", "status", "amount"],
}
LineItem = derive(Table("line_items", "budget line"), LINE_ITEM)


def line_item(origin: Origin = AT, **extra) -> Record:
    data = {"id": "li-a", "cite": [{"source": "src-a", "excerpt": "a"}], "as_of": "unknown", "status": "current"}
    return make_record(LineItem, {**data, "amount": 5, **extra}, origin)


def test_a_derived_record_is_built_like_a_declared_one():
    record: Any = line_item(tags=["x", "y"], compatible=[{"with": "li-b", "reason": "Other year."}])
    assert issubclass(type(record), Claim) and record.table == "line_items"
    assert record.tags == ("x", "y") and record.cite == (Cite("src-a", "a"),)
    assert record.compatible == (Compatible("li-b", "Other year."),)
    assert record.department is None and record.parts == ()  # optional: None, or () for a list
    assert cites_of(record) == record.cite
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.amount = 6
    assert line_item(origin=ELSEWHERE) == line_item() and hash(line_item(origin=ELSEWHERE)) == hash(line_item())
    assert line_item(amount=6) != line_item()


def test_a_derived_record_with_an_array_of_objects_is_frozen_all_through():
    record: Any = line_item(parts=[{"name": "staff", "amounts": [1, 2]}])
    hash(record)
    [part] = record.parts
    assert part == {"name": "staff", "amounts": (1, 2)} and part["amounts"] == (1, 2)
    with pytest.raises(TypeError):
        part["name"] = "other"
    assert record_dict(record)["parts"] == [{"name": "staff", "amounts": [1, 2]}]  # plain JSON again


# -- the real fact base ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> FactBase:
    return build_factbase(Paths(ROOT))


def test_real_records_are_each_their_tables_type_and_hashable(real):
    for table, records in real.tables.items():
        for record in records:
            assert record.table == table, record.id
            assert record.origin.path == f"data/{table}.yaml" and record.origin.line >= 1, record.id
            hash(record)


def test_real_by_id_holds_every_record_once(real):
    every = [r for records in real.tables.values() for r in records]
    assert len(real.by_id) == len(every)
    assert all(real.by_id[r.id] is r for r in every)


def test_real_cited_by_holds_each_citation_exactly_once(real):
    expected = sorted(
        (c.source, r.id, n) for records in real.tables.values() for r in records for n, c in enumerate(cites_of(r))
    )
    got = sorted((sid, r.id, n) for sid, uses in real.cited_by.items() for r, n, _ in uses)
    assert got == expected and got
    for sid, uses in real.cited_by.items():
        assert sid in {s.id for s in real.sources}
        assert all(cites_of(r)[n] is cite for r, n, cite in uses)


def test_real_disputed_in_agrees_with_the_disagreements_records(real):
    disagreements = real.table("disagreements")
    assert disagreements
    for rid, found in real.disputed_in.items():
        assert found == tuple(d for d in disagreements if rid in d.records and d.conflict), rid
    for d in disagreements:
        if d.conflict:  # only a conflict disputes its records; accounts compared dispute nothing
            assert all(d in real.disputed_in[rid] for rid in d.records)
        else:
            assert all(d not in real.disputed_in.get(rid, ()) for rid in d.records)
