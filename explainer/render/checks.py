"""The Claim checks page (docs/checks.md): what the claim-support check holds every claim to, and
every finding the editors accepted, with their reasons.

A reader who doubts a sentence can see here where the editors let a claim say something its
excerpts do not say word for word, and why. The rules are the engine's (explainer/check/support.py);
the accepted findings come from the records' `accepted` field.
"""

from __future__ import annotations

from ..model.facts import FactBase
from . import escape
from .common import GENERATED_MARK, Locator, Page, header, record_link, title_of

PATH = "checks.md"
TITLE = "Claim checks"

RULES_TEXT = """\
Every excerpt the site cites is checked against the text of its source, character for character.
A second check reads each sentence the editors write in their own words beside the excerpts that
the same record cites, and holds it to them:

- **Numbers.** Every number in a claim (20,000, 3,000–4,000, a percentage, a year, a number
  written as a word) is a number one of its excerpts gives.
- **Quotations.** Every passage a claim puts in quotation marks is in one of its excerpts.
- **Attributions.** An outlet a claim names as a source, or any name it credits (“according
  to …”, “obtained by …”), is the outlet of a source it cites, one that source relays, or named in
  its excerpts; a person or body a claim says said something is named in its excerpts.
- **Hedges.** Where an excerpt says “up to”, “at least”, “about”, “similar to”, “is likely to”,
  “reportedly” or “according to some reports”, a claim that reuses what the hedge qualifies keeps
  a hedge of that kind.

A claim that breaks one of the first three rules stops the build; a dropped hedge is shown to the
editors as a warning. Where the editors judged that a claim may say what the check found (a sum
of two numbers, a date worked out from a dated article), they wrote down why; every such
judgment is listed below.
"""


def checks_page(facts: FactBase, locator: Locator) -> Page:
    """The rules, then one row per accepted finding: the record, the words, the reason."""
    rows = []
    for records in facts.tables.values():
        for record in records:
            for accepted in record.accepted:
                link = record_link(facts, locator, PATH, record.id, title_of(record))
                rows.append(f"| {link} | {escape.md(accepted.words)} | {escape.md(accepted.reason)} |\n")
    if rows:
        listing = (
            f"## Findings the editors accepted\n\n{len(rows)} finding{'s' if len(rows) != 1 else ''}, "
            "each with the editors' reason.\n\n"
            "| Record | Words | Why the claim may say them |\n|---|---|---|\n" + "".join(rows)
        )
    else:
        listing = "## Findings the editors accepted\n\nNone: every claim passes the check as written.\n"
    files = tuple(f"data/{name}.yaml" for name in facts.tables)
    text = f"{header(files)}# {TITLE}\n\n{RULES_TEXT}\n{listing}"
    assert text.startswith(GENERATED_MARK)
    return Page(PATH, text, files)
