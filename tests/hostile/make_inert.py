"""Write the "inert" entries of the hostile corpus: one payload in every text field of every table.

    python tests/hostile/make_inert.py     # rewrites tests/hostile/inert-*/ (commit the result)

Each entry gets a seed that contains the payload (so excerpts and quote texts match it), a source
that describes that seed with the payload in its outlet, title, via and note, and one record per
table with the payload in every free-text field. tests/test_hostile.py appends all entries to the
mini fixture, builds one site, and checks that each payload shows up only as text.
Hand-written inert entries (inert-yaml-1.1/) have no "generated" flag and are left alone.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name: (payload, marker that must never reach an HTML tag or attribute, or None)
PAYLOADS: dict[str, tuple[str, str | None]] = {
    "html-script": ('<script>alert("pwn")</script>', "pwn"),
    "html-img-onerror": ("<img src=x onerror=alert('pwn')>", "pwn"),
    "html-iframe": ('<iframe src="https://pwn.example/"></iframe>', "pwn"),
    "html-svg-onload": ("<svg onload=alert('pwn')><circle r=9 /></svg>", "pwn"),
    "html-comment": ("<!-- pwn: everything after this would be a comment", "pwn"),
    "html-breakout": ("</p></div></article></title><script>alert('pwn')</script><p>", "pwn"),
    "html-entities": ("&lt;script&gt;alert('pwn')&lt;/script&gt; &amp; &#60;b&#62; &#x3C;i&#x3E;", "pwn"),
    "html-markdown-block": ('<div markdown="1">**pwn**</div><details open><summary>pwn</summary></details>', "pwn"),
    "md-link": ("[click pwn](https://pwn.example/) <https://pwn.example/auto> [ref][pwn] www.pwn.example", "pwn"),
    "md-js-link": (
        "[a](javascript:alert('pwn')) [b](JaVaScRiPt:alert('pwn')) [c]( java\tscript:pwn) "
        "[d](vbscript:msgbox(pwn)) [e](data:text/html,pwn)",
        "pwn",
    ),
    "md-image": ("![pwn](https://pwn.example/x.png) ![pwn][img]", "pwn"),
    "md-attr-list": ('pwn {: onclick="alert(1)" #pwn .pwn } { #pwn-id onmouseover=alert(1) }', "pwn"),
    "md-heading": ("# pwn heading\n## pwn again {#pwn}", "pwn"),
    "md-rule-and-lists": ("---\n- pwn item\n1. pwn\n> pwn quote\n+ pwn\n***", "pwn"),
    "md-admonition": ('!!! danger "pwn"\n    pwn body\n??? note "pwn"', "pwn"),
    "md-footnote": ("pwn[^1] and [^pwn]\n\n[^1]: https://pwn.example/\n[^pwn]: pwn", "pwn"),
    "md-backticks": ("`pwn` and ```pwn``` and ``pwn ` pwn``", "pwn"),
    "md-table-pipe": ("a | pwn | b\n| --- | --- |\n|| pwn ||", "pwn"),
    "md-emphasis-escapes": (r"*pwn* _pwn_ **pwn** ~~pwn~~ ^pwn^ ==pwn== \<pwn\> \\ \* &pwn;", "pwn"),
    "unicode-zero-width": ("pw\u200bn zero\u200cwidth\u200d joiner\u2060 and\ufeffbom", None),
    "unicode-combining": (
        "Z\u0334\u0321a\u0335\u0317l\u0337\u0353g\u0338\u031fo\u0336\u0359 e\u0301 n\u0303 \u0928\u093f",
        None,
    ),
    "unicode-long-word": ("W" + "o" * 278 + "rd", None),
    "unicode-1mb-seed": ("The excerpt sits after a one-megabyte word in its seed.", None),
}
# The seed of unicode-1mb-seed is padded with a 1 MB word at test time (see expect.json).

TABLE_PAGES = {
    "actors": "actors/index.html",
    "zones": "zones/index.html",
    "troop_offers": "troop-offers/index.html",
    "positions": "positions/index.html",
    "quotes": "quotes/index.html",
    "figures": "figures/index.html",
    "events": "timeline/index.html",
    "disagreements": "disagreements/index.html",
    "story": "index.html",
    "changes": "changes/index.html",
}


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def records(name: str, p: str) -> dict[str, str]:
    """YAML text per table; `p` is the quoted payload."""
    ids = {
        t: f"h-{name}-{t.replace('_', '-')}"
        for t in (
            "src",
            "actor",
            "question",
            "zone",
            "offer",
            "position",
            "quote",
            "figure",
            "event",
            "dis",
            "story",
            "change",
        )
    }
    cite = (
        f"\n  cite:\n    - source: {ids['src']}\n      excerpt: {p}\n  as_of: unknown\n  status: current\n  note: {p}\n"
    )
    return {
        "sources": f"- id: {ids['src']}\n  seed: hostile-{name}.txt\n  outlet: {p}\n  title: {p}\n"
        f"  published: unknown\n  kind: other\n  via: [{p}, {p}]\n  note: {p}\n",
        "actors": f"- id: {ids['actor']}\n  name: {p}\n  kind: country\n  description: {p}{cite}",
        "questions": f"- id: {ids['question']}\n  label: {p}\n  description: {p}\n",
        "zones": f"- id: {ids['zone']}\n  name: {p}\n  summary: {p}\n  controlled_by: {p}\n  territory_share: {p}\n"
        f"  population: {p}\n  planned: {p}\n  schematic: none\n  actors: [{ids['actor']}]{cite}",
        "troop_offers": f"- id: {ids['offer']}\n  country: {ids['actor']}\n  stance: offered\n  troops: {p}\n"
        f"  roles: [{p}]\n  summary: {p}{cite}",
        "positions": f"- id: {ids['position']}\n  actor: {ids['actor']}\n  question: {ids['question']}\n"
        f"  stance: {p}{cite}",
        "quotes": f"- id: {ids['quote']}\n  text: {p}\n  speaker: {p}\n  role: {p}\n  anonymous: false\n"
        f"  actor: {ids['actor']}\n  context: {p}{cite}",
        "figures": f"- id: {ids['figure']}\n  label: {p}\n  value: {p}\n  unit: {p}\n  featured: true{cite}",
        "events": f"- id: {ids['event']}\n  date: unknown\n  date_text: {p}\n  sequence: 1\n  summary: {p}{cite}",
        "disagreements": f"- id: {ids['dis']}\n  topic: {p}\n  summary: {p}\n  sides:\n"
        f"    - claim: {p}\n      cite:\n        - source: {ids['src']}\n          excerpt: {p}\n"
        f"    - claim: {p}\n      cite:\n        - source: {ids['src']}\n          excerpt: {p}\n"
        f"  as_of: unknown\n  status: current\n  note: {p}\n",
        "story": f"- id: {ids['story']}\n  text: {p}{cite}",
        "changes": f"- id: {ids['change']}\n  date: 2025-11-20\n  summary: {p}\n  records: [{ids['zone']}]\n",
    }


def write_entry(name: str, payload: str, marker: str | None) -> None:
    folder = HERE / f"inert-{name}"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "data").mkdir(parents=True)
    (folder / "seeds").mkdir()
    for table, text in records(name, q(payload)).items():
        (folder / "data" / f"{table}.yaml").write_text(text, encoding="utf-8")
    (folder / "seeds" / f"hostile-{name}.txt").write_text(
        f"Seed for the {name} entry.\n{payload}\nEnd.\n", encoding="utf-8"
    )
    expect = {
        "kind": "inert",
        "generated": True,
        "payload": payload,
        "marker": marker,
        "pages": sorted({*TABLE_PAGES.values(), f"sources/h-{name}-src/index.html", "sources/index.html"}),
    }
    if name == "unicode-1mb-seed":
        expect["pad_seed"] = {"file": f"seeds/hostile-{name}.txt", "bytes": 1_048_576}
    (folder / "expect.json").write_text(json.dumps(expect, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    for name, (payload, marker) in PAYLOADS.items():
        write_entry(name, payload, marker)
    print(f"wrote {len(PAYLOADS)} inert entries under {HERE}")


if __name__ == "__main__":
    main()
