"""explainer/render/record_bodies.py: the headings and fields of the smaller tables' records."""

from __future__ import annotations

from explainer.check.validate import Paths, build_factbase
from explainer.model.facts import Event
from explainer.render.record_bodies import event_heading

from .conftest import ROOT


def test_an_undated_event_is_headed_by_what_happened_and_says_undated_once():
    """Three timeline headings read "Not stated (...)", and each entry then quoted “not stated”
    as the date the article wrote: nothing a reader could scan a timeline by."""
    facts = build_factbase(Paths(ROOT))
    undated = [e for e in facts.table("events") if isinstance(e, Event) and e.undated]
    assert undated, "the real data has undated events"
    for event in undated:
        heading = event_heading(event, facts)
        assert heading.startswith("Undated: " + event.summary[:20]), heading
    page = (ROOT / "docs" / "timeline.md").read_text(encoding="utf-8")
    assert "“not stated”" not in page.casefold() and "## Not stated" not in page
    assert "headed “Undated”" in page, "the page says once what the heading means"


def test_an_articles_lead_in_capitals_are_a_word_in_the_heading_and_kept_in_the_field():
    """A heading read "ON Friday (…)", the capitals an article opens with; "UN" stays as it is."""
    facts = build_factbase(Paths(ROOT))
    [event] = [e for e in facts.table("events") if isinstance(e, Event) and e.date_text.startswith("ON ")]
    assert event_heading(event, facts).startswith("On Friday ("), event_heading(event, facts)
    page = (ROOT / "docs" / "timeline.md").read_text(encoding="utf-8")
    assert "“ON Friday”" in page, "the date as the article wrote it is quoted as written"
