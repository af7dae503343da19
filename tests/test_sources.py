"""explainer/render/sources.py: a source's page lists the words the records cite from it, and never
more than SHOWN_SHARE of the source's words, however much of it the records cite: whole sentences
while they fit, else the cited words only, else each excerpt's first words, up to "…"."""

from __future__ import annotations

import re

import yaml

from explainer.render.sources import LEVELS, SHOWN_SHARE, within_share

from .conftest import ROOT

A = (("Before it, ", False), ("the cited words here", True), (" and after.", False))  # 9 words
B = (("One ", False), ("two three", True), (", ", False), ("four", True), (" five six ", False), ("seven", True))


def words(passages) -> int:
    return sum(len([w for w in text.split() if w != "…"]) for p in passages for text, _ in p)


EA, EB = ("the cited words here",), ("two three", "four", "seven")


def test_whole_sentences_while_they_fit():
    assert within_share([A], [EA], 18) == ([A], 0)


def test_else_the_cited_words_only_with_a_gap_marked_where_words_are_left_out():
    shown, level = within_share([A, B], [EA, EB], 24)  # 12 words allowed; sentences have 16
    assert level == 1 and words(shown) <= 12
    assert shown[0] == (("the cited words here", True),)
    assert shown[1] == (
        ("two three", True),
        (", ", False),
        ("four", True),
        (" …", False),
        (" ", False),
        ("seven", True),
    )


def test_else_each_excerpt_its_first_words_the_same_number_for_each_and_alike_starts_once():
    long_a = ("the cited words here", "the cited words")  # two citations of one sentence
    shown, level = within_share([A, B, A], [long_a, EB, EA], 16)  # 8 words allowed; cited words alone are 12
    assert level == 2 and words(shown) <= 8
    assert shown[0] == (("the cited", True), (" …", False)), "one start for the two excerpts that start alike"
    # "two three" and "four" meet in the passage: one run, then "…" for the words left out before "seven"
    assert shown[1] == (("two three, four", True), (" …", False), (" ", False), ("seven", True))
    assert shown[2] == (("the cited", True), (" …", False))
    assert within_share([A], [EA], 1)[0] == [(("the", True), (" …", False))], "never empty: one word at least"


def test_excerpts_that_overlap_show_their_shared_words_once():
    """Source pages read "armed fighters … armed fighters have condemned" where a second
    citation started inside the first one's shown words."""
    text = "Since the truce was struck, armed fighters have condemned civilians as collaborators in the town."
    passage = ((text, True),)
    first, second = (
        "Since the truce was struck, armed fighters",
        "armed fighters have condemned civilians as collaborators",
    )
    shown, level = within_share([passage], [(first, second)], 26)  # 13 words allowed; the sentence has 15
    assert level == 2
    marked = " ".join(t for t, is_marked in shown[0] if is_marked)
    assert marked.count("armed") == 1, shown[0]
    assert marked.startswith("Since the truce was struck, armed fighters have"), shown[0]
    assert words(shown) <= 13


def test_no_source_page_shows_more_than_its_share_of_the_article():
    sources = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    for source in sources:
        page = (ROOT / "docs" / "sources" / f"{source['id']}.md").read_text(encoding="utf-8")
        shown = [re.sub(r"<[^>]+>|\\(?=.)", "", line[2:]) for line in page.splitlines() if line.startswith("> ")]
        article = (ROOT / "seeds" / source["seed"]).read_text(encoding="utf-8").split()
        count = sum(len([w for w in line.split() if w != "…"]) for line in shown)
        assert shown and count <= SHOWN_SHARE * len(article), source["id"]
        assert any(level.split(",")[0].split(";")[0] in page for level in LEVELS), "the page says how it shows them"


def test_no_two_records_citing_a_passage_are_linked_by_the_same_words():
    """Four troop offers retelling one sentence once read as four identical links: each is named
    by its heading, and by a number where the headings match too."""
    for page in sorted((ROOT / "docs" / "sources").glob("src-*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("Cited by "):
                names = re.findall(r"\[([^\]]+)\]\(", line)
                assert len(names) == len(set(names)), (page.name, sorted({n for n in names if names.count(n) > 1}))
