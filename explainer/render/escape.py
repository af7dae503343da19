"""Make text from YAML inert before it reaches Markdown or HTML.

MkDocs passes raw HTML and `javascript:` links straight through, and Markdown gives meaning to
punctuation (`[x](y)`, `{: onclick=...}`, a leading `#`, `|` in a table, `!!!`, backticks). We
replace every such character with its numeric HTML entity: the browser shows the same character,
Markdown sees no syntax, and the search index (built from the HTML) sees the plain text.
"""

from __future__ import annotations

import functools
import html
import json
import re
from typing import Any

_INLINE = {c: f"&#{ord(c)};" for c in '&<>"\\`*_{}[]|!~^='}
_INLINE["&"] = "&amp;"
_INLINE["<"] = "&lt;"
_INLINE[">"] = "&gt;"
_TABLE = str.maketrans(_INLINE)
_SPACE = re.compile(r"\s+")
_LEADING = re.compile(r"^([-+#>]|\d+(?=[.)]))")
# md() runs for every text on every page (150,000 times at 10,000 claims), so it skips the work
# that usually changes nothing. Folding is needed only where a run of spaces or any whitespace
# other than " " occurs; every such character is a control or separator, which isprintable()
# finds in one C loop (tests/test_escape.py checks this for every code point). Escaping replaces
# each special character that occurs, "&" first so the entities made later keep their "&": the
# same result as str.translate with _TABLE, several times faster on text that has none of them.
_REPLACE = tuple(_INLINE.items())  # "&" is the first key


@functools.lru_cache(maxsize=1 << 17)  # a name, title or excerpt is shown on several pages
def md(text: str) -> str:
    """Text for a Markdown paragraph, heading or table cell: one line, no syntax, no HTML."""
    if not text.isprintable() or "  " in text:
        text = _SPACE.sub(" ", text)
    escaped = text.strip()
    for char, entity in _REPLACE:
        if char in escaped:
            escaped = escaped.replace(char, entity)
    # A line-leading '-', '+', '#', '>' or '1.' would start a list, heading or quote.
    lead = _LEADING.match(escaped)
    if lead is None:
        return escaped
    return "".join(f"&#{ord(c)};" for c in lead.group()) + escaped[lead.end() :]


def attr(text: str) -> str:
    """Text for an HTML attribute value or element content."""
    return html.escape(_SPACE.sub(" ", text).strip(), quote=True)


def json_for_html(value: Any) -> str:
    """JSON that can sit inside <script type="application/ld+json"> without closing it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def url(value: str) -> str:
    """An https URL that passed the schema, made safe inside a Markdown link target."""
    if not value.lower().startswith("https://"):
        raise ValueError(f"refusing non-https URL {value!r}")
    return "".join(
        c if c.isascii() and c not in "()[]<> \"'`\\*_" else f"%{ord(c):02X}" if ord(c) < 128 else c for c in value
    )


_TITLE = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def title(text: str) -> str:
    """Text for a page's h1, which MkDocs also uses as the page title.

    MkDocs copies the h1's text into <title> and the header through Jinja's `striptags`, which
    decodes entities again and is not escaped afterwards: `&lt;/title&gt;&lt;script&gt;` would
    come out as live markup. So in a title the characters that can form markup are replaced by
    look-alikes (‹ › ＆) instead of being escaped; the record itself still shows them exactly.
    """
    return md(text.translate(_TITLE))


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml(text: str) -> str:
    """Text for an XML element or attribute (the Atom feed): escaped, and without the control
    characters XML 1.0 cannot carry at all, even as entities."""
    return html.escape(_NOT_XML.sub("", _SPACE.sub(" ", text).strip()), quote=True)
