"""make fix: a value that differs from its seed only in typography becomes the seed's exact words;
every other byte of the file stays, words that differ are left for the usual error, clean data
is not written."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer import generate
from explainer.desk import fix

from .typed_project import figure, typed_project

TYPED = [  # (record id, the excerpt line as an editor typed it, the line make fix must leave)
    (
        "fig-double",
        'excerpt: "the plan - a visual indication of doubt - was"   # typed by hand, keep me',
        'excerpt: "the plan—a visual indication of doubt—was"   # typed by hand, keep me',
    ),
    ("fig-single", "excerpt: 'The force... would be 1,500-strong'", "excerpt: 'The force… would be 1,500\u2011strong'"),
    (
        "fig-plain",
        'excerpt: called it "a full-time job," and said',
        "excerpt: called it “a full\u2011time job,” and said",
    ),
    ("fig-escape", 'excerpt: "was only \\"Phase 1\\""', 'excerpt: "was only “Phase\\u202f1”"'),
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = typed_project(tmp_path / "project")
    with (root / "data" / "figures.yaml").open("a", encoding="utf-8") as out:
        out.write("# a comment between records stays\n")
        for rid, typed, _ in TYPED:
            out.write(figure(rid, typed))
    return root


def test_fix_restores_the_exact_seed_text_and_leaves_every_other_byte(root, capsys):
    data = root / "data" / "figures.yaml"
    before = data.read_text(encoding="utf-8")
    assert generate.main(["check", "--root", str(root)]) == 1, "the typed excerpts are not verbatim"
    capsys.readouterr()
    assert fix.main(["--root", str(root)]) == 0
    out = capsys.readouterr().out
    expected = before
    for _, typed, fixed in TYPED:
        expected = expected.replace(typed, fixed, 1)
    assert data.read_text(encoding="utf-8") == expected
    assert "--- a/data/figures.yaml\n+++ b/data/figures.yaml" in out
    assert '-      excerpt: "the plan - a visual indication of doubt - was"   # typed by hand, keep me' in out
    assert '+      excerpt: "the plan—a visual indication of doubt—was"   # typed by hand, keep me' in out
    assert "rewrote 4 values" in out and "ok: every excerpt is verbatim" in out
    assert "(the new lines hold, as characters: U+2011 non-breaking hyphen)" in out, "the plain and single-quoted ones"
    assert generate.main(["check", "--root", str(root)]) == 0


def test_fix_on_clean_data_writes_nothing(root, capsys):
    assert fix.main(["--root", str(root)]) == 0
    capsys.readouterr()
    files = sorted((root / "data").glob("*.yaml"))
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    assert fix.main(["--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "nothing to rewrite" in out and "nothing written" in out and "---" not in out
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files} == before
    assert sorted((root / "data").iterdir()) == sorted([*files, root / "data" / "schema"]), "no temporary file left"


def test_words_that_differ_are_left_for_the_usual_error(root, capsys):
    data = root / "data" / "figures.yaml"
    with data.open("a", encoding="utf-8") as out:
        out.write(figure("fig-words", 'excerpt: "the plan - a visual sign of doubt"'))
    assert fix.main(["--root", str(root)]) == 1
    captured = capsys.readouterr()
    text = data.read_text(encoding="utf-8")
    assert 'excerpt: "the plan - a visual sign of doubt"' in text, "left as typed"
    assert 'excerpt: "the plan—a visual indication of doubt—was"' in text, "the others are fixed"
    assert "rewrote 4 values" in captured.out
    assert "fig-words': cite[0].excerpt not found in seeds/three.txt" in captured.err
    assert "the excerpt has the word 'sign', the seed has 'indication'" in captured.err


def test_a_quote_text_is_fixed_like_an_excerpt(tmp_path, capsys):
    root = typed_project(tmp_path / "project")
    quotes = root / "data" / "quotes.yaml"
    text = quotes.read_text(encoding="utf-8")
    assert "It’s very dynamic. It’s very fluid," in text
    quotes.write_text(
        text.replace("It’s very dynamic. It’s very fluid,", "It's very dynamic. It's very fluid,", 1), encoding="utf-8"
    )
    assert fix.main(["--root", str(root)]) == 0, capsys.readouterr()
    assert quotes.read_text(encoding="utf-8") == text


def test_block_scalars_keep_their_line_breaks():
    text = "- a: 1\n  b: >\n    x - y\n  c: 2\n"
    out = fix.rewrite(text, [fix.Fix("f.yaml", 0, ("b",), "x - y", "x—y")])
    assert out == '- a: 1\n  b: "x—y"\n  c: 2\n'


def test_straight_marks_inside_double_quotes_become_the_seeds_curly_quotes(tmp_path, capsys):
    """`excerpt: "called it "a full-time job," and said"` is not valid YAML (the second mark ends
    the text): make fix writes the seed's words, which then read, and leaves every other line."""
    root = typed_project(tmp_path / "project")
    data = root / "data" / "figures.yaml"
    with data.open("a", encoding="utf-8") as out:
        out.write(figure("fig-marks", 'excerpt: "called it "a full-time job," and said"  # typed'))
    before = data.read_text(encoding="utf-8")
    assert fix.main(["--root", str(root)]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    expected = before.replace(
        'excerpt: "called it "a full-time job," and said"  # typed',
        'excerpt: "called it “a full\\u2011time job,” and said"  # typed',  # an invisible one as an escape
    )
    assert data.read_text(encoding="utf-8") == expected
    assert "rewrote 1 value" in out and "ok: every excerpt is verbatim" in out
    assert generate.main(["check", "--root", str(root)]) == 0


def test_straight_marks_around_other_words_are_left_for_the_editor(tmp_path, capsys):
    root = typed_project(tmp_path / "project")
    data = root / "data" / "figures.yaml"
    with data.open("a", encoding="utf-8") as out:
        out.write(figure("fig-marks", 'excerpt: "called it "a part-time job," and said"'))
    before = data.read_text(encoding="utf-8")
    assert fix.main(["--root", str(root)]) == 1
    captured = capsys.readouterr()
    assert data.read_text(encoding="utf-8") == before, "not the seed's words: nothing written"
    assert 'a straight quotation mark (") inside a text in double quotes ends the text early' in captured.err
