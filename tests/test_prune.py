"""explainer/publish/prune.py: after the build, the theme's files no reader fetches (Material's lunr
language files, source maps) leave the site, and nothing else does."""

from __future__ import annotations

from pathlib import Path

from explainer.publish.prune import prune


def test_only_the_themes_unfetched_files_leave_the_site(tmp_path: Path):
    site = tmp_path / "site"
    files = {
        "index.html": "<html></html>",
        "assets/javascripts/bundle.min.js": "x();\n//# sourceMappingURL=bundle.min.js.map",
        "assets/javascripts/bundle.min.js.map": "{}" * 50,
        "assets/stylesheets/main.min.css.map": "{}",
        "assets/javascripts/lunr/min/lunr.de.min.js": "de",
        "assets/javascripts/workers/search.min.js": "w",  # named in every page's config: kept
        "javascripts/ours.js.map": "{}",  # a project's file, not the theme's: kept
        "pagefind/pagefind.js": "p",
    }
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    removed, size = prune(site)
    assert removed == 3 and size == 100 + 2 + 2
    left = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert left == [
        "assets/javascripts/bundle.min.js",
        "assets/javascripts/workers/search.min.js",
        "index.html",
        "javascripts/ours.js.map",
        "pagefind/pagefind.js",
    ]
    assert prune(site) == (0, 0), "a second run finds nothing"
