"""Problems print as one line each, whatever text they quote."""

from __future__ import annotations

from explainer.load.problems import DataError, Problem, printable


def test_printable_keeps_ordinary_text_and_escapes_the_rest():
    assert printable("Italy’s 3,000–4,000 “officers” é") == "Italy’s 3,000–4,000 “officers” é"
    assert printable("a\nb\u2028c\x1b[31md\u202ee\ud800\x00") == "a\\nb\\u2028c\\x1b[31md\\u202ee\\ud800\\x00"


def test_a_report_has_one_line_per_problem():
    problems = [
        Problem("data/a.yaml", 1, 1, 'quotes "x\u2029y"', fix="line\nbreak"),
        Problem("data/b\nc.yaml", 2, 1, "x\u2028"),
    ]
    lines = DataError(problems).report().split("\n")
    assert len(lines) == 3 and all(line.isprintable() for line in lines)
