"""Lines of reporting (explainer/check/reporting.py): sources that share an origin count once; the count
reaches the pages and the downloads."""

from __future__ import annotations

import csv
import io
import json

from explainer.check import reporting
from explainer.check.reporting import Lines, Reporting
from explainer.check.validate import Paths, build_factbase
from explainer.model.facts import Cite, Figure, Origin, Source
from explainer.publish.downloads import record_dict, table_downloads

from .conftest import ROOT

AT = Origin("data/sources.yaml", 1)


def source(sid: str, outlet: str, via: tuple[str, ...] = ()) -> Source:
    return Source(
        id=sid,
        origin=AT,
        seed=f"{sid}.txt",
        outlet=outlet,
        title="unknown",
        published="unknown",
        kind="news report",
        via=via,
    )


GUARDIAN = source("src-g", "The Guardian", ("US military planning documents obtained by The Guardian",))
RETELLING = source("src-r", "unknown", ("The Guardian (its report on the documents)",))
RETOLD_TWICE = source("src-rr", "unknown", ("src-r's outlet: none", "The Guardian"))
YNET = source("src-y", "Ynet News", ("Politico",))
OTHER_POLITICO = source("src-p", "Another Outlet", ("Politico (its report)",))
ANALYSIS = source("src-a", "Foreign Policy", ("BBC (remarks by the King)",))


def test_sources_sharing_an_origin_are_one_line():
    lines = Lines.build([GUARDIAN, RETELLING, YNET, ANALYSIS])
    assert lines.of(["src-g", "src-r"]) == Reporting(2, 1, (("The Guardian", 2),))
    assert lines.of(["src-g", "src-r"]).text() == "2 articles, 1 line of reporting: The Guardian"


def test_sources_without_a_shared_origin_are_independent():
    lines = Lines.build([GUARDIAN, RETELLING, YNET, ANALYSIS])
    assert lines.of(["src-y", "src-a"]).text() == "2 articles, 2 lines of reporting"
    assert lines.of(["src-a"]).text() == "1 article"
    assert lines.of(["src-a", "src-a"]).text() == "1 article"  # one article cited twice


def test_a_line_among_others_is_named_with_its_count():
    lines = Lines.build([GUARDIAN, RETELLING, YNET, ANALYSIS])
    assert lines.of(["src-g", "src-r", "src-a"]).text() == "3 articles, 2 lines of reporting (The Guardian, 2 articles)"


def test_origins_collapse_through_a_chain_and_ignore_case_and_parentheses():
    lines = Lines.build([GUARDIAN, RETELLING, RETOLD_TWICE, YNET, OTHER_POLITICO])
    assert lines.of(["src-g", "src-r", "src-rr"]).lines == 1
    assert lines.of(["src-y", "src-p"]) == Reporting(2, 1, (("Politico", 2),))


def test_an_unknown_outlet_is_not_an_origin():
    a, b = source("src-x", "unknown"), source("src-z", "unknown")
    assert Lines.build([a, b]).of(["src-x", "src-z"]).lines == 2


def test_todays_sources_make_four_lines():
    facts = build_factbase(Paths(ROOT))
    lines = reporting.lines_of(facts.sources)
    ids = [s.id for s in facts.sources]
    assert lines.of(ids).lines == 4  # the Guardian and its retelling, Politico via Ynet, Axios, Foreign Policy
    assert (
        lines.of(["src-guardian-green-zone-plan", "src-advocacy-partition-article"]).text()
        == "2 articles, 1 line of reporting: The Guardian"
    )


def test_downloads_carry_the_derived_count():
    lines = Lines.build([GUARDIAN, RETELLING])
    fig = Figure(
        id="fig-a",
        origin=AT,
        label="x",
        value="1",
        unit="u",
        as_of="unknown",
        status="current",
        cite=(Cite("src-g", "a b c"), Cite("src-r", "d e f")),
    )
    assert record_dict(fig, lines)["lines_of_reporting"] == 1
    assert "lines_of_reporting" not in record_dict(GUARDIAN, lines)  # a source cites nothing
    as_json, as_csv = table_downloads("figures-test", (fig,), lines)
    assert json.loads(as_json)[0]["lines_of_reporting"] == 1
    [row] = list(csv.DictReader(io.StringIO(as_csv)))
    assert row["lines_of_reporting"] == "1"
