"""The live preview's incremental runs give, after every kind of edit, exactly what a full run gives.

Two copies of one synthetic project: the preview's copy is regenerated with one `Memo` kept
across edits; the other is generated in full after the same edit. docs/ must be equal, byte for
byte, and problems must be the same problems.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from explainer.generate import generate
from explainer.load.load import load_table
from explainer.load.problems import DataError
from explainer.model.facts import FactBase
from explainer.scale import reparse
from explainer.scale.incremental import Memo
from scripts.bench_data import write_factbase

from .conftest import ROOT


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sub(rel: str, old: str | re.Pattern, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / rel
        text = file.read_text(encoding="utf-8")
        changed = old.sub(new, text, count) if isinstance(old, re.Pattern) else text.replace(old, new, count)
        assert changed != text, f"edit of {rel} found nothing to change"
        file.write_text(changed, encoding="utf-8")

    return edit


def delete_record(rel: str, n: int) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / rel
        text = file.read_text(encoding="utf-8")
        starts = [m.start() for m in re.finditer(r"^- ", text, re.M)]
        file.write_text(text[: starts[n]] + text[starts[n + 1] :], encoding="utf-8")

    return edit


def copy_record(rel: str, new_id: str) -> Callable[[Path], None]:
    """A new record at the end of the file: the first current one with another id (pages re-paginate)."""

    def edit(root: Path) -> None:
        file = root / rel
        text = file.read_text(encoding="utf-8")
        starts = [m.start() for m in re.finditer(r"^- ", text, re.M)] + [len(text)]
        records = [text[a:b] for a, b in itertools.pairwise(starts)]
        record = next(r for r in records if "status: current\n" in r and "superseded_by" not in r)
        record = re.sub(r"^- id: \S+", f"- id: {new_id}", record, count=1)
        file.write_text(text + record, encoding="utf-8")

    return edit


def append(rel: str, extra: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        with (root / rel).open("a", encoding="utf-8") as handle:
            handle.write(extra)

    return edit


EDITS: list[tuple[str, Callable[[Path], object]]] = [
    (
        "one word in a stance",
        sub("data/positions.yaml", re.compile(r'(- id: pos-00044\n(?:.*\n)*?  stance: ".*?)"'), r'\1 edited"'),
    ),
    (
        "a note added (lines move)",
        sub("data/positions.yaml", "  status: current\n", '  status: current\n  note: "Added."\n'),
    ),
    ("an actor renamed", sub("data/actors.yaml", re.compile(r'name: "[^"]+"'), 'name: "Renamed Land"')),
    ("a record deleted", delete_record("data/quotes.yaml", 5)),
    ("a record added at the end", copy_record("data/positions.yaml", "pos-99999")),
    ("an outlet changed", sub("data/sources.yaml", re.compile(r"outlet: .*"), "outlet: Another Outlet")),
    ("a timeline reordered", sub("data/events.yaml", "sequence: 1\n", "sequence: 999\n")),
    ("a seed grows", append("seeds/00002_98a343c60a.txt", "\nOne more sentence.\n")),
    ("a comment at the top", sub("data/figures.yaml", "# yaml", "# a comment\n# yaml")),
    (
        "two files at once",
        lambda root: (
            sub("data/zones.yaml", re.compile(r"as_of: \S+"), "as_of: unknown")(root),
            sub("data/figures.yaml", re.compile(r"as_of: \S+"), "as_of: unknown")(root),
        ),
    ),
    ("the record deleted again", delete_record("data/positions.yaml", 86)),
]


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    preview, full = tmp_path_factory.mktemp("preview"), tmp_path_factory.mktemp("full")
    for root in (preview, full):
        write_factbase(root, 300, ROOT)
    return preview, full


def test_every_edit_gives_what_a_full_run_gives(pair):
    preview, full = pair
    memo = Memo()
    generate(preview, memo=memo)
    generate(full)
    assert snapshot(preview / "docs") == snapshot(full / "docs")
    for name, edit in EDITS:
        for root in (preview, full):
            edit(root)
        report = generate(preview, memo=memo)
        generate(full)
        assert snapshot(preview / "docs") == snapshot(full / "docs"), name
        assert memo.facts is not None
        made = FactBase(dict(memo.facts.tables))  # the indexes the preview kept are those FactBase makes
        for index in ("by_id", "cited_by", "disputed_in"):
            assert list(getattr(memo.facts, index).items()) == list(getattr(made, index).items()), (name, index)
        assert report.written or name in ("a seed grows", "a comment at the top"), name


def test_a_bad_edit_reports_the_same_problems_and_the_next_good_one_catches_up(tmp_path):
    preview, full = tmp_path / "preview", tmp_path / "full"
    for root in (preview, full):
        write_factbase(root, 200, ROOT)
    memo = Memo()
    generate(preview, memo=memo)
    before = snapshot(preview / "docs")
    bad = sub("data/positions.yaml", re.compile(r'(excerpt: ")(\w)'), r"\1Zq\2")
    reports = []
    for root, kept in ((preview, memo), (full, None)):
        bad(root)
        with pytest.raises(DataError) as exc:
            generate(root, memo=kept)
        reports.append(exc.value.report().replace(str(root), "ROOT"))
    assert reports[0] == reports[1]
    assert snapshot(preview / "docs") == before  # nothing written
    renamed = sub("data/actors.yaml", "- id: act-00001\n", "- id: act-00001x\n")  # references to it break
    reports = []
    for root, kept in ((preview, memo), (full, None)):
        renamed(root)
        with pytest.raises(DataError) as exc:
            generate(root, memo=kept)
        reports.append(exc.value.report().replace(str(root), "ROOT"))
    assert reports[0] == reports[1] and "names 'act-00001'" in reports[0]
    back = sub("data/actors.yaml", "- id: act-00001x\n", "- id: act-00001\n")
    for root in (preview, full):
        back(root)
    fix = sub("data/positions.yaml", re.compile(r'(excerpt: ")Zq'), r"\1")
    also = sub("data/actors.yaml", "kind: country", 'kind: country\n  note: "fixed"')
    for root in (preview, full):
        fix(root)
        also(root)
    generate(preview, memo=memo)
    generate(full)
    assert snapshot(preview / "docs") == snapshot(full / "docs")


def test_a_page_changed_by_another_writer_is_compared_again(tmp_path):
    """The preview skips reading pages it left in place, but only while they are the same file."""
    root = tmp_path / "p"
    write_factbase(root, 200, ROOT)
    memo = Memo()
    generate(root, memo=memo)
    page = root / "docs" / "figures.md"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"# Key figures", b"# Key figures, changed by another run"))
    report = generate(root, memo=memo)
    assert "figures.md" in report.written and page.read_bytes() == good


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "- id: a\n  v: 1\n- id: b\n  v: 2\n- id: c\n  v: 3\n",
            "- id: a\n  v: 1\n- id: b\n  v: 22\n  w: x\n- id: c\n  v: 3\n",
        ),
        ("- id: a\n  v: 1\n- id: b\n  v: 2\n", "- id: a\n  v: 1\n- id: b\n  v: 2\n- id: c\n  v: 3\n"),
        ("- id: a\n  v: 1\n- id: b\n  v: 2\n- id: c\n  v: 3\n", "- id: a\n  v: 1\n- id: c\n  v: 3\n"),
        ("- id: a\n  v: 1\n- id: b\n  v: 2\n", '- id: a\n  v: 1\n- id: b\n  v: "2\n- id: c"\n'),  # a quote over a line
        ("- id: a\n  v: 1\n- id: b\n  v: 2\n", "- id: a\n  v: [1,\n- 2]\n- id: b\n  v: 2\n"),
        ("- id: a\n  v: 1\n- id: b\n  v: 2\n", "- id: a\n  v: 1\n---\n- id: b\n  v: 2\n"),
        ("- id: a\n  v: 1\n- id: b\n  v: 2\n", "- id: a\n  v: 1\r\n- id: b\n  v: 2\n"),
    ],
)
def test_reparse_gives_what_a_full_parse_gives_or_declines(tmp_path, old, new):
    file = tmp_path / "t.yaml"
    file.write_text(old)
    table = load_table(file, "t.yaml", [])
    assert table is not None
    file.write_text(new)
    found: list = []
    whole = load_table(file, "t.yaml", found)
    got = reparse.reparse(file, "t.yaml", old.encode(), reparse.starts(old.encode()), table, new.encode())
    if got is None:
        return  # declined: the caller parses the whole file
    part, starts = got
    assert not found and whole is not None
    assert [(r.index, r.data, r.marks, r.key_marks) for r in part.records] == [
        (r.index, r.data, r.marks, r.key_marks) for r in whole.records
    ]
    assert part.may_hold_unsafe == whole.may_hold_unsafe and starts == reparse.starts(new.encode())


def test_reparse_declines_where_a_line_break_is_not_lf(tmp_path):
    old = "- id: a\n  v: 1\n- id: b\n  v: 2\n"
    file = tmp_path / "t.yaml"
    file.write_text(old)
    table = load_table(file, "t.yaml", [])
    assert table is not None
    assert (
        reparse.reparse(
            file, "t.yaml", old.encode(), reparse.starts(old.encode()), table, old.replace("v: 2", "v: 3\r").encode()
        )
        is None
    )


def test_downloads_kept_row_by_row_are_the_plain_json_and_csv(tmp_path):
    from dataclasses import replace

    from explainer.check.validate import Paths, build_factbase
    from explainer.publish import downloads

    write_factbase(tmp_path, 200, ROOT)
    records = build_factbase(Paths(tmp_path)).tables["figures"]
    edited = (replace(records[0], note='a note, with "quotes"\nand a line'), *records[1:])
    for table in (records, edited, records[:5]):
        data = [downloads.record_dict(r) for r in table]
        assert downloads.table_downloads("figures", table) == (downloads.table_json(data), downloads.table_csv(data))


def test_reparse_agrees_with_a_full_parse_on_random_edits(tmp_path):
    """Random small edits anywhere in a file (fixed seed): wherever reparse answers, a full parse
    gives the same records with the same marks and finds no problem."""
    import random

    rng = random.Random(15)
    records = [f'- id: r{i}\n  text: "words {i}, more words"\n  list: [a, b]\n  n: {i}\n' for i in range(12)]
    old = "# a table\n" + "".join(records)
    file = tmp_path / "t.yaml"
    pieces = ["- ", "\n", "\n- id: x\n", '"', "'", "[", "]", ": ", "#", "  ", "x", "\n  k: v\n", "{", "|\n  y\n"]
    answered = 0
    for _ in range(300):
        file.write_text(old)
        table = load_table(file, "t.yaml", [])
        assert table is not None
        at = rng.randrange(len(old))
        cut = rng.choice([0, 0, 1, 3])
        new = old[:at] + rng.choice([*pieces, ""]) + old[at + cut :]
        file.write_text(new)
        found: list = []
        whole = load_table(file, "t.yaml", found)
        got = reparse.reparse(file, "t.yaml", old.encode(), reparse.starts(old.encode()), table, new.encode())
        if got is None:
            continue
        answered += 1
        assert not found and whole is not None, new
        assert [(r.index, r.data, r.marks, r.key_marks) for r in got[0].records] == [
            (r.index, r.data, r.marks, r.key_marks) for r in whole.records
        ], new
    assert answered > 100  # most edits are answered without a full parse
