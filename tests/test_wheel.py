"""The engine as a newsroom gets it: the wheel installed with its dependencies into a fresh
virtual environment outside this checkout (from the package index pip is configured with), then
`explainer new` in an empty folder, `explainer check` and a strict `explainer site` there; and the
upgrade path: the project, with an edited stylesheet (its override of the engine's, from
`explainer override`) and a table of its own, moves to a newer engine (a wheel built here with
changed theme files) and keeps its edits and data, while the theme files it did not take come
from the new engine itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from explainer import __version__
from explainer.desk import skeleton, vendor

from .conftest import ROOT
from .wheels import build_wheel, engine_wheel

NEXT = ".".join([*__version__.split(".")[:-1], str(int(__version__.split(".")[-1]) + 1)])
UPGRADED = "news-n1"  # the copy of the new project that moves to engine N+1
CSS = "stylesheets/extra.css"  # theme files (explainer/theme/), served from the installed engine
JS = "javascripts/citations.js"
OVERRIDE = f"overrides/{CSS}"
ENGINE_LINE = "/* engine NEXT: a rule of the newer engine */\n"
OUR_RULE = "\n/* the newsroom's own rule */\n.newsroom-own { font-weight: 600; }\n"


def changed_engine(project: Path) -> None:
    """What the newer engine changes: the start of the stylesheet and one script of its theme."""
    for rel in (CSS, JS):
        path = project / "explainer" / "theme" / rel
        path.write_text(ENGINE_LINE + path.read_text(encoding="utf-8"), encoding="utf-8")


def clean_env(venv_dir: Path) -> dict[str, str]:
    """Nothing of this checkout: no PYTHONPATH, no subject module, the new environment first."""
    out = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "EXPLAINER_SUBJECT", "SITE_URL", "BUILDER")}
    out.update(
        PATH=f"{venv_dir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        VIRTUAL_ENV=str(venv_dir),
        PYTHONDONTWRITEBYTECODE="1",
        SOURCE_DATE_EPOCH="1700000000",
    )
    return out


class Installed:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.venv = home / "venv"
        venv.create(self.venv, with_pip=True)
        self.env = clean_env(self.venv)
        self.runs: dict[str, subprocess.CompletedProcess] = {}

    def run(self, key: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run(
            list(args), cwd=cwd or self.home, env=self.env, capture_output=True, text=True, timeout=1200, check=False
        )
        self.runs[key] = done
        return done

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)


def ok(run: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert run.returncode == 0, f"{' '.join(map(str, run.args))}:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    assert "Traceback" not in run.stderr, run.stderr
    return run


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    """Engine N installed from its wheel into /tmp/.../venv; a project made by it in /tmp/.../news."""
    home = tmp_path_factory.mktemp("installed")
    assert not home.resolve().is_relative_to(ROOT)
    wheel = engine_wheel()
    box = Installed(home)
    ok(box.run("install", box.bin("python"), "-m", "pip", "install", "--quiet", str(wheel)))
    box.run("version", box.bin("explainer"), "--version")
    box.run("new", box.bin("explainer"), "new", "news", "--name", "City budget")
    project = home / "news"
    if box.runs["new"].returncode == 0:
        box.run("check", box.bin("explainer"), "check", cwd=project / "data")  # found from a subfolder
        box.run("site", box.bin("explainer"), "site", cwd=project)
    return box


def test_the_installed_command_says_its_version(installed):
    assert ok(installed.runs["version"]).stdout.strip() == f"explainer {__version__}"


def test_the_engine_runs_from_the_environment_not_this_checkout(installed):
    where = ok(installed.run("where", installed.bin("python"), "-c", "import explainer; print(explainer.__file__)"))
    assert Path(where.stdout.strip()).is_relative_to(installed.venv)


def test_explainer_new_makes_a_project_without_a_copy_of_the_engine(installed):
    ok(installed.runs["new"])
    project = installed.home / "news"
    assert not (project / "explainer").exists()
    assert skeleton.read_lock(project).version == __version__
    assert f"sourced-explainer=={__version__}" in (project / "pyproject.toml").read_text(encoding="utf-8")
    assert (project / "requirements.txt").read_text(encoding="utf-8").endswith(f"sourced-explainer=={__version__}\n")
    for rel in ("Makefile", "tests/support/audit.py", "scripts/subject.py", "mkdocs.yml"):
        assert (project / rel).is_file(), rel
    for rel in ("overrides", "docs/stylesheets", "docs/javascripts"):
        assert not (project / rel).exists(), f"{rel}: the theme is served from the engine, not copied"


def test_the_new_project_installs_its_engine_from_its_own_wheel(installed):
    """The engine is on no package index: the project carries its wheel in wheels/ and its
    requirements find it there. A fresh environment installs the engine from the project alone
    (no index), and it runs, with its skeleton; the wheel is the same bytes each time it is made."""
    ok(installed.runs["new"])
    project = installed.home / "news"
    name = vendor.wheel_name(__version__)
    assert sorted(p.name for p in (project / "wheels").iterdir()) == [name]
    lines = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-2:] == ["--find-links wheels", f"sourced-explainer=={__version__}"]
    (installed.home / "engine-only.txt").write_text("\n".join(lines[-2:]) + "\n", encoding="utf-8")
    fresh = installed.home / "fresh"
    venv.create(fresh, with_pip=True)
    pip = [str(fresh / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-index", "--no-deps"]
    ok(installed.run("fresh-install", *pip, "-r", str(installed.home / "engine-only.txt"), cwd=project))
    shown = ok(installed.run("fresh-version", str(fresh / "bin" / "explainer"), "--version"))
    assert shown.stdout.strip() == f"explainer {__version__}"
    has_skeleton = "from explainer.desk import skeleton; print(skeleton.INSTALLED.is_dir())"
    assert (
        ok(installed.run("fresh-skeleton", str(fresh / "bin" / "python"), "-c", has_skeleton)).stdout.strip() == "True"
    )
    again = (
        "import sys; from explainer.desk import vendor; sys.stdout.buffer.write(vendor.installed_wheel(sys.argv[1]))"
    )
    made = subprocess.run(
        [installed.bin("python"), "-c", again, __version__],
        env=installed.env,
        cwd=installed.home,  # not this checkout, which -c would import first
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert made.stdout == (project / "wheels" / name).read_bytes()


def test_the_new_project_checks_and_builds_strictly(installed):
    assert ok(installed.runs["check"]).stdout.startswith("ok")
    ok(installed.runs["site"])
    site = installed.home / "news" / "site"
    assert (site / "index.html").is_file() and (site / "pagefind" / "pagefind.js").is_file()
    for rel in (CSS, JS, "partials/csp.html"):
        assert (installed.home / "news" / ".explainer" / "theme" / rel).read_bytes() == (
            ROOT / "explainer" / "theme" / rel
        ).read_bytes()
    assert (site / CSS).read_bytes() == (ROOT / "explainer" / "theme" / CSS).read_bytes()


@pytest.fixture(scope="module")
def upgraded(installed) -> tuple[Installed, dict[str, bytes], dict[str, bytes]]:
    """The project (its own table: findings, with its schema) edits its stylesheet, then moves to engine N+1.

    A copy of it does, in `UPGRADED`: the tests of the project as `new` made it read the original,
    and pytest-xdist may run them after these (a worker can take them from another)."""
    ok(installed.runs["new"])
    project = installed.home / UPGRADED
    shutil.copytree(installed.home / "news", project, symlinks=True)
    ok(installed.run("override", installed.bin("explainer"), "override", CSS, cwd=project))
    css = project / OVERRIDE
    css.write_text(css.read_text(encoding="utf-8") + OUR_RULE, encoding="utf-8")
    own = {
        p.relative_to(project).as_posix(): p.read_bytes()
        for d in ("data", "seeds", "scripts")
        for p in (project / d).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    before = {p.relative_to(project).as_posix(): p.read_bytes() for p in project.rglob("*") if p.is_file()}
    newer = build_wheel(installed.home / "build-n1", version=NEXT, change=changed_engine)
    ok(installed.run("install-n1", installed.bin("python"), "-m", "pip", "install", "--quiet", "--no-deps", str(newer)))
    installed.run("upgrade", installed.bin("explainer"), "upgrade", cwd=project)
    installed.run("check-n1", installed.bin("explainer"), "check", cwd=project)
    installed.run("stale-n1", installed.bin("explainer"), "stale", cwd=project)
    installed.run("site-n1", installed.bin("explainer"), "site", cwd=project)
    return installed, own, before


def test_the_upgrade_keeps_the_projects_edits_and_takes_the_engines(upgraded):
    box, _, _ = upgraded
    project = box.home / UPGRADED
    report = ok(box.runs["upgrade"]).stdout
    print(report)
    css = (project / OVERRIDE).read_text(encoding="utf-8")
    assert css.startswith(ENGINE_LINE) and css.endswith(OUR_RULE), "both sides of the stylesheet"
    assert f"merged  {OVERRIDE}" in report and f"overrides/{JS}" not in report, "the script is the engine's"
    assert f"theme .explainer/theme/{JS}" in report, "the new engine's script served"
    assert f"sourced-explainer=={NEXT}" in (project / "pyproject.toml").read_text(encoding="utf-8")
    assert (project / "requirements.txt").read_text(encoding="utf-8").endswith(f"sourced-explainer=={NEXT}\n")
    assert skeleton.read_lock(project).version == NEXT
    assert sorted(p.name for p in (project / "wheels").iterdir()) == [vendor.wheel_name(NEXT)]
    assert f"added  wheels/{vendor.wheel_name(NEXT)}" in report
    assert f"removed  wheels/{vendor.wheel_name(__version__)}" in report


def test_the_upgrade_never_touches_data_seeds_or_the_subject(upgraded):
    box, own, before = upgraded
    project = box.home / UPGRADED
    ok(box.runs["upgrade"])
    for rel, content in own.items():
        assert (project / rel).read_bytes() == content, rel
    after = {p.relative_to(project).as_posix(): p.read_bytes() for p in project.rglob("*") if p.is_file()}
    touched = sorted(
        rel
        for rel in after.keys() | before.keys()
        if after.get(rel) != before.get(rel) and not rel.startswith(("site/", ".explainer/"))
    )
    pages = [rel for rel in touched if rel.startswith("docs/")]
    # The next engine writes every page as this one does: its pages were regenerated, and none differs
    # (a version in each page's first line made every upgrade rewrite all of docs/).
    assert pages == [], "an upgrade that changes no page's rendering rewrites no page"
    assert "generated: 0 written, 0 deleted" in box.runs["upgrade"].stdout
    rest = sorted(set(touched) - set(pages))
    wheels = [f"wheels/{vendor.wheel_name(v)}" for v in (__version__, NEXT)]
    assert rest == sorted(
        [OVERRIDE, "explainer.lock", "pyproject.toml", "requirements.in", "requirements.txt", *wheels]
    )
    print("the upgrade touched:", rest)


def test_the_upgraded_project_passes_its_check_and_builds(upgraded):
    box, _, _ = upgraded
    assert ok(box.runs["check-n1"]).stdout.startswith("ok")
    ok(box.runs["stale-n1"])
    ok(box.runs["site-n1"])
    site = box.home / UPGRADED / "site"
    site_css = (site / CSS).read_text(encoding="utf-8")
    assert ENGINE_LINE in site_css and ".newsroom-own" in site_css
    site_js = (site / JS).read_text(encoding="utf-8")
    assert site_js == ENGINE_LINE + (ROOT / "explainer" / "theme" / JS).read_text(encoding="utf-8"), "from the engine"
