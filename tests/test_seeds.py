"""Seeds: the one rule that ties a claim to its source, folding only ASCII whitespace."""
from __future__ import annotations

import random
import re

import pytest

from scripts.seeds import Seed, fold

REFERENCE = re.compile(r"[ \t\r\n\f\v]+")  # the rule as the method page states it


def reference_fold(text: str) -> str:
    return REFERENCE.sub(" ", text).strip()


# Every character that is whitespace to someone: only the six ASCII ones may be folded.
SPACES = [" ", "\t", "\n", "\r", "\f", "\v", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u1680",
          "\u2000", "\u2007", "\u200b", "\u2011", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff"]


@pytest.mark.parametrize("text", ["", " ", "a", "  a  b  ", "a\n\nb", "\t\r\n\f\va\v", "a\u202fb", "a\xa0 \xa0b",
                                  " \u2028 ", "x\x85y", "“quoted”\n  words", "1,500\u2011strong"])
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
    assert seed.locate("1,500 troops") == (13, 25)
