"""Build a whole site in a temporary folder, the way `make site` does, without touching the repo.

A "project" is a folder laid out like this repository: data/ (with data/schema/), seeds/, docs/
(only the hand-written files: method.md) and mkdocs.yml; the theme comes from the engine (every
generate writes it into .explainer/theme/). `make_project`
assembles one from the repository's own configuration plus the data and seeds of
either the real project or a fixture; `build` then runs exactly what `make site` runs:
`python -m explainer.generate generate -q`, the strict build (`python -m explainer.publish.builders`, with
the builder `BUILDER` names, as `make test BUILDER=zensical` sets it; default MkDocs) and the
search index, with a fixed SOURCE_DATE_EPOCH so two builds are comparable byte for byte.

The real data is used once it passes `make check`; until then, tests/fixtures/mini.
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from explainer.model.facts import FactBase
from explainer.render import page_tasks
from explainer.render.common import GENERATED_MARK, Locator, Page

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "mini"
PY = sys.executable
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))
EPOCH = "1700000000"
# The builder of the tests' sites (explainer/publish/builders.py), as `make site` reads it.
BUILDER = os.environ.get("BUILDER") or "mkdocs"


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=EPOCH, PYTHONDONTWRITEBYTECODE="1")
    env.pop("SITE_URL", None)
    env.update(extra)
    return env


def hand_written_docs(docs: Path) -> list[Path]:
    """Files in docs/ that the generator did not write (per its manifest and first-line mark)."""
    try:
        generated = set(json.loads((docs / ".generated.json").read_text(encoding="utf-8"))["generated"])
    except (FileNotFoundError, ValueError, KeyError):
        generated = set()
    out = []
    for file in sorted(docs.rglob("*")):
        rel = file.relative_to(docs).as_posix()
        if not file.is_file() or rel == ".generated.json" or rel in generated or rel.startswith("downloads/"):
            continue
        if file.suffix == ".md" and file.read_text(encoding="utf-8", errors="replace").startswith(GENERATED_MARK):
            continue
        out.append(file)
    return out


def make_project(dest: Path, data_from: Path = FIXTURE, seeds_from: Path | None = None) -> Path:
    """A fresh project folder in `dest`: repo config, hand-written docs (and overrides/, if this
    repository has one); `data_from` data."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", dest / "overrides")
    for file in hand_written_docs(ROOT / "docs"):
        target = dest / "docs" / file.relative_to(ROOT / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, target)
    (dest / "data").mkdir(exist_ok=True)
    shutil.copytree(ROOT / "data" / "schema", dest / "data" / "schema")
    for file in sorted((data_from / "data").glob("*.yaml")):
        shutil.copy2(file, dest / "data" / file.name)
    shutil.copytree(seeds_from or data_from / "seeds", dest / "seeds")
    return dest


def real_data_passes() -> bool:
    """True when the repository's own data/ holds tables and `make check` would pass."""
    if not any((ROOT / "data").glob("*.yaml")):
        return False
    result = subprocess.run(
        [PY, "-m", "explainer.generate", "check", "-q"],
        cwd=ROOT,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result.returncode == 0


@dataclass(frozen=True)
class Built:
    project: Path
    site: Path
    kind: str  # "real" or "fixture"
    builder: str = BUILDER


class BuildFailed(AssertionError):
    pass


def run(
    cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600
) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env or build_env(), capture_output=True, text=True, timeout=timeout)


def generate(project: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return run([PY, "-m", "explainer.generate", "generate", "-q", "--root", str(project)], ROOT, env)


def mkdocs_build(project: Path, site: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # Never --quiet: MkDocs 1.6 then drops the warnings that --strict counts, and a broken anchor passes.
    return run([MKDOCS, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)], project, env)


def site_build(
    project: Path, site: Path, builder: str = BUILDER, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """The strict build `make site` runs, by `builder` (explainer/publish/builders.py)."""
    cmd = [PY, "-m", "explainer.publish.builders", "--builder", builder, "--root", str(project), "--site", str(site)]
    return run(cmd, ROOT, env)


def search_index(project: Path, site: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return run([PY, "-m", "explainer.publish.search_index", "--root", str(project), "--site", str(site)], ROOT, env)


def build(project: Path, site: Path | None = None, kind: str = "fixture", builder: str = BUILDER) -> Built:
    """`make site` for `project`: generate, a strict build by `builder` into `site` (default
    project/site), then the search index into site/pagefind/."""
    site = site or project / "site"
    steps = (
        lambda: generate(project),
        lambda: site_build(project, site, builder),
        lambda: search_index(project, site),
    )
    run_steps(steps)
    return Built(project, site, kind, builder)


def run_steps(steps: Iterable[Callable[[], subprocess.CompletedProcess]]) -> None:
    """Run each step in turn; BuildFailed with its output at the first that fails."""
    for make_step in steps:
        step = make_step()
        if step.returncode != 0:
            raise BuildFailed(f"{' '.join(step.args[:6])} failed ({step.returncode}):\n{step.stdout}\n{step.stderr}")


def load_facts(project: Path):
    """The validated fact base of a project (for tests that pick records to look for)."""
    from explainer.check.validate import Paths, build_factbase

    return build_factbase(Paths(project))


_SHARED: dict[str, Any] = {}  # what once() made or read, by name, in this process
_FOLDER: dict[str, Path] = {}  # shared_folder() without xdist
T = TypeVar("T")


def run_folder(run_id: str) -> Path:
    """The folder the processes of xdist run `run_id` share."""
    return Path(tempfile.gettempdir()) / f"explainer-tests-{run_id}"


def shared_folder() -> Path:
    """Where this test run keeps what its processes share: one folder per run, which every
    pytest-xdist worker of the run finds (PYTEST_XDIST_TESTRUNUID) and the controlling process
    removes at the end (tests/conftest.py); without xdist, one of this process, removed at exit."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run_id:
        folder = run_folder(run_id)
        folder.mkdir(exist_ok=True)
        return folder
    if "folder" not in _FOLDER:
        _FOLDER["folder"] = Path(tempfile.mkdtemp(prefix="explainer-tests-"))
        atexit.register(shutil.rmtree, _FOLDER["folder"], True)
    return _FOLDER["folder"]


@contextmanager
def exclusive(name: str) -> Iterator[Path]:
    """The run's shared folder, held by this process alone (a file lock named `name`) until the
    block ends: the others that ask for the same name wait."""
    folder = shared_folder()
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder


def once(name: str, make: Callable[[Path], T]) -> T:
    """What `make(folder)` builds, made once per test run and read by every process after it.

    The first process to take the lock builds into shared_folder()/name and records the result
    (or the BuildFailed saying why there is none); the others wait for the lock and read that
    record, so a site is built once, not once per worker. Tests only read what it made (built_copy
    copies)."""
    if name in _SHARED:
        found = _SHARED[name]
    else:
        with exclusive(name) as base:
            record = base / f"{name}.pickle"
            if not record.is_file():
                result: object
                try:
                    result = make(base / name)
                except BuildFailed as exc:
                    result = exc
                record.write_bytes(pickle.dumps(result))
            found = pickle.loads(record.read_bytes())
        _SHARED[name] = found
    if isinstance(found, BuildFailed):
        raise found
    return found


def shared_site() -> Built:
    """One build per test run, shared by every test module (and process) that reads a built site.

    The real data when it passes `make check`, otherwise tests/fixtures/mini; TEST_SITE_DATA=real
    or =fixture forces one. It lives in shared_folder(), removed when the run ends. A failed
    build is remembered, so every test that needs it fails at once with the same message.
    """

    def make(folder: Path) -> Built:
        choice = os.environ.get("TEST_SITE_DATA", "auto")
        real = choice == "real" or (choice == "auto" and real_data_passes())
        try:
            if real:
                return build(make_project(folder / "project", data_from=ROOT), kind="real")
            return build(make_project(folder / "project"), kind="fixture")
        except BuildFailed as exc:
            raise BuildFailed(f"the shared {'real' if real else 'fixture'} site does not build: {exc}") from None

    return once("site", make)


def shared_site_by(builder: str) -> Path:
    """The shared site's project built by `builder` too (with its search index), once per test
    run, beside the shared site: the builder tests compare the two."""
    shared = shared_site()
    if builder == shared.builder:
        return shared.site

    def make(folder: Path) -> Path:
        run_steps((lambda: site_build(shared.project, folder, builder), lambda: search_index(shared.project, folder)))
        return folder

    return once(f"site-{builder}", make)


def built_fixture() -> Built:
    """tests/fixtures/mini built as `make site` builds it, once per test run; only to read."""
    return once("fixture-built", lambda folder: build(make_project(folder / "project")))


def built_copy(dest: Path) -> Built:
    """A built fixture project (docs/ generated, site/ built) of the test's own, at `dest`, to change
    at will: the fixture is built once per test run and copied for each test (a copy takes a tenth
    of a build)."""
    original = built_fixture()
    shutil.copytree(original.project, dest, symlinks=True)
    return Built(dest, dest / original.site.relative_to(original.project), original.kind)


def render_pages(facts: FactBase) -> list[Page]:
    """Every generated page of a fact base, without the downloads (explainer/publish/tasks.py renders both,
    and needs the project's folders for the schemas): what the page tests compare."""
    locator = Locator.build(facts)
    return [page for _, task in page_tasks(facts, locator) for page in task()]
