"""The preview's banner and its page rewriting, without a server (the browser test runs the real one)."""

from __future__ import annotations

import logging

from explainer.load.problems import Problem
from explainer.preview import messages as preview_messages

PAGE = (
    b'<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src '
    b"'self' 'sha256-abc='; style-src 'self'\"></head><body><div>"
    b'<article class="md-content__inner md-typeset"><h1>T</h1></article></div>'
    b"<script>var x = 1;</script></body></html>"
)


def test_banner_lists_each_problem_escaped():
    problems = (
        Problem(
            "data/a.yaml", 3, 5, "is <b>bad</b>", record="figure 'f&g'", field="cite[0].excerpt", fix='write "x" & <y>'
        ),
    )
    html = preview_messages.banner_html(problems)
    assert "<b>" not in html and "&lt;b&gt;bad&lt;/b&gt;" in html
    assert "<code>data/a.yaml:3:5</code> figure &#x27;f&amp;g&#x27;: <strong>cite[0].excerpt</strong>" in html
    assert "Fix: write &quot;x&quot; &amp; &lt;y&gt;" in html
    assert "1 problem in the data" in html


def test_warnings_alone_get_a_milder_banner_and_with_problems_are_marked():
    hedge = Problem("data/a.yaml", 4, 9, "drops a hedge", record="figure 'f'", field="value", warning=True)
    alone = preview_messages.banner_html((hedge,))
    assert 'class="admonition warning"' in alone and "1 warning: the pages were regenerated" in alone
    assert "nothing was regenerated" not in alone
    error = Problem("data/a.yaml", 2, 1, "is not valid YAML")
    both = preview_messages.banner_html((error, hedge))
    assert 'class="admonition danger"' in both and "1 problem in the data: nothing was regenerated" in both
    assert "warning: <strong>value</strong> drops a hedge" in both


def test_decorate_puts_the_banner_first_in_the_content_and_leaves_the_policy_alone():
    """The live-reload script is a same-origin file (explainer/preview/server.py): the page's
    Content-Security-Policy is served as built, and still lets no inline script run."""
    problem = Problem("data/a.yaml", 1, 1, "is wrong")
    out = preview_messages.decorate(PAGE, (problem,))
    assert b'<article class="md-content__inner md-typeset"><div class="admonition danger" id="preview-problems"' in out
    assert out.replace(preview_messages.banner_html((problem,)).encode(), b"") == PAGE
    assert preview_messages.decorate(PAGE, ()) == PAGE


def test_the_dirty_build_warning_is_dropped():
    keep = preview_messages._OnceDirty()
    record = logging.LogRecord(
        "mkdocs.commands.build",
        logging.WARNING,
        "",
        0,
        "A 'dirty' build is being performed, this will likely lead to ...",
        None,
        None,
    )
    other = logging.LogRecord("mkdocs.commands.build", logging.WARNING, "", 0, "Doc file 'x.md' has a link", None, None)
    assert not keep.filter(record) and keep.filter(other)


def test_banner_keeps_the_cause_first_and_ends_with_the_held_back_line():
    cause = Problem("data/zones.yaml", 2, 1, "is not valid YAML")
    other = Problem("data/troop_offers.yaml", 4, 11, "is wrong")
    html = preview_messages.banner_html((cause, other), held="3 more problems held back: <they> follow")
    assert html.index("data/zones.yaml:2:1") < html.index("data/troop_offers.yaml:4:11")
    assert html.endswith('<li class="preview-held">3 more problems held back: &lt;they&gt; follow</li></ul></div>')


def test_the_preview_shows_what_make_check_shows_in_its_order(tmp_path, monkeypatch, capsys):
    """serve.regenerate hands the banner DataError's order (the unreadable file first, though its
    name sorts last) and its held-back line, as the terminal prints them."""
    from explainer.preview import serve

    from .conftest import make_project, write

    project = make_project(tmp_path / "project")
    text = (project / "data" / "figures.yaml").read_text(encoding="utf-8")
    (project / "data" / "figures.yaml").write_text(text.replace("source: src-two", "source: nowhere", 1))
    actors = (project / "data" / "actors.yaml").read_text(encoding="utf-8")
    write(project, "data/zones.yaml", "- id: a\n\tname: b\n")
    (project / "data" / "actors.yaml").write_text(actors.replace("- id: ", "- id:\n\t", 1))  # offers name an actor
    shown: dict = {}
    monkeypatch.setattr(
        preview_messages,
        "show",
        lambda problems, pages_changed=False, held="": shown.update(problems=list(problems), held=held),
    )
    serve.regenerate(project)
    printed = capsys.readouterr().out.strip().splitlines()
    banner = [str(p) for p in shown["problems"]]
    assert banner[0].startswith("data/actors.yaml:") and banner[1].startswith("data/zones.yaml:"), banner
    assert banner[2].startswith("data/figures.yaml:"), banner
    assert banner == printed[: len(banner)]
    assert shown["held"] and printed[len(banner)] == shown["held"] and "held back" in shown["held"]
