"""This subject's troop offers: their record type and stances, the rule that pairs two offers
that may contradict each other, and the page: a chart of the numbers, a sortable table by
country, one section per claim.

The table is sorted by country and can be re-sorted by any column in the browser
(explainer/theme/javascripts/tablesort.js, a small local script; without it the table is simply static).
Every row carries the claim's citation markers. The chart is inline SVG: one bar per claim that
gives a number (`troops_max`), labelled with the country, the stance and the number as written.
The table and the chart repeat what the sections below say, so they are left out of search.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from explainer.model.facts import Claim, FactBase, Record
from explainer.model.registry import DisputeRule, Table
from explainer.render import escape
from explainer.render.common import Ctx, Locator, Page, actor_name, group_anchor, human_date, shorten
from explainer.render.listing import field, listing_pages, text


@dataclass(frozen=True, kw_only=True)
class TroopOffer(Claim):
    table, singular = "troop_offers", "troop offer"
    country: str
    stance: str
    troops: str
    summary: str
    troops_max: int | None = None
    police_max: int | None = None  # police are not troops: a bar of their own on the chart
    roles: tuple[str, ...] = ()
    question: str | None = None  # the open question it bears on (its page gathers it)


STANCES = {
    "offered": "Offered",
    "requested": "Requested by the US",
    "ruled_out": "Ruled out",
    "willing": "Willing",
    "likely": "Likely",
    "candidate": "Candidate",
    "accepted_by_israel": "Accepted in Israeli views",
    "opposed_by_israel": "Opposed in Israeli views",
    "doubted_by_israel": "Doubted in Israeli views",
    "wanted_by_us": "Wanted by the US",
    "in_us_plan": "A role in the US plan",
    "was_offered": "Was offered a role (the article does not say by whom)",
}

# Stances by who holds them, each with its direction (+1 for, -1 against, 0 neutral): two offers
# of one country conflict when said in the same voice in opposite directions (the country's own:
# offered/willing/likely/candidate against ruled_out; Israel's: accepted against opposed or
# doubted), or when they give two different numbers (troops_max). Stances in different voices
# (the US wants Egypt; Egypt trains police) never conflict.
VOICES: dict[str, tuple[str, int]] = {
    "offered": ("own", 1),
    "willing": ("own", 1),
    "likely": ("own", 1),
    "candidate": ("own", 1),
    "ruled_out": ("own", -1),
    "accepted_by_israel": ("israel", 1),
    "opposed_by_israel": ("israel", -1),
    "doubted_by_israel": ("israel", -1),
    "wanted_by_us": ("us", 1),
    "in_us_plan": ("us", 1),
    "requested": ("us", 1),
    "was_offered": ("unattributed", 0),
}


def troops_differ(a: dict, b: dict) -> str:
    va, vb = VOICES.get(a["stance"]), VOICES.get(b["stance"])
    if va and vb and va[0] == vb[0] and va[1] * vb[1] < 0:
        return f"stance {a['stance']} against {b['stance']}"
    na, nb = a.get("troops_max"), b.get("troops_max")
    if na is not None and nb is not None and na != nb:
        return f"troops_max {na} against {nb}"
    return ""


RULE = DisputeRule(lambda d: d["country"], "country", troops_differ, "country")


def offer_heading(record: Record, facts: FactBase) -> str:
    assert isinstance(record, TroopOffer)
    return f"{actor_name(facts, record.country)}: {STANCES.get(record.stance, record.stance)}"


def offer_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, TroopOffer)
    return [
        f"{text(record.summary)}{marks}\n\n",
        field("Country", ctx.actor(record.country)),
        field("Stance", STANCES.get(record.stance, text(record.stance))),
        field("Troops", text(record.troops)),
        field("Roles", ", ".join(text(r) for r in record.roles) if record.roles else "none stated"),
    ]


def offer_key(record: Record, facts: FactBase) -> str:
    assert isinstance(record, TroopOffer)
    stance = STANCES.get(record.stance, record.stance)
    return stance if record.troops == "unknown" else f"{stance}; troops: {record.troops}"


def offer_words(record: Record, facts: FactBase) -> list[str]:
    assert isinstance(record, TroopOffer)
    return [record.summary, record.troops, *record.roles]


INTRO = (
    "Which countries offered troops, were asked for them, ruled them out, or were welcomed or opposed in "
    "Israeli views (the government's, or former officials' as the articles report them), with the numbers and "
    "roles the articles give. Each row is one claim of one article; a country appears once per claim."
)

# Each bar has its label on the line above it, so the chart is narrow (WIDTH) and is drawn at
# its own size on a phone: its 13 px text never shrinks below 12 px (a 640-wide chart scaled
# into a 343 px column had 7 px text). VALUE_W is kept free right of the longest bar for its number.
BAR_H, ROW_H, WIDTH, VALUE_W = 14, 46, 340, 130


def bar_label(offer: TroopOffer) -> str:
    """What the bar's number says: the part of the text as written that gives the number the bar
    is drawn at ("up to 3,000 police" out of "hundreds of light infantry troops and up to 3,000
    police"), or the number itself; never a different part of the text than the bar shows."""
    number = f"{offer.troops_max:,}"
    for part in re.split(r",(?!\d)\s*|;\s*|\s+and\s+", offer.troops):
        if number in part or str(offer.troops_max) in part.replace(",", ""):
            return shorten(part.strip(), 32)
    return number


@dataclass(frozen=True)
class Bar:
    """One bar of the chart: whose, what stance, how many, and the words that give the number."""

    name: str
    number: int
    label: str
    written: str  # the claim's words, for the chart's text description


def bars(offers: list[TroopOffer], ctx: Ctx) -> list[Bar]:
    """A bar per country, stance and number, largest first: two articles that give one plan's
    number make one bar, not two; police (not troops) get a bar of their own, labelled so."""
    out: dict[tuple[str, str, int, str], Bar] = {}
    for offer in offers:
        stance = STANCES.get(offer.stance, offer.stance)
        name = f"{ctx_name(ctx, offer)} ({stance[:1].lower() + stance[1:]})"
        if offer.troops_max is not None:
            key = (offer.country, offer.stance, offer.troops_max, "troops")
            out.setdefault(key, Bar(name, offer.troops_max, bar_label(offer), offer.troops))
        if offer.police_max is not None:
            number = f"{offer.police_max:,}"
            words = next((r for r in offer.roles if number in r and "police" in r), f"{number} police")
            label = shorten(f"up to {number} police" if "up to" in words else f"{number} police", 32)
            key = (offer.country, offer.stance, offer.police_max, "police")
            out.setdefault(key, Bar(name, offer.police_max, label, words))
    return sorted(out.values(), key=lambda b: -b.number)


def chart_name(name: str) -> str:
    """A bar's name as its line above the bar shows it: without a stance's aside ("Jordan (was
    offered a role)", the full words are in the chart's description and the table), cut at a word."""
    return shorten(re.sub(r" \([^()]*\)\)$", ")", name), 44)


def chart(offers: list[TroopOffer], ctx: Ctx) -> str:
    numbered = bars(offers, ctx)
    if not numbered:
        return "No claim on this page gives a number of troops, so there is no chart.\n\n"
    top = max(b.number for b in numbered) or 1
    height = len(numbered) * ROW_H + 4
    rows = []
    desc = []
    for i, bar in enumerate(numbered):
        y = 4 + i * ROW_H
        w = max(2, round((WIDTH - VALUE_W) * bar.number / top))
        desc.append(f"{bar.name}: {bar.written}")
        rows.append(
            f'<text x="0" y="{y + 13}" class="chart-label">{escape.attr(chart_name(bar.name))}</text>'
            f'<rect x="0" y="{y + 19}" width="{w}" height="{BAR_H}" class="chart-bar"/>'
            f'<text x="{w + 6}" y="{y + 31}" class="chart-value">{escape.attr(bar.label)}</text>'
        )
    return (
        "\n".join(
            [
                '<figure class="chart">',
                f'<svg viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
                'aria-labelledby="chart_title chart_desc" xmlns="http://www.w3.org/2000/svg">',
                '<title id="chart_title">Troop numbers by country, as the articles give them</title>',
                f'<desc id="chart_desc">{escape.attr("; ".join(desc))}</desc>',
                *rows,
                "</svg>",
                "<figcaption>Each bar shows the largest number of troops (or of police, where it says so) a claim "
                "gives, labelled with the words that give it; claims of one country that give one number make one "
                "bar, and claims without a number are not drawn. The table below has every claim.</figcaption>",
                "</figure>",
            ]
        )
        + "\n\n"
    )


def ctx_name(ctx: Ctx, offer: TroopOffer) -> str:
    actor = ctx.facts.by_id.get(offer.country)
    return getattr(actor, "name", offer.country)


def table(offers: list[TroopOffer], ctx: Ctx) -> str:
    """One row per claim; below 60em wide (extra.css, `.stack`) each row is a card whose cells
    show their column's name (`.cell-label`), so nothing is cut off or scrolls sideways."""
    dated = any(o.as_of != "unknown" for o in offers)
    columns = ["Country", "Stance", "Troops, as written", "Largest number", "Roles"] + (["As of"] if dated else [])
    out = [
        '<div class="sortable stack" markdown data-search-exclude="1">\n\n<table markdown>\n<thead><tr>',
        "".join(f"<th>{c}</th>" for c in columns),
        "</tr></thead>\n<tbody markdown>\n",
    ]
    previous = None
    for o in offers:
        # A country's later rows join its first one into one card on a phone (extra.css).
        same = ' class="same-country"' if o.country == previous else ""
        previous = o.country
        marks = ctx.notes.marks(o)
        roles = ", ".join(escape.md(r) for r in o.roles) if o.roles else ""
        number = f"{o.troops_max:,}" if o.troops_max is not None else ""
        flag = "" if o.status == "current" else f" ({o.status})"
        cells = [
            ctx.actor(o.country),
            f"{ctx.link(o.id, STANCES.get(o.stance, o.stance))}{marks}{flag}",
            escape.md(o.troops) if o.troops != "unknown" else "",
            number,
            roles,
        ]
        if dated:
            cells.append(escape.md(human_date(o.as_of)) if o.as_of != "unknown" else "")
        out.append(
            f"<tr markdown{same}>"
            + "".join(_cell(columns[i], c, header=i == 0) for i, c in enumerate(cells))
            + "</tr>\n"
        )
    out.append("</tbody>\n</table>\n\n</div>\n\n")
    return "".join(out)


def _cell(label: str, markdown: str, header: bool = False) -> str:
    """A cell parsed as Markdown (links, markers); an empty cell carries no label, so a card skips it."""
    if header:
        return f'<th scope="row" markdown="span">{markdown}</th>'
    if not markdown:
        return "<td></td>"
    return f'<td markdown="span"><span class="cell-label">{label}</span> {markdown}</td>'


def before(records: tuple[Record, ...], ctx: Ctx) -> str:
    offers = [r for r in records if isinstance(r, TroopOffer)]
    return "## At a glance { #offers_chart data-search-exclude }\n\n" + chart(offers, ctx) + table(offers, ctx)


def troop_pages(table: Table, facts: FactBase, locator: Locator) -> list[Page]:
    """The chart and the table of every claim, then each country's claims folded under its name."""
    return listing_pages(table, facts, locator, before=before, group=by_country(facts), collapse=True)


def by_country(facts: FactBase) -> Callable[[Record], tuple[str, str] | None]:
    def group(record: Record) -> tuple[str, str] | None:
        assert isinstance(record, TroopOffer)
        return group_anchor("country", record.country), escape.md(actor_name(facts, record.country))

    return group
