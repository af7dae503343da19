"""Seeds: the one rule that ties a claim to its source, folding only ASCII whitespace."""

from __future__ import annotations

import random
import re

import pytest

from explainer.load.seeds import Seed, fold

REFERENCE = re.compile(r"[ \t\r\n\f\v]+")  # the rule as the method page states it


def reference_fold(text: str) -> str:
    return REFERENCE.sub(" ", text).strip()


# Every character that is whitespace to someone: only the six ASCII ones may be folded.
SPACES = [
    " ",
    "\t",
    "\n",
    "\r",
    "\f",
    "\v",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\x85",
    "\xa0",
    "\u1680",
    "\u2000",
    "\u2007",
    "\u200b",
    "\u2011",
    "\u2028",
    "\u2029",
    "\u202f",
    "\u205f",
    "\u3000",
    "\ufeff",
]


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "a",
        "  a  b  ",
        "a\n\nb",
        "\t\r\n\f\va\v",
        "a\u202fb",
        "a\xa0 \xa0b",
        " \u2028 ",
        "x\x85y",
        "“quoted”\n  words",
        "1,500\u2011strong",
    ],
)
def test_fold_matches_the_stated_rule(text):
    assert fold(text) == reference_fold(text)


def test_fold_matches_the_stated_rule_on_random_text():
    rng = random.Random(20261123)
    alphabet = SPACES + list("ab,.“”é字😀")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        assert fold(text) == reference_fold(text), repr(text)


def test_an_excerpt_matches_across_line_breaks_but_not_across_other_spaces():
    seed = Seed("s.txt", "The force of\n  1,500 troops\twould\u202fdeploy.")
    assert seed.contains("of 1,500 troops would\u202fdeploy")
    assert seed.contains("force   of\n1,500")
    assert not seed.contains("would deploy"), "U+202F is not ASCII whitespace: it must be typed as the seed has it"
    assert not seed.contains("1,500 troops would deploy.")
    assert seed.folded.find("1,500 troops") == 13, "a line break and the spaces after it fold to one space"


# The closest passage lines up with the excerpt whatever the two lengths (issue 14: " - " is three
# characters where "—" is one, and the passage used to shift by the difference, blaming character 1).
LONG = Seed(
    "s.txt",
    "Intro words here. A 67\u2011slide presentation included a slide with a question mark between "
    "“Phase\u202f1” and “Phase\u202f2” of the Trump plan—a visual indication of uncertainty… about "
    "how the next steps will be carried out. Other text follows.",
)


def test_closest_passage_lines_up_after_spaced_hyphen_typed_for_em_dash():
    passage, difference = LONG.closest("of the Trump plan - a visual indication of doubt about how the next steps")
    assert passage == "of the Trump plan—a visual indication of uncertainty… about how the next steps"
    # "of the Trump plan" is 17 characters, " - " 3 and "a visual indication of " 23: "doubt" is the 44th.
    assert difference.startswith(
        "first real difference at character 44: the excerpt has the word 'doubt', the seed has 'uncertainty'"
    ), difference
    assert "before it the typography differs (first at character 18: the excerpt has ' - '" in difference
    assert "the seed has '—' (U+2014 EM DASH)" in difference


def test_closest_passage_names_the_dash_when_only_typography_differs():
    passage, difference = LONG.closest(
        "question mark between “Phase\u202f1” and “Phase\u202f2” of the Trump plan - a visual"
    )
    assert passage == "question mark between “Phase\u202f1” and “Phase\u202f2” of the Trump plan—a visual"
    assert difference == (
        "first difference at character 64: the excerpt has ' - ' (U+0020 SPACE, U+002D HYPHEN-MINUS, "
        "U+0020 SPACE), the seed has '—' (U+2014 EM DASH); only typography differs: make fix rewrites it"
    )


def test_closest_passage_lines_up_after_three_dots_typed_for_an_ellipsis():
    passage, difference = LONG.closest(
        "a visual indication of uncertainty... about how the next stops will be carried out"
    )
    assert passage == "a visual indication of uncertainty… about how the next steps will be carried out"
    assert "first real difference at character 60: the excerpt has the word 'stops', the seed has 'steps'" in difference
    assert "(first at character 35: the excerpt has '...', the seed has '…' (U+2026 HORIZONTAL ELLIPSIS))" in difference


def test_closest_passage_with_a_word_missing_lines_up_on_both_sides():
    passage, difference = LONG.closest("included a slide with question mark between")
    assert passage == "included a slide with a question mark between"
    assert difference == "first difference at character 23: the seed has 'a ' there, which the excerpt does not"


def test_an_excerpt_with_nothing_in_common_has_no_closest_passage():
    assert LONG.closest("zzzz qqqq") == ("", "")


def test_sha256_is_of_the_seed_file_bytes(tmp_path):
    import hashlib

    from explainer.load.seeds import Seed, read_seeds

    raw = "“Phase\u202f1”\r\nnext".encode("utf-8")
    (tmp_path / "a.txt").write_bytes(raw)
    seed = read_seeds(tmp_path)["a.txt"]
    assert isinstance(seed, Seed) and seed.sha256 == hashlib.sha256(raw).hexdigest()
