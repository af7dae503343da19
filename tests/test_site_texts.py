"""The site's name and description in one place (explainer/check/site_texts.py): read from mkdocs.yml,
where MkDocs reads them; a subject that still gives other words is a located problem."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from explainer.check import site_texts
from explainer.check.validate import Paths, build_factbase
from explainer.load.problems import DataError
from explainer.model.registry import load_subject

from .conftest import ROOT

SUBJECT = load_subject()


def dataset(index: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', index)
    assert found, "no JSON-LD on the home page"
    return json.loads(found.group(1))


def test_the_home_page_dataset_names_the_site_as_mkdocs_yml_does():
    found, problems = site_texts.read(ROOT / "mkdocs.yml")
    assert problems == []
    assert not SUBJECT.name and not SUBJECT.description, "scripts/subject.py leaves them to mkdocs.yml"
    data = dataset((ROOT / "docs" / "index.md").read_text(encoding="utf-8"))
    assert data["name"] == found["site_name"][0]
    assert data["description"] == found["site_description"][0]
    assert "mkdocs.yml" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8").splitlines()[0]


def test_a_subject_that_names_the_site_otherwise_is_a_problem_at_the_line_of_mkdocs_yml(project: Path):
    other = SUBJECT.__class__(name="Another name", description=SUBJECT.description, title="T", tables=SUBJECT.tables)
    with pytest.raises(DataError) as info:
        build_factbase(Paths(project, other))
    [problem] = [p for p in info.value.problems if p.path == "mkdocs.yml"]
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(config, 1) if "site_name:" in text)
    assert (problem.line, problem.col) == (line, len("site_name: ") + 1)
    assert "site_name says \"Gaza's stabilization force" in problem.message and "'Another name'" in problem.message
    assert "delete name= from Subject(...)" in problem.fix


def test_the_same_words_over_other_lines_are_the_same(project: Path):
    found, _ = site_texts.read(project / "mkdocs.yml")
    folded = found["site_description"][0].replace(" ", "\n   ", 2)
    same = SUBJECT.__class__(name=found["site_name"][0], description=folded, title="T", tables=SUBJECT.tables)
    facts = build_factbase(Paths(project, same))
    assert facts.subject is not None and facts.subject.name == found["site_name"][0]


def test_a_broken_mkdocs_yml_is_a_located_problem(project: Path):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_dir: site\n", "site_dir: [site\n"), "utf-8")
    with pytest.raises(DataError) as info:
        build_factbase(Paths(project))
    [problem] = [p for p in info.value.problems if p.path == "mkdocs.yml"]
    assert "is not valid YAML" in problem.message and problem.line > 1


def test_without_mkdocs_yml_the_title_names_the_site(project: Path):
    (project / "mkdocs.yml").unlink()
    facts = build_factbase(Paths(project))
    assert facts.subject is not None and facts.subject.name == SUBJECT.title
