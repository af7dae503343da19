"""The engine is an installable package: pyproject.toml builds a wheel of explainer/ alone, without
the subject (scripts/) or the tests, and without the network (the setuptools of requirements-dev.txt).
The wheel says what it needs to run (Requires-Dist, in ranges that hold this project's own pins),
its version (explainer.__version__, the one place it is written) and that it is typed (py.typed).
"""

from __future__ import annotations

import ast
import email
import email.message
import importlib.metadata
import re
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import explainer
from explainer.desk import skeleton

from .conftest import ROOT
from .wheels import engine_wheel

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def wheel() -> Path:
    return engine_wheel()


def metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(zf.read(name))


def test_the_wheel_holds_the_engine_and_nothing_else(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "explainer/generate.py" in names and "explainer/cli.py" in names and "explainer/render/listing.py" in names
    engine = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "explainer").rglob("*.py"))
    code = sorted(n for n in names if n.endswith(".py") and not n.startswith("explainer/skeleton/"))
    assert code == engine, "every engine module, and no other code"
    assert not [n for n in names if n.startswith(("scripts/", "tests/"))]
    for helper in ("audit", "csp", "nodedeps", "localsite"):
        assert f"explainer/{helper}.py" not in names, "test helpers are not the engine"
    # The engine-owned project files (explainer/desk/skeleton.py), which explainer new writes from an installed engine
    owned = skeleton.expand(ROOT, skeleton.FILES + skeleton.CORE_SCHEMAS + skeleton.MODELS)
    assert "Makefile" in owned and "tests/support/audit.py" in owned
    # The site's theme is package data, served to projects from the installed engine (publish/theme.py)
    theme = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "explainer" / "theme").rglob("*") if p.is_file())
    assert (
        "explainer/theme/partials/csp.html" in theme
        and sorted(n for n in names if n.startswith("explainer/theme/")) == theme
    )
    assert sorted(n.removeprefix("explainer/skeleton/") for n in names if n.startswith("explainer/skeleton/")) == owned
    # make new's templates (explainer/template/*.tmpl) are package data: an installed engine can make projects
    templates = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "explainer" / "template").rglob("*.tmpl"))
    assert templates and sorted(n for n in names if n.endswith(".tmpl")) == templates


def test_the_wheel_is_typed(wheel):
    """py.typed: a type checker reads the engine's annotations in code that imports it (PEP 561)."""
    assert (ROOT / "explainer" / "py.typed").is_file()
    assert "explainer/py.typed" in zipfile.ZipFile(wheel).namelist()


def test_the_version_is_written_once_and_the_wheel_carries_it(wheel):
    assert re.fullmatch(r"\d+\.\d+\.\d+", explainer.__version__)
    assert "version" not in PYPROJECT["project"] and "version" in PYPROJECT["project"]["dynamic"]
    assert metadata(wheel)["Version"] == explainer.__version__
    assert (
        "explainer = explainer.cli:entry"
        in zipfile.ZipFile(wheel)
        .read(next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("entry_points.txt")))
        .decode()
    )
    assert wheel.name.startswith(f"sourced_explainer-{explainer.__version__}-")


def _requirements(meta: email.message.Message) -> list[Requirement]:
    return [Requirement(r) for r in meta.get_all("Requires-Dist") or []]


def test_the_wheel_declares_what_the_engine_needs_in_ranges(wheel):
    required: dict[str, Requirement] = {
        canonicalize_name(r.name): r for r in _requirements(metadata(wheel)) if r.marker is None
    }
    assert sorted(required) == sorted(
        ["pyyaml", "jsonschema", "referencing", "fastjsonschema", "mkdocs", "mkdocs-material", "pagefind", "watchdog"]
    )
    assert required["pagefind"].extras == {"extended"}, "the extra that brings Pagefind's binary in its wheel"
    for name, req in required.items():
        ops = {spec.operator for spec in req.specifier}
        assert ">=" in ops and "<" in ops and "==" not in ops, f"{name}: a compatible range, not {req.specifier}"
    assert "markdown" not in required, "markdown is used only by the tests"
    extras = {r.name: str(r.marker) for r in _requirements(metadata(wheel)) if r.marker is not None}
    assert extras == {"zensical": 'extra == "zensical"', "properdocs": 'extra == "properdocs"'}


def third_party_imports() -> dict[str, set[str]]:
    """module -> files, for every absolute import in explainer/ of a module outside the standard library."""
    found: dict[str, set[str]] = {}
    for file in sorted((ROOT / "explainer").rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("explainer", "__future__"):
                    found.setdefault(top, set()).add(file.relative_to(ROOT).as_posix())
    return found


def test_every_module_the_engine_imports_is_declared(wheel):
    """A wheel without its dependencies installs, then fails at the first import."""
    required = {canonicalize_name(r.name) for r in _requirements(metadata(wheel)) if r.marker is None}
    distributions = importlib.metadata.packages_distributions()
    imported = third_party_imports()
    assert {"yaml", "jsonschema", "referencing", "fastjsonschema", "mkdocs"} <= set(imported)
    assert "markdown" not in imported, imported.get("markdown")
    for module, files in imported.items():
        names = {canonicalize_name(d) for d in distributions.get(module, [])}
        assert names & required, f"{module} (imported by {sorted(files)}) comes from no declared dependency"


def pins(requirements: Path) -> dict[str, str]:
    """name -> pinned version of a requirements file, following its -r includes."""
    out: dict[str, str] = {}
    for raw in requirements.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("-r "):
            out.update(pins(requirements.parent / line[3:].strip()))
        elif "==" in line:
            req = Requirement(line)
            out[canonicalize_name(req.name)] = str(req.specifier).removeprefix("==")
    return out


def test_this_projects_pins_lie_inside_the_declared_ranges():
    runtime = pins(ROOT / "requirements.txt")
    for text in PYPROJECT["project"]["dependencies"]:
        req = Requirement(text)
        assert req.specifier.contains(runtime[canonicalize_name(req.name)]), f"requirements.txt pins outside {req}"
    for extra, texts in PYPROJECT["project"]["optional-dependencies"].items():
        pinned = pins(ROOT / f"requirements-{extra}.txt")
        for text in texts:
            req = Requirement(text)
            assert req.specifier.contains(pinned[canonicalize_name(req.name)]), f"{extra}: pinned outside {req}"


@pytest.mark.parametrize("source", sorted(p.name for p in ROOT.glob("requirements*.in")))
def test_each_in_file_and_its_pinned_set_agree(source):
    """A pin raised in one of the pair (by hand or by Dependabot) and not the other fails here."""
    wanted, pinned = pins(ROOT / source), pins(ROOT / source.replace(".in", ".txt"))
    assert wanted, source
    assert {k: v for k, v in wanted.items() if pinned.get(k) != v} == {}, f"{source} and its .txt disagree"


def test_markdown_is_a_test_tool_and_referencing_a_runtime_one():
    assert "markdown" not in pins(ROOT / "requirements.in") and "markdown" in pins(ROOT / "requirements-dev.in")
    assert "referencing" in pins(ROOT / "requirements.in")


def test_the_wheel_holds_no_word_of_this_subject(wheel):
    """The engine knows nothing of the subject, installed or not: the model mkdocs.yml it carries
    for `explainer new` has placeholders where this site's name, description and nav are."""
    from .test_registry import SUBJECT_WORDS

    found = []
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            text = zf.read(name).decode("utf-8", errors="replace")
            found += [f"{name}: {m.group(0)}" for m in SUBJECT_WORDS.finditer(text)]
    assert found == []


def test_a_project_made_from_the_neutral_model_gets_the_same_mkdocs_yml():
    from explainer.desk import new

    ours = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    template = (ROOT / "explainer" / "template" / "mkdocs.yml.tmpl").read_text(encoding="utf-8")
    assert skeleton.neutral_model(ours) != ours
    assert new.replace_blocks(skeleton.neutral_model(ours), template) == new.replace_blocks(ours, template)
