"""This subject's zones: their record type, the page's schematic diagram of the strip drawn from
the data, then one section per zone.

The diagram is inline SVG (no script, no request). Each zone's `schematic` says where it is drawn:
`east` and `west` are the two halves, `line` the line between them, `perimeter` a band along the
land border, `none` is not drawn. Zones are told apart by pattern (diagonal hatching, cross
hatching), line style (dashed, dotted) and printed labels as well as by colour; a zone whose name
says green, red or yellow gets that colour. The SVG has a title and a description, and the legend
under it is text, so the diagram is never the only way to read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from explainer.model.facts import Claim, FactBase, Record
from explainer.model.registry import Table
from explainer.publish.search_entries import name_of
from explainer.render import escape
from explainer.render.common import Ctx, Locator, Page, shorten
from explainer.render.listing import field, listing_pages, text


@dataclass(frozen=True, kw_only=True)
class Zone(Claim):
    table, singular = "zones", "zone"
    name: str
    summary: str
    controlled_by: str
    territory_share: str
    population: str
    planned: str
    schematic: str
    actors: tuple[str, ...] = ()


SCHEMATIC = {
    "east": "the eastern part",
    "west": "the western part",
    "line": "the line between them",
    "perimeter": "a band inside the border with Israel (the articles do not say where it runs)",
    "none": "not drawn",
}

INTRO = (
    "Each zone or line the sources describe: what it is, who controls it, its share of the land and "
    "of the people, and what is planned there, as the articles word it."
)

# Outline of the strip (north at the top, the coast on the left), and the two halves.
OUTLINE = "170,20 250,40 150,420 60,400"
AREAS = {"west": "170,20 210,29 105,410 60,400", "east": "210,29 250,40 150,420 105,410"}
LINE = "210,29 105,410"
BORDER = "250,40 150,420"  # the side of Israel, which withdraws to the perimeter; no article draws it
LABEL_AT = {"west": (112, 200), "east": (186, 250), "line": (162, 112), "perimeter": (232, 330)}
PATTERN = {"east": "diagonal hatching", "west": "cross-hatching", "line": "a dashed line", "perimeter": "a dotted band"}
COLOURS = {  # (fill, ink): light fill with a dark pattern and outline, readable in greyscale too
    "green": ("#d4ecd5", "#1b5e20"),
    "red": ("#f7d4d4", "#8e1b1b"),
    "yellow": ("#fff1b8", "#7a5c00"),
    "other": ("#e4e4e4", "#333333"),
}


def colour_of(zone: Zone) -> str:
    name = zone.name.casefold()
    return next((c for c in ("green", "red", "yellow") if c in name), "other")


def diagram(zones: list[Zone]) -> str:
    """The schematic as one raw-HTML block (no blank line inside, so Markdown leaves it whole)."""
    drawn = {k: [z for z in zones if z.schematic == k] for k in ("west", "east", "line", "perimeter")}
    desc = (
        "; ".join(
            f"{z.name}: drawn as {SCHEMATIC[z.schematic]} ({PATTERN[z.schematic]})" for k in drawn for z in drawn[k]
        )
        or "No zone is drawn."
    )
    svg = [
        '<figure class="schematic">',
        '<svg viewBox="0 0 320 440" width="320" height="440" role="img" '
        'aria-labelledby="schematic_title schematic_desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="schematic_title">Schematic of the Gaza Strip, not to scale</title>',
        f'<desc id="schematic_desc">{escape.attr(desc)}</desc>',
        "<defs>",
    ]
    for key in ("east", "west"):
        for i, zone in enumerate(drawn[key]):
            ink = COLOURS[colour_of(zone)][1]
            lines = (
                '<path d="M0,8 L8,0" stroke="{ink}" stroke-width="1.5"/>'
                if key == "east"
                else '<path d="M0,0 L8,8 M8,0 L0,8" stroke="{ink}" stroke-width="1"/>'
            ).format(ink=ink)
            svg.append(
                f'<pattern id="pattern_{key}_{i}" width="8" height="8" patternUnits="userSpaceOnUse">'
                f'<rect width="8" height="8" fill="{COLOURS[colour_of(zone)][0]}"/>{lines}</pattern>'
            )
    svg.append("</defs>")
    svg.append(f'<polygon points="{OUTLINE}" fill="#f5f5f5" stroke="#333333" stroke-width="1.5"/>')
    for key in ("west", "east"):
        for i, zone in enumerate(drawn[key][:1]):  # several zones on one half share its drawing
            svg.append(
                f'<polygon points="{AREAS[key]}" fill="url(#pattern_{key}_{i})" '
                f'stroke="{COLOURS[colour_of(zone)][1]}" stroke-width="1"/>'
            )
    for zone in drawn["perimeter"][:1]:
        svg.append(
            f'<polyline points="{BORDER}" fill="none" stroke="{COLOURS[colour_of(zone)][1]}" '
            'stroke-width="9" stroke-dasharray="2 3"/>'
        )
    for zone in drawn["line"][:1]:
        ink = COLOURS[colour_of(zone)][1]
        svg.append(
            f'<polyline points="{LINE}" fill="none" stroke="#ffffff" stroke-width="7"/>'
            f'<polyline points="{LINE}" fill="none" stroke="{ink}" stroke-width="4" stroke-dasharray="12 6"/>'
        )
    for key, (x, y) in LABEL_AT.items():
        for j, zone in enumerate(drawn[key]):
            svg.append(
                f'<text x="{x}" y="{y + 16 * j}" text-anchor="middle" class="schematic-label">'
                f"{escape.attr(shorten(zone.name, 24))}</text>"
            )
    svg += [
        '<text x="40" y="210" text-anchor="middle" class="schematic-geo" transform="rotate(-75 40 210)">'
        "Mediterranean Sea</text>",
        '<text x="262" y="250" text-anchor="middle" class="schematic-geo" transform="rotate(-75 262 250)">'
        "Israel</text>",
        '<text x="105" y="436" text-anchor="middle" class="schematic-geo">Egypt</text>',
        '<text x="290" y="30" text-anchor="middle" class="schematic-geo">N ↑</text>',
        "</svg>",
        "<figcaption>Schematic, not to scale: it shows where each zone lies relative to the others, "
        "not its real shape or size.</figcaption>",
        "</figure>",
    ]
    return "\n".join(svg) + "\n\n"


def legend(zones: list[Zone], ctx: Ctx) -> str:
    out = []
    for zone in zones:
        how = (
            f"{SCHEMATIC[zone.schematic]}, shown with {PATTERN[zone.schematic]}"
            if zone.schematic in PATTERN
            else "not drawn"
        )
        out.append(f"- {ctx.link(zone.id, zone.name)}: {how}\n")
    return "**Legend:**\n\n" + "".join(out) + "\n" if out else ""


def before(records: tuple[Record, ...], ctx: Ctx) -> str:
    zones = [r for r in records if isinstance(r, Zone)]
    return diagram(zones) + legend(zones, ctx)


def zone_pages(table: Table, facts: FactBase, locator: Locator) -> list[Page]:
    return listing_pages(table, facts, locator, before=before)


def zone_body(record: Record, ctx: Ctx, marks: str) -> list[str]:
    assert isinstance(record, Zone)
    out = [
        f"{text(record.summary)}{marks}\n\n",
        field("Controlled by", ctx.prose(record.controlled_by)),
        field("Share of the land", ctx.prose(record.territory_share)),
        field("Population", ctx.prose(record.population)),
        field("Planned there", ctx.prose(record.planned)),
    ]
    if record.actors:
        out.append(field("Actors", ", ".join(ctx.actor(a) for a in record.actors)))
    out.append(field("On the diagram", SCHEMATIC.get(record.schematic, record.schematic)))
    return out


def zone_words(record: Record, facts: FactBase) -> list[str]:
    assert isinstance(record, Zone)
    words = [record.summary, record.controlled_by, record.territory_share, record.population, record.planned]
    return words + [name_of(facts, a) for a in record.actors]
