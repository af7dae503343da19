"""The sentence an excerpt sits in (explainer/render/sentences.py), on the real seeds: where sentences end
in news text, the rest of a cut excerpt's sentence, and the bound on what a page shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.check.validate import Paths, build_factbase
from explainer.load.seeds import fold
from explainer.render import sentences

from .conftest import ROOT

SEEDS = ROOT / "seeds"


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("number", "inside"),
    [
        ("004", "U.S. Vice President J.D. Vance, said the United States will not deploy troops to Gaza."),
        ("002", "Lt.\u202fGen. Michael Fenzel, the U.S. security coordinator for Israel and the Palestinian Authority"),
        ("004", "sustained Hamas’s bureaucracy in Gaza before the Oct. 7, 2023, attack."),
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(number, inside):
    text = seed(number)
    start = text.index(inside)
    first, last = sentences.sentence_span(text, start + 5, start + 10)
    assert first <= start and last >= start + len(inside) - 1


def test_a_closing_quotation_mark_goes_with_its_sentence():
    text = seed("000")
    start = text.index("“It’s very dynamic.")
    first, last = sentences.sentence_span(text, start, start + 5)
    assert text[first:last].strip() == "“It’s very dynamic."


def test_a_dateline_that_opens_a_copied_text_is_not_part_of_its_first_sentence():
    """A citation of the first sentence of seed 001 was shown as “date 2025-11-17 ON Friday, ...”:
    a line of the page the text was copied from, inside the article's quoted words."""
    text = seed("001")
    assert text.lstrip().startswith("date 2025-11-17 ON Friday")
    found = sentences.context(text, "the Guardian newspaper revealed the latest plan")
    assert found is not None and found.before.startswith("ON Friday"), found
    for plain in ("On 2025-11-17 the council met. Next.", "2025-11-17 was a Monday. Next."):
        found = sentences.context(plain, "council met" if "council" in plain else "was a Monday")
        assert found is not None and found.before.startswith(plain[:5]), (plain, found)


def test_a_cut_excerpt_shows_its_whole_sentence():
    text = seed("000")
    excerpt = "Jordan was also offered the possibility of contributing hundreds of light infantry troops"
    excerpt += " and up to 3,000 police"
    found = sentences.context(text, excerpt)
    assert found is not None and found.cut and found.before == ""
    assert found.after.startswith(", although King Abdullah has explicitly ruled out sending troops")
    assert found.after.endswith("to Gaza.")


def test_a_whole_sentence_is_not_cut():
    text = seed("004")
    found = sentences.context(text, "Egypt is likely to lead the ISF, with Jordan also participating.")
    assert found is not None and not found.cut


def test_context_never_reaches_past_its_sentence_or_its_bound():
    text = seed("000")
    found = sentences.context(text, "the “yellow line”", reach=30)
    assert found is not None
    assert len(found.before) <= 32 and len(found.after) <= 32
    assert found.before.startswith("…") and found.after.endswith("…")


def test_passages_hold_each_excerpt_once_in_the_articles_order_and_only_their_sentences():
    facts = build_factbase(Paths(ROOT))
    for source in facts.sources:
        text = facts.texts[source.id]
        excerpts = [c.excerpt for _, _, c in facts.cited_by.get(source.id, ())]
        passages, missing = sentences.passages(text, excerpts)
        assert not missing
        assert sorted({e for p in passages for e in p.excerpts}) == sorted(set(excerpts))
        folded = fold(text)
        at = -1
        for p in passages:
            shown = p.text.strip("…")
            position = folded.find(shown)
            assert position > at, f"{source.id}: a passage out of the article's order or not its words"
            at = position
            # Every sentence shown holds a cited excerpt: no sentence is shown for its own sake.
            for excerpt in p.excerpts:
                assert fold(excerpt) in shown
            located = [sentences.locate(text, e) for e in p.excerpts]
            spans = [sentences.sentence_span(text, *span) for span in located if span is not None]
            assert len(shown) <= sum(b - a for a, b in spans)


def test_an_excerpt_not_in_the_text_is_reported_missing(tmp_path: Path):
    passages, missing = sentences.passages("One sentence. Another one.", ["One sentence.", "Not there"])
    assert [p.text for p in passages] == ["One sentence."] and missing == ["Not there"]


def _eager_span(text: str, start: int, end: int) -> tuple[int, int]:
    """sentence_span as a bisect over every sentence end of the text (`boundaries`)."""
    import bisect

    ends = sentences.boundaries(text)
    i, j = bisect.bisect_right(ends, start), bisect.bisect_left(ends, end)
    return (ends[i - 1] if i else 0), (ends[j] if j < len(ends) else len(text))


def test_the_sentence_ends_decided_where_asked_are_those_of_every_sentence_end():
    """sentence_span decides whether a full stop ends a sentence only next to the span asked
    about; on every real seed, and at every offset, that gives what deciding them all gives."""
    texts = [f.read_text(encoding="utf-8") for f in sorted(SEEDS.glob("*.txt"))]
    texts += ["", "No end", "Mr. A. B. Smith said so. Then U.S. Gen. X left.\nDone. ", "“Quoted.” Next! Last? …"]
    for text in texts:
        step = max(1, len(text) // 400)
        for start in range(0, len(text) + 1, step):
            for width in (0, 1, 7, 60, 300):
                end = min(len(text), start + width)
                assert sentences.sentence_span(text, start, end) == _eager_span(text, start, end), (start, end)


def test_folding_as_bytes_is_folding_ascii_whitespace_runs():
    """_fold splits the UTF-8 bytes at ASCII whitespace: the same as replacing each run of the six
    ASCII whitespace characters by one space and trimming spaces, and it leaves every other space
    (no-break, narrow no-break, line separator, NEL) as it is."""
    import itertools
    import re

    chars = [" ", "\t", "\n", "\r", "\f", "\v", "a", "\u202f", "\u00a0", "\x85", "\u2028", "é", "\x1c"]
    for n in range(4):
        for combo in itertools.product(chars, repeat=n):
            text = "".join(combo)
            assert sentences._fold(text) == re.sub(r"[ \t\n\r\f\v]+", " ", text).strip(" "), repr(text)


def test_a_sign_off_after_the_last_full_stop_is_not_part_of_its_sentence():
    text = "Almost everyone is confined to the red zone, a strip along the coast./ The Daily Example/"
    start = text.index("a strip")
    found = sentences.context(text, "a strip along the coast")
    assert found is not None and found.after in ("", ".")
    assert text[slice(*sentences.sentence_span(text, start, start + 10))].endswith("coast.")
