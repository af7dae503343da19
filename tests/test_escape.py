"""Escaping: every payload from YAML renders as the same visible text and as nothing else.

Each payload goes through `escape.md` into a paragraph, a heading, a table cell and a footnote,
is rendered by Python-Markdown with the site's extensions, and the resulting HTML must contain
no element or attribute the template did not write, and show the payload's text unchanged.
"""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest

from explainer.render import escape

EXTENSIONS = ["attr_list", "footnotes", "tables", "md_in_html", "toc"]

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://example.org></iframe>",
    "<svg onload=alert(1)>",
    "<!-- swallow the rest",
    "a | b | c",
    "[x](javascript:alert(1))",
    "![img](https://example.org/x.png)",
    "<https://example.org>",
    '{: onclick="alert(1)" }',
    "text { #evil .cls onclick=alert(1) }",
    "# not a heading",
    "---",
    '!!! note "admonition"',
    "[^1] and [^1]: footnote",
    "`code` and ```fence```",
    "*emph* _emph_ **strong** __strong__",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "&amp; &lt;b&gt; &#60;script&#62;",
    "back\\slash \\[x\\]",
    "line one\n\nline two",
    "==mark== ~~del~~ ^sup^",
    "Italy’s 1,500 troops; 3,000–4,000 officers",
]


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append("<!--")


def render(md_text: str) -> Collect:
    parser = Collect()
    parser.feed(markdown.markdown(md_text, extensions=EXTENSIONS))
    return parser


def folded(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_paragraph(payload):
    out = render(f"Before {escape.md(payload)} after")
    assert out.tags == ["p"]
    assert out.attrs == []
    assert folded("".join(out.text)) == folded(f"Before {payload} after")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_paragraph_start(payload):
    out = render(escape.md(payload) + " tail")
    assert out.tags == ["p"] and out.attrs == []
    assert folded("".join(out.text)) == folded(payload + " tail")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_heading_with_our_anchor(payload):
    out = render(f"## {escape.md(payload)} {{ #record-id }}")
    assert out.tags[0] == "h2" and out.attrs == [("id", "record-id")]
    assert folded("".join(out.text)) == folded(payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_table_cell(payload):
    out = render(f"| A | B |\n|---|---|\n| {escape.md(payload)} | x |\n")
    assert out.tags.count("td") == 2, out.tags  # a '|' in the payload did not add a column
    assert set(out.tags) <= {"table", "thead", "tbody", "tr", "th", "td"}
    assert folded(" ".join(out.text)).startswith(folded(f"A B {payload} x"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_footnote(payload):
    out = render(f"Claim[^r-1]\n\n[^r-1]: {escape.md(payload)} [See it](sources/a.md#cite-r-1)\n")
    hrefs = [v for k, v in out.attrs if k == "href"]
    assert all(h is not None and h.startswith(("#fn", "#fnref", "sources/a.md")) for h in hrefs), hrefs
    assert not set(out.tags) - {"p", "sup", "a", "div", "hr", "ol", "li"}
    assert folded(payload) in folded("".join(out.text))


def test_attr_escapes_quotes_and_tags():
    assert escape.attr("a \"b\" <c> & 'd'") == "a &quot;b&quot; &lt;c&gt; &amp; &#x27;d&#x27;"


def test_json_for_html_cannot_close_its_script_tag():
    text = escape.json_for_html({"q": "</script><script>alert(1)</script> <!-- &"})
    assert "</" not in text and "<!--" not in text and "&" not in text
    import json

    assert json.loads(text) == {"q": "</script><script>alert(1)</script> <!-- &"}


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "http://example.org", "data:text/html,x", " https://x"])
def test_url_refuses_anything_but_https(bad):
    with pytest.raises(ValueError):
        escape.url(bad)


def test_url_keeps_https_and_encodes_markdown_syntax():
    assert escape.url("https://example.org/a_(b)*c") == "https://example.org/a%5F%28b%29%2Ac"


@pytest.mark.parametrize(
    "payload", [*PAYLOADS, "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "</title><script>x</script>"]
)
def test_title_survives_mkdocs_striptags(payload):
    """MkDocs puts the h1's text through Jinja's striptags (which decodes entities) into <title>."""
    from markupsafe import Markup

    out = render(f"# {escape.title(payload)}")
    text = "".join(out.text)
    as_title = Markup(text).striptags()
    assert "<" not in as_title and ">" not in as_title and "&" not in as_title
    assert out.tags == ["h1"]


def test_every_whitespace_but_the_space_is_unprintable():
    """md() folds whitespace only when isprintable() is False or two spaces meet; that finds every
    run of whitespace only if each whitespace character other than " " is unprintable."""
    import sys

    for point in range(sys.maxunicode + 1):
        char = chr(point)
        if char != " " and escape._SPACE.fullmatch(char):
            assert not char.isprintable(), f"U+{point:04X}"


def test_md_gives_what_one_translate_gives():
    import random
    import re

    inline: dict[str, str | int | None] = dict(escape._INLINE)

    def reference(text: str) -> str:
        one_line = re.sub(r"\s+", " ", text).strip().translate(str.maketrans(inline))
        return re.sub(r"^([-+#>]|\d+(?=[.)]))", lambda m: "".join(f"&#{ord(c)};" for c in m.group()), one_line)

    alphabet = list('ab 12.)-+#>&<>"\\`*_{}[]|!~^=;\t\n\r\x0b\x0c\x1c\x85\xa0\u2009\u202f\u2028\u3000é“')
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert escape.md(text) == reference(text), repr(text)
