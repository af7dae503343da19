"""make add-source: a new text copied into seeds/ byte for byte, its record appended with the
seed's SHA-256; afterwards a change to the seed's bytes fails the check, at the record's line."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from explainer import add_source, generate

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
    name = f"000_{digest[:16]}.txt"  # the fixture's seeds are not numbered, so this is the first
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
        "seeds/one.txt already has exactly these bytes",
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


def test_add_source_asks_for_what_is_missing(root, tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE)
    result = subprocess.run(
        [sys.executable, "-m", "explainer.add_source", "--root", str(root), "--interactive", "--kind", "analysis"],
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


def test_every_real_source_records_its_seed_hash():
    from explainer.load import load_table

    table = load_table(ROOT / "data" / "sources.yaml", "data/sources.yaml", [])
    assert table is not None and table.records
    for raw in table.records:
        seed = ROOT / "seeds" / raw.data["seed"]
        assert raw.data.get("sha256") == hashlib.sha256(seed.read_bytes()).hexdigest(), raw.data["id"]
