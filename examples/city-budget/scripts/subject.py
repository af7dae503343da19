"""The declaration of the example subject: a FICTIONAL city's budget, from two sample texts.

It exists to prove the engine generic: `line_items` is a table the engine has never heard of,
declared here with no Python record type, so the engine derives the record from its JSON Schema
(data/schema/line_items.schema.json) and pages it with the generic listing. The other tables
are the engine's own kinds. tests/test_example_subject.py builds this project on every run.
"""

from __future__ import annotations

from explainer import tables
from explainer.model.registry import Search, Subject, Table

SUBJECT = Subject(
    # The site's name and description are site_name and site_description in mkdocs.yml.
    title="Riverton’s 2027 budget: a sample explainer",
    tables=(
        tables.sources(),
        tables.story(),
        Table(
            name="line_items",
            singular="budget line",
            title="Budget lines",
            page="budget-lines",
            intro=(
                "What each department or purpose gets in the 2027 budget, with the amount exactly as each "
                "text writes it. Where the two texts give different amounts, each amount is its own record, "
                "marked disputed, and both are set side by side under “Where sources disagree”."
            ),
            section="what each department gets, as each text gives it",
            note="one record per budget line (per text, where the texts differ)",
            refs={"department": ("actors",)},
            search=Search("Budget line"),  # a result of the site's search; its words: every text field
        ),
        tables.figures(
            intro="Every number in the fact base other than the budget lines, as the texts write it.",
            section="the totals and counts the texts give",
            note="totals and counts, as written",
        ),
        tables.events(
            intro=(
                "What happened, in the order the texts give. Dates are shown as the texts word them "
                "(“on Tuesday”, “this week”); a calendar date is given only where a text states one."
            ),
            section="what happened, in order",
            note="what happened, with dates as the texts word them",
        ),
        tables.actors(
            intro="The council, departments and people the texts name.",
            section="the council, departments and people in the texts",
            note="the council, departments and people named",
        ),
        tables.disagreements(
            question_table=None,  # this subject has no table of open questions
            intro=(
                "Where the two texts give different accounts of the same thing. Each account is shown side by side "
                "with its own citations and the records that give it; the site does not decide between them."
            ),
        ),
        tables.changes(),
    ),
)
