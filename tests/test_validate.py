"""Validator: one test per rule, each asserting the message an editor sees, with file:line:col."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explainer.check.validate import Paths, build_factbase
from scripts.troops import TroopOffer

from .conftest import ROOT, make_project, problems, write


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_is_valid(project):
    assert problems(project) == []
    facts = build_factbase(Paths(project))
    assert [r.id for r in facts.table("figures")] == ["fig-uk-troops", "fig-police"]
    offer = facts.by_id["offer-italy"]
    assert isinstance(offer, TroopOffer) and offer.country == "italy"


# --- schema rules ---------------------------------------------------------------------------


def test_unknown_field_is_placed_at_the_key_and_lists_allowed_fields(project):
    edit(project, "data/troop_offers.yaml", "  troops: unknown\n", "  troops: unknown\n  trops: 5\n")
    [msg] = problems(project)
    assert msg.startswith("data/troop_offers.yaml:6:3: troop offer 'offer-italy': record has unknown field(s) 'trops'")
    assert "allowed fields: about, accepted, as_of, cite, compatible, country" in msg
    assert (
        "(fix: 'trops' may be 'troops'; add it to data/schema/troop_offers.schema.json, or fix the spelling; "
        "allowed fields: " in msg
    )


def test_number_where_text_is_expected_says_to_quote_it(project):
    edit(project, "data/troop_offers.yaml", "troops: unknown", "troops: 1500")
    assert problems(project) == [
        "data/troop_offers.yaml:5:11: troop offer 'offer-italy': troops must be text, not 1500 "
        '(fix: put the value in quotes, e.g. "1500")'
    ]


def test_yes_is_not_a_boolean(project):
    edit(project, "data/quotes.yaml", "anonymous: true", "anonymous: yes")
    assert problems(project) == [
        "data/quotes.yaml:6:14: quote 'quote-very-fluid': anonymous must be true or false, not \"yes\" "
        "(fix: write true or false (yes/no/on/off are not booleans here))"
    ]


def test_missing_required_field(project):
    edit(project, "data/troop_offers.yaml", "  stance: offered\n", "")
    assert problems(project) == [
        "data/troop_offers.yaml:2:3: troop offer 'offer-italy': is missing the required field 'stance' "
        "(fix: add 'stance: ...' to the record)"
    ]


def test_value_outside_enum_lists_the_allowed_ones(project):
    edit(project, "data/troop_offers.yaml", "stance: offered", "stance: maybe")
    [msg] = problems(project)
    assert msg.startswith(
        "data/troop_offers.yaml:4:11: troop offer 'offer-italy': stance is \"maybe\", not one of the allowed values"
    )
    assert "use one of: offered, requested, ruled_out" in msg


def test_id_must_be_a_slug(project):
    edit(project, "data/actors.yaml", "id: italy", "id: Italy Republic")
    assert any(
        m.startswith(
            "data/actors.yaml:2:7: actor 'Italy Republic': id has the value \"Italy Republic\", "
            "which is not allowed here "
            "(fix: write what it holds: lowercase slug"
        )
        for m in problems(project)
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>",
        "vbscript:msgbox",
        "http://example.org/",
        'https://example.org/" onclick="x',
    ],
)
def test_only_https_urls_pass(project, url):
    edit(project, "data/sources.yaml", "  kind: news report\n", f"  kind: news report\n  url: '{url}'\n")
    [msg] = problems(project)
    assert msg.startswith("data/sources.yaml:8:8: source 'src-one': url has the value")
    assert "https:// only" in msg


def test_superseded_needs_superseded_by(project):
    edit(project, "data/figures.yaml", "  superseded_by: fig-police\n", "")
    assert problems(project) == [
        "data/figures.yaml:2:3: figure 'fig-uk-troops': is missing the required field 'superseded_by' "
        "(fix: add 'superseded_by: ...' to the record)"
    ]


def test_text_too_long_is_refused(project):
    edit(
        project,
        "data/troop_offers.yaml",
        'summary: "Italy has offered a possible troop contribution."',
        f'summary: "{"x" * 5000}"',
    )
    [msg] = problems(project)
    assert msg.startswith(
        "data/troop_offers.yaml:6:12: troop offer 'offer-italy': summary is too long (5000 characters; at most 4000)"
    )


# --- cross-record rules ---------------------------------------------------------------------


def test_ids_are_unique_across_tables(project):
    edit(project, "data/figures.yaml", "id: fig-police", "id: italy")
    edit(project, "data/figures.yaml", "superseded_by: fig-police", "superseded_by: italy")
    edit(project, "data/disagreements.yaml", "records: [fig-police]", "records: []")
    msgs = problems(project)
    assert (
        "data/figures.yaml:14:7: figure 'italy': id repeats the id 'italy' of actor 'italy' (data/actors.yaml:2) "
        "(fix: ids are unique across all tables: give the newer of the two records another id)" in msgs
    )


def test_unknown_source_lists_the_known_ones(project):
    edit(project, "data/troop_offers.yaml", "source: src-two", "source: src-three")
    assert problems(project) == [
        "data/troop_offers.yaml:8:15: troop offer 'offer-italy': cite[0].source names the unknown source 'src-three' "
        "(fix: use the id of a record in data/sources.yaml: src-one, src-two)"
    ]


def test_excerpt_not_in_seed_shows_the_closest_passage_and_the_difference(project):
    edit(project, "data/quotes.yaml", 'excerpt: "“It’s very dynamic.', 'excerpt: "\\"It’s very dynamic.')
    [msg] = problems(project)
    assert msg.startswith(
        "data/quotes.yaml:10:16: quote 'quote-very-fluid': cite[0].excerpt not found in seeds/one.txt "
        "(source 'src-one'); "
        'closest passage: "“It’s very dynamic.'
    )
    assert (
        "first difference at character 1: the excerpt has '\"' (U+0022 QUOTATION MARK), "
        "the seed has '“' (U+201C LEFT DOUBLE QUOTATION MARK)" in msg
    )


def test_narrow_no_break_space_must_match(project):
    write(
        project,
        "data/events.yaml",
        """
        - id: event-conf
          date: unknown
          date_text: unknown
          sequence: 1
          summary: "A conference was organized."
          cite:
            - source: src-one
              excerpt: "Lt. Gen. Michael Fenzel organized the conference."
          as_of: unknown
          status: current
        """,
    )
    [msg] = problems(project)
    assert "cite[0].excerpt not found in seeds/one.txt" in msg
    assert "the excerpt has ' ' (U+0020 SPACE), the seed has '\\u202f' (U+202F NARROW NO-BREAK SPACE)" in msg
    edit(project, "data/events.yaml", "Lt. Gen.", "Lt.\u202fGen.")
    assert problems(project) == []


def test_whitespace_runs_and_line_breaks_count_as_one_space(project):
    edit(
        project,
        "data/troop_offers.yaml",
        '"Only Italy has offered a possible troop contribution."',
        ">-\n        Only   Italy has offered\n        a possible troop contribution.",
    )
    assert problems(project) == []


def test_unknown_superseded_by(project):
    edit(project, "data/figures.yaml", "superseded_by: fig-police", "superseded_by: fig-nothing")
    assert (
        "data/figures.yaml:13:18: figure 'fig-uk-troops': superseded_by names 'fig-nothing', which is not a record "
        "(fix: use the id of the record that replaced this one)" in problems(project)
    )


def test_superseded_by_needs_status_superseded(project):
    edit(project, "data/troop_offers.yaml", "  status: current\n", "  status: current\n  superseded_by: fig-police\n")
    assert problems(project) == [
        "data/troop_offers.yaml:12:18: troop offer 'offer-italy': superseded_by is set but status is 'current' "
        "(fix: set status: superseded, or remove superseded_by)"
    ]


def test_cycle_of_supersessions(project):
    edit(project, "data/figures.yaml", "  status: disputed\n", "  status: superseded\n  superseded_by: fig-uk-troops\n")
    edit(project, "data/disagreements.yaml", "records: [fig-police]", "records: []")
    [msg] = problems(project)
    assert msg.startswith(
        "data/figures.yaml:13:18: figure 'fig-uk-troops': superseded_by makes a cycle of supersessions: "
        "fig-uk-troops -> fig-police -> fig-uk-troops"
    )


def test_disputed_record_must_be_listed_in_a_disagreement(project):
    edit(project, "data/disagreements.yaml", "records: [fig-police]", "records: []")
    assert problems(project) == [
        "data/figures.yaml:22:11: figure 'fig-police': status is disputed but no disagreement lists this record "
        "(fix: add the id to the records of a disagreement in data/disagreements.yaml)"
    ]


def test_disagreement_may_only_list_disputed_records(project):
    edit(project, "data/disagreements.yaml", "records: [fig-police]", "records: [fig-police, offer-italy]")
    assert problems(project) == [
        "data/disagreements.yaml:5:25: disagreement 'dis-police': records lists 'offer-italy', "
        "whose status is 'current' "
        "(fix: set status: disputed on 'offer-italy', or remove it from this list)"
    ]


def test_references_must_reach_the_right_table(project):
    edit(project, "data/troop_offers.yaml", "country: italy", "country: fig-police")
    assert problems(project) == [
        "data/troop_offers.yaml:3:12: troop offer 'offer-italy': country names 'fig-police', which is not a record in "
        "data/actors.yaml (fix: fix the id or add the record it refers to)"
    ]


def test_quote_text_must_be_verbatim(project):
    edit(project, "data/quotes.yaml", 'text: "It’s very dynamic. It’s very fluid,"', 'text: "It is very dynamic."')
    [msg] = problems(project)
    assert msg.startswith(
        "data/quotes.yaml:3:9: quote 'quote-very-fluid': text is not verbatim in seeds/one.txt (source 'src-one'); "
    )


def test_missing_seed_file(project):
    (project / "seeds" / "two.txt").rename(project / "seeds" / "renamed.txt")
    msgs = problems(project)
    assert msgs == [
        "data/sources.yaml:10:9: source 'src-two': seed names seeds/two.txt, which does not exist "
        "(fix: use one of the files in seeds/: one.txt, renamed.txt)"
    ]


def test_seed_not_utf8(project):
    (project / "seeds" / "two.txt").write_bytes(b"Only Italy \xff")
    assert (
        "data/sources.yaml:10:9: source 'src-two': seed names seeds/two.txt, which is not UTF-8 (byte 0xff at line "
        "1, column 12) (fix: convert the seed file to UTF-8 (e.g. iconv -f latin1 -t utf-8), then update the "
        "source's sha256 as make check says)" in problems(project)
    )


def test_bidi_controls_are_refused(project):
    edit(project, "data/troop_offers.yaml", "Italy has offered a possible", "Italy has \u202eoffered a possible")
    assert problems(project) == [
        "data/troop_offers.yaml:6:12: troop offer 'offer-italy': summary contains the bidirectional "
        "control character U+202E "
        "(fix: delete it: it can make the text display differently from what it says)"
    ]


def test_dates_must_exist(project):
    edit(project, "data/sources.yaml", "published: 2025-11-17", "published: 2025-02-30")
    assert problems(project) == [
        "data/sources.yaml:13:14: source 'src-two': published '2025-02-30' is not a real date "
        "(fix: write an existing date as YYYY-MM-DD, or unknown)"
    ]


def test_a_date_hint_names_only_what_the_field_accepts(project):
    """changes.date is a date and nothing else (common.schema.json#/$defs/date): no `unknown` offered."""
    write(
        project,
        "data/changes.yaml",
        """
        - id: change-one
          date: 2025-02-30
          summary: "A change to the page."
        """,
    )
    msgs = [m for m in problems(project) if m.startswith("data/changes.yaml:")]
    assert msgs and msgs[0].startswith("data/changes.yaml:2:9: ") and "'2025-02-30' is not a real date" in msgs[0], msgs
    assert msgs[0].endswith("(fix: write an existing date as YYYY-MM-DD)"), msgs


def test_unknown_table_file(project):
    write(project, "data/zonez.yaml", "[]\n")
    [msg] = problems(project)
    assert msg.startswith(
        "data/zonez.yaml:1:1: is not a known table ('zonez') (fix: rename it to one of: sources.yaml, actors.yaml"
    )


def test_every_problem_of_a_run_is_reported_at_once(project):
    edit(project, "data/troop_offers.yaml", "stance: offered", "stance: maybe")
    edit(project, "data/quotes.yaml", "anonymous: true", "anonymous: yes")
    edit(project, "data/figures.yaml", "source: src-two", "source: nowhere")
    write(project, "data/zones.yaml", "- id: a\n  id: b\n")
    msgs = problems(project)
    assert [m.split(":")[0] for m in msgs] == [
        "data/zones.yaml",  # first: a record it could not build (the key given twice), the likelier cause
        "data/figures.yaml",
        "data/quotes.yaml",
        "data/troop_offers.yaml",
    ]


def test_cli_prints_every_problem_without_a_traceback(project):
    edit(project, "data/troop_offers.yaml", "stance: offered", "stance: maybe")
    write(project, "data/zones.yaml", "- id: a\n\tname: b\n")
    run = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "check", "--root", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    # The cause first: the file that could not be read, then the other problems.
    assert lines[0].startswith("data/zones.yaml:2:1: is not valid YAML")
    assert lines[1].startswith("data/troop_offers.yaml:4:11: ")
    assert lines[-1] == "2 problems found; nothing was written."


def test_cli_check_passes_on_good_data(project):
    run = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "check", "--root", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: ")


def test_a_slip_in_one_file_reports_its_cause_first_and_holds_back_what_follows(tmp_path):
    """Indent one line of quotes.yaml by a space: the YAML error is the first and only problem
    shown; the references into the file it would have read are held back, with one line saying so."""
    import shutil

    for part in ("data", "seeds", "scripts"):
        shutil.copytree(ROOT / part, tmp_path / part)
    quotes = tmp_path / "data" / "quotes.yaml"
    lines = quotes.read_text(encoding="utf-8").split("\n")
    lines[5] = " " + lines[5]
    quotes.write_text("\n".join(lines), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "explainer.generate", "check", "--root", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    out = run.stderr.strip().splitlines()
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert out[0].startswith("data/quotes.yaml:6:") and "is not valid YAML" in out[0]
    assert not any(line.startswith(("data/changes.yaml", "data/disagreements.yaml")) for line in out)
    assert re_held.match(out[1]), out[1]
    assert out[-1] == "1 problem found; nothing was written."


re_held = __import__("re").compile(
    r"\d+ more problems? held back: (they|it) may only follow from data/quotes\.yaml not being read in full; "
    r"fix it first\."
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "data/schema/figures.schema.json:1:1: is empty"),
        (b'{"type": "array",', "data/schema/figures.schema.json:1:18: is not valid JSON"),
        (b"\xff\xfe{}", "data/schema/figures.schema.json:1:1: is not UTF-8 text"),
        (b"[1, 2]", "data/schema/figures.schema.json:1:1: is a JSON list, not an object"),
        (
            b'{"type": "array", "$id": "figures.schema.json"}',
            "data/schema/figures.schema.json:1:2: is not a table schema",
        ),
    ],
)
def test_a_schema_file_that_cannot_be_used_is_a_located_problem(project, content, expected):
    (project / "data" / "schema" / "figures.schema.json").write_bytes(content)
    msgs = problems(project)
    assert msgs and msgs[0].startswith(expected), msgs


def test_a_ref_that_leads_nowhere_and_a_bad_pattern_are_located_in_the_schema(project):
    path = project / "data" / "schema" / "figures.schema.json"
    text = path.read_text(encoding="utf-8").replace("#/$defs/short_text", "#/$defs/nope", 1)
    text = text.replace('"$ref": "common.schema.json#/$defs/slug"', '"type": "string", "pattern": "(["', 1)
    path.write_text(text, encoding="utf-8")
    msgs = problems(project)
    assert any("has the $ref 'common.schema.json#/$defs/nope', which leads nowhere" in m for m in msgs), msgs
    assert any("has a pattern that is not a regular expression" in m for m in msgs), msgs
    assert all(m.startswith("data/schema/figures.schema.json:") for m in msgs[:2])


def test_a_misspelt_schema_keyword_is_named_with_its_spelling_and_an_extension_passes(project):
    """A validator ignores a key it does not know: "maxLenght" would silently check nothing."""
    path = project / "data" / "schema" / "common.schema.json"
    text = path.read_text(encoding="utf-8")
    assert text.count('"maxLength"') >= 2
    text = text.replace('"maxLength"', '"maxLenght"', 1).replace('"maxLength"', '"x-max-words": 9, "maxLength"', 1)
    path.write_text(text, encoding="utf-8")
    line = text[: text.index('"maxLenght"')].count("\n") + 1
    msgs = problems(project)
    assert len(msgs) == 1, msgs
    assert msgs[0].startswith(f"data/schema/common.schema.json:{line}:"), msgs
    assert 'has the keyword "maxLenght"' in msgs[0] and 'rename it to "maxLength"' in msgs[0], msgs


def test_a_pattern_that_backtracks_is_refused_before_it_stalls_a_check(project):
    """(a+)+$ doubles its time with each character of a value that almost matches: a schema
    holding it would hang `make check` on one long label. The sound patterns of the real schemas
    (a slug's ^[a-z0-9]+(-[a-z0-9]+)*$ repeats a group too) pass."""
    path = project / "data" / "schema" / "figures.schema.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"$ref": "common.schema.json#/$defs/slug"', '"type": "string", "pattern": "^(a+)+$"', 1)
    )
    start = time.monotonic()
    msgs = problems(project)
    assert time.monotonic() - start < 20
    assert len(msgs) == 1 and msgs[0].startswith("data/schema/figures.schema.json:"), msgs
    assert "backtracks" in msgs[0] and "'aaaaaaaa'" in msgs[0], msgs


def test_a_required_field_the_schema_refuses_is_the_schemas_problem_not_every_records(project):
    """With "additionalProperties": false, a required field missing from "properties" fails every
    record, each told to add the field the schema then calls unknown: 61 problems, none at the
    cause."""
    path = project / "data" / "schema" / "quotes.schema.json"
    text = path.read_text(encoding="utf-8")
    assert '"additionalProperties": false' in text
    text = text.replace('"required": [', '"required": [\n      "speeker",', 1)
    path.write_text(text, encoding="utf-8")
    line = text[: text.index('"speeker"')].count("\n") + 1
    [msg] = problems(project)
    assert msg.startswith(f"data/schema/quotes.schema.json:{line}:"), msg
    assert "requires the field 'speeker'" in msg and "no record can pass" in msg, msg
    assert "(fix: rename it to 'speaker', or remove it from \"required\")" in msg, msg


@pytest.mark.parametrize("renamed", ["x-items", "itemz"])
def test_a_list_without_items_in_a_schema_is_a_located_problem_not_a_traceback(project, renamed):
    """A record schema's list that does not say what an entry is (here the shared `cite`) would let
    any entry through to rules that rely on its shape. Where "items" is misspelt, the spelling is
    the one problem."""
    common = project / "data" / "schema" / "common.schema.json"
    text = common.read_text(encoding="utf-8")
    at = text.index('"cite": {')
    common.write_text(text[:at] + text[at:].replace('"items": {', f'"{renamed}": {{', 1), encoding="utf-8")
    figures = project / "data" / "figures.yaml"
    figures.write_text(figures.read_text(encoding="utf-8").replace("  cite:\n", "  cite:\n    - words\n", 1))
    line = text.count("\n", 0, at) + 1
    msgs = problems(project)
    if renamed == "itemz":
        [msg] = msgs
        assert 'has the keyword "itemz" (at $defs/cite)' in msg and 'rename it to "items"' in msg, msgs
        return
    assert msgs == [
        f'data/schema/common.schema.json:{line}:5: has a list ($defs/cite) without "items", the schema of one '
        'entry (fix: add "items" saying what each entry is, e.g. "items": {"type": "string"})'
    ], msgs


def test_a_schema_that_accepts_any_citation_does_not_let_one_reach_the_engine(project):
    """`"items": {}` is a valid schema, but the excerpt check reads a citation's source and words:
    what is not {source, excerpt} is a located problem at the entry, not a traceback."""
    path = project / "data" / "schema" / "figures.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["items"]["properties"]["cite"] = {"type": "array", "items": {}}
    path.write_text(json.dumps(schema), encoding="utf-8")
    figures = project / "data" / "figures.yaml"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("  cite:\n", "  cite:\n    - 42\n    - {source: 7, excerpt: [x]}\n", 1))
    line = text.split("\n").index("  cite:") + 2
    msgs = problems(project)
    assert [m.split(" is not what", 1)[0].rsplit(": ", 1)[-1] for m in msgs] == ["cite[0]", "cite[1]"], msgs
    assert msgs[0].startswith(f"data/figures.yaml:{line}:"), msgs
    assert "common.schema.json#/$defs/cite" in msgs[0]


def test_a_ref_into_an_unreadable_schema_is_that_files_problem_only(project):
    (project / "data" / "schema" / "common.schema.json").write_bytes(b"{")
    msgs = problems(project)
    assert len(msgs) == 1 and msgs[0].startswith("data/schema/common.schema.json:1:2: is not valid JSON"), msgs


def test_a_ref_to_a_schema_file_that_is_not_there_is_located(project):
    path = project / "data" / "schema" / "figures.schema.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("common.schema.json#/$defs/note", "shared.schema.json#/$defs/note", 1))
    line = text[: text.index("common.schema.json#/$defs/note")].count("\n") + 1
    msgs = problems(project)
    assert (
        msgs[0].startswith(f"data/schema/figures.schema.json:{line}:")
        and "has the $ref 'shared.schema.json#/$defs/note', which leads nowhere" in msgs[0]
    ), msgs


def _set(project: Path, old: str, new: str) -> None:
    actors = project / "data" / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    assert old in text
    actors.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("excerpt", "said"),
    [
        ("      ", "shows nothing: it holds only spaces or invisible characters (U+0020)"),
        ("\u00a0\u2003\u2009\u3000", "shows nothing: it holds only spaces or invisible characters (U+00A0, U+2003"),
        ("\u200b\u200b\u200b", "shows nothing: it holds only spaces or invisible characters (U+200B)"),
        ("\u200b", "shows nothing: it holds only spaces or invisible characters (U+200B)"),
        ("— … “ ” , .", "has no letter or digit"),
        ("Only Italy", "is 10 characters long; an excerpt needs at least 12"),
        ("Only   \u2003 Italy", "is 10 characters long; an excerpt needs at least 12"),
    ],
)
def test_an_excerpt_must_point_at_one_place(project, excerpt, said):
    _set(project, 'excerpt: "Only Italy has offered"', f"excerpt: {json.dumps(excerpt)}")
    msgs = problems(project)
    assert len(msgs) == 1 and msgs[0].startswith("data/actors.yaml:8:16: actor 'italy': cite[0].excerpt "), msgs
    assert said in msgs[0], msgs


@pytest.mark.parametrize("blank", [" ", "\u200b", "\u00a0", "\u2060\u200d", "\u3164"])
def test_a_text_shown_to_readers_must_show_something(project, blank):
    _set(project, "name: Italy", f"name: {json.dumps(blank)}")
    msgs = problems(project)
    assert len(msgs) == 1 and msgs[0].startswith("data/actors.yaml:3:9: actor 'italy': name shows nothing"), msgs


@pytest.mark.parametrize(
    ("old", "new", "fix"),
    [
        ('excerpt: "Only Italy has offered"', 'excerpt: ""', "(fix: write the value)"),
        ("name: Italy", 'name: ""', "(fix: write the value)"),
        ("name: Italy", 'name: "\u200b"', "(fix: write the words)"),
        ("name: Italy", "name: Italy\n  note: ''", "(fix: write the value, or leave the field out)"),
        ("name: Italy", 'name: Italy\n  note: "  "', "(fix: write the words, or leave the field out)"),
    ],
)
def test_an_empty_field_may_be_left_out_only_where_the_schema_allows_it(project, old, new, fix):
    """A required field's fix says to write it; only an optional one's also offers leaving it out
    (asked of the schema: the excerpt and the name are required there, a note is not)."""
    _set(project, old, new)
    msgs = problems(project)
    assert len(msgs) == 1 and msgs[0].startswith("data/actors.yaml:"), msgs
    assert msgs[0].endswith(fix), msgs


def test_the_shortest_real_excerpts_pass_the_minimum():
    """MIN_EXCERPT_CHARS is set below every excerpt the project and the example subject cite."""
    from explainer.check.validate import MIN_EXCERPT_CHARS

    shortest = min(
        len(" ".join(m.split()))
        for folder in (ROOT / "data", ROOT / "examples" / "city-budget" / "data")
        for file in folder.glob("*.yaml")
        for m in __import__("re").findall(r'excerpt: "((?:[^"\\]|\\.)*)"', file.read_text(encoding="utf-8"))
    )
    assert MIN_EXCERPT_CHARS <= shortest < 2 * MIN_EXCERPT_CHARS, shortest


def test_the_schemas_minimum_for_an_excerpt_is_the_checkers_and_says_why(project):
    """common.schema.json's $defs/excerpt has the checker's minimum as its minLength (the editor's
    YAML language server flags a short excerpt as it is typed), here and in the example subject;
    `make check` then says why, once, whichever of the two refuses it first."""
    from explainer.check.validate import MIN_EXCERPT_CHARS

    for folder in (ROOT / "data", ROOT / "examples" / "city-budget" / "data"):
        common = json.loads((folder / "schema" / "common.schema.json").read_text(encoding="utf-8"))
        assert common["$defs"]["excerpt"]["minLength"] == MIN_EXCERPT_CHARS, folder
    edit(project, "data/actors.yaml", 'excerpt: "Only Italy has offered"', 'excerpt: "Only Italy"')
    assert problems(project) == [
        "data/actors.yaml:8:16: actor 'italy': cite[0].excerpt is 10 characters long; an excerpt needs at least "
        f"{MIN_EXCERPT_CHARS}, so that it points at one place in the seed (fix: copy a few more of the seed's words "
        "around it)"
    ]


def test_a_schema_without_its_dialect_line_is_read_as_2020_12(project):
    """ "$schema" may be left out: a record that fails such a schema gets jsonschema's located
    problem, not a traceback from the reference resolver."""
    path = project / "data" / "schema" / "figures.schema.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"$schema": "https://json-schema.org/draft/2020-12/schema",', "", 1))
    edit(project, "data/figures.yaml", "featured: true", "featured: maybe")
    msgs = problems(project)
    assert len(msgs) == 1 and msgs[0].startswith("data/figures.yaml:") and "featured must be true or false" in msgs[0]


def test_a_pattern_is_timed_by_its_own_cpu_so_a_loaded_machine_does_not_make_a_sound_one_slow():
    """A check that waits for a core (here: sleeps through the probe) is not matching: only the
    process's own CPU time counts, so a sound pattern is never refused on a busy machine."""
    from explainer.check.schema import _backtracks

    class Waits:
        def search(self, probe: str) -> None:
            time.sleep(0.15)  # longer than the budget, in wall time only

    class Spins:
        def search(self, probe: str) -> None:
            end = time.process_time() + 5
            while time.process_time() < end:
                pass

    assert _backtracks(Waits(), "^[a-z]+$") is None
    assert _backtracks(Spins(), "^[a-z]+$") is not None, "a probe that burns CPU is still stopped"


# --- one slip, one problem: what only follows from it is held back or never said ---------------------


def _real_copy(dest: Path) -> Path:
    import shutil

    for part in ("data", "seeds", "scripts"):
        shutil.copytree(ROOT / part, dest / part)
    return dest


def _shown(root: Path):
    from explainer.load.problems import DataError

    with pytest.raises(DataError) as caught:
        build_factbase(Paths(root))
    return caught.value


@pytest.mark.parametrize("table", sorted(p.stem for p in (ROOT / "data").glob("*.yaml")))
def test_a_tab_in_any_table_shows_its_cause_alone(tmp_path, table):
    """A tab for indentation in any of today's tables (sources.yaml too: every citation names a
    source in it, and the claim-support check reads its outlets) is the one problem shown; what may
    only follow from the file not being read is held back, in one line."""
    root = _real_copy(tmp_path)
    path = root / "data" / f"{table}.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  ") and ":" in line)
    lines[at] = "\t" + lines[at][2:]
    path.write_text("\n".join(lines), encoding="utf-8")
    error = _shown(root)
    assert [str(p).split(": is not valid YAML")[0] for p in error.problems] == [f"data/{table}.yaml:{at + 1}:1"]


def test_a_missing_schema_shows_its_cause_alone(tmp_path):
    root = _real_copy(tmp_path)
    (root / "data" / "schema" / "zones.schema.json").unlink()
    error = _shown(root)
    assert [p.path for p in error.problems] == ["scripts/subject.py"], error.report()
    assert "has no schema" in error.problems[0].message and error.held


def test_an_id_given_twice_is_one_problem_not_a_trail_of_broken_references(tmp_path):
    """An actor given a question's id: references to the question still find it, and the one
    problem names both records."""
    root = _real_copy(tmp_path)
    actors = root / "data" / "actors.yaml"
    first = actors.read_text(encoding="utf-8").split("\n\n")[1]  # the first record, whole
    actors.write_text(
        actors.read_text(encoding="utf-8") + "\n" + first.replace('id: "united-states"', 'id: "q-troop-contributions"'),
        encoding="utf-8",
    )
    [problem] = _shown(root).problems
    assert problem.field == "id" and "repeats the id 'q-troop-contributions'" in problem.message
    assert "give the newer of the two records another id" in problem.fix


def test_a_table_saved_under_another_name_is_a_problem_not_an_empty_table(project):
    (project / "data" / "figures.yaml").rename(project / "data" / "figures.yml")
    (project / "data" / "notes.txt").write_text("editor's notes", encoding="utf-8")
    (project / "data" / "quotes.yaml~").write_text("a backup", encoding="utf-8")
    [msg] = [m for m in problems(project) if m.startswith("data/figures.yml")]
    assert msg.startswith("data/figures.yml:1:1: is not read (only data/*.yaml files are)")
    assert msg.endswith("(fix: rename it to data/figures.yaml)")
    assert not any(m.startswith(("data/notes.txt", "data/quotes.yaml~")) for m in problems(project))


def test_a_yml_file_is_never_ignored_silently(project):
    """Edits saved under .yml beside the table's .yaml, or a new table saved as .yml, would be lost
    without a word: each .yml is a problem that says where its records belong."""
    data = project / "data"
    (data / "quotes.yml").write_bytes((data / "quotes.yaml").read_bytes())
    (data / "tasks.yml").write_text("- id: task-one\n", encoding="utf-8")
    assert problems(project) == [
        "data/quotes.yml:1:1: is not read: only data/*.yaml files are, and data/quotes.yaml is the table's file "
        "(fix: move your edits into data/quotes.yaml and delete this file)",
        "data/tasks.yml:1:1: is not read (only data/*.yaml files are), and 'tasks' is not a known table "
        "(fix: rename it to data/tasks.yaml and declare the table in scripts/subject.py (README: Add a table))",
    ]


def test_a_table_saved_as_yml_shows_its_cause_alone(project):
    """With data/actors.yaml renamed to .yml, the references to its actors only follow from it
    not being read: held back, and the renamed file is the one problem shown."""
    (project / "data" / "actors.yaml").rename(project / "data" / "actors.yml")
    error = _shown(project)
    assert [str(p) for p in error.problems] == [
        "data/actors.yml:1:1: is not read (only data/*.yaml files are), and data/actors.yaml is missing: the table "
        "'actors' would be empty (fix: rename it to data/actors.yaml)"
    ]
    assert error.held and all("which is not a record" in p.message for p in error.held), error.held
    assert "may only follow from data/actors.yml not being read" in error.held_line()


def test_a_slip_in_an_id_or_a_field_name_gets_the_nearest_as_a_suggestion(project):
    path = project / "data" / "troop_offers.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("country: italy", "country: itlay", 1), encoding="utf-8")
    [msg] = problems(project)
    assert "names 'itlay', which is not a record in data/actors.yaml (fix: did you mean 'italy'? " in msg
    # a misspelt required field is one slip: one problem, at the misspelt key (not also at the
    # record's first line as a missing field); another unknown field beside it keeps its own
    path.write_text(text.replace("  summary:", "  sumary:", 1).replace("  country:", "  extra: 1\n  country:", 1))
    found = problems(project)
    line = next(n for n, ln in enumerate(path.read_text().split("\n"), 1) if ln.startswith("  sumary:"))
    assert [m for m in found if "sumary" in m] == [
        f"data/troop_offers.yaml:{line}:3: troop offer 'offer-italy': sumary is not a field of a troop offer; "
        "did you mean 'summary' (a required field)? (fix: rename 'sumary' to 'summary')"
    ], found
    assert any("has unknown field(s) 'extra' (fix: " in m for m in found), found
    assert not any("missing the required field" in m for m in found), found


def test_make_fix_shows_an_unreadable_files_cause_first(tmp_path, capsys):
    from explainer.desk import fix

    root = _real_copy(tmp_path)
    path = root / "data" / "quotes.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[20] = "\t" + lines[20].lstrip(" ")
    path.write_text("\n".join(lines), encoding="utf-8")
    assert fix.main(["--root", str(root)]) == 1
    out, err = capsys.readouterr()
    assert "nothing to rewrite in the files that could be read" in out
    shown = err.strip().splitlines()
    assert shown[0].startswith("data/quotes.yaml:21:1: is not valid YAML"), shown
    assert "held back" in shown[1] and shown[-1] == "1 problem found; make fix left these for you."


def test_a_missing_common_schema_is_one_problem_at_its_name(project):
    (project / "data" / "schema" / "common.schema.json").unlink()
    [msg] = problems(project)
    assert msg.startswith("data/schema/common.schema.json:1:1: is missing, and ")
    assert "refer to it" in msg and "restore it from version control" in msg


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('  published: "2025-11-17"\n  via:', '  published: "17 Nov 2025"\n  via:'),  # its date
        (
            '  outlet: "The Guardian"\n  title: "unknown"\n  published: "unknown"',
            '  outlet: "The Guardian"\n  title: "unknown"\n  published: "unknown"\n  kind: "news"',
        ),  # its kind, twice
    ],
)
def test_a_slip_in_a_source_record_is_one_problem_not_one_per_claim_citing_it(tmp_path, old, new):
    """The claims citing a source whose record fails its schema were checked without its outlet and
    date: three false findings ('names Guardian as a source...') came before the one slip."""
    root = make_project(tmp_path / "p", ROOT)  # the real data: its claims name their outlets
    edit(root, "data/sources.yaml", old, new)
    msgs = problems(root)
    assert len(msgs) == 1 and msgs[0].startswith("data/sources.yaml:"), msgs


def test_a_cited_source_id_with_a_typo_is_one_problem_at_the_citation(tmp_path):
    """With its source unknown, a claim naming that source's outlet was also told it 'names
    Guardian as a source' that it does not cite, before the real slip, with a fix that would have
    had the editor change a right claim."""
    root = make_project(tmp_path / "p", ROOT)
    quotes = (root / "data" / "quotes.yaml").read_text(encoding="utf-8")
    assert 'source: "src-guardian-green-zone-plan"' in quotes
    edit(root, "data/quotes.yaml", 'source: "src-guardian-green-zone-plan"', 'source: "src-guardian-green-zone"')
    msgs = problems(root)
    assert msgs and all("names the unknown source 'src-guardian-green-zone'" in m for m in msgs), msgs


def test_a_record_without_a_usable_id_is_named_by_its_place_as_the_loader_names_it(project):
    """Before its id is read (the loader) and where it has none (the checks), a record is
    "record #N", its place in its file: one name for one record in every message."""
    _set(project, "- id: italy\n", "- id: [italy]\n")
    _set(project, "name: Italy", 'name: Italy"')
    msgs = problems(project)
    named = sorted({m.split(": ", 2)[1] for m in msgs if m.startswith("data/actors.yaml:")})
    assert named == ["record #1"], msgs


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        ("data/actors.yaml", "- id: italy\n", "- id: 'italy\" onmouseover=\"alert(1)'\n"),
        ("data/sources.yaml", "- id: src-two\n", "- id: ../../src-two\n"),
        ("data/actors.yaml", "- id: italy\n", "- id: Italy Rome\n"),
    ],
)
def test_an_id_the_engine_cannot_use_is_refused_whatever_the_schema_allows(project, rel, old, new):
    """Ids become anchors, page names and links: a schema loosened to accept any id must not let a
    quotation mark into an attribute or a '../' into a path."""
    common = project / "data" / "schema" / "common.schema.json"
    schema = json.loads(common.read_text(encoding="utf-8"))
    schema["$defs"]["slug"]["pattern"] = "^.*$"
    common.write_text(json.dumps(schema), encoding="utf-8")
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    msgs = [m for m in problems(project) if "which the engine cannot use as an id" in m]
    assert len(msgs) == 1 and msgs[0].startswith(f"{rel}:"), problems(project)
    assert "(fix: write it as a slug, e.g. '" in msgs[0], msgs
