"""make add-source: a new text copied into seeds/ byte for byte, its record appended with the
seed's SHA-256; afterwards a change to the seed's bytes fails the check, at the record's line."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explainer import generate
from explainer.desk import add_source

from .conftest import ROOT, make_project

# CRLF line ends, a BOM-less UTF-8 text with a narrow no-break space: all must arrive unchanged.
ARTICLE = "Headline\r\n\r\nOfficials said the force would be 1,500\u2011strong by “Phase\u202f2”.\r\n".encode("utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def add(root: Path, article: Path, *extra: str) -> int:
    return add_source.main(
        [
            "--root",
            str(root),
            "--file",
            str(article),
            "--id",
            "src-new-article",
            "--outlet",
            "The Example Times",
            "--kind",
            "news report",
            *extra,
        ]
    )


def test_add_source_copies_the_bytes_and_appends_the_record(root, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE)
    sources = root / "data" / "sources.yaml"
    before = sources.read_bytes()
    assert add(root, article) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    digest = hashlib.sha256(ARTICLE).hexdigest()
    name = "000_src-new-article.txt"  # the fixture's seeds are not numbered, so this is the first
    assert (root / "seeds" / name).read_bytes() == ARTICLE
    after = sources.read_bytes()
    assert after.startswith(before), "the existing records are left byte for byte"
    assert after[len(before) :].decode() == (
        f'\n- id: "src-new-article"\n  seed: "{name}"\n  sha256: "{digest}"\n  outlet: "The Example Times"\n'
        '  title: "unknown"\n  published: "unknown"\n  kind: "news report"\n'
    )
    line = before.count(b"\n") + 2
    assert f"data/sources.yaml:{line}: its record" in out
    assert generate.main(["check", "--root", str(root)]) == 0
    generate.main(["generate", "--root", str(root), "-q"])
    page = (root / "docs" / "sources" / "src-new-article.md").read_text(encoding="utf-8")
    verify = page.split('<details class="verify"', 1)[1].split("</details>", 1)[0]
    assert f"- **SHA-256 of its bytes:** `{digest}`" in verify


def test_add_source_refuses_bad_values_all_at_once_and_writes_nothing(root, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_bytes((root / "seeds" / "one.txt").read_bytes())  # already a seed
    files = {p: p.read_bytes() for p in [*(root / "seeds").iterdir(), *(root / "data").glob("*.yaml")]}
    status = add_source.main(
        [
            "--root",
            str(root),
            "--file",
            str(article),
            "--id",
            "src-one",
            "--outlet",
            "",
            "--kind",
            "blog",
            "--published",
            "2025-02-30",
        ]
    )
    assert status == 1
    err = capsys.readouterr().err
    for expected in (
        "OUTLET is missing",
        "KIND=blog: must be one of: news report, analysis",
        "PUBLISHED=2025-02-30",
        "ID=src-one: already the id of a record in data/sources.yaml:2",
        f"FILE={article}: has exactly the bytes of seeds/one.txt, the seed of source 'src-one' "
        "(data/sources.yaml:2); cite src-one instead",
        "nothing was written",
    ):
        assert expected in err, err
    assert {p: p.read_bytes() for p in [*(root / "seeds").iterdir(), *(root / "data").glob("*.yaml")]} == files


def test_add_source_refuses_a_text_that_is_not_utf8(root, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_bytes(b"caf\xe9\n")
    assert add(root, article) == 1
    assert "is not UTF-8 (byte 3)" in capsys.readouterr().err
    assert sorted(p.name for p in (root / "seeds").iterdir()) == ["one.txt", "two.txt"]


def test_a_broken_sources_file_is_named_as_the_cause_before_anything_is_written(root, tmp_path, capsys):
    """Not "did not read back as intended; it was restored", as if the command had broken it."""
    sources = root / "data" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + "- id: src-x\n\toutlet: y\n", encoding="utf-8")
    files = {p: p.read_bytes() for p in [*(root / "seeds").iterdir(), *(root / "data").glob("*.yaml")]}
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE)
    assert add(root, article) == 1
    err = capsys.readouterr().err
    assert "data/sources.yaml has problems to fix first" in err and "indent with spaces, not tabs" in err, err
    assert "read back" not in err and "restored" not in err, err
    assert {p: p.read_bytes() for p in [*(root / "seeds").iterdir(), *(root / "data").glob("*.yaml")]} == files


def test_add_source_asks_for_what_is_missing(root, tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE)
    result = subprocess.run(
        [sys.executable, "-m", "explainer.desk.add_source", "--root", str(root), "--interactive", "--kind", "analysis"],
        input=f"{article}\nsrc-asked\nunknown\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert 'id: "src-asked"' in (root / "data" / "sources.yaml").read_text(encoding="utf-8")
    assert 'kind: "analysis"' in (root / "data" / "sources.yaml").read_text(encoding="utf-8")


def test_a_changed_seed_fails_the_check_naming_seed_and_record_at_file_line(root, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE)
    assert add(root, article) == 0
    capsys.readouterr()
    [seed] = [p for p in (root / "seeds").iterdir() if p.name.startswith("000_")]
    seed.write_bytes(ARTICLE.replace("1,500\u2011strong".encode(), b"1,500-strong"))  # "tidied" by someone
    assert generate.main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    lines = (root / "data" / "sources.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "sha256:" in text)
    assert f"data/sources.yaml:{line}:11: source 'src-new-article': sha256 does not match seeds/{seed.name}" in err
    assert "the seed's bytes have changed since this source was recorded" in err
    assert f"git checkout -- seeds/{seed.name}" in err and "make add-source" in err


@pytest.mark.parametrize(("convert", "now"), [(lambda b: b.replace(b"\r\n", b"\n"), "LF"), (None, "CRLF")])
def test_a_seed_whose_line_endings_were_converted_is_named_as_such(root, tmp_path, capsys, convert, now):
    """git's core.autocrlf (or an editor) converts a seed's line endings: the check says so, not only
    that the hash differs."""
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE if convert is not None else ARTICLE.replace(b"\r\n", b"\n"))
    assert add(root, article) == 0
    capsys.readouterr()
    [seed] = [p for p in (root / "seeds").iterdir() if p.name.startswith("000_")]
    data = seed.read_bytes()
    seed.write_bytes(convert(data) if convert is not None else data.replace(b"\n", b"\r\n"))
    assert generate.main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"seeds/{seed.name}, whose line endings are now {now}" in err, err
    assert "-text' to .gitattributes" in err and "changed since this source was recorded" not in err, err


def test_every_real_source_records_its_seed_hash():
    from explainer.load.load import load_table

    table = load_table(ROOT / "data" / "sources.yaml", "data/sources.yaml", [])
    assert table is not None and table.records
    for raw in table.records:
        seed = ROOT / "seeds" / raw.data["seed"]
        assert raw.data.get("sha256") == hashlib.sha256(seed.read_bytes()).hexdigest(), raw.data["id"]


# --- asking: title and date too, and again after a bad answer ------------------------------------


def ask(root: Path, answers: list[str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "explainer.desk.add_source", "--root", str(root), "--interactive", *args],
        input="".join(a + "\n" for a in answers),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def last_record(root: Path) -> str:
    text = (root / "data" / "sources.yaml").read_text(encoding="utf-8")
    return text[text.rindex("\n- id:") + 1 :]


def test_a_bad_answer_is_asked_again_and_the_good_ones_are_kept(root, tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE)
    answers = [
        str(tmp_path / "no-such-file.txt"),  # no such file: asked again
        str(article),
        "Src New",  # not a slug: asked again
        "src-one",  # taken: asked again
        "src-asked",
        "The Example Times",
        "blog",  # not a kind: asked again
        "analysis",
        "",  # title: Enter keeps unknown
        "2025-02-30",  # not a date: asked again
        "2025-03-01",
    ]
    result = ask(root, answers)
    assert result.returncode == 0, result.stdout + result.stderr
    for said in (
        "no-such-file.txt: no such file",
        "Src New: an id is a lowercase slug",
        "src-one: already the id of a record in data/sources.yaml:2",
        "blog: must be one of: news report, analysis",
        "2025-02-30: write a real date as YYYY-MM-DD",
    ):
        assert said in result.stdout + result.stderr, said
    assert "Title as the text gives it (Enter: unknown): " in result.stdout
    assert "Published, YYYY-MM-DD as the text gives it (Enter: unknown): " in result.stdout
    assert last_record(root) == (
        '- id: "src-asked"\n  seed: "000_src-asked.txt"\n'
        f'  sha256: "{hashlib.sha256(ARTICLE).hexdigest()}"\n  outlet: "The Example Times"\n'
        '  title: "unknown"\n  published: "2025-03-01"\n  kind: "analysis"\n'
    )


def test_a_bad_value_on_the_command_line_is_asked_again_in_a_terminal(root, tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE)
    args = ["--file", str(article), "--id", "src-cli", "--outlet", "X", "--kind", "blog"]
    result = ask(root, ["news report", "A headline", ""], *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KIND=blog: must be one of" in result.stdout + result.stderr
    assert 'kind: "news report"' in last_record(root) and 'title: "A headline"' in last_record(root)
    assert 'published: "unknown"' in last_record(root)


def test_asking_in_a_real_terminal(root, tmp_path):
    """Without --interactive, a terminal on stdin is what makes it ask (a pseudo-terminal here)."""
    import pty

    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "explainer.desk.add_source", "--root", str(root), "--file", str(article)],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    os.close(follower)
    for answer in ("src-typed", "unknown", "other", "", ""):
        os.write(leader, answer.encode() + b"\n")
    out, _ = proc.communicate(timeout=60)
    os.close(leader)
    assert proc.returncode == 0, out.decode()
    assert b"Id of the new source (src-...): " in out
    assert b"Title as the text gives it (Enter: unknown): " in out
    assert 'id: "src-typed"' in last_record(root) and 'kind: "other"' in last_record(root)


def test_an_html_text_is_added_with_a_warning_naming_what_it_found(root, tmp_path, capsys):
    article = tmp_path / "page.html"
    article.write_text(
        "<html><body>\n<p>The council met on Tuesday &amp; voted.</p>\n"
        "See [the minutes](https://example.org/minutes).\n</body></html>\n",
        encoding="utf-8",
    )
    assert add(root, article) == 0
    err = capsys.readouterr().err
    assert f"warning: FILE={article}: holds markup, not only the text a reader reads" in err, err
    for found in ("line 1: the HTML tag <html>", "line 2: the HTML entity &amp;", "line 3: the Markdown link"):
        assert found in err, err
    assert "save the text as a reader reads it" in err


def test_an_html_text_is_not_added_when_the_editor_says_no(root, tmp_path):
    article = tmp_path / "page.html"
    article.write_text("<p>The council met on Tuesday.</p>\n", encoding="utf-8")
    before = (root / "data" / "sources.yaml").read_bytes()
    result = ask(root, [str(article), "n"], "--id", "src-page", "--outlet", "X", "--kind", "other")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Add it as it is? [y/N] " in result.stdout
    assert (root / "data" / "sources.yaml").read_bytes() == before
    assert sorted(p.name for p in (root / "seeds").iterdir()) == ["one.txt", "two.txt"]


def test_plain_text_with_an_ampersand_or_a_less_than_sign_is_no_markup(root, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text("AT&T said fewer than 5 < 7 councillors [sic] agreed.\n", encoding="utf-8")
    assert add(root, article) == 0
    assert "warning" not in capsys.readouterr().err


def test_a_folder_given_as_the_file_is_named_as_a_folder(root, tmp_path, capsys):
    assert add(root, tmp_path) == 1
    err = capsys.readouterr().err
    assert f"FILE={tmp_path}: is a folder" in err and "no such file" not in err, err
