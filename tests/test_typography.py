"""The equivalences of make find / make fix, and the YAML they write."""

from __future__ import annotations

import yaml

from explainer.load.typography import find_all, loose, yaml_double_quoted

SEED = "He said: “a full\u2011time job”—for “Phase\u202f1”… Then more."


def test_typed_forms_match_the_seed_and_map_back_to_its_exact_characters():
    for typed in [
        '"a full-time job" - for "Phase 1"...',
        "A FULL TIME JOB",
        "“a full‑time job”--for",
        "'a full-time job' —for",
    ]:
        spans = find_all(typed, SEED)
        if typed == "A FULL TIME JOB" or typed.startswith("'"):
            assert spans == [], f"a hyphen is not a space, and single quotes are not double: {typed!r}"
            continue
        assert len(spans) == 1, typed
        start, end = spans[0]
        assert SEED[start:end].startswith("“a full\u2011time job”"), SEED[start:end]
    start, end = find_all('"Phase 1"...', SEED)[0]
    assert SEED[start:end] == "“Phase\u202f1”…"


def test_loose_form_drops_spaces_around_dashes_and_invisible_characters():
    assert loose("a  -  b\u00ad c\u200b").text == "a-b c"
    assert loose("plan—a").text == loose("plan - a").text == loose("plan -- a").text == "plan-a"
    assert loose("Wait…").text == "wait..."


def test_double_quoted_yaml_reads_back_as_the_exact_text_and_names_its_escapes():
    value = 'a “b” \\ "c" 1,500\u2011strong Phase\u202f1 \u00a0x\u200by'
    scalar, escapes = yaml_double_quoted(value)
    assert yaml.safe_load(f"k: {scalar}") == {"k": value}
    assert "\u202f" not in scalar and "\\u202f" in scalar and "“b”" in scalar
    assert escapes == [
        "\\u2011 is U+2011 non-breaking hyphen",
        "\\u202f is U+202F narrow no-break space",
        "\\u00a0 is U+00A0 no-break space",
        "\\u200b is U+200B zero width space",
    ]


def test_the_fast_loose_text_is_the_loose_text():
    import random
    from pathlib import Path

    from explainer.load.typography import loose_text

    rng = random.Random(14)
    alphabet = [*"aZß ΣΑς\t\n-‐‑–—'\"‘’“”…\u00ad\u200b\u202f\u00a0.,İ", "  ", " - ", "--"]
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 25))) for _ in range(3000)]
    samples += [f.read_text(encoding="utf-8") for f in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))]
    for text in samples:
        assert loose_text(text) == loose(text).text, repr(text)


def test_quote_edges_let_go_of_a_comma_or_full_stop_touching_a_quote_mark_only():
    seed = "a group described as “NATO and partners,” which included; and “Phase\u202f1”. Then"
    assert find_all('"NATO and partners"', seed) == []
    [(start, end)] = find_all('"NATO and partners"', seed, quote_edges=True)
    assert seed[start:end] == "“NATO and partners,”"
    [(start, end)] = find_all('"Phase 1."', seed, quote_edges=True)
    assert seed[start:end] == "“Phase\u202f1”"
    assert find_all("which included and", seed, quote_edges=True) == [], "not next to a quote mark"
