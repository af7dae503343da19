"""Step 6 of `make site`: the search index, written into site/pagefind/ after `mkdocs build`.

    python -m explainer.publish.search_index [--root .] [--site site]

Pagefind (pinned in requirements.txt; its binary ships inside the `pagefind-bin-extended`
wheel) splits the index into small chunks, so a reader's first search fetches a few hundred
kilobytes however large the site is, where Material's lunr index had to be fetched whole (11 MB
at 10,000 claims). The entries are the fact base's records (explainer/publish/search_entries.py), each
given to Pagefind as a tiny HTML document of its own whose URL is the record's anchor on the
built site; the built pages themselves are not indexed. Every text from YAML is escaped here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..check.validate import Paths, build_factbase
from ..load.problems import DataError
from ..project import ROOT_HELP, project_root
from ..render import escape
from ..render.common import Locator
from ..scale import fast
from .search_entries import Entry, entries

OUTPUT = "pagefind"
# Indexed as a language Pagefind has no stemmer for, on purpose: its English stemmer makes
# "police" and "policy" the same word ("polic"), and every "Foreign Policy" record answered a
# search for police. Words still match by their beginning ("disarm" finds "disarmament").
LANGUAGE = "zz"


# A number range keeps its parts findable: Pagefind would index "3,000–4,000" as one word, so
# it is indexed as "3,000 – 4,000" ("3,000" and "4,000"); explainer/theme/javascripts/search.js searches a
# range typed by a reader as both numbers. Titles and key values are shown as written.
_RANGE = re.compile(r"(?<=\d)\s*[\u2012\u2013\u2014\u2212]\s*(?=\d)")


def indexed(value: str) -> str:
    """Text as Pagefind should split it (see _RANGE), escaped for HTML."""
    return escape.attr(_RANGE.sub(" – ", value))


def _weight(value: float) -> str:
    return f"{value:g}"


def document(entry: Entry) -> str:
    """The HTML Pagefind indexes for one entry.

    The title is the h1 (Pagefind's heaviest weight, and the meta title boost), then the key
    value, the record's words and the words of the records it ties, each weighted as the entry
    says; the outlets it cites weigh least ("Foreign Policy" would otherwise answer "police").
    What results show (title, key, kind, link) is passed as metadata from attributes, so it is
    exactly the record's text; only the indexed words are rewritten (see `indexed`)."""
    meta = (
        '<span data-pagefind-meta="title[data-title], key[data-key], kind[data-kind], target[data-target]'
        + (", ties[data-ties]" if entry.ties else "")
        + (', first[data-first]"' if entry.first else '"')
        + f' data-title="{escape.attr(entry.title)}" data-key="{escape.attr(entry.key)}"'
        f' data-kind="{escape.attr(entry.kind)}" data-target="{escape.attr(entry.url)}"'
        + (f' data-ties="{escape.attr(" ".join(entry.ties))}"' if entry.ties else "")
        + (' data-first="1"' if entry.first else "")
        + "></span>"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{escape.attr(entry.title)}</title></head><body><main data-pagefind-body>{meta}"
        + _section(entry, 1, "")
        + "</main></body></html>"
    )


OUTLET_WEIGHT = 0.2
# The question words a record answers and its words' synonyms let it be found, and weigh little
# against the words the record itself says.
ALSO_WEIGHT = 0.5
# Where those words begin, in the text Pagefind keeps (no word: not searched, not counted): a
# result's passage is cut there (explainer/theme/javascripts/search.js), since they are not the
# record's words to show.
ALSO_MARK = "\u2042"


def _section(entry: Entry, level: int, anchor: str) -> str:
    body = "".join(f"<p>{indexed(text)}</p>" for text in entry.body)
    related = "".join(f"<p>{indexed(text)}</p>" for text in entry.related)
    also = (
        f'<p data-pagefind-weight="{_weight(ALSO_WEIGHT)}">{ALSO_MARK} {indexed(" ".join(entry.also))}</p>'
        if entry.also
        else ""
    )
    heading = entry.heading or entry.title
    return (
        f'<h{level}{anchor} data-pagefind-weight="{_weight(entry.title_weight)}">{indexed(heading)}</h{level}>'
        f'<p data-pagefind-weight="{_weight(entry.weight * 2)}">{indexed(entry.key)}</p>'
        + (f'<p data-pagefind-weight="{_weight(OUTLET_WEIGHT)}">{indexed(entry.outlets)}</p>' if entry.outlets else "")
        + f'<div data-pagefind-weight="{_weight(entry.weight)}">{body}</div>'
        + (f'<div data-pagefind-weight="{_weight(entry.related_weight)}">{related}</div>' if related else "")
        + also
    )


def group_document(group: list[Entry]) -> str:
    """The HTML for several entries that share one Pagefind page (see `groups`): each is a
    section under a heading whose id is the record's id, which Pagefind returns as a sub-result
    of the page with its own excerpt; what each result shows is in the `records` metadata
    (record id -> [kind, title, key, target, ties]), as JSON."""
    if len(group) == 1:
        return document(group[0])
    records = {e.record_id: [e.kind, e.title, e.key, e.url, " ".join(e.ties)] for e in group}
    meta = (
        '<span data-pagefind-meta="title[data-title], records[data-records]"'
        f' data-title="{escape.attr(group[0].title)}"'
        f' data-records="{escape.attr(json.dumps(records, ensure_ascii=False, sort_keys=True))}"></span>'
    )
    sections = "".join(_section(e, 2, f' id="{e.record_id}"') for e in group)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{escape.attr(group[0].title)}</title></head><body><main data-pagefind-body>{meta}{sections}"
        "</main></body></html>"
    )


# A first search fetches Pagefind's page list whole (about 7 bytes a page, gzip'd): at 30,000
# records, one page each, that alone was some 200 KB. Past MAX_PAGES entries, consecutive records
# of one listing share a Pagefind page (a few at most) and come back as its sub-results, each
# still a result of its own leading to its record. Disagreements, questions and key facts always
# keep a page of their own, so their ranking is theirs. Below MAX_PAGES (the real site) every
# entry is alone.
MAX_PAGES = 6000
ALONE = ("disagreements", "questions", "story")  # tables


def groups(items: list[Entry], max_pages: int = MAX_PAGES) -> list[list[Entry]]:
    """The entries as Pagefind pages: alone while they fit in max_pages, else in small runs."""
    alone = [e for e in items if e.table in ALONE]
    rest = [e for e in items if e.table not in ALONE]
    size = max(1, -(-len(rest) // max(1, max_pages - len(alone))))  # ceiling division
    out: list[list[Entry]] = [[e] for e in alone]
    run: list[Entry] = []
    for entry in rest:
        if run and (len(run) == size or run[-1].table != entry.table):
            out.append(run)
            run = []
        run.append(entry)
    if run:
        out.append(run)
    return out


# Pagefind writes its ready-made UIs too; the site uses its own (explainer/theme/javascripts/search.js).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


def _write(items: list[Entry], out: Path, max_pages: int = MAX_PAGES) -> None:
    """Index the entries with Pagefind's command line, over a folder of one small file each.

    (Its Python API answers one request per tenth of a second, 50 minutes for 30,000 records;
    the command line indexes the same documents in seconds.)"""
    # In memory where the system has it: creating 30,000 files on a disk costs seconds.
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="search-docs-", dir=where) as tmp:
        for group in groups(items, max_pages):
            (Path(tmp) / f"{group[0].record_id}.html").write_text(group_document(group), encoding="utf-8")
        cmd = [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            tmp,
            "--output-path",
            str(out),
            "--force-language",
            LANGUAGE,
            "--silent",
        ]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"pagefind exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)


def read_fragments(site: Path) -> list[dict]:
    """Every entry as Pagefind stored it (gzip'd JSON after a signature), in file-name order:
    url, content (the indexed text), meta (title, key, kind, target, ties). For tests and checks."""
    out = []
    for file in sorted((site / OUTPUT / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(file.read_bytes())
        out.append(json.loads(raw[raw.index(b"{") :]))
    return out


def targets(site: Path) -> list[str]:
    """Where every entry of a built index leads ("page/#record-id"), shared Pagefind pages included."""
    out: list[str] = []
    for fragment in read_fragments(site):
        meta = fragment.get("meta", {})
        if "records" in meta:
            out.extend(record[3] for record in json.loads(meta["records"]).values())
        else:
            out.append(meta.get("target", ""))
    return out


def build(root: Path, site: Path, max_pages: int = MAX_PAGES) -> int:
    """Write site/pagefind/ from the project's fact base; returns the number of entries."""
    paths = Paths(root)
    facts = build_factbase(paths, fast.spread(fast.cores(paths)))
    items = entries(facts, Locator.build(facts))
    out = (site / OUTPUT).resolve()
    if out.exists():
        shutil.rmtree(out)
    if items:  # Pagefind cannot index nothing; without an index the search box says it is not available
        _write(items, out, max_pages)
    return len(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m explainer.publish.search_index", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
    parser.add_argument("--site", type=Path, help="the built site (default: ROOT/site)")
    parser.add_argument("--max-pages", type=int, default=MAX_PAGES, help="Pagefind pages before records share them")
    args = parser.parse_args(argv)
    args.root = args.root or project_root()
    site = args.site or args.root / "site"
    if not (site / "index.html").is_file():
        print(f"search index: {site} holds no built site (run mkdocs build first)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        count = build(args.root, site, max(1, args.max_pages))
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not count:
        print("search index: no record to index (no table declares search=Search(...)); search is not available")
        return 0
    records = f"{count} record{'s' if count != 1 else ''}"
    print(f"search index: {records} in {time.perf_counter() - start:.1f} s -> {site / OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
