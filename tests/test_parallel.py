"""A second process: the same results, in the same order, whichever process ran which task."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from explainer.check.validate import Paths, build_factbase
from explainer.generate import generate
from explainer.load.problems import DataError
from explainer.scale import fast, parallel
from scripts.bench_data import write_factbase

from .conftest import ROOT, make_project

pytestmark = pytest.mark.skipif(
    parallel.usable_cores() < 2 or not hasattr(os, "fork"), reason="needs fork and two usable cores"
)


def _ident(x):
    return x


def tasks_reporting_pid(n: int):
    return [lambda i=i: (i, os.getpid()) for i in range(n)]


def _logged_task(log, i, seconds: float = 0.0):
    """A task that writes its index and process to `log`, then waits until both processes have
    taken a task (a child slow to start on a loaded machine would otherwise find the queue
    emptied by the parent), then for `seconds`."""

    def run():
        with open(log, "a", encoding="utf-8") as f:  # one short append per line: never interleaved
            f.write(f"{i} {os.getpid()}\n")
        deadline = time.monotonic() + 20
        while len({line.split()[1] for line in log.read_text(encoding="utf-8").splitlines()}) < 2:
            assert time.monotonic() < deadline, "the other process took no task in 20 s"
            time.sleep(0.001)
        time.sleep(seconds)
        return i, os.getpid()

    return run


def test_results_come_back_in_task_order_and_the_two_processes_finish_together(tmp_path):
    """Each process takes the next task when it is free, heaviest first: with tasks that take
    their weight in time, the two end with about equal shares, whatever the order given."""
    weights = [5, 1, 1, 8, 2, 3, 1, 1]
    log = tmp_path / "ran"
    tasks = [_logged_task(log, i, w * 0.03) for i, w in enumerate(weights)]
    results = parallel.run(tasks, weights, _ident, tuple, cores=2)
    assert [i for i, _ in results] == list(range(len(weights)))
    child = [i for i, pid in results if pid != os.getpid()]
    share = sum(weights[i] for i in child) / sum(weights)
    assert 0.35 <= share <= 0.65, share
    taken = [int(line.split()[0]) for line in log.read_text(encoding="utf-8").splitlines()]
    assert set(taken[:2]) == {3, 0}, f"the two heaviest are taken first: {taken}"


def test_every_task_runs_once_in_one_process_or_the_other(tmp_path):
    """The queue hands each task to exactly one process: none is run twice, none left out."""
    log = tmp_path / "ran"
    n = 200
    results = parallel.run([_logged_task(log, i) for i in range(n)], [1] * n, _ident, tuple, cores=2)
    assert [i for i, _ in results] == list(range(n))
    lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(int(i) for i, _ in lines) == list(range(n))
    assert {pid for _, pid in lines} == {str(os.getpid()), *(str(pid) for _, pid in results)}
    assert len({pid for _, pid in results}) == 2, "both processes take tasks"


_MANY = """
import os, sys
from explainer.scale import parallel
n = 20_000  # 80 KB of task indices: more than a pipe holds
results = parallel.run([lambda i=i: (i, os.getpid()) for i in range(n)], [1] * n, tuple, tuple, cores=2)
assert [i for i, _ in results] == list(range(n))
print(len({pid for _, pid in results}), os.getpid() == results[0][1])
"""


def test_more_tasks_than_the_queue_holds_run_here_and_never_hang():
    """Nothing reads the queue while it is written: a pipe that cannot hold every task would wait
    forever. Such a run keeps to this process."""
    run = subprocess.run([sys.executable, "-c", _MANY], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["1", "True"]


def test_one_core_or_one_task_runs_everything_here():
    for cores, n in ((1, 6), (2, 1)):
        results = parallel.run(tasks_reporting_pid(n), [1] * n, _ident, tuple, cores=cores)
        assert {pid for _, pid in results} == {os.getpid()}


def test_a_process_with_threads_does_not_fork():
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        results = parallel.run(tasks_reporting_pid(6), [1] * 6, _ident, tuple, cores=2)
    finally:
        release.set()
        thread.join()
    assert {pid for _, pid in results} == {os.getpid()}


def test_tasks_the_child_could_not_finish_run_here():
    parent = os.getpid()

    def fragile(i):
        def task():
            if os.getpid() != parent:
                os._exit(3)  # the child dies without a word
            return i

        return task

    assert parallel.run([fragile(i) for i in range(6)], [1] * 6, _ident, _ident, cores=2) == list(range(6))


def test_an_error_in_a_task_surfaces_as_it_would_in_one_process():
    def boom():
        raise ValueError("task failed")

    tasks = [lambda: 1, boom, lambda: 3, boom]
    with pytest.raises(ValueError, match="task failed"):
        parallel.run(tasks, [1, 1, 1, 1], _ident, _ident, cores=2)


def _tree(folder):
    """Every file with its bytes, and every folder (a failed run must not leave an empty one)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else "folder" for p in sorted(folder.rglob("*"))
    }


# The parent kills itself while the child is busy with a task that would write a file later.
_ORPHAN = """
import os, signal, sys, time
from pathlib import Path
from explainer.scale import fast, parallel
marker = Path(sys.argv[1])
parent = os.getpid()
def task():
    if os.getpid() == parent:
        time.sleep(0.3)  # the child is well into its task
        os.kill(parent, signal.SIGKILL)
    marker.with_name("started").write_text("the child took a task")
    time.sleep(1.5)
    marker.write_text("the child outlived its parent")
    return 0
parallel.run([task, task], [1, 1], int, int, cores=2)
"""


def test_the_child_dies_with_its_parent(tmp_path):
    """A killed run's second process must not go on staging pages behind the next run's back."""
    marker = tmp_path / "marker"
    proc = subprocess.run([sys.executable, "-c", _ORPHAN, str(marker)], cwd=ROOT, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    time.sleep(2.5)
    assert (tmp_path / "started").exists(), "the child never took its task: the test proved nothing"
    assert not marker.exists(), "the child went on after its parent was killed"


@pytest.mark.parametrize("data", ["real", "synthetic"])
def test_two_processes_write_byte_identical_docs(tmp_path, data):
    one = make_project(tmp_path / "one")
    if data == "real":
        for name in ("data", "seeds"):
            shutil.rmtree(one / name)
            shutil.copytree(ROOT / name, one / name)
    else:
        write_factbase(one, 400, ROOT)
    two = tmp_path / "two"
    shutil.copytree(one, two)
    generate(one, cores=1)
    generate(two, cores=2)
    assert _tree(one / "docs") == _tree(two / "docs")


def test_two_processes_report_the_same_problems(tmp_path):
    project = make_project(tmp_path / "p")
    write_factbase(project, 400, ROOT)
    for table, old, new in (
        ("positions", "status: current", "status: curent"),
        ("quotes", "source: src-", "source: nosrc-"),
        ("zones", "\n- id:", "\n- id: ["),
    ):
        path = project / "data" / f"{table}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    found = []
    for cores in (1, 2):
        with pytest.raises(DataError) as err:
            build_factbase(Paths(project), fast.spread(cores))
        found.append([str(p) for p in err.value.problems])
    assert found[0] == found[1] and len(found[0]) >= 3


@pytest.mark.parametrize(
    "breakage",
    [
        ("positions", "question: qst-", "question: nope-"),  # rendering would crash on it (KeyError)
        ("quotes", 'excerpt: "', 'excerpt: "Not in the seed '),  # rendering works; only the check sees it
    ],
)
def test_a_problem_found_while_the_other_process_renders_is_reported_and_nothing_written(tmp_path, breakage):
    """With two processes, the rules between records are checked while pages are already being
    rendered: bad data must still end as the same located problems, with nothing written."""
    table, old, new = breakage
    reports = []
    for cores in (1, 2):
        project = make_project(tmp_path / f"p{cores}")
        write_factbase(project, 400, ROOT)
        path = project / "data" / f"{table}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        before = _tree(project / "docs")
        with pytest.raises(DataError) as err:
            generate(project, cores=cores)
        assert _tree(project / "docs") == before
        reports.append([str(p) for p in err.value.problems])
    assert reports[0] == reports[1] and reports[0]


def test_the_size_of_the_data_decides_the_second_process_unless_cores_says(tmp_path):
    """One door (explainer/scale/fast.py): the real data runs in one process, a fact base from
    SCALE_FROM bytes on in every usable core, and --cores overrides either way."""

    real = Paths(ROOT)
    assert sum(f.stat().st_size for f in real.data.glob("*.yaml")) < fast.SCALE_FROM
    assert fast.cores(real) == 1
    assert fast.cores(real, 2) == 2 and fast.cores(real, 0) == 1
    big = make_project(tmp_path / "big")
    (big / "data" / "padding.yaml").write_bytes(b"#" * fast.SCALE_FROM)
    assert fast.cores(Paths(big)) == parallel.usable_cores() >= 2
    assert fast.cores(Paths(big), 1) == 1
