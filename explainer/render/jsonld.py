"""schema.org JSON-LD: the site as a Dataset (on the overview) and quotes as Quotations.

Built as Python values and serialised by `escape.json_for_html`, which makes the text safe
inside <script type="application/ld+json"> (no `</script>` can close it). Only what the data
states is said: an unknown outlet, title or date is left out, never filled in. A source is a
NewsArticle only when its kind is "news report"; any other is of the type its subject declares
for its sources (`Subject.source_noun.schema_type`: Article by default, Report, DigitalDocument...).
"""

from __future__ import annotations

from ..model.facts import FactBase, Quote, Source
from ..model.registry import Noun
from . import escape
from .common import noun, source_name

CONTEXT = "https://schema.org"
# The overview's Dataset names at most this many sources: the page must stay small however many
# sources a newsroom has (1,500 made it 586 KB); the full list is the sources.json download.
MAX_LISTED_SOURCES = 100


def script(value: dict) -> str:
    return f'<script type="application/ld+json">{escape.json_for_html(value)}</script>\n'


# The kinds of source whose schema.org type the kind itself says.
SCHEMA_TYPES = {"news report": "NewsArticle"}


def source_item(source: Source, noun: Noun) -> dict:
    kind = SCHEMA_TYPES.get(source.kind, noun.schema_type)
    out: dict = {"@type": kind, "identifier": source.id, "name": source_name(source)}
    if source.title != "unknown":
        out["headline"] = source.title
    if source.outlet != "unknown":
        out["publisher"] = {"@type": "Organization", "name": source.outlet}
    if source.published != "unknown":
        out["datePublished"] = source.published
    if source.url:
        out["url"] = source.url
    return out


def dataset(facts: FactBase, name: str, description: str) -> str:
    tables = [t for t, records in facts.tables.items() if records]
    value = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "name": name,
        "description": description,
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": fmt,
                "contentUrl": f"downloads/{t}.{ext}",
                "name": f"{t} ({ext.upper()})",
            }
            for t in tables
            for ext, fmt in (("json", "application/json"), ("csv", "text/csv"))
        ],
        "citation": [source_item(s, noun(facts)) for s in facts.sources[:MAX_LISTED_SOURCES] if isinstance(s, Source)],
    }
    return script(value)


def quotations(quotes: list[Quote], facts: FactBase) -> str:
    graph = []
    for q in quotes:
        speaker: dict = {"@type": "Person", "name": q.speaker}
        if q.role != "unknown":
            speaker["jobTitle"] = q.role
        if q.anonymous:
            speaker["description"] = f"Anonymous: the {noun(facts).singular} does not name the speaker."
        graph.append(
            {
                "@type": "Quotation",
                "identifier": q.id,
                "text": q.text,
                "spokenByCharacter": speaker,
                "citation": [
                    source_item(s, noun(facts))
                    for c in q.cite
                    for s in [facts.by_id[c.source]]
                    if isinstance(s, Source)
                ],
            }
        )
    return script({"@context": CONTEXT, "@graph": graph}) if graph else ""
