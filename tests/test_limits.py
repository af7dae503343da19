"""explainer/load/limits.py: the cheap depth bound is never below the real nesting (checked against
libyaml's own event stream on generated YAML), stays low on ordinary files, and a file past a
limit is refused with its place. Inputs that crashed the parser run in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from explainer.load import limits, load
from explainer.load.problems import Problem
from scripts.bench_data import write_factbase

from . import fuzzing  # loads the fast or long Hypothesis profile
from .conftest import write
from .sitebuild import ROOT, build_env


def exact_depth(text: str, loader_class: type = yaml.CSafeLoader) -> int:
    """The deepest nesting the parser reaches before the end or its first error."""
    parser = loader_class(text)
    depth = deepest = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return deepest


TOKENS = [
    "[",
    "]",
    "{",
    "}",
    ",",
    ", ",
    ": ",
    ":",
    "- ",
    "-",
    "? ",
    "?",
    "\n",
    "\n  ",
    "\n    ",
    " ",
    "  ",
    "\t",
    "a",
    "b c",
    '"',
    "'",
    '"x"',
    "'y'",
    '"]"',
    "'}'",
    '"\\"',
    "#",
    " #c\n",
    "&a ",
    "*a",
    "!t ",
    "!!str ",
    "|\n",
    ">\n",
    "\r\n",
    "\r",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "é",
    "’",
    "- - ",
    "[[",
    "]]",
    "{a: ",
]


@given(st.lists(st.sampled_from(TOKENS), max_size=400).map("".join))
def test_bound_is_never_below_the_real_depth(text):
    assert limits.depth_bound(text.encode("utf-8")) >= exact_depth(text)


def exact_nodes(text: str, loader_class: type = yaml.CSafeLoader) -> int:
    """How many nodes the parser reads before the end or its first error."""
    parser = loader_class(text)
    count = 0
    try:
        while (event := parser.get_event()) is not None:
            count += isinstance(
                event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
            )
    except yaml.YAMLError:
        pass
    return count


@given(st.lists(st.sampled_from(TOKENS), max_size=400).map("".join))
def test_node_bound_is_never_below_the_real_count(text):
    assert limits.counted_node_bound(text.encode("utf-8")) >= exact_nodes(text)


@pytest.mark.parametrize(
    "text",
    [
        "[a: b, c: d, {e}, ? f]",
        '{a:b, "c":d}',
        "- - - - x\n",
        "? a\n: b\n",
        "-\t-\t-\tx",
        "[,]",
        "a: !t &x\n  - *x",
        "",
    ],
)
def test_node_bound_covers_the_tricky_cases(text):
    assert limits.counted_node_bound(text.encode("utf-8")) >= exact_nodes(text)


def test_a_file_of_too_many_values_is_refused_before_it_is_composed(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_NODES", 50)
    monkeypatch.setattr(load, "MAX_NODES", 50)
    assert _load(tmp_path, "- id: a\n  list: [" + ", ".join(["x"] * 40) + "]\n") == []
    [problem] = _load(tmp_path, "- id: a\n  list: [" + ", ".join(["x"] * 60) + "]\n")
    assert (problem.line, problem.col) == (2, 10 + 3 * 44)  # the 51st node: the file, record, id, a, list, [, 45th x
    assert problem.message.startswith("holds more than 50 values, the limit for a data file")


def test_a_file_stops_being_read_after_its_problems_fill_the_limit(tmp_path):
    """A file of 1,000 bare words: 200 problems and one line saying the file was not read past there."""
    found = _load(tmp_path, "".join(f"- word{i}\n" for i in range(1000)))
    assert len(found) == limits.MAX_FILE_PROBLEMS + 1
    assert all(p.message == "is not a record (a mapping of fields)" for p in found[:-1])
    assert (found[-1].line, found[-1].col) == (limits.MAX_FILE_PROBLEMS + 1, 3)
    assert found[-1].message.startswith("is not read past here: the 200 problems above")


@pytest.mark.parametrize(
    "text",
    [
        '- a: ["]", ["]", ["]", ["]", x]]]]\n',  # quoted closers inside a real nesting
        "- a: [b: [c: [d: x]]]\n",  # each `key: value` entry of a flow sequence is a mapping too
        "- a:\n" + "".join("  " * i + "- \n" for i in range(1, 30)),
        "- a:\r" + "".join(" " * i + "- \r" for i in range(1, 60)),  # lone CR line breaks
        "- a:\u2028" + "".join(" " * i + "- \u2028" for i in range(1, 60)),
        "\ufeff- - - - - - x\n",
    ],
)
def test_bound_covers_the_tricky_cases(text):
    assert limits.depth_bound(text.encode("utf-8")) >= exact_depth(text)


def test_ordinary_files_never_need_the_parser_to_be_measured(tmp_path):
    """The real data and the benchmark's synthetic data stay on the cheap path (a few C-speed passes)."""
    write_factbase(tmp_path, 2000, ROOT)
    files = sorted((ROOT / "data").glob("*.yaml")) + sorted((tmp_path / "data").glob("*.yaml"))
    assert len(files) > 12
    for file in files:
        assert limits.depth_bound(file.read_bytes()) <= limits.MAX_DEPTH, file
        assert limits.node_bound(file.read_bytes()) <= limits.MAX_NODES, file


def _load(tmp_path: Path, text: str, loader_class: type = load._Loader) -> list[Problem]:
    path = write(tmp_path, "data/things.yaml", text)
    problems: list[Problem] = []
    load.load_table(path, "data/things.yaml", problems, loader_class)
    return problems


def test_the_limit_is_exact_and_the_problem_located(tmp_path):
    def flow(depth: int) -> str:  # the file's list and the record are 2 levels
        return "- id: a\n  n: " + "[" * (depth - 2) + "x" + "]" * (depth - 2) + "\n"

    problems = _load(tmp_path, flow(limits.MAX_DEPTH))
    assert not any("the limit is" in p.message for p in problems), problems  # (the record check's 16 applies)
    [problem] = _load(tmp_path, flow(limits.MAX_DEPTH + 1))
    assert (problem.line, problem.col, problem.record) == (2, 6 + limits.MAX_DEPTH - 2, "record #1")
    assert problem.message == f"is nested {limits.MAX_DEPTH + 1} levels deep; the limit is {limits.MAX_DEPTH}"
    assert problem.fix


def test_nesting_found_in_the_right_record_and_line(tmp_path):
    deep = "".join(" " * (4 + i) + "-\n" for i in range(150))
    [problem] = _load(tmp_path, "- id: a\n- id: b\n  n:\n" + deep + " " * 154 + "x\n")
    assert problem.record == "record #2" and problem.line == 3 + limits.MAX_DEPTH - 1
    assert problem.message == f"is nested 152 levels deep; the limit is {limits.MAX_DEPTH}"


CRASHED = [
    (kind, depth, "_Loader") for kind in ("flow", "open", "map", "block", "quoted") for depth in (50_000, 100_000)
]
CRASHED += [(kind, 600, "PurePythonLoader") for kind in ("flow", "block")]  # RecursionError at about 500


def test_depths_that_crashed_are_refused_in_a_child_process(tmp_path):
    """libyaml crashed at these depths (the pure-Python parser raised RecursionError): one child
    loads them all, saying which it starts, so a crash fails this test and names the input."""
    cases = []
    for i, (kind, depth, loader) in enumerate(CRASHED):
        text = "- id: a\n  note:" + ("\n    " if kind == "block" else " ") + fuzzing.nested(kind, depth) + "\n"
        cases.append((str(write(tmp_path, f"data/case{i}.yaml", text)), loader))
    code = (
        "import json, sys; from pathlib import Path; from explainer.load import load\n"
        "for path, loader in json.loads(sys.argv[1]):\n"
        "    print('start', path, flush=True); p = []\n"
        "    load.load_table(Path(path), 'data/x.yaml', p, getattr(load, loader))\n"
        "    print('problems', json.dumps([str(x) for x in p]), flush=True)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, json.dumps(cases)],
        cwd=ROOT,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = run.stdout.splitlines()
    assert run.returncode == 0, f"exit {run.returncode} after {lines[-1:]}: {run.stderr[-2000:]}"
    results = [json.loads(line.split(" ", 1)[1]) for line in lines if line.startswith("problems ")]
    assert len(results) == len(CRASHED)
    for (kind, depth, loader), problems in zip(CRASHED, results, strict=True):
        line = 3 if kind == "block" else 2
        assert len(problems) == 1 and problems[0].startswith(f"data/x.yaml:{line}:"), (kind, depth, loader, problems)
        assert f"levels deep; the limit is {limits.MAX_DEPTH}" in problems[0], (kind, depth, loader, problems)


def test_value_limit_is_exact(tmp_path):
    assert _load(tmp_path, f"- id: a\n  text: {'x' * limits.MAX_VALUE_CHARS}\n") == []
    [problem] = _load(tmp_path, f"- id: a\n  text: |\n    {'x' * limits.MAX_VALUE_CHARS}\n    y\n")
    assert (problem.line, problem.col) == (2, 9)
    assert problem.message == f"holds a value of {limits.MAX_VALUE_CHARS + 3:,} characters; the limit is 16,384"
    [problem] = _load(tmp_path, f"- id: a\n  list: [a, {'x' * (limits.MAX_VALUE_CHARS + 1)}]\n")
    assert (problem.line, problem.col) == (2, 13)


def test_file_limit_refuses_the_file_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 100)
    assert _load(tmp_path, "- id: a\n  text: " + "x" * 70 + "\n") == []
    [problem] = _load(tmp_path, "- id: a\n  text: " + "x" * 90 + "\n")
    assert (problem.path, problem.line, problem.col) == ("data/things.yaml", 1, 1)
    assert "is larger than 100 bytes" in problem.message and problem.fix
