"""Loader: values keep their line and column; YAML's silent traps become visible problems."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from explainer.load import load
from explainer.load.problems import Problem

from .conftest import write


def _load(tmp_path: Path, text: str, loader_class: type = load._Loader) -> tuple[load.TableFile | None, list[Problem]]:
    path = write(tmp_path, "data/things.yaml", text)
    problems: list[Problem] = []
    return load.load_table(path, "data/things.yaml", problems, loader_class), problems


DOC = """
- id: first
  cite:
    - source: src-a
      excerpt: "words"
- id: second
  n: 3
"""


def test_marks_point_at_values_including_nested_ones(tmp_path):
    table, problems = _load(tmp_path, DOC)
    assert problems == [] and table is not None
    first, second = table.records
    assert first.mark(("cite", 0, "excerpt")) == (4, 16)
    assert first.mark(("id",)) == (1, 7)
    assert second.mark(()) == (5, 3)
    assert second.key_marks[("n",)] == (6, 3)
    assert first.mark(("cite", 0, "missing")) == first.mark(("cite", 0))  # falls back to the enclosing value


def test_libyaml_is_used_and_agrees_with_the_pure_python_loader(tmp_path):
    assert load.WITH_LIBYAML, "PyYAML was built without libyaml: loading is about five times slower"
    fast, _ = _load(tmp_path, DOC)
    slow, _ = _load(tmp_path, DOC, load.PurePythonLoader)
    assert fast is not None and slow is not None
    assert fast == slow
    assert [r.marks for r in fast.records] == [r.marks for r in slow.records]


@pytest.mark.parametrize(
    "written, value",
    [
        ("NO", "NO"),
        ("yes", "yes"),
        ("on", "on"),
        ("2025-11-17", "2025-11-17"),
        ("010", "010"),
        ("1_500", "1_500"),
        ("1:30", "1:30"),
        ("0x1f", "0x1f"),
        (".inf", ".inf"),
        ("1500", 1500),
        ("-3", -3),
        ("2.5", 2.5),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("", None),
    ],
)
def test_only_yaml_1_2_core_scalars_are_typed(tmp_path, written, value):
    table, problems = _load(tmp_path, f"- id: x\n  v: {written}\n")
    assert problems == [] and table is not None
    assert table.records[0].data["v"] == value
    assert type(table.records[0].data["v"]) is type(value)


def test_duplicate_key_is_an_error_with_both_lines(tmp_path):
    table, problems = _load(tmp_path, "- id: a\n  name: one\n  name: two\n- id: b\n")
    assert [str(p) for p in problems] == [
        "data/things.yaml:3:3: record #1: has the key 'name' twice (first at line 2) "
        "(fix: keep one of the two; YAML would silently drop the first)"
    ]
    assert table is not None and [r.data["id"] for r in table.records] == ["b"]  # the other records still load


def test_aliases_are_refused(tmp_path):
    _, problems = _load(tmp_path, "- id: a\n  tags: &t [x, y]\n- id: b\n  tags: *t\n")
    assert len(problems) == 1
    assert problems[0].line == 3 and "alias" in problems[0].message


def test_alias_bomb_fails_fast_with_bounded_memory(tmp_path):
    bomb = ['- &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        bomb.append(f"- &{chr(ord('a') + i)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    tracemalloc.start()
    _, problems = _load(tmp_path, "\n".join(bomb) + "\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert any("alias" in p.message for p in problems)
    assert peak < 5_000_000  # 9**9 strings would need gigabytes


def test_tabs_get_a_fix_that_names_them(tmp_path):
    _, problems = _load(tmp_path, "- id: a\n\tname: x\n")
    assert len(problems) == 1
    assert (problems[0].line, problems[0].col) == (2, 1)
    assert "indent with spaces, not tabs" in problems[0].fix


def test_syntax_error_names_line_and_column(tmp_path):
    _, problems = _load(tmp_path, '- id: a\n  name: "open\n- id: b\n')
    assert len(problems) == 1 and problems[0].path == "data/things.yaml"
    assert problems[0].line >= 2 and "not valid YAML" in problems[0].message


def test_not_utf8_names_the_byte_position(tmp_path):
    path = tmp_path / "data" / "things.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"- id: a\n  name: caf\xe9\n")
    problems: list[Problem] = []
    assert load.load_table(path, "data/things.yaml", problems) is None
    assert str(problems[0]) == "data/things.yaml:2:12: is not UTF-8 (byte 0xe9) (fix: save the file as UTF-8)"


@pytest.mark.parametrize("text", ["", "   \n", "# yaml-language-server: $schema=x\n"])
def test_empty_file_is_an_error(tmp_path, text):
    table, problems = _load(tmp_path, text)
    assert table is None
    assert [(p.line, p.message) for p in problems] == [(1, "is empty")]
    assert "'[]'" in problems[0].fix


def test_empty_list_is_a_table_with_no_records(tmp_path):
    table, problems = _load(tmp_path, "# comment\n[]\n")
    assert problems == [] and table is not None and table.records == ()


@pytest.mark.parametrize(
    "text, message",
    [
        ("id: a\nname: b\n", "is not a list of records"),
        ("- just a string\n", "is not a record"),
        ("- id: !!python/object:os.system x\n", "has the tag"),
        ("- id: a\n  ? [x]\n  : y\n", "key that is not a plain name"),
    ],
)
def test_wrong_shapes_are_errors(tmp_path, text, message):
    _, problems = _load(tmp_path, text)
    assert len(problems) == 1 and message in problems[0].message


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path):
    _, problems = _load(tmp_path, "- id: a\n  x: " + "[" * 200 + "]" * 200 + "\n")
    assert len(problems) == 1 and "nested" in problems[0].message


# --- the validator may skip files that cannot hold a bidi or control character ---------------


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


UNSAFE_CHARS = [chr(c) for c in range(0x2100) if load.UNSAFE.search(chr(c))]


def _forms(ch: str) -> list[str]:
    """Every way a YAML file can put `ch` into a value: as it is, and through each escape."""
    n = ord(ch)
    forms = [f"a{ch}b", f'"a{ch}b"', f"'a{ch}b'", f"|\n    a{ch}b", f'"\\u{n:04x}"', f'"\\U{n:08X}"']
    if n <= 0xFF:
        forms.append(f'"\\x{n:02x}"')
    named = {0: "0", 7: "a", 8: "b", 0x1B: "e", 0x0C: "f", 0x0B: "v", 0x85: "N"}
    if n in named:
        forms.append(f'"\\{named[n]}"')
    return forms


@pytest.mark.parametrize("loader_class", [load._Loader, load.PurePythonLoader], ids=["libyaml", "pure"])
def test_a_file_that_can_hold_an_unsafe_character_is_never_passed_as_clean(tmp_path, loader_class):
    assert len(UNSAFE_CHARS) == 74
    tried = flagged = 0
    for ch in UNSAFE_CHARS:
        for form in _forms(ch):
            table, problems = _load(tmp_path, f"- id: x\n  text: {form}\n", loader_class)
            if table is None:
                assert problems, form  # the YAML reader refused it: nothing reaches the validator
                continue
            tried += 1
            if any(load.UNSAFE.search(s) for r in table.records for s in _strings(r.data)):
                flagged += 1
                assert table.may_hold_unsafe, f"{form!r} put U+{ord(ch):04X} into a value unflagged"
    assert tried > 200 and flagged > 200  # escapes and bidi controls do get through the reader


def test_clean_text_with_quotes_and_harmless_escapes_is_not_flagged(tmp_path):
    table, problems = _load(
        tmp_path, '- id: x\n  text: "“Quoted” \\"words\\" \\\\ tab\\there\\n"\n  more: 1,500\u202ftroops\n'
    )
    assert problems == [] and table is not None
    assert not table.may_hold_unsafe


@pytest.mark.parametrize("loader_class", [load._Loader, load.PurePythonLoader], ids=["libyaml", "pure"])
def test_a_raw_control_character_is_a_located_problem_not_a_traceback(tmp_path, loader_class):
    table, problems = _load(tmp_path, '- id: x\n  text: "ééé\x01"\n', loader_class)
    assert table is None
    assert [(p.line, p.col) for p in problems] == [(2, 13)]
    assert "U+0001" in problems[0].message and problems[0].fix


@pytest.mark.parametrize("loader_class", [load._Loader, load.PurePythonLoader])
def test_a_quotation_never_closed_is_named_at_its_line(tmp_path, loader_class):
    """YAML reads an unclosed quotation on into the next lines and fails further down: the fix
    names the line that opened it."""
    text = '- id: a\n  name: "one\n  role: x\n- id: b\n  name: "two"\n'
    _, problems = _load(tmp_path, text, loader_class)
    [problem] = problems
    assert problem.line == 5 and "line 2 opens a quotation mark" in problem.fix, problem


def test_a_quotation_over_two_lines_is_not_blamed_for_another_slip(tmp_path):
    text = '- id: a\n  name: "one\n    two"\n  role: x\n   bad: indent\n'
    _, problems = _load(tmp_path, text)
    [problem] = problems
    assert "opens a quotation mark" not in problem.fix, problem


@pytest.mark.parametrize("loader_class", [load._Loader, load.PurePythonLoader], ids=["libyaml", "pure"])
def test_a_stray_closing_quotation_mark_is_a_problem_and_the_record_is_kept(tmp_path, loader_class):
    """`role: US official"` is valid YAML whose text ends with a quotation mark: it would reach the
    pages. Quoted values, balanced marks and a mark inside a list item are told apart."""
    text = (
        '- id: a\n  role: US official"\n  via: [one, two"]\n'
        '- id: b\n  role: "US official"\n  title: The "green zone" plan\n  note: \'a "quoted"\'\n'
        '  said: "ends with a mark\\""\n'
    )
    table, problems = _load(tmp_path, text, loader_class)
    assert [(p.line, p.col) for p in problems] == [(2, 9), (3, 14)], problems
    assert 'role: "US official"' in problems[0].fix and problems[0].record == "record #1"
    assert table is not None and [r.data["id"] for r in table.records] == ["a", "b"], "no record is lost"


@pytest.mark.parametrize("loader_class", [load._Loader, load.PurePythonLoader], ids=["libyaml", "pure"])
@pytest.mark.parametrize(
    "text, name",
    [
        ('- id: a\n  role "US official"\n  anonymous: true\n', "role"),
        ('- id: a\n  role "US official"\n\n  # a comment\n  anonymous: true\n', "role"),
        ('- id: a\n  role "US official"\n- id: b\n', "role"),
        ("- id: a\n  cite\n    - source: x\n", "cite"),
        ('- id: a\n- id "b"\n  speaker: x\n', "id"),  # YAML: "mapping values are not allowed" on line 3
    ],
    ids=["next-field", "blank-and-comment-between", "last-field", "list-below", "runs-into-next-field"],
)
def test_a_field_name_without_a_colon_is_named_at_its_own_line(tmp_path, loader_class, text, name):
    """YAML says "could not find expected ':'" on the line after the one that lacks it."""
    _, problems = _load(tmp_path, text, loader_class)
    [problem] = problems
    assert (problem.line, problem.col) == (2, 3), problem
    assert f"line 2 has no ':' after its field name: write `{name}: ...`" in problem.fix, problem


@pytest.mark.parametrize("loader_class", [load._Loader, load.PurePythonLoader], ids=["libyaml", "pure"])
def test_a_second_colon_in_a_value_is_not_taken_for_a_missing_one(tmp_path, loader_class):
    """`text: a: b` makes YAML say "mapping values are not allowed" too, at the second colon: the
    line above, a list entry without a colon, is not the slip."""
    _, problems = _load(tmp_path, "- id: a\n  roles:\n    - training\n  text: a: b\n", loader_class)
    [problem] = problems
    assert problem.line == 4 and "has no ':'" not in problem.fix, problem


@pytest.mark.parametrize("loader_class", [load._Loader, load.PurePythonLoader], ids=["libyaml", "pure"])
def test_merge_conflict_markers_are_each_named(tmp_path, loader_class):
    text = (
        "- id: a\n<<<<<<< HEAD\n  role: one\n||||||| base\n  role: zero\n=======\n  role: two\n"
        ">>>>>>> other-branch\n- id: b\n"
    )
    table, problems = _load(tmp_path, text, loader_class)
    assert table is None
    assert [(p.line, p.col) for p in problems] == [(2, 1), (4, 1), (6, 1), (8, 1)], problems
    assert all("merge-conflict marker left by git" in p.message for p in problems)
    assert "delete the marker lines" in problems[0].fix
    # a line of equals signs inside a text, with no '<<<<<<<' or '>>>>>>>' line, is the text's
    table, problems = _load(tmp_path, '- id: a\n  text: "one\n=======\n  two"\n', loader_class)
    assert problems == [] and table is not None


@pytest.mark.parametrize("loader_class", [load._Loader, load.PurePythonLoader], ids=["libyaml", "pure"])
@pytest.mark.parametrize(
    "value, col",
    [
        ('""Ideally, the plan is..." said an official."', 13),
        ('"The "green zone" plan"', 17),
        ('"an \\"escaped\\" mark, then "one" not"', 39),
    ],
    ids=["at-the-start", "inside", "after-escapes"],
)
def test_a_straight_quotation_mark_inside_double_quotes_is_named(tmp_path, loader_class, value, col):
    _, problems = _load(tmp_path, f"- id: a\n  excerpt: {value}\n  b: 1\n", loader_class)
    [problem] = problems
    assert (problem.line, problem.col) == (2, col), problem
    assert 'a straight quotation mark (") inside a text in double quotes ends the text early' in problem.message
    assert "curly quotes \u201c \u201d" in problem.fix and '\\"' in problem.fix
