"""The Disagreements page (explainer/render/disagreements.py) on today's data: grouped by question,
every side linked to its records, and those records pointing back."""

from __future__ import annotations

import re

import pytest

from explainer.check.validate import Paths, build_factbase
from explainer.model.facts import Disagreement

from .conftest import ROOT
from .sitebuild import render_pages


@pytest.fixture(scope="module")
def facts_and_pages():
    facts = build_factbase(Paths(ROOT))
    return facts, {p.path: p.text for p in render_pages(facts)}


def test_disagreements_sit_under_their_question(facts_and_pages):
    """Conflicts under their question; actors who disagree and accounts compared in sections of their own."""
    facts, pages = facts_and_pages
    page = pages["disagreements.md"]
    kinds = {"actors": "disagreements_actors", "compared": "disagreements_compared"}
    for dis in facts.table("disagreements"):
        assert isinstance(dis, Disagreement)
        group = kinds.get(dis.kind) or (f"disagreements_{dis.question}" if dis.question else "disagreements_other")
        heading = page.index(f"{{ #{group} }}")
        record = page.index(f"{{ #{dis.id} }}")
        later = [m.start() for m in re.finditer(r"^## .*\{ #disagreements_", page, re.M) if m.start() > heading]
        assert heading < record < (later[0] if later else len(page)), dis.id


def test_every_side_links_its_records_and_they_link_back(facts_and_pages):
    facts, pages = facts_and_pages
    page = pages["disagreements.md"]
    for dis in facts.table("disagreements"):
        assert isinstance(dis, Disagreement)
        for side in dis.sides:
            assert side.records or dis.kind == "compared", f"{dis.id}: a side without records"
            for rid in side.records:
                assert f"#{rid})" in page
                if not dis.conflict:  # accounts compared, actors who disagree: nothing is disputed
                    continue
                home = next(text for text in pages.values() if f"{{ #{rid} }}" in text)
                section = home[home.index(f"{{ #{rid} }}") :]
                status = section[section.index("**Status:**") :].split("\n", 1)[0]
                assert f"disagreements.md#{dis.id})" in status, (rid, status)


def test_a_compatible_mark_is_shown_on_its_record(facts_and_pages):
    _, pages = facts_and_pages
    text = "".join(t for path, t in pages.items() if path.startswith("troop-offers"))
    section = text[text.index("{ #offer-jordan-police-training-fp }") :]
    assert "- **Compatible with:** troop offer [Jordan: Ruled out](" in section.split("\n## ", 1)[0]


def test_no_list_of_records_links_two_of_them_by_the_same_words(facts_and_pages):
    """ "Other accounts of the same things: troop offer Egypt: Wanted by the US, troop offer Egypt:
    Wanted by the US": two links a reader could not tell apart. Alike headings are told apart by
    their outlets where these differ, else numbered."""
    _, pages = facts_and_pages
    checked = 0
    for path, text in pages.items():
        for line in text.splitlines():
            if line.startswith(("Records: ", "- **Other accounts of the same things:**", "- **Records:**")):
                names = re.findall(r"\[([^\]]+)\]\(", line)
                checked += 1
                assert len(names) == len(set(names)), (path, sorted({n for n in names if names.count(n) > 1}))
    assert checked > 10
