"""Question hubs (explainer/render/hubs.py): one page per open question that gathers what bears on it.

On today's data: every question has its page, the "Question:" links land there, the hub of "May
the force fight?" holds both sides of the actors' disagreement and every stance, the Jordan card
holds every Jordan account, and the home page's key facts and panel lead to hubs. Then the
engine's rules on small projects: what ties a record to a question (its `question` field, a
table's `bears_on`), and a subject without questions gets no hubs.
"""

from __future__ import annotations

import re

import pytest

from explainer.check.validate import Paths, build_factbase
from explainer.model.facts import Disagreement
from explainer.render.common import Locator
from explainer.render.disagreements import related
from explainer.render.hubs import tied

from .conftest import ROOT, problems, write
from .sitebuild import render_pages


@pytest.fixture(scope="module")
def real():
    facts = build_factbase(Paths(ROOT))
    return facts, {p.path: p.text for p in render_pages(facts)}


def section(page: str, anchor: str) -> str:
    """The Markdown of one section of a page, from its heading to the next heading of its level or above."""
    start = page.index(f"{{ #{anchor} }}")
    level = page.rfind("\n", 0, start)
    hashes = len(page[level + 1 :].split(" ", 1)[0])
    nxt = re.search(rf"^#{{1,{hashes}}} ", page[start:], re.M)
    return page[start : start + nxt.start()] if nxt else page[start:]


def test_every_question_has_its_page_and_question_links_land_there(real):
    facts, pages = real
    locator = Locator.build(facts)
    for q in facts.table("questions"):
        assert locator.pages[q.id] == f"questions/{q.id}.md"
        assert f"{{ #{q.id} }}" in pages[f"questions/{q.id}.md"]
    assert "questions/index.md" in pages
    assert "](questions/q-force-may-fight.md#q-force-may-fight)" in pages["positions.md"]


def test_the_fighting_hub_holds_both_sides_and_every_stance(real):
    facts, pages = real
    hub = pages["questions/q-force-may-fight.md"]
    actors = section(hub, "hub_actors")
    assert "pos-israel-force-must-fight" in actors and "pos-egypt-no-fighting" in actors
    stances = section(hub, "hub_positions")
    expected = [p.id for p in facts.table("positions") if getattr(p, "question") == "q-force-may-fight"]
    assert len(expected) >= 2
    for rid in expected:
        assert f"#{rid})" in stances
    # Each statement carries its own citations.
    assert stances.count("[^") >= len(expected)


def test_the_jordan_card_holds_every_jordan_account(real):
    facts, pages = real
    dis = facts.by_id["dis-jordan-participation"]
    assert isinstance(dis, Disagreement)
    others = {r.id for r in related(dis, facts)}
    assert "offer-jordan-us-offer-guardian" in others  # light infantry and up to 3,000 police
    card = section(pages["questions/q-troop-contributions.md"], "hub_dis-jordan-participation")
    assert "up to 3,000 police" in card
    assert "offer-jordan-us-offer-guardian" in section(pages["disagreements.md"], "dis-jordan-participation")


def test_the_home_page_leads_to_hubs(real):
    _, pages = real
    home = pages["index.md"]
    facts_box = section(home, "overview_facts")
    assert "**[Mandate](questions/q-un-mandate.md):**" in facts_box
    panel = section(home, "overview_disagreements")
    assert "(questions/q-troop-contributions.md#hub_dis-jordan-participation)" in panel
    assert "(questions/q-force-may-fight.md#hub_dis-force-may-fight)" in panel


def test_a_hub_opens_with_its_key_facts_and_what_is_disputed(real):
    facts, pages = real
    answer = section(pages["questions/q-troop-contributions.md"], "hub_answer")
    assert "**Planned size:**" in answer and "**Who may contribute:**" in answer
    # "The sources disagree here" only where they do: accounts that fit together (compared) or
    # actors who disagree are not a disagreement of the sources.
    said = {}
    for question in facts.table("questions"):
        found = tied(facts, question.id).get("disagreements", [])
        conflicts = sum(1 for d in found if isinstance(d, Disagreement) and d.conflict)
        answer = section(pages[f"questions/{question.id}.md"], "hub_answer")
        said[question.id] = "**The sources disagree here** on " in answer
        assert said[question.id] == bool(conflicts), question.id
        if conflicts:
            assert f"on {conflicts} point{'s' if conflicts != 1 else ''}:" in answer
    assert any(said.values()) and not all(said.values())


# --- the engine's rules, on a small project ---------------------------------------------------------


def test_a_figure_ties_to_a_question_by_its_field_and_a_table_by_its_declaration(project):
    write(
        project,
        "data/questions.yaml",
        """
        - id: q-troops
          label: "Send troops?"
          description: "Who sends troops."
        """,
    )
    path = project / "data" / "figures.yaml"
    path.write_text(path.read_text().replace("- id: fig-police\n", "- id: fig-police\n  question: q-troops\n"))
    facts = build_factbase(Paths(project))
    found = tied(facts, "q-troops")
    assert [r.id for r in found["figures"]] == ["fig-police"]
    pages = {p.path: p.text for p in render_pages(facts)}
    assert "#fig-police)" in section(pages["questions/q-troops.md"], "hub_figures")


def test_a_question_field_must_name_a_question(project):
    path = project / "data" / "figures.yaml"
    path.write_text(path.read_text().replace("- id: fig-police\n", "- id: fig-police\n  question: q-nope\n"))
    [msg] = problems(project)
    assert "fig-police': question names 'q-nope', which is not a record in data/questions.yaml" in msg


def test_a_hubs_key_figures_give_their_numbers(real):
    """A figure's item on a hub says its number as written (the heading says what it counts)."""
    facts, pages = real
    for question in facts.table("questions"):
        figures = tied(facts, question.id).get("figures", [])
        if not figures:
            continue
        listed = section(pages[f"questions/{question.id}.md"], "hub_figures")
        for figure in figures[:5]:
            line = next(line for line in listed.splitlines() if f"#{figure.id})" in line)
            assert f":** {getattr(figure, 'value')}" in line.replace("\\", ""), line


def test_counts_on_a_hub_say_one_or_many():
    from explainer.model.registry import Table

    assert [Table("t", word).count(n) for word, n in (("position", 1), ("position", 2), ("city", 3), ("key", 2))] == [
        "1 position",
        "2 positions",
        "3 cities",
        "2 keys",
    ]


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        ("short", 90, "short"),
        ("Earlier this month (An advocacy article relaying The Guardian, 17 November)", 60, None),
        ("Initial size the plan envisions “throughout the whole area” (The Guardian)", 70, None),
    ],
)
def test_a_shortened_heading_never_leaves_a_bracket_or_quotation_open(text, limit, shown):
    from explainer.render.common import shorten

    out = shorten(text, limit)
    if shown is not None:
        assert out == shown
    else:
        assert len(out) <= limit and "…" in out
        for opening, closing in (("(", ")"), ("“", "”")):
            assert out.count(opening) == out.count(closing), out


def test_the_home_page_lists_every_question_before_the_story(real):
    facts, pages = real
    home = pages["index.md"]
    line = next(line for line in home.splitlines() if line.startswith("**Read by question:** "))
    for question in facts.table("questions"):
        assert f"](questions/{question.id}.md#{question.id})" in line, question.id
    assert home.index("**Read by question:**") < home.index("{ #overview_story }")
