"""The troop-offers page: a chart of the numbers, a sortable table by country, one section per claim.

The table is sorted by country and can be re-sorted by any column in the browser
(docs/javascripts/tablesort.js, a small local script; without it the table is simply static).
Every row carries the claim's citation markers. The chart is inline SVG: one bar per claim that
gives a number (`troops_max`), labelled with the country, the stance and the number as written.
The table and the chart repeat what the sections below say, so they are left out of search.
"""
from __future__ import annotations

from .. import escape
from ..model import FactBase, Record, TroopOffer
from .common import Ctx, Locator, Page, shorten
from .listing import STANCES, listing_pages

INTRO = ("Which countries offered troops, were asked for them, ruled them out, or were accepted or opposed by "
         "Israel, with the numbers and roles the articles give. Each row is one claim of one article; a country "
         "appears once per claim.")

BAR_H, GAP, LABEL_W, WIDTH = 22, 10, 250, 640


def chart(offers: list[TroopOffer], ctx: Ctx) -> str:
    numbered = sorted((o for o in offers if o.troops_max is not None), key=lambda o: -(o.troops_max or 0))
    if not numbered:
        return "No claim on this page gives a number of troops, so there is no chart.\n\n"
    top = max(o.troops_max or 0 for o in numbered) or 1
    height = len(numbered) * (BAR_H + GAP) + GAP
    rows = []
    desc = []
    for i, offer in enumerate(numbered):
        y = GAP + i * (BAR_H + GAP)
        w = max(2, round((WIDTH - LABEL_W - 110) * (offer.troops_max or 0) / top))
        stance = STANCES.get(offer.stance, offer.stance)
        name = f"{ctx_name(ctx, offer)} ({stance[:1].lower() + stance[1:]})"
        desc.append(f"{name}: {offer.troops}")
        rows.append(f'<text x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end" class="chart-label">'
                    f"{escape.attr(shorten(name, 38))}</text>"
                    f'<rect x="{LABEL_W}" y="{y}" width="{w}" height="{BAR_H}" class="chart-bar"/>'
                    f'<text x="{LABEL_W + w + 6}" y="{y + 16}" class="chart-value">'
                    f"{escape.attr(shorten(offer.troops, 32))}</text>")
    return ("\n".join([
        '<figure class="chart">',
        f'<svg viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        'aria-labelledby="chart_title chart_desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart_title">Troop numbers by country, as the articles give them</title>',
        f'<desc id="chart_desc">{escape.attr("; ".join(desc))}</desc>',
        *rows,
        "</svg>",
        "<figcaption>Bars show the largest number each claim gives; claims without a number are not drawn. "
        "The table below has every claim.</figcaption>",
        "</figure>"]) + "\n\n")


def ctx_name(ctx: Ctx, offer: TroopOffer) -> str:
    actor = ctx.facts.by_id.get(offer.country)
    return getattr(actor, "name", offer.country)


def table(offers: list[TroopOffer], ctx: Ctx) -> str:
    out = ['<div class="sortable" markdown data-search-exclude="1">\n\n',
           "| Country | Stance | Troops, as written | Largest number | Roles | As of |\n",
           "|---|---|---|---|---|---|\n"]
    for o in offers:
        marks = ctx.notes.marks(o)
        roles = ", ".join(escape.md(r) for r in o.roles) if o.roles else ""
        number = f"{o.troops_max:,}" if o.troops_max is not None else ""
        flag = "" if o.status == "current" else f" ({o.status})"
        out.append(f"| {ctx.actor(o.country)} | {ctx.link(o.id, STANCES.get(o.stance, o.stance))}{marks}{flag} | "
                   f"{escape.md(o.troops)} | {number} | {roles} | {escape.md(o.as_of)} |\n")
    out.append("\n</div>\n\n")
    return "".join(out)


def before(records: tuple[Record, ...], ctx: Ctx) -> str:
    offers = [r for r in records if isinstance(r, TroopOffer)]
    return ("## At a glance { #offers_chart data-search-exclude }\n\n" + chart(offers, ctx)
            + table(offers, ctx))


def troop_pages(facts: FactBase, locator: Locator) -> list[Page]:
    return listing_pages("troop_offers", facts, locator, intro=INTRO, before=before,
                         inputs=("data/troop_offers.yaml", "data/actors.yaml", "data/sources.yaml"))
