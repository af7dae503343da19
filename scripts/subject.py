"""The subject of this explainer, declared for the engine: its site texts and its tables.

Every table is declared once here (explainer/model/registry.py says what a declaration holds); the
engine derives from it the loader's list of tables, the checks of references and dates, the
pages, the home page's sections, the downloads and the search entries. Order matters: it is the
order of the downloads and of the search results' tables.
"""

from __future__ import annotations

from explainer import tables
from explainer.model.registry import Search, Subject, Table

from . import troops, zones

SUBJECT = Subject(
    # The site's name and description are site_name and site_description in mkdocs.yml.
    title="Gaza’s stabilization force and the zone plan",
    tables=(
        tables.sources(),
        tables.actors(),
        tables.questions(),
        Table(
            "zones",
            "zone",
            record=zones.Zone,
            title="Zones",
            page="zones",
            pages=zones.zone_pages,
            body=zones.zone_body,
            intro=zones.INTRO,
            section="what each zone is, who controls it and what is planned there, with a schematic diagram",
            note="Zones and lines of the plans",
            refs={"actors": ("actors",)},
            search=Search("Zone", (8.0, 1.0, 2.0), words=zones.zone_words, asks=("where", "what")),
        ),
        Table(
            "troop_offers",
            "troop offer",
            record=troops.TroopOffer,
            title="Troop offers",
            page="troop-offers",
            pages=troops.troop_pages,
            heading=troops.offer_heading,
            body=troops.offer_body,
            intro=troops.INTRO,
            section="which countries offered, were asked for or ruled out troops, with the numbers",
            note="Troop offers, requests and refusals",
            refs={"country": ("actors",)},
            order=lambda facts: lambda r: tables.name_key(facts, getattr(r, "country")),
            group=lambda r: getattr(r, "country"),
            search=Search(
                "Troop offer", key=troops.offer_key, words=troops.offer_words, asks=("who", "which", "how", "many")
            ),
            dispute=troops.RULE,
            numbers=("troops_max", "police_max"),
            inputs=("data/actors.yaml",),
        ),
        tables.positions(),
        tables.quotes(),
        tables.figures(
            intro=(
                "Every number in the fact base, as the articles write it, and the few other measures they give "
                "(such as how documents were classified)."
            )
        ),
        tables.events(),
        tables.disagreements(),
        tables.story(),
        tables.changes(),
    ),
    sections=(
        "questions",
        "zones",
        "troop_offers",
        "positions",
        "quotes",
        "events",
        "disagreements",
        "figures",
        "actors",
    ),
    # What readers type for what the articles write (search finds either).
    synonyms=(
        ("vote", "resolution"),
        ("drafting", "planning"),
        ("troops", "soldiers", "forces"),
        ("fight", "combat", "shoot"),
        ("disarm", "demilitarization", "weapons"),
        ("Israeli", "Israel"),
        ("Egyptian", "Egypt"),
        ("size", "number", "big", "many"),  # "how many troops" asks for the planned size
        ("send", "contribute", "contributing", "deploy"),
    ),
)
