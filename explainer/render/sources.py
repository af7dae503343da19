"""One page per source: what it is, what it reports via, and every excerpt the site cites from it.

Never the source's full text: each excerpt records cite, once, in the order of the source,
in its sentence (bounded by explainer/render/sentences.py) with the excerpt marked, and the records
that cite it; and never more than SHOWN_SHARE of the source's words (`within_share`): where the
sentences would pass it, only the cited words are shown, and where those would too, each excerpt
shows its first words, the same number for every excerpt, up to "…" (the whole excerpt is at
the record that cites it, and a citation's link still lands on the start of its words). So
however much of a text the records cite, its page cannot be read as the text. Every citation
of it keeps its own anchor (`cite-<record id>-<n>`), which the records' citation markers link to;
the excerpt a link leads to is highlighted. The seed file and its fingerprint, which only
someone checking this copy needs, sit in a folded "Verify this copy".
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.facts import Cite, FactBase, Record, Source
from ..model.registry import ARTICLES, Noun
from . import escape, sentences
from .common import (
    PAGE_SIZE,
    Locator,
    Page,
    chunks,
    cite_anchor,
    header,
    human_date,
    noun,
    numbered,
    pager,
    prose,
    source_name,
    title_of,
)
from .listing import title


def published(source: Source, called: Noun = ARTICLES) -> str:
    """The publication date, or, said once on the sources list and the source's page, that the
    source gives none (elsewhere an unknown date is simply not shown)."""
    return human_date(source.published) if source.published != "unknown" else f"the {called.singular} gives no date"


def source_page(source: Source, facts: FactBase, locator: Locator) -> Page:
    path = locator.pages[source.id]
    called = noun(facts)
    inputs = ("data/sources.yaml", "the records citing it")
    out = [header(inputs), f"# {escape.title(source_name(source))} {{ #{source.id} }}\n\n"]
    rows = [
        ("Outlet", source.outlet if source.outlet != "unknown" else "not named in the text"),
        ("Title", source.title if source.title != "unknown" else "not given in the text"),
        ("Published", published(source, called)),
        ("Kind", source.kind),
        ("Reports via", ", ".join(source.via) if source.via else "none stated"),
    ]
    out.append(f"| About the {called.singular} | As the text gives it |\n|---|---|\n")
    for label, value in rows:
        out.append(f"| {label} | {escape.md(value)} |\n")
    if source.url:
        out.append(f"| Link | [{escape.md(source.url)}]({escape.url(source.url)}) |\n")
    out.append("\n")
    if source.note:
        out.append(f"**Note:** {prose(source.note, facts, locator, path)}\n\n")
    out.append(verify(source, called))
    cited = facts.cited_by.get(source.id, ())
    uses: dict[str, list[Use]] = {}
    for use in cited:
        uses.setdefault(use[2].excerpt, []).append(use)
    article = facts.texts.get(source.id, "")
    found, missing = sentences.passages(article, list(uses))
    shown, level = within_share([p.segments for p in found], [p.excerpts for p in found], len(article.split()))
    # Left out of search: the records that cite these words are found on their own pages; with
    # the excerpts (and each citing record's title) indexed here too, the search index was 1.9
    # times the size of the text it serves (1.4 without), and readers download it whole.
    out.append(
        f"## Excerpts cited ({len(uses)}) {{ #excerpts_cited data-search-exclude }}\n\n"
        f"The words of this {called.singular} that the site cites, once each, in the {called.singular}'s order "
        f"({LEVELS[level]}), with the records that cite them. The {called.singular} itself is not republished: "
        f"this page shows at most {SHOWN_SHARE:.0%} of its words.\n\n"
    )
    for passage, segments in zip(found, shown, strict=True):
        out.append(passage_block(segments, [u for e in passage.excerpts for u in uses[e]], facts, locator, path))
    for excerpt in missing:  # not in the seed (reported by the check): shown as cited
        out.append(passage_block(((excerpt, True),), uses[excerpt], facts, locator, path))
    if not cited:
        out.append(f"No record cites this {called.singular} yet.\n\n")
    return Page(path, "".join(out).rstrip("\n") + "\n", inputs)


Use = tuple[Record, int, Cite]  # a citation: the record, its number within the record, the cite

# The most of a source's words its page shows (cited words and the sentences around them).
SHOWN_SHARE = 0.5
LEVELS = (
    "in their sentences, the cited words marked",
    "the cited words only; “…” where words between them are left out",
    "each excerpt's first words, up to “…”; the whole excerpt is at the record that cites it",
)
Segments = tuple[tuple[str, bool], ...]
ELLIPSIS = (" …", False)


def _words(segments: Segments) -> int:
    return sum(len(text.split()) for text, _ in segments)


def _cited(segments: Segments) -> Segments:
    """Only the marked words; "…" where words between two of them are left out (a comma or a
    space between them stays)."""
    out: list[tuple[str, bool]] = []
    gap = ""  # the words left out since the last marked segment
    for text, marked in segments:
        if not marked:
            gap += text
            continue
        if out and any(c.isalnum() for c in gap):
            out += [ELLIPSIS, (" ", False), (text.lstrip(), True)]
        else:
            if out:
                out.append((gap, False))  # only spaces or punctuation between two marks: kept as they are
            out.append((text, True))
        gap = ""
    return tuple(out)


def _locate(words: list[str], excerpt: list[str]) -> int | None:
    """Where an excerpt's words start among a passage's words (its first and last word may be
    parts of the passage's: "fighters" in "fighters,"), or None."""
    n = len(excerpt)
    for j in range(len(words) - n + 1):
        if (
            words[j].endswith(excerpt[0])
            and (n == 1 or words[j + n - 1].startswith(excerpt[-1]))
            and words[j + 1 : j + n - 1] == excerpt[1:-1]
        ):
            return j
    return None


@dataclass(frozen=True)
class _Placed:
    """A passage's words, and where each of its excerpts starts among them (None: not found)."""

    words: list[str]
    excerpts: tuple[tuple[int | None, list[str]], ...]

    @classmethod
    def of(cls, passage: Segments, excerpts: tuple[str, ...]) -> _Placed:
        words = "".join(text for text, _ in passage).split()
        own = [e.split() for e in excerpts]
        return cls(words, tuple((_locate(words, w), w) for w in own))


def _starts(placed: _Placed, limit: int) -> list[tuple[list[str], bool]]:
    """The words a passage shows of its excerpts' first `limit` words each, in the passage's order:
    where two excerpts overlap or meet (a longer and a shorter citation of one sentence, or one
    that starts inside another), their words are shown once, as one run. Each run with whether
    words of its excerpts, or of the passage before the next run, are left out after it."""
    words = placed.words
    runs: list[list[int]] = []  # [start, shown end, the furthest end of its excerpts]
    apart: dict[tuple[str, ...], bool] = {}  # excerpts not found among the passage's words
    edges: dict[tuple[str, int], str] = {}  # an excerpt's own first and last word, where it is part of the passage's
    for at, own in placed.excerpts:
        if at is None:
            head = tuple(own[:limit])
            apart[head] = apart.get(head, False) or len(own) > limit
            continue
        runs.append([at, at + min(len(own), limit), at + len(own)])
        edges.setdefault(("start", at), own[0])
        if len(own) <= limit:
            edges.setdefault(("end", at + len(own) - 1), own[-1])
    runs.sort()
    merged: list[list[int]] = []
    for run in runs:
        if merged and run[0] <= merged[-1][1]:
            merged[-1][1], merged[-1][2] = max(merged[-1][1], run[1]), max(merged[-1][2], run[2])
        else:
            merged.append(run)
    out: list[tuple[list[str], bool]] = []
    for i, (start, end, furthest) in enumerate(merged):
        shown = words[start:end]
        if len(shown) == 1:
            shown[0] = edges.get(("start", start), edges.get(("end", start), shown[0]))
        else:
            shown[0], shown[-1] = edges.get(("start", start), shown[0]), edges.get(("end", end - 1), shown[-1])
        out.append((shown, furthest > end or (i + 1 < len(merged) and merged[i + 1][0] > end)))
    return out + [(list(head), more) for head, more in apart.items()]


def _first_words(placed: _Placed, limit: int) -> Segments:
    """The excerpts' first `limit` words, marked, then "…" where words are left out: a reader
    who follows a citation here finds the start of its words."""
    out: list[tuple[str, bool]] = []
    for words, more in _starts(placed, limit):
        if out:
            out.append((" ", False))
        out.append((" ".join(words), True))
        if more:
            out.append(ELLIPSIS)
    return tuple(out)


def within_share(
    passages: list[Segments], excerpts: list[tuple[str, ...]], article_words: int, share: float = SHOWN_SHARE
) -> tuple[list[Segments], int]:
    """The passages as a source page shows them, at most `share` of the article's words in all,
    and the level it took (an index of LEVELS): whole sentences, else the cited words only, else
    the first N words of each excerpt (`excerpts`: each passage's), N the largest that keeps within
    the share (at least one word: an excerpt is never shown empty)."""
    cap = int(article_words * share)
    if sum(map(_words, passages)) <= cap:
        return passages, 0
    cited = [_cited(p) for p in passages]
    if sum(map(_words, cited)) <= cap:
        return cited, 1

    placed = [_Placed.of(passage, held) for passage, held in zip(passages, excerpts, strict=True)]

    def size(limit: int) -> int:
        return sum(len(words) for p in placed for words, _ in _starts(p, limit))

    low, high = 1, max((len(e.split()) for held in excerpts for e in held), default=1)
    while low < high:  # the largest N whose starts fit (more words never show fewer)
        mid = (low + high + 1) // 2
        if size(mid) <= cap:
            low = mid
        else:
            high = mid - 1
    return [_first_words(p, low) for p in placed], 2


def passage_block(
    segments: tuple[tuple[str, bool], ...], uses: list[Use], facts: FactBase, locator: Locator, path: str
) -> str:
    """One passage: an anchor for every citation in it, its sentences with the cited words
    marked, and the records that cite them (each once)."""
    anchors = "".join(f'<span id="{cite_anchor(record.id, n)}"></span>' for record, n, _ in uses)
    words = "".join(f"<mark>{escape.md(s)}</mark>" if marked else _md_keep_spaces(s) for s, marked in segments)
    records = list(dict.fromkeys(record for record, _, _ in uses))
    names = [title_of(record) for record in records]
    # Records that begin alike (four records retelling one sentence) are named by their headings
    # ("Riverton: Adopted"), so that no two links read the same.
    names = [title(r, facts) if names.count(name) > 1 else name for r, name in zip(records, names, strict=True)]
    names = numbered(names)  # the same heading too: in the order they cite it
    links = ", ".join(
        f"the {facts.declared(record.table).singular} [{escape.md(name)}]({locator.link(path, record.id)})"
        for record, name in zip(records, names, strict=True)
    )
    return f'<div class="excerpt" markdown>\n\n{anchors}\n\n> {words}\n\nCited by {links}\n\n</div>\n\n'


def _md_keep_spaces(text: str) -> str:
    """escape.md, keeping the spaces at the ends that separate the text from a marked excerpt."""
    lead = " " if text[:1] == " " else ""
    trail = " " if text[-1:] == " " and text.strip() else ""
    return lead + escape.md(text) + trail if text.strip() else text


def verify(source: Source, called: Noun = ARTICLES) -> str:
    """The seed file and its SHA-256, folded: what a reader who checks this copy needs."""
    lines = [f"- **Seed file:** `seeds/{escape.md(source.seed)}`"]
    if source.sha256:
        lines.append(f"- **SHA-256 of its bytes:** `{escape.md(source.sha256)}`")
    return (
        '<details class="verify" markdown>\n<summary>Verify this copy</summary>\n\n'
        f"The excerpts below are checked, character for character, against this copy of the {called.singular}. "
        "Its fingerprint changes if a single byte of it does.\n\n" + "\n".join(lines) + "\n\n</details>\n\n"
    )


def index_path(n: int) -> str:
    """Page n (0-based) of the sources index: sources/index.md, sources/index_2.md, ... (the
    underscore keeps them apart from source pages, whose names are ids)."""
    return "sources/index.md" if n == 0 else f"sources/index_{n + 1}.md"


def sources_index(facts: FactBase, locator: Locator, page_size: int = PAGE_SIZE) -> list[Page]:
    """The list of sources, PAGE_SIZE to a page like the listings, so no page grows with the site."""
    inputs = ("data/sources.yaml",)
    called = noun(facts)
    parts = chunks(facts.sources, page_size)
    pages = []
    for n, part in enumerate(parts):
        path = index_path(n)
        suffix = f" (part {n + 1} of {len(parts)})" if len(parts) > 1 else ""

        def part_link(i: int, here: str = path) -> str:
            return locator.page_link(here, index_path(i))

        links = pager("sources/index", n, len(parts), part_link)
        out = [
            header(inputs),
            f"# Sources{suffix}\n\n",
            f"The {called.plural} the fact base is built from. Each has a page with every excerpt the site cites "
            f"from it and links back to the records that cite it. The {called.plural} themselves are not "
            "republished.\n\n",
            links,
            # A sortable table that becomes one card per source on a phone (extra.css, `.stack`).
            '<div class="sortable stack" markdown>\n\n<table markdown>\n<thead><tr><th>Source</th><th>Kind</th>'
            "<th>Published</th><th>Reports via</th><th>Excerpts cited</th></tr></thead>\n<tbody markdown>\n",
        ]
        for source in part:
            assert isinstance(source, Source)
            link = locator.page_link(path, locator.pages[source.id])
            via = ", ".join(source.via) if source.via else "none stated"
            cells = [
                ("Kind", escape.md(source.kind)),
                ("Published", escape.md(published(source, called))),
                ("Reports via", escape.md(via)),
                ("Excerpts cited", str(len(facts.cited_by.get(source.id, ())))),
            ]
            out.append(
                f'<tr markdown><th scope="row" markdown="span">[{escape.md(source_name(source))}]({link})</th>'
                + "".join(
                    f'<td markdown="span"><span class="cell-label">{label}</span> {value}</td>'
                    for label, value in cells
                )
                + "</tr>\n"
            )
        out.append("</tbody>\n</table>\n\n</div>\n")
        if links:
            out.append("\n" + links)
        pages.append(Page(path, "".join(out).rstrip("\n") + "\n", inputs))
    return pages
