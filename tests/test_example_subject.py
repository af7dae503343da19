"""A second subject, end to end: the engine builds examples/city-budget (a FICTIONAL city's budget).

The example is made into a project the way an editor would make one: `explainer.desk.new.create`
(what `make new` runs), then the example's own files copied over it. In that project, with the
project as the working directory (so `scripts.subject` is the example's declaration), the test
runs exactly what an editor runs: `python -m explainer.generate check`, `... generate` and
`mkdocs build --strict`. It then reads the pages a reader would: the `line_items` table, which
the Gaza subject does not have and which has no Python record type, must be paged with its
schema's field titles and its citations; the disagreement must show both sides; and no page may
carry a word of the Gaza subject.

The second half checks the registry's messages for three editor mistakes, and follows the README's
"Add a table" steps on a fresh project, word for word.
"""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from explainer.desk.new import create, replace_blocks
from explainer.desk.skeleton import CORE_SCHEMAS
from explainer.publish.search_index import read_fragments

from .sitebuild import EPOCH, MKDOCS, PY, ROOT, exclusive

EXAMPLE = ROOT / "examples" / "city-budget"
LINES = ("line-parks-libraries-ledger", "line-parks-libraries-watch", "line-fire-department", "line-road-repairs",
         "line-reserve-fund")  # fmt: skip
# The schema `title`s of line_items' fields that the generic listing must show as labels.
LABELS = ("Amount as written", "Amount in figures", "Budget year", "Department", "Change on the year before")
# Words of the Gaza subject that no page of another subject may carry (whole words, any case).
GAZA = re.compile(
    r"\b(gaza\w*|israel\w*|hamas|troops?|isf|idf|jordan\w*|palestin\w*|zones?|green zone|red zone|"
    r"stabili[sz]ation force|centcom|rafah|egypt\w*|indonesia\w*|azerbaijan\w*|netanyahu|trump)\b",
    re.IGNORECASE,
)
PAGE_SUFFIXES = {".md", ".html", ".json", ".csv", ".xml", ".txt"}


# --- making and running a project -------------------------------------------------------------


def env() -> dict[str, str]:
    """The environment of every command: a fixed build date, and nothing that points elsewhere, so
    `scripts.subject` is the project's own (its working directory); the engine is this checkout's,
    standing in for the installed one a project requires (tests/test_wheel.py installs the wheel)."""
    out = dict(os.environ)
    out.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(ROOT))
    for name in ("EXPLAINER_SUBJECT", "SITE_URL"):
        out.pop(name, None)
    return out


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), check=False, cwd=project, env=env(), capture_output=True, text=True, timeout=600)


def check(project: Path) -> subprocess.CompletedProcess:
    return run(project, PY, "-m", "explainer.generate", "check")


def generate(project: Path) -> subprocess.CompletedProcess:
    return run(project, PY, "-m", "explainer.generate", "generate")


def mkdocs(project: Path) -> subprocess.CompletedProcess:
    # Never --quiet: MkDocs 1.6 then drops the warnings that --strict counts.
    return run(project, MKDOCS, "build", "--strict", "-d", "site")


def ok(step: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert step.returncode == 0, f"{' '.join(map(str, step.args))} failed:\n{step.stdout}\n{step.stderr}"
    assert "Traceback" not in step.stdout + step.stderr, step.stdout + step.stderr
    return step


def new_project(target: Path, name: str) -> Path:
    """A fresh project, as `make new DIR=target` makes it."""
    create(target, name=name)
    return target


def example_project(target: Path) -> Path:
    """A fresh project with the example subject in it: its seeds, data, schemas, subject and
    method page replace the new project's sample ones, and its name, description and nav
    replace those in the project's mkdocs.yml."""
    project = new_project(target, name="Riverton budget")
    for folder in ("seeds", "data", "scripts"):
        shutil.rmtree(project / folder)
    for file in sorted(EXAMPLE.rglob("*")):
        rel = file.relative_to(EXAMPLE)
        if file.is_dir() or "__pycache__" in rel.parts or rel.as_posix() in ("README.md", "mkdocs.yml"):
            continue
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, project / rel)
    config = project / "mkdocs.yml"
    ours = (EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(replace_blocks(config.read_text(encoding="utf-8"), ours), encoding="utf-8")
    return project


def tree(folder: Path) -> dict[str, bytes]:
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def text_of(page: str) -> str:
    """A built page's text as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def section(page: str, rid: str) -> str:
    """The HTML of one record's section: from its heading's id to the next heading."""
    start = page.index(f'id="{rid}"')
    end = re.compile(r"<h[1-3]\b").search(page, start)
    return page[start : end.start() if end else len(page)]


# --- the example, built once ----------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = example_project(tmp_path_factory.mktemp("city-budget") / "project")
    checked = ok(check(project))
    assert "ok" in checked.stdout + checked.stderr
    ok(generate(project))
    ok(mkdocs(project))
    ok(run(project, PY, "-m", "explainer.publish.search_index"))  # the last step of `make site`
    return project


def page(project: Path, rel: str) -> str:
    return (project / rel).read_text(encoding="utf-8")


def test_the_line_items_page_has_every_record_with_its_anchor(built):
    md = page(built, "docs/budget-lines.md")
    built_page = page(built, "site/budget-lines/index.html")
    assert "# Budget lines" in md
    for rid in LINES:
        assert f"{{ #{rid} }}" in md, f"{rid} has no section on the page"
        assert f'id="{rid}"' in built_page
    assert "$38.5 million" in text_of(built_page) and "$36.2 million" in text_of(built_page)


def md_section(md: str, rid: str) -> str:
    """The Markdown of one record's section: from its heading to the next heading."""
    start = md.index(f"{{ #{rid} }}")
    end = re.compile(r"^#{1,3} ", re.MULTILINE).search(md, start)
    return md[start : end.start() if end else len(md)]


def cited(md: str, rid: str) -> list[tuple[str, str]]:
    """(source id, excerpt anchor) of every citation marker in a record's section, read from the
    page's footnotes: each must link to an excerpt on a source page."""
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", md, flags=re.MULTILINE))
    out = []
    for n in re.findall(r"\[\^(\d+)\](?!:)", md_section(md, rid)):
        target = re.search(r"\(sources/(src-[a-z0-9-]+)\.md#(cite-[a-z0-9-]+)\)", notes[n])
        assert target, f"{rid}: footnote {n} does not link to a source page's excerpt: {notes[n]}"
        out.append((target.group(1), target.group(2)))
    return out


def test_every_line_item_cites_its_source_excerpt_and_the_anchor_exists(built):
    md = page(built, "docs/budget-lines.md")
    built_page = page(built, "site/budget-lines/index.html")
    for rid in LINES:
        targets = cited(md, rid)
        assert targets, f"{rid}: no citation marker in its section"
        for source, anchor in targets:
            assert anchor.startswith(f"cite-{rid}-"), f"{rid}: a marker points at {anchor}"
            assert f'href="../sources/{source}/#{anchor}"' in built_page
            source_page = page(built, f"site/sources/{source}/index.html")
            assert f'id="{anchor}"' in source_page, f"{anchor} is not an anchor on {source}'s page"
    # Both texts cite the fire department's line: one marker each.
    assert {s for s, _ in cited(md, "line-fire-department")} == {
        "src-riverton-ledger-sample",
        "src-budget-watch-sample",
    }


def test_the_derived_fields_are_labelled_with_their_schema_titles(built):
    built_page = page(built, "site/budget-lines/index.html")
    ledger = text_of(section(built_page, "line-parks-libraries-ledger"))
    for label in LABELS:
        assert f"{label}:" in ledger, f"no {label!r} label in the record: {ledger}"
    assert "Amount as written: $38.5 million" in ledger
    assert "Budget year: 2027" in ledger
    assert "Change on the year before: up from $35 million this year" in ledger
    # The field declared in refs links to the record it names.
    assert 'href="../actors/#parks-libraries-department"' in section(built_page, "line-parks-libraries-ledger")
    # A field the record does not have is not shown empty.
    assert "Department:" not in text_of(section(built_page, "line-road-repairs"))


def test_disputed_line_items_link_to_their_disagreement(built):
    built_page = page(built, "site/budget-lines/index.html")
    for rid in ("line-parks-libraries-ledger", "line-parks-libraries-watch"):
        part = section(built_page, rid)
        assert "disputed" in text_of(part)
        assert 'href="../disagreements/#dis-parks-libraries-amount"' in part


def test_the_disagreement_page_shows_both_sides_with_their_sources(built):
    built_page = page(built, "site/disagreements/index.html")
    part = section(built_page, "dis-parks-libraries-amount")
    text = text_of(part)
    assert "Parks and libraries receive $38.5 million in 2027, up from $35 million this year" in text
    assert "Parks and libraries get $36.2 million, a rise of about 3 percent on this year" in text
    md = page(built, "docs/disagreements.md")
    assert {s for s, _ in cited(md, "dis-parks-libraries-amount")} == {
        "src-riverton-ledger-sample",
        "src-budget-watch-sample",
    }, "each side cites its own text"
    for source, anchor in cited(md, "dis-parks-libraries-amount"):
        assert f'id="{anchor}"' in page(built, f"site/sources/{source}/index.html")
    assert "../budget-lines/#line-parks-libraries-ledger" in part
    assert "../budget-lines/#line-parks-libraries-watch" in part
    # No table of open questions in this subject: no "By question" line, no "Other disagreements" heading.
    assert "By question" not in text_of(built_page) and "Other disagreements" not in text_of(built_page)


def test_a_subject_without_questions_has_no_question_pages(built):
    assert not (built / "docs" / "questions").exists() and not (built / "site" / "questions").exists()
    assert "Questions" not in text_of(section(page(built, "site/index.html"), "overview_sections"))


def test_the_other_tables_of_the_example_are_paged(built):
    figures = text_of(section(page(built, "site/figures/index.html"), "fig-total-budget-2027"))
    assert "$412 million" in figures and "million dollars" not in figures
    timeline = text_of(page(built, "site/timeline/index.html"))
    assert "“on Tuesday” (The Riverton Ledger)" in timeline
    actors = page(built, "site/actors/index.html")
    assert 'id="parks-libraries-department"' in actors and 'id="alex-moreno"' in actors


def test_the_search_index_finds_the_new_table(built):
    entries = read_fragments(built / "site")
    lines = [e for e in entries if e["meta"]["target"].endswith("#line-parks-libraries-watch")]
    assert lines, "no search entry for a budget line"
    assert "$36.2 million" in lines[0]["content"]
    assert any(e["meta"]["target"].endswith("#dis-parks-libraries-amount") for e in entries)


def test_the_site_speaks_of_the_example_subject_only(built):
    home = text_of(page(built, "site/index.html"))
    assert "Riverton" in home and "fictional" in home
    found = []
    for folder in (built / "docs", built / "site"):
        for file in sorted(folder.rglob("*")):
            if not file.is_file() or file.suffix not in PAGE_SUFFIXES:
                continue
            for match in GAZA.finditer(file.read_text(encoding="utf-8", errors="replace")):
                found.append(f"{file.relative_to(built)}: {match.group(0)!r}")
    assert not found, "words of the Gaza subject on the example's pages:\n" + "\n".join(found[:20])


def test_the_example_itself_has_no_word_of_the_gaza_subject():
    found = [
        f"{file.relative_to(EXAMPLE)}: {match.group(0)!r}"
        for file in sorted(EXAMPLE.rglob("*"))
        if file.is_file() and "__pycache__" not in file.parts
        for match in GAZA.finditer(file.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_the_example_core_schemas_are_the_engine_ones():
    """The core tables' schemas are the engine's, as `make new` copies them: a change there must
    reach the example too (copy the file), or the example tests an engine that no longer is."""
    for name in CORE_SCHEMAS:
        assert (EXAMPLE / name).read_bytes() == (ROOT / name).read_bytes(), f"copy {name} to examples/city-budget/"


def test_the_sample_texts_say_they_are_fictional_samples():
    sources = (EXAMPLE / "data" / "sources.yaml").read_text(encoding="utf-8")
    assert "url:" not in sources
    for seed in sorted((EXAMPLE / "seeds").glob("*.txt")):
        assert seed.read_text(encoding="utf-8").startswith("SAMPLE TEXT: written for the tests"), seed.name
    assert sources.count("(fictional)") == 2 and sources.count("it is not a real article") == 2


def test_the_data_page_and_downloads_hold_the_new_table(built):
    assert (built / "docs" / "downloads" / "line_items.csv").is_file()
    assert (built / "docs" / "downloads" / "line_items.json").is_file()
    assert "line-parks-libraries-watch" in page(built, "docs/downloads/line_items.json")
    assert "[JSON](downloads/line_items.json)" in page(built, "docs/data.md")


def test_generating_twice_gives_byte_identical_docs(built, tmp_path):
    first = tree(built / "docs")
    ok(generate(built))
    assert tree(built / "docs") == first, "a second run in the same project changed docs/"
    other = example_project(tmp_path / "again")
    ok(generate(other))
    second = tree(other / "docs")
    assert sorted(second) == sorted(first)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"two projects made from the same files differ in: {differ}"


# --- the registry's messages for editors' mistakes --------------------------------------------

RECORD_TYPE = '''
"""A record type for line_items, declared by hand (the registry checks it against the schema)."""

from __future__ import annotations

from dataclasses import dataclass

from explainer.model.facts import Claim


@dataclass(frozen=True, kw_only=True)
class LineItem(Claim):
    table, singular = "line_items", "budget line"
    label: str
    summary: str
    amount: str
    year: int
    department: str | None = None
    amount_number: float | None = None
    change: str | None = None
'''


def declare(project: Path, old: str, new: str) -> None:
    subject = project / "scripts" / "subject.py"
    text = subject.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in the example's subject.py"
    subject.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_record_type(project: Path, record_type: str) -> None:
    (project / "scripts" / "line_item.py").write_text(record_type, encoding="utf-8")
    declare(
        project,
        "from explainer.model.registry import",
        "from scripts.line_item import LineItem\nfrom explainer.model.registry import",
    )
    declare(
        project, 'refs={"department": ("actors",)},', 'refs={"department": ("actors",)},\n            record=LineItem,'
    )


def refused(step: subprocess.CompletedProcess, *words: str) -> str:
    """The line of a failed check's output that holds all `words`; it must name the table and
    say how to fix it, and the check must fail with messages, never a traceback."""
    out = step.stdout + step.stderr
    assert step.returncode == 1, f"the check did not fail with its problems (exit {step.returncode}):\n{out}"
    assert "Traceback" not in out, out
    line = next((line for line in out.splitlines() if all(w in line for w in words)), "")
    assert line, f"no message names {words}:\n{out}"
    assert "line_items" in line, f"the message does not name the table: {line}"
    assert "(fix: " in line, f"the message does not say how to fix it: {line}"
    return line


@pytest.fixture
def project(tmp_path) -> Path:
    return example_project(tmp_path / "project")


def add_field(project: Path, name: str, prop: dict, value: str) -> None:
    """A field added to line_items' schema, and its value to the reserve fund's record."""
    schema_file = project / "data" / "schema" / "line_items.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["items"]["properties"][name] = prop
    schema_file.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    data = project / "data" / "line_items.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(
        text.replace('  amount: "$2.5 million"\n', f'  amount: "$2.5 million"\n  {name}: "{value}"\n'), "utf-8"
    )


def test_a_field_added_to_the_schema_of_a_derived_table_is_shown(project):
    """Adding a field to a table without a record type is one edit to its schema (and the data)."""
    add_field(project, "fund", {"$ref": "common.schema.json#/$defs/short_text", "title": "Paid from"}, "the reserves")
    ok(check(project))
    ok(generate(project))
    part = md_section(page(project, "docs/budget-lines.md"), "line-reserve-fund")
    assert "- **Paid from:** the reserves" in part, part


def test_a_field_the_sources_do_not_give_is_left_out_and_the_page_says_so_once(project):
    """`unknown` is what the data says where a source is silent; the page leaves the field out of
    the record and says once, above the records, that it does."""
    add_field(project, "fund", {"$ref": "common.schema.json#/$defs/short_text", "title": "Paid from"}, "unknown")
    ok(check(project))
    ok(generate(project))
    listing = page(project, "docs/budget-lines.md")
    assert "Paid from:" not in md_section(listing, "line-reserve-fund")
    assert listing.count("is left out of the record; the downloads write it as *unknown*.") == 1, listing
    assert '"fund":"unknown"' in page(project, "docs/downloads/line_items.json")


def test_the_two_amounts_for_one_line_must_be_settled(project):
    """The dispute check pairs the two parks and libraries records (same `about`, different
    sources) in a table the engine has never heard of: without their disagreement, no build."""
    (project / "data" / "disagreements.yaml").write_text(
        "# yaml-language-server: $schema=schema/disagreements.schema.json\n[]\n", encoding="utf-8"
    )
    for name in ("line_items", "story"):
        data = project / "data" / f"{name}.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace('status: "disputed"', 'status: "current"'), "utf-8")
    step = check(project)
    out = step.stdout + step.stderr
    assert step.returncode == 1 and "Traceback" not in out, out
    line = next((line for line in out.splitlines() if "possible disagreement" in line), "")
    assert "line-parks-libraries-watch" in line and "line-parks-libraries-ledger" in line, out


def test_a_complete_record_type_is_accepted(project):
    with_record_type(project, RECORD_TYPE)
    ok(check(project))


def test_a_schema_field_the_record_type_lacks_is_reported(project):
    with_record_type(project, RECORD_TYPE.replace("    change: str | None = None\n", ""))
    line = refused(check(project), "'change'", "LineItem")
    assert line.startswith("data/schema/line_items.schema.json:"), line
    assert "add `change" in line, line


def test_a_table_declared_without_its_schema_file_is_reported(project):
    (project / "data" / "schema" / "line_items.schema.json").unlink()
    step = check(project)
    line = refused(step, "has no schema")
    assert "create data/schema/line_items.schema.json" in line, line
    assert "not a known table" not in step.stdout + step.stderr, "a declared table is called unknown"


def test_a_ref_to_an_undeclared_table_is_reported(project):
    declare(project, 'refs={"department": ("actors",)},', 'refs={"department": ("departments",)},')
    line = refused(check(project), "'departments'", "not a declared table")
    assert line.startswith("scripts/subject.py:"), line
    assert "refs['department']" in line, line


# --- the README's "Add a table", followed word for word on a fresh project -------------------

FENCE = re.compile(r'^( *)```[a-z]+ title="([^"]+)"\n(.*?)^\1```$', re.MULTILINE | re.DOTALL)


def readme_steps() -> dict[str, str]:
    """The code blocks of the README's "Add a table" section, by the file each is for, without
    the indentation of the list item they sit in."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Add a table\n")
    end = readme.find("\n## ", start + 1)
    part = readme[start : end if end > 0 else len(readme)]
    blocks = {}
    for indent, path, body in FENCE.findall(part):
        blocks[path] = "".join(line.removeprefix(indent) for line in body.splitlines(True))
    return blocks


def insert(path: Path, before: str | None, after: str | None, text: str) -> None:
    """Put `text` on the lines before the first line holding `before`, or after the first line
    that is exactly `after`: where the README says."""
    lines = path.read_text(encoding="utf-8").splitlines(True)
    if before is not None:
        at = next(i for i, line in enumerate(lines) if before in line)
    else:
        at = next(i for i, line in enumerate(lines) if line.strip() == after) + 1
    path.write_text("".join(lines[:at]) + text + "".join(lines[at:]), encoding="utf-8")


def add_table_as_the_readme_says(project: Path, typed: bool = False) -> None:
    """The four steps; `typed`: with the README's record type and typed declaration in step 3."""
    steps = readme_steps()
    assert sorted(steps) == [
        "data/schema/tasks.schema.json",
        "data/tasks.yaml",
        "mkdocs.yml",
        "scripts/subject.py",
        "scripts/subject.py, typed",
        "scripts/tasks.py",
    ]
    (project / "data" / "schema" / "tasks.schema.json").write_text(steps["data/schema/tasks.schema.json"], "utf-8")
    (project / "data" / "tasks.yaml").write_text(steps["data/tasks.yaml"], encoding="utf-8")
    subject = project / "scripts" / "subject.py"
    insert(
        subject, "tables.disagreements(", None, steps["scripts/subject.py, typed" if typed else "scripts/subject.py"]
    )
    if typed:
        (project / "scripts" / "tasks.py").write_text(steps["scripts/tasks.py"], encoding="utf-8")
        insert(subject, "SUBJECT = Subject(", None, "from . import tasks\n\n")
    insert(project / "mkdocs.yml", None, "- Overview: index.md", steps["mkdocs.yml"])


@pytest.fixture
def fresh(tmp_path) -> Path:
    project = new_project(tmp_path / "fresh", name="Fresh subject")
    ok(check(project))  # the new project passes before the table is added
    return project


def test_the_readme_steps_add_a_table_to_a_fresh_project(fresh):
    add_table_as_the_readme_says(fresh)
    ok(check(fresh))
    ok(generate(fresh))
    ok(mkdocs(fresh))
    md = page(fresh, "docs/tasks.md")
    assert "# Tasks" in md and "## Replace the sample source { #task-replace-the-sample }" in md
    assert [s for s, _ in cited(md, "task-replace-the-sample")] == ["src-sample"]
    built_page = page(fresh, "site/tasks/index.html")
    part = text_of(section(built_page, "task-replace-the-sample"))
    assert "Command to run: make add-source" in part
    assert "The sample source is to be replaced by a real text" in part
    for source, anchor in cited(md, "task-replace-the-sample"):
        assert f'id="{anchor}"' in page(fresh, f"site/sources/{source}/index.html")
    assert "what is to be done" in page(fresh, "docs/index.md"), "the home page's Sections list lacks the table"
    assert "[JSON](downloads/tasks.json)" in page(fresh, "docs/data.md")
    assert '"task-replace-the-sample"' in page(fresh, "docs/downloads/tasks.json")


def mypy(project: Path) -> subprocess.CompletedProcess:
    """`make lint`'s type check, in the project (its pyproject.toml says what it checks).

    The runs of a test session share one cache (the engine's and the standard library's types
    are the same for every project: a cold run took 2.7 s, a warm one 0.2 s), one run at a time."""
    with exclusive("mypy") as folder:
        return subprocess.run(
            [PY, "-m", "mypy"],
            check=False,
            cwd=project,
            env={**env(), "MYPY_CACHE_DIR": str(folder / "mypy-cache")},
            capture_output=True,
            text=True,
            timeout=600,
        )


def test_the_readme_typed_declaration_passes_mypy_and_mypy_catches_a_slip(fresh):
    add_table_as_the_readme_says(fresh, typed=True)
    ok(check(fresh))
    ok(generate(fresh))
    assert "## Replace the sample source (make add-source) { #task-replace-the-sample }" in page(fresh, "docs/tasks.md")
    ok(mypy(fresh))
    subject = fresh / "scripts" / "subject.py"
    subject.write_text(subject.read_text(encoding="utf-8").replace("task.task.casefold()", "task.tsk.casefold()"))
    slip = mypy(fresh)
    assert slip.returncode == 1, slip.stdout
    assert '"Task" has no attribute "tsk"' in slip.stdout, slip.stdout


def test_the_readme_record_type_is_checked_against_the_schema(fresh):
    add_table_as_the_readme_says(fresh, typed=True)
    tasks = fresh / "scripts" / "tasks.py"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("    command: str | None = None\n", ""), "utf-8")
    out = check(fresh)
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr
    assert "'command'" in out.stdout + out.stderr and "Task" in out.stdout + out.stderr


def test_a_plain_lambda_heading_passes_mypy_in_a_subject(fresh):
    """The issue's `heading=lambda record, facts: record.councillor` in a plain Table(...) of a
    subject: accepted by mypy (unchecked), where it failed with "Record" has no attribute."""
    add_table_as_the_readme_says(fresh)
    subject = fresh / "scripts" / "subject.py"
    text = subject.read_text(encoding="utf-8")
    subject.write_text(
        text.replace('heading_field="task",', "heading=lambda record, facts: record.task,"), encoding="utf-8"
    )
    ok(mypy(fresh))
    ok(check(fresh))


# --- sources that are not news, a subject without questions, dates shown one way ----------------


def test_a_subject_s_sources_are_called_what_it_declares(project):
    declare(
        project, "from explainer.model.registry import Search,", "from explainer.model.registry import Noun, Search,"
    )
    declare(project, "    tables=(", '    source_noun=Noun("document", "documents", "DigitalDocument"),\n    tables=(')
    ok(check(project))
    ok(generate(project))
    index = page(project, "docs/sources/index.md")
    assert "The documents the fact base is built from." in index and "The articles" not in index
    ledger = page(project, "docs/sources/src-riverton-ledger-sample.md")
    assert "| About the document | As the text gives it |" in ledger
    assert "The words of this document that the site cites" in ledger
    watch = page(project, "docs/sources/src-budget-watch-sample.md")
    assert "the document gives no date" in watch
    home = page(project, "docs/index.md")
    assert "the words of the document it comes from" in home and "the 2 documents everything here comes from" in home
    timeline = page(project, "docs/timeline.md")
    assert "- **When, as the document wrote it:**" in timeline and "article" not in timeline
    assert "reporting its documents make up" in page(project, "docs/data.md")
    assert "| sources | The documents: outlet, title, date, kind |" in page(project, "docs/data.md")
    # The page metadata: a NewsArticle only for a news report; the other source is what the subject says.
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', home).group(1))  # type: ignore[union-attr]
    types = {c["identifier"]: c["@type"] for c in data["citation"]}
    assert types == {"src-riverton-ledger-sample": "NewsArticle", "src-budget-watch-sample": "DigitalDocument"}


def test_a_subject_without_questions_has_no_sentence_about_them(fresh):
    """A project made by `make new` has no table of open questions: its Disagreements page, with
    the engine's own intro, says nothing of them."""
    md = page(fresh, "docs/disagreements.md")
    intro = md.split("\n\n")[2]
    assert intro.startswith("Where the articles give accounts of the same thing that cannot both be true. "), intro
    assert "question" not in md.casefold()


def test_dates_are_shown_one_way_on_pages_and_iso_in_the_downloads(project):
    add_field(
        project, "adopted", {"$ref": "common.schema.json#/$defs/date_or_unknown", "title": "Adopted"}, "2031-03-03"
    )
    ok(check(project))
    ok(generate(project))
    assert "- **Adopted:** 3 March 2031" in md_section(page(project, "docs/budget-lines.md"), "line-reserve-fund")
    assert "\n## 1 December 2026 {" in page(project, "docs/changes.md")
    assert '"adopted":"2031-03-03"' in page(project, "docs/downloads/line_items.json"), "ISO in the downloads"
    assert "2026-12-01" in page(project, "docs/changes.xml"), "and in the feed's machine dates"
