"""explainer/publish/compact.py: after the build, the templates' blank lines between tags leave the
pages, and nothing a browser draws, a reader copies or a search reads changes."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

from hypothesis import given, strategies as st

from explainer.publish.compact import compact, compact_html

from . import fuzzing  # noqa: F401  (loads the fast or long Hypothesis profile)

KEPT = ("pre", "textarea", "script", "style")


class _Events(html.parser.HTMLParser):
    """What a browser builds from a page, for comparing two: the tags with their attributes, the
    text as HTML collapses its white space, and the inside of the kept elements as written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []
        self.kept = 0

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(attrs)))
        self.kept += tag in KEPT

    def handle_endtag(self, tag):
        self.events.append(("end", tag))
        self.kept -= tag in KEPT

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text" and self.events[-1][2] == self.kept:
            self.events[-1] = ("text", self.events[-1][1] + data, self.kept)
        else:
            self.events.append(("text", data, self.kept))

    def handle_comment(self, data):
        self.events.append(("comment",))


def events(page: bytes) -> list[tuple]:
    parser = _Events()
    parser.feed(page.decode("utf-8"))
    parser.close()
    return [
        ("text", e[1] if e[2] else re.sub(r"[ \t\r\n\f]+", " ", e[1])) if e[0] == "text" else e for e in parser.events
    ]


def test_blank_lines_and_indentation_between_tags_fold_to_one_line_break():
    page = b"<html>\n  <head>\n\n\n    <title>T</title>\n  </head>\n  \n  <body><p>a  \n   b</p>\n\n</body></html>"
    assert compact_html(page) == b"<html>\n<head>\n<title>T</title>\n</head>\n<body><p>a  \n   b</p>\n</body></html>"


def test_the_inside_of_pre_textarea_script_and_style_is_kept_byte_for_byte():
    inner = {
        "pre": "<code>x = 1\n\n\n    <b>y</b>\n</code>",
        "textarea": "line\n\n   <i>\n",
        "script": "var s = `a>\n\n  <b`;\n",
        "style": "a>\n\n  b { color: red }\n",
    }
    for tag, text in inner.items():
        page = f"<div>\n\n  <{tag} class=x>{text}</{tag}>\n\n  </div>".encode()
        assert compact_html(page) == f"<div>\n<{tag} class=x>{text}</{tag}>\n</div>".encode(), tag


def test_white_space_with_no_line_break_or_next_to_text_is_left_as_it_is():
    for page in (b"<b>a</b>   <i>b</i>", b"<p>\n\n  text\n\n</p>", b'<a title="x\n\n  y">z</a>'):
        assert compact_html(page) == page


# Pages made of tags, kept elements, text and runs of white space, in any order.
_SPACE = st.text(alphabet=" \t\n\r\f", max_size=6)
_TEXT = st.text(alphabet="ab >&;\n ", min_size=1, max_size=8).map(lambda t: t.replace("<", ""))
_OPEN = st.sampled_from(["<div>", "<p class='a\n  b'>", "<span>", "<li>", "<!-- c\n\n -->"])
_CLOSE = st.sampled_from(["</div>", "</p>", "</span>", "</li>", "<br>"])
_KEPT_ELEMENT = st.builds(
    lambda tag, body: f"<{tag}>{body}</{tag}>",
    st.sampled_from(KEPT),
    st.text(alphabet="xy >\n\t", max_size=12).map(lambda t: t.replace("<", "")),
)
_PAGE = st.lists(st.one_of(_SPACE, _TEXT, _OPEN, _CLOSE, _KEPT_ELEMENT), max_size=30).map("".join)


@given(_PAGE)
def test_a_compacted_page_is_the_same_page_to_a_browser_and_compacting_twice_changes_nothing(page):
    raw = page.encode("utf-8")
    folded = compact_html(raw)
    assert events(folded) == events(raw)
    assert compact_html(folded) == folded
    assert len(folded) <= len(raw)


def test_compact_rewrites_only_the_pages_that_change_keeping_their_mode(tmp_path: Path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    loose = b"<html>\n\n  <body>\n\n  </body>\n</html>"
    (site / "a" / "index.html").write_bytes(loose)
    (site / "a" / "index.html").chmod(0o640)
    (site / "tight.html").write_bytes(b"<html><body></body></html>")
    (site / "notes.txt").write_bytes(loose)  # not a page
    before = (site / "tight.html").stat().st_mtime_ns
    assert compact(site) == (1, len(loose) - len(b"<html>\n<body>\n</body>\n</html>"))
    assert (site / "a" / "index.html").read_bytes() == b"<html>\n<body>\n</body>\n</html>"
    assert (site / "a" / "index.html").stat().st_mode & 0o777 == 0o640
    assert (site / "tight.html").stat().st_mtime_ns == before
    assert (site / "notes.txt").read_bytes() == loose
    assert sorted(p.name for p in site.rglob("*")) == ["a", "index.html", "notes.txt", "tight.html"], "no leftovers"
    assert compact(site) == (0, 0), "a second run finds nothing"
