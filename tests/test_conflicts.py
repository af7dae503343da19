"""Merge conflicts left in overrides/ (explainer/load/conflicts.py): reported at their lines by
every check, so a stylesheet with git's markers never reaches readers."""

from __future__ import annotations

from .conftest import problems, write

CONFLICT = "a { color: red; }\n<<<<<<< project\nb {}\n||||||| engine 0.3.0\n=======\nc {}\n>>>>>>> engine 0.3.1\n"


def test_a_conflict_in_an_override_is_a_problem_at_its_line(project):
    write(project, "overrides/stylesheets/extra.css", CONFLICT + "d {}\n" + CONFLICT)
    found = problems(project)
    assert [p.split(": holds")[0] for p in found] == [
        "overrides/stylesheets/extra.css:2:1",
        "overrides/stylesheets/extra.css:10:1",
    ]
    assert "delete the <<<<<<<, |||||||, ======= and >>>>>>> lines" in found[0]


def test_a_resolved_override_passes(project):
    write(project, "overrides/stylesheets/extra.css", "a { color: red; }\n/* ======= a rule of the project */\n")
    assert problems(project) == []
