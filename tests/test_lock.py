"""Two runs at once: the preview, `make generate` and `make site` take turns writing docs/.

One deterministic test (a run waits, saying so, while the lock is held) and one race: the live
preview watching, several generations and a site build started together while the data keeps
changing. docs/ must end as a clean generation of the final data, with no temporary file left.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explainer.generate import generate
from explainer.publish.lock import docs_lock
from scripts.bench_data import write_factbase

from .conftest import ROOT
from .sitebuild import MKDOCS, build_env
from .test_serve import free_port, wait_for

MARK = "version-mark"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A synthetic project of 600 claims (a run takes long enough for runs to meet), with one
    record's text marked so that `version` can change it."""
    root = tmp_path / "project"
    syn = write_factbase(root, 600, ROOT)
    syn.edit_file.write_text(syn.edit_file.read_text().replace(syn.edit_old, syn.edit_old[:-1] + f' {MARK}0"'))
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def preview(project: Path):
    """The live preview running over the project (as tests/test_serve.py's, with time for 600 claims)."""
    port = free_port()
    log = project / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "explainer.preview.serve", "--root", str(project), "--addr", f"127.0.0.1:{port}"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=build_env(),
        )
    try:
        assert wait_for(lambda: "Serving on" in log.read_text(), timeout=120), log.read_text()
        yield f"http://127.0.0.1:{port}", project, log
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def generation(project: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "explainer.generate", "generate", "-q", "--root", str(project)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=build_env(),
    )


def site_build(project: Path) -> subprocess.Popen:
    """What `make site` runs: generate, then mkdocs build --strict."""
    cmd = (
        f"{sys.executable} -m explainer.generate generate -q --root {project} && "
        f"cd {project} && {MKDOCS} build --strict --quiet"
    )
    return subprocess.Popen(cmd, shell=True, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=build_env())


def version(project: Path, n: int) -> None:
    """Version n of the data: the marked text says n, and 40 * n more positions (a page each), so
    that versions differ in which pages exist, and a manifest that lost a run's update shows."""
    data = project / "data" / "positions.yaml"
    text = data.read_text(encoding="utf-8")
    text = text[: text.index("\n- id: pos-copy-")] + "\n" if "- id: pos-copy-" in text else text
    start = text.index(MARK)
    end = text.index('"', start)
    text = text[:start] + f"{MARK}{n}" + text[end:]
    records = re.split(r"(?m)^(?=- id: )", text)
    model = next(r for r in records if "status: current\n" in r and "superseded_by" not in r)
    copies = [re.sub(r"^- id: \S+", f"- id: pos-copy-{i:03d}", model, count=1) for i in range(40 * n)]
    data.write_text(text + "".join(copies), encoding="utf-8")


def shown(project: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((project / "docs").glob("positions*.md")))


def test_a_run_waits_for_the_one_writing_and_says_so(project):
    generate(project)
    before = snapshot(project / "docs")
    version(project, 1)
    with docs_lock(project / "docs"):
        run = generation(project)
        time.sleep(3)
        assert run.poll() is None  # still waiting
        assert snapshot(project / "docs") == before  # and has written nothing
    _out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert b"waiting: another run" in err and b"is writing" in err
    assert f"{MARK}1".encode() in shown(project)


def test_concurrent_runs_over_changing_data_end_as_a_clean_generation(preview, tmp_path):
    _url, project, log = preview
    runs: list[subprocess.Popen] = []
    for n in range(1, 5):
        version(project, n)
        runs += [generation(project) for _ in range(4)]
        if n == 2:
            runs.append(site_build(project))
        time.sleep(0.5)
    waited = 0
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
        waited += b"waiting: another run" in err
    assert waited  # the runs did meet
    clean = tmp_path / "clean"
    shutil.copytree(project / "data", clean / "data")
    shutil.copytree(project / "seeds", clean / "seeds")
    shutil.copy2(project / "mkdocs.yml", clean / "mkdocs.yml")  # the site's name and description
    hand_written = {
        rel
        for rel in snapshot(project / "docs")
        if rel not in json.loads((project / "docs" / ".generated.json").read_text())["generated"]
        and rel != ".generated.json"
    }
    (clean / "docs").mkdir()
    for rel in hand_written:
        (clean / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project / "docs" / rel, clean / "docs" / rel)
    generate(clean)
    expected = snapshot(clean / "docs")
    # the preview picks up the last change too: wait until it has, then docs/ must be the clean generation
    assert wait_for(lambda: snapshot(project / "docs") == expected, timeout=60), log.read_text()
    assert f"{MARK}4".encode() in shown(project)
    assert not [p for p in project.rglob("*") if p.name.endswith(".tmp")], "temporary files left"
