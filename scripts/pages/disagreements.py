"""The Disagreements page: where the articles give different accounts, grouped by open question.

Each disagreement sits under the question it bears on (its `question`; those without one come
last, under "Other disagreements"), so a reader who asks "would the force fight?" finds every
account of it in one place. Each side links to the records that give it; those records say
"disputed, see ..." and link back (common.status_text).
"""
from __future__ import annotations

from .. import escape
from ..model import Disagreement, FactBase, Question, Record
from .common import Locator, Page
from .listing import listing_pages

INTRO = ("Where the articles give different accounts of the same thing, grouped by the open question they bear on. "
         "Each account is shown side by side with its own citations and the records that give it; the site does "
         "not decide between them.")
OTHER = ("disagreements_other", "Other disagreements")


def disagreement_pages(facts: FactBase, locator: Locator) -> list[Page]:
    def grouped(record: Record) -> tuple[str, str] | None:
        assert isinstance(record, Disagreement)
        question = facts.by_id.get(record.question) if record.question else None
        if not isinstance(question, Question):
            return OTHER
        return f"disagreements_{question.id}", escape.md(question.label)

    return listing_pages("disagreements", facts, locator, intro=INTRO, group=grouped,
                         inputs=("data/disagreements.yaml", "data/questions.yaml", "data/sources.yaml"))
