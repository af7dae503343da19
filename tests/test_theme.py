"""The site's theme (explainer/publish/theme.py): the engine's files served from the package, the
project's overrides/ on top, written into .explainer/theme/ by every generate, and nothing else."""

from __future__ import annotations

from pathlib import Path

from explainer.generate import generate
from explainer.publish import theme

from .conftest import write_files
from .sitebuild import make_project


def engine_theme(tmp: Path) -> Path:
    files = {"main.html": "<main>\n", "stylesheets/extra.css": "a {}\n", "javascripts/x.js": "x();\n"}
    return write_files(tmp / "engine-theme", files)


def test_the_projects_overrides_replace_and_add_to_the_engines_theme(tmp_path):
    engine, root = engine_theme(tmp_path), tmp_path / "project"
    (root / "overrides" / "stylesheets").mkdir(parents=True)
    (root / "overrides" / "stylesheets" / "extra.css").write_text("a { color: red }\n", encoding="utf-8")
    (root / "overrides" / "stylesheets" / "ours.css").write_text("b {}\n", encoding="utf-8")
    assert theme.write(root, engine) == [
        "javascripts/x.js",
        "main.html",
        "stylesheets/extra.css",
        "stylesheets/ours.css",
    ]
    served = root / theme.TARGET
    assert (served / "stylesheets/extra.css").read_text(encoding="utf-8") == "a { color: red }\n"
    assert (served / "main.html").read_text(encoding="utf-8") == "<main>\n"
    assert theme.write(root, engine) == [], "nothing changed: nothing written"


def test_a_removed_override_brings_the_engines_file_back_and_nothing_outside_is_touched(tmp_path):
    engine, root = engine_theme(tmp_path), tmp_path / "project"
    (root / "overrides").mkdir(parents=True)
    (root / "overrides" / "main.html").write_text("<ours>\n", encoding="utf-8")
    (root / "overrides" / "extra.html").write_text("<extra>\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "keep.md").write_text("hand-written\n", encoding="utf-8")
    theme.write(root, engine)
    (root / "overrides" / "main.html").unlink()
    (root / "overrides" / "extra.html").unlink()
    assert theme.write(root, engine, dry_run=True) == ["extra.html", "main.html"]
    assert (root / theme.TARGET / "main.html").read_text(encoding="utf-8") == "<ours>\n", "a dry run writes nothing"
    assert theme.write(root, engine) == ["extra.html", "main.html"]
    assert (root / theme.TARGET / "main.html").read_text(encoding="utf-8") == "<main>\n"
    assert not (root / theme.TARGET / "extra.html").exists()
    assert (root / "overrides").is_dir() and (root / "docs" / "keep.md").read_text(encoding="utf-8") == "hand-written\n"


def test_generate_serves_the_engines_theme_and_a_dry_run_does_not(tmp_path):
    root = make_project(tmp_path / "site")
    generate(root, dry_run=True)
    assert not (root / theme.TARGET).exists()
    report = generate(root)
    engine = sorted(theme.engine_files())
    assert engine and report.theme == engine
    for rel, src in theme.engine_files().items():
        assert (root / theme.TARGET / rel).read_bytes() == src.read_bytes(), rel
    assert generate(root).theme == []
