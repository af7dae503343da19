"""make find: the seed's exact words for words as typed, and a cite entry that pastes and passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from explainer import generate
from explainer.desk import find

from .conftest import ROOT
from .typed_project import figure, typed_project


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return typed_project(tmp_path / "project")


def run(root: Path, words: str, capsys) -> tuple[int, str]:
    status = find.main(["--root", str(root), words])
    return status, capsys.readouterr().out


def cite_block(out: str) -> str:
    """The `cite:` entry as printed (from its first line to the excerpt line)."""
    lines = out.splitlines()
    start = lines.index("  cite:")
    return "\n".join(lines[start : start + 3])


def test_straight_quotes_and_hyphen_find_the_curly_quotes_and_non_breaking_hyphen(root, capsys):
    status, out = run(root, 'called it "a full-time job," and said', capsys)
    assert status == 0, out
    assert "1 match" in out
    assert "src-three  seeds/three.txt:1" in out
    assert cite_block(out) == (
        "  cite:\n    - source: src-three\n"
        '      excerpt: "called it “a full\\u2011time job,” and said"  # \\u2011 is U+2011 non-breaking hyphen'
    )


def test_spaced_hyphens_find_em_dashes_and_plain_space_finds_narrow_no_break_space(root, capsys):
    status, out = run(root, 'the plan - a visual indication of doubt - was only "Phase 1"', capsys)
    assert status == 0, out
    assert "the seed's words: the plan—a visual indication of doubt—was only “Phase\u202f1”" in out
    assert "\\u202f is U+202F narrow no-break space" in out
    assert "the plan—a visual" in cite_block(out), "visible characters stay as they are"


def test_dots_case_and_second_line(root, capsys):
    status, out = run(root, "THE FORCE... WOULD BE 1,500-STRONG", capsys)
    assert status == 0, out
    assert "seeds/three.txt:2" in out
    assert 'excerpt: "The force… would be 1,500\\u2011strong"' in out


def test_the_printed_cite_entry_pastes_into_a_record_and_passes_the_check(root, capsys):
    _, out = run(root, 'called it "a full-time job," and said the plan - a visual', capsys)
    block = cite_block(out)
    excerpt_line = block.splitlines()[2].strip()
    with (root / "data" / "figures.yaml").open("a", encoding="utf-8") as f:
        f.write(figure("fig-pasted", excerpt_line))
    assert generate.main(["check", "--root", str(root)]) == 0, capsys.readouterr()


def test_no_match_says_so_and_shows_the_closest_passage_with_the_real_difference(root, capsys):
    status, out = run(root, "the plan - a visual sign of doubt", capsys)
    assert status == 1
    assert out.startswith("No seed has these words")
    assert "Closest passages:" in out
    assert "src-three  seeds/three.txt:1" in out
    assert "the seed's words: the plan—a visual indication of doubt" in out
    assert "what you typed has the word 'sign', the seed has 'indication'" in out
    assert "cite:" not in out


def test_the_issue_s_figure_against_the_real_seed(capsys):
    """The excerpt that took three rounds of fixes: straight quotes, " - " and plain spaces."""
    status = find.main(
        [
            "a 67-slide unclassified presentation included a slide with a question mark between "
            '"Phase 1" and "Phase 2" of the Trump plan - a visual indication'
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "src-ynet-politico-briefings  seeds/002_e3dd4edfe123b1f5.txt:13" in out
    assert (
        '"a 67\\u2011slide unclassified presentation included a slide with a question mark between '
        '“Phase\\u202f1” and “Phase\\u202f2” of the Trump plan—a visual indication"'
    ) in out


def test_make_find_passes_quotes_and_dollars_as_typed():
    """Q reaches the command as typed: quotes, apostrophes and "$2" are not make's or the shell's."""
    result = subprocess.run(
        ["make", "-s", "find", f"PY={sys.executable}", "STAMP=", """Q=It's very "fluid" $2"""],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2, "make reports the command's failure (no match) as its own status 2"
    assert """letter case ignored): It's very "fluid" $2""" in result.stdout


def test_empty_words_are_a_usage_error(root, capsys):
    assert find.main(["--root", str(root), " - "]) == 2


# --- a comma or full stop next to a quotation's closing quote, inside or outside it --------------


@pytest.mark.parametrize(
    ("typed", "excerpt"),
    [
        ('"a full-time job"', '"“a full\\u2011time job,”"'),  # the seed has the comma inside the quote
        ('"a full-time job".', '"“a full\\u2011time job,”"'),
        ('called it "a full-time job", and said', '"called it “a full\\u2011time job,” and said"'),
        ('only "Phase 1."', '"only “Phase\\u202f1”"'),  # the seed has the full stop outside the quote
    ],
)
def test_punctuation_at_the_edges_of_a_typed_quotation_still_finds_it(root, capsys, typed, excerpt):
    status, out = run(root, typed, capsys)
    assert status == 0, out
    assert "1 match" in out and "the punctuation next to quote marks as the seed has it" in out, out
    line = cite_block(out).splitlines()[2]
    assert line.startswith(f"      excerpt: {excerpt}"), line
    with (root / "data" / "figures.yaml").open("a", encoding="utf-8") as f:
        f.write(figure("fig-pasted", line.strip()))
    assert generate.main(["check", "--root", str(root)]) == 0, capsys.readouterr()


def test_the_issue_s_quotation_against_the_real_seed(capsys):
    """ "NATO and partners" as typed, against the seed's "NATO and partners," (comma inside)."""
    status = find.main(['"NATO and partners"'])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "src-guardian-green-zone-plan  seeds/000_ad1351157e7b3753.txt:22" in out
    assert 'excerpt: "\\"NATO and partners,\\""' in out


def test_quote_marks_left_out_still_find_the_quotation(root, capsys):
    """An editor types a quotation's words without its marks: the seed's words, marks and all,
    are the entry to paste."""
    status, out = run(root, "called it a full-time job, and said", capsys)
    assert status == 0, out
    assert "quote marks and apostrophes as the seed has them" in out, out
    line = cite_block(out).splitlines()[2]
    assert line.startswith('      excerpt: "called it “a full\\u2011time job,” and said"'), line


def test_output_cut_short_by_a_pipe_ends_quietly():
    """`make find Q=... | head -3` ended in a BrokenPipeError traceback."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "explainer.desk.find", "the"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader has gone: every later write fails
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 1), err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_other_punctuation_is_not_ignored(root, capsys):
    """Only a comma or full stop (or ; : ! ?) touching a quote mark is let go: a comma between
    words is still a difference."""
    status, out = run(root, "called it a full-time job and said", capsys)
    assert status == 1 and "cite:" not in out, out
