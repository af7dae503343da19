"""explainer/publish/builders.py: every builder builds strictly from the same mkdocs.yml, and a site built by
Zensical or ProperDocs is the MkDocs site: the same pages, anchors, article text and search entries;
it passes the CSP check and the audit; a broken link or anchor fails its build.

The builds need the builder installed (its pinned set, requirements-BUILDER.txt). Locally a builder
that is not installed is skipped, with the command that installs it; where it is required (the
builder `BUILDER` names, as `make test BUILDER=zensical` and CI's zensical job set it, or one
listed in REQUIRE_BUILDERS) a missing builder fails instead.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

import pytest

from explainer.publish import builders
from explainer.publish.search_index import read_fragments
from tests.support.audit import audit_site
from tests.support.csp import check_site

from .sitebuild import ROOT, BuildFailed, generate, make_project, shared_site, shared_site_by, site_build

OTHERS = ("zensical", "properdocs")
REQUIRED = {os.environ.get("BUILDER") or "mkdocs", *os.environ.get("REQUIRE_BUILDERS", "").split()}
# Ids each builder's frame adds that the other's lacks: Zensical's skip-link target.
FRAME_IDS = {"mkdocs": set(), "properdocs": set(), "zensical": {"__skip"}}


def installed(name: str) -> None:
    """Skip (or fail, where it is required) unless builder `name` is installed."""
    try:
        builders.require(name)
    except builders.NotInstalled as exc:
        if name in REQUIRED:
            pytest.fail(f"{exc} (required here: BUILDER / REQUIRE_BUILDERS)", pytrace=False)
        pytest.skip(str(exc))


# --- the table of builders ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(builders.BUILDERS))
def test_every_build_is_strict_and_never_quiet(name, tmp_path):
    builder = builders.BUILDERS[name]
    command = builder.command(tmp_path / "mkdocs.yml", tmp_path / "out" if builder.site_dir_option else None)
    assert command[1:3] == ["build", "--strict"] and command[0].endswith(name)
    assert not {"-q", "--quiet"} & set(command)


def test_zensical_is_never_given_a_site_dir_option(tmp_path):
    with pytest.raises(ValueError, match="site_dir"):
        builders.BUILDERS["zensical"].command(tmp_path / "mkdocs.yml", tmp_path / "out")


def pins(requirements: Path) -> dict[str, str]:
    """name -> version of every `name==version` line (names lowercased, - and _ alike)."""
    out = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;#]+)", line)
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


@pytest.mark.parametrize("name", OTHERS)
def test_each_other_builder_has_a_pinned_set_of_its_own_outside_the_runtime_set(name):
    builder = builders.BUILDERS[name]
    txt, source = ROOT / builder.requirements, ROOT / builder.requirements.replace(".txt", ".in")
    assert txt.read_text(encoding="utf-8").splitlines()[2] == "-r requirements.txt"
    assert "-r requirements.in" in source.read_text(encoding="utf-8").splitlines()
    assert name in pins(txt) and pins(txt)[name] == pins(source)[name]
    assert name not in pins(ROOT / "requirements.txt") and name not in pins(ROOT / "requirements-dev.txt")
    runtime = pins(ROOT / "requirements.txt")
    assert not {k for k, v in pins(txt).items() if runtime.get(k, v) != v}, "a pin that differs from the runtime set's"
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert extras[name] and extras[name][0].startswith(f"{name}>={pins(txt)[name]},")


def test_zensical_is_the_newest_that_installs_here_and_the_pin_says_why():
    text = (ROOT / "requirements-zensical.in").read_text(encoding="utf-8")
    assert "zensical==0.0.73" in text.splitlines() and "zensical-ui" in text


def test_a_builder_that_is_not_installed_is_named_with_the_command_that_installs_it(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bin" / "python"))
    with pytest.raises(builders.NotInstalled) as caught:
        builders.require("zensical")
    assert "pip install -r requirements-zensical.txt" in str(caught.value)
    assert "make site BUILDER=zensical" in str(caught.value)
    monkeypatch.undo()
    run = site_build(tmp_path, tmp_path / "site", builder="nonesuch")
    assert run.returncode == 2 and "invalid choice: 'nonesuch'" in run.stderr and "zensical" in run.stderr


def test_a_traceback_in_a_builders_output_is_reduced_to_its_message():
    lines = [
        "Warning: anchor does not exist\n",
        "Traceback (most recent call last):\n",
        '  File "zensical", line 8, in <module>\n',
        "    sys.exit(cli())\n",
        "RuntimeError: Aborted because --strict flag is set\n",
        "after\n",
    ]
    assert list(builders.without_tracebacks(lines)) == [
        "Warning: anchor does not exist\n",
        "RuntimeError: Aborted because --strict flag is set\n",
        "after\n",
    ]


# --- the same site from each builder ------------------------------------------------------------


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts)


_ID = re.compile(r'\sid="([^"]+)"')
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def article(html: str) -> str:
    """A page's article (what our Markdown became), without what a builder adds or drops on its own:
    Zensical's skip-link target, and the `data-search-exclude` marks (meant for Material's lunr
    search, which this site does not use; Zensical strips them), whitespace between tags."""
    found = _ARTICLE.search(html)
    assert found, "no <article> in the page"
    body = found.group(1).replace('<a id="__skip" tabindex="-1"></a>', "")
    body = re.sub(r' data-search-exclude(="[^"]*")?', "", body)
    return re.sub(r">\s+<", "><", body).strip()


def search_entries(site: Path) -> list[tuple[str, str, str]]:
    return sorted((e["url"], e["meta"].get("target", ""), e["content"]) for e in read_fragments(site))


@pytest.fixture(scope="module")
def project() -> Path:
    """The tests' shared project (the real data when it passes `make check`, else the fixture),
    generated and built once per test run (tests/sitebuild.py)."""
    return shared_site().project


def built(project: Path, name: str) -> Path:
    """The project's site by builder `name` (with its search index), built once per test run,
    outside the project (Zensical's is built inside and moved)."""
    try:
        return shared_site_by(name)
    except BuildFailed as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.mark.parametrize("name", OTHERS)
def test_the_same_pages_anchors_and_articles_as_mkdocs(project, name):
    installed(name)
    reference, other = built(project, "mkdocs"), built(project, name)
    assert pages(other) == pages(reference) and len(pages(reference)) >= 10
    for page in pages(reference):
        ours, theirs = (reference / page).read_text(encoding="utf-8"), (other / page).read_text(encoding="utf-8")
        assert set(_ID.findall(theirs)) - FRAME_IDS[name] == set(_ID.findall(ours)), f"{page}: anchors differ"
        assert article(theirs) == article(ours), f"{page}: the article differs"


@pytest.mark.parametrize("name", OTHERS)
def test_the_same_search_entries_as_mkdocs(project, name):
    installed(name)
    entries = search_entries(built(project, name))
    assert entries and entries == search_entries(built(project, "mkdocs"))


@pytest.mark.parametrize("name", OTHERS)
def test_its_site_passes_the_csp_check_and_the_audit(project, name):
    installed(name)
    site = built(project, name)
    assert check_site(site) == []
    assert audit_site(site) == []


def test_properdocs_writes_the_mkdocs_site_byte_for_byte_but_its_name(project):
    installed("properdocs")
    reference, other = built(project, "mkdocs"), built(project, "properdocs")
    generator = re.compile(r'<meta name="generator" content="[^"]*">')
    for page in pages(reference):
        ours, theirs = (reference / page).read_text(encoding="utf-8"), (other / page).read_text(encoding="utf-8")
        assert generator.sub("", theirs) == generator.sub("", ours), page
        assert "ProperDocs 1.6.7" in generator.search(theirs).group(0)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("link", "message"),
    [("figures.md#no-such-record", "anchor does not exist"), ("no-such-page.md", "page does not exist")],
)
def test_a_broken_link_fails_the_zensical_build_and_says_where(tmp_path, link, message):
    installed("zensical")
    project = make_project(tmp_path / "project")
    assert generate(project).returncode == 0
    (project / "docs" / "method.md").write_text(f"# Method\n\nSee [this]({link}).\n", encoding="utf-8")
    run = site_build(project, project / "site", builder="zensical")
    assert run.returncode != 0
    assert message in run.stderr and "method.md:3:" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and "\x1b[" not in run.stderr, run.stderr
    assert not list(project.glob(".explainer-zensical-*.yml")), "the temporary config is left behind"
