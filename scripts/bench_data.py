"""A synthetic fact base for the scale benchmark (`make bench`), shaped like data/ and seeds/.

`write_factbase(root, n)` writes n claims spread over the claim tables, n/20 sources each with its
own seed text, n/50 actors, a few questions, story paragraphs and changes. Texts have realistic
lengths (claims of 30-80 words, excerpts of 12-40), and every excerpt and quote is cut from the
seed it cites, so validation does all of its work. The same n always gives the same bytes.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from explainer.check.support import NUMBER_WORDS, VERBS_OF_SAYING
from explainer.publish.write import MANIFEST, read_manifest
from explainer.render.common import GENERATED_MARK

# Shares of the claims (after actors and story) per table.
SHARES = (
    ("positions", 0.30),
    ("quotes", 0.20),
    ("events", 0.15),
    ("figures", 0.10),
    ("troop_offers", 0.10),
    ("zones", 0.08),
    ("disagreements", 0.07),
)
OFFER_STANCES = ["offered", "requested", "ruled_out", "willing", "likely"]
PREFIX = {
    "actors": "act",
    "positions": "pos",
    "quotes": "quo",
    "events": "evt",
    "figures": "fig",
    "troop_offers": "tro",
    "zones": "zon",
    "disagreements": "dis",
    "story": "sto",
    "questions": "qst",
    "changes": "chg",
    "sources": "src",
}


@dataclass
class Synthetic:
    """What the benchmark needs to know about the fact base it wrote."""

    root: Path
    counts: dict[str, int]
    unique_text_bytes: int
    edit_file: Path  # the data file, the text to replace in it, and the record that has it
    edit_old: str
    edit_id: str
    texts: set[str] = field(default_factory=set, repr=False)

    @property
    def claims(self) -> int:
        return sum(v for k, v in self.counts.items() if k not in ("sources", "questions", "changes"))


class _Words:
    def __init__(self, rng: random.Random):
        syll = [
            "ba",
            "ko",
            "ra",
            "mi",
            "tal",
            "sen",
            "do",
            "ve",
            "lin",
            "qua",
            "zor",
            "pe",
            "hu",
            "na",
            "gri",
            "sta",
            "el",
            "on",
            "ar",
            "us",
            "fi",
            "mor",
            "den",
            "ca",
            "lo",
            "tes",
            "vi",
            "ran",
            "sho",
            "pla",
        ]
        vocab = sorted({"".join(rng.choice(syll) for _ in range(rng.randint(1, 4))) for _ in range(6000)})
        rng.shuffle(vocab)
        common = [
            "the",
            "of",
            "and",
            "to",
            "a",
            "in",
            "that",
            "said",
            "on",
            "for",
            "with",
            "was",
            "by",
            "force",
            "troops",
            "zone",
            "officials",
            "plan",
            "Gaza",
            "security",
            "would",
            "not",
            "U.S.",
            "Israel",
        ]
        self.rng = rng
        self.vocab = vocab[600:]
        # Zipf-like: common words often, the long tail rarely.
        self.pool = common * 40 + vocab[:600] * 4 + vocab
        # An editor's own words name no speaker and no number the excerpts do not (explainer/check/support.py):
        # no "said", nor a made-up word that is a verb of saying ("sta" + "tes") or a number ("fi" + "ve").
        not_plain = VERBS_OF_SAYING | NUMBER_WORDS | {f"{w}s" for w in NUMBER_WORDS}
        self.plain = [w for w in self.pool if w.casefold() not in not_plain]

    def words(self, lo: int, hi: int) -> list[str]:
        return [self.rng.choice(self.pool) for _ in range(self.rng.randint(lo, hi))]

    def sentence(self, lo: int, hi: int) -> str:
        ws = self.words(lo, hi)
        r = self.rng.random()
        if r < 0.08:
            ws.insert(self.rng.randrange(len(ws)), f"{self.rng.randint(1, 9)},{self.rng.randint(100, 999)}")
        elif r < 0.12:
            ws.insert(self.rng.randrange(len(ws)), f"{self.rng.randint(1, 4)},000–{self.rng.randint(5, 9)},000")
        s = " ".join(ws)
        s = s[0].upper() + s[1:]
        if self.rng.random() < 0.15:
            return f"“{s},” an official said."
        return s + "."

    def text(self, lo: int, hi: int) -> str:
        target = self.rng.randint(lo, hi)
        out: list[str] = []
        n = 0
        while n < target:
            s = self.sentence(8, 22)
            out.append(s)
            n += s.count(" ") + 1
        return " ".join(out)

    def rare(self) -> str:
        """A word from the long tail (an outlet's name is not one of the words every text has)."""
        return self.rng.choice(self.vocab)

    def short(self, lo: int = 2, hi: int = 6) -> str:
        return " ".join(self.words(lo, hi)).capitalize()

    def prose(self, lo: int, hi: int, excerpts: list[str]) -> str:
        """An editor's claim about its excerpts, as the claim-support check wants it: the editor's
        own words, with now and then a quotation and a number taken from the excerpts themselves."""
        target = self.rng.randint(lo, hi)
        ws: list[str] = []
        while len(ws) < target:
            ws += [self.rng.choice(self.plain) for _ in range(self.rng.randint(8, 22))]
            ws[-1] += "."
        if excerpts and self.rng.random() < 0.3:
            cut = excerpts[0].split()
            k = self.rng.randint(3, 8)
            at = self.rng.randrange(max(1, len(cut) - k))
            quoted = " ".join(cut[at : at + k]).strip(".,;:")
            if "“" not in quoted and "”" not in quoted:  # the excerpt's own quotation marks stay out
                ws.insert(self.rng.randrange(len(ws)), "“" + quoted + "”")
        found = [n for e in excerpts for n in _NUMBERS.findall(e)]
        if found and self.rng.random() < 0.5:
            ws.insert(self.rng.randrange(len(ws)), self.rng.choice(found))
        s = " ".join(ws)
        s = s[0].upper() + s[1:]
        return s if s.endswith(".") else s + "."


_NUMBERS = re.compile(r"\d[\d,–]*\d|\d")


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _wrap(text: str, width: int = 78) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


class _Seed:
    def __init__(self, sid: str, name: str, words: _Words, rng: random.Random):
        self.id, self.name, self.rng = sid, name, rng
        paragraphs = [words.text(60, 160) for _ in range(rng.randint(6, 12))]
        self.words = " ".join(paragraphs).split(" ")
        self.text = "\n\n".join(_wrap(p) for p in paragraphs) + "\n"

    def excerpt(self, lo: int = 12, hi: int = 40) -> str:
        k = self.rng.randint(lo, hi)
        start = self.rng.randrange(0, max(1, len(self.words) - k))
        return " ".join(self.words[start : start + k])


def _ids(table: str, count: int) -> list[str]:
    return [f"{PREFIX[table]}-{i:05d}" for i in range(1, count + 1)]


def copy_design(project: Path, dest: Path) -> None:
    """mkdocs.yml, overrides/ (if any) and every hand-written file of docs/, so the real design is
    built (the theme itself comes from the engine: generate writes it)."""
    shutil.copy2(project / "mkdocs.yml", dest / "mkdocs.yml")
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", dest / "overrides", dirs_exist_ok=True)
    docs = project / "docs"
    generated = set(read_manifest(docs))
    for file in sorted(docs.rglob("*")):
        rel = file.relative_to(docs).as_posix()
        if not file.is_file() or rel in generated or rel == MANIFEST or any(p.startswith(".") for p in rel.split("/")):
            continue
        if file.suffix == ".md":
            with file.open("rb") as handle:
                if handle.readline().startswith(GENERATED_MARK.encode()):
                    continue
        target = dest / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, target)
    shutil.copytree(project / "data" / "schema", dest / "data" / "schema", dirs_exist_ok=True)


def write_factbase(dest: Path, n: int, project: Path, seed: int = 20251117) -> Synthetic:
    """Write data/, seeds/ and the page design for a synthetic fact base of n claims into dest."""
    rng = random.Random(seed * 1_000_003 + n)
    words = _Words(rng)
    (dest / "data").mkdir(parents=True, exist_ok=True)
    (dest / "seeds").mkdir(parents=True, exist_ok=True)
    copy_design(project, dest)

    n_sources = max(2, n // 20)
    n_actors = max(2, n // 50)
    n_story = min(12, max(1, n // 100))
    rest = max(len(SHARES), n - n_actors - n_story)
    counts = {t: max(1, int(rest * share)) for t, share in SHARES}
    counts["events"] += rest - sum(counts.values())
    counts.update(actors=n_actors, story=n_story)
    if counts["disagreements"] * 2 > counts["positions"]:
        counts["disagreements"] = max(1, counts["positions"] // 2)
    n_questions = 20
    n_changes = max(1, n // 100)

    seeds = [
        _Seed(sid, f"{i:05d}_{rng.getrandbits(40):010x}.txt", words, rng)
        for i, sid in enumerate(_ids("sources", n_sources))
    ]
    for s in seeds:
        (dest / "seeds" / s.name).write_text(s.text, encoding="utf-8")

    texts: set[str] = set()

    def t(value: str) -> str:
        texts.add(value)
        return _q(value)

    def cites(indent: str = "  ") -> tuple[list[str], list[str]]:
        """A record's citations, and their excerpts (which its claims are written from)."""
        out, excerpts = [f"{indent}cite:"], []
        for _ in range(2 if rng.random() < 0.2 else 1):
            s = rng.choice(seeds)
            excerpts.append(s.excerpt())
            out += [f"{indent}  - source: {s.id}", f"{indent}    excerpt: {t(excerpts[-1])}"]
        return out, excerpts

    def number_in(excerpts: list[str], otherwise: str) -> str:
        found = [n for e in excerpts for n in _NUMBERS.findall(e)]
        return rng.choice(found) if found else otherwise

    def status(table: str, i: int, ids: list[str], disputed: set[str]) -> list[str]:
        rid = ids[i]
        if rid in disputed:
            return ["  status: disputed"]
        if i % 33 == 5 and i + 1 < len(ids) and ids[i + 1] not in disputed:
            return ["  status: superseded", f"  superseded_by: {ids[i + 1]}"]
        return ["  status: current"]

    def note(excerpts: list[str]) -> list[str]:
        return [f"  note: {t(words.prose(10, 30, excerpts))}"] if rng.random() < 0.1 else []

    def date() -> str:
        return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    ids = {table: _ids(table, c) for table, c in counts.items()}
    ids["questions"] = _ids("questions", n_questions)
    # Disagreements each list two positions, which are therefore disputed.
    disputed_lists = [ids["positions"][2 * k : 2 * k + 2] for k in range(counts["disagreements"])]
    disputed = {r for pair in disputed_lists for r in pair}
    files: dict[str, list[str]] = {}

    def head(table: str) -> list[str]:
        return [f"# yaml-language-server: $schema=schema/{table}.schema.json"]

    out = head("sources")
    for s in seeds:
        out += [
            f"- id: {s.id}",
            f"  seed: {s.name}",
            f"  outlet: {t(words.rare().capitalize() + ' Gazette')}",
            f"  title: {t(words.short(5, 12))}",
            f"  published: {date()}",
            f"  kind: {rng.choice(['news report', 'analysis', 'opinion', 'advocacy', 'other'])}",
            f"  url: https://example.org/{s.id}",
            f"  via: [{_q(words.rare().capitalize() + ' Wire')}]",
        ]
    files["sources"] = out

    out = head("actors")
    kinds = ["country", "government", "person", "armed group", "international organization", "military"]
    for i, rid in enumerate(ids["actors"]):
        cited, excerpts = cites()
        out += [
            f"- id: {rid}",
            f"  name: {t(words.short(1, 4))}",
            f"  kind: {kinds[i % len(kinds)]}",
            f"  description: {t(words.prose(20, 60, excerpts))}",
        ]
        if i % 6 != 0:
            out.append(f"  country: {ids['actors'][(i // 6) * 6]}")
        out += [*cited, f"  as_of: {date()}", *status("actors", i, ids["actors"], set()), *note(excerpts)]
    files["actors"] = out

    out = head("questions")
    for rid in ids["questions"]:
        out += [f"- id: {rid}", f"  label: {t(words.short(4, 10))}", f"  description: {t(words.text(15, 40))}"]
    files["questions"] = out

    # Records the dispute check (explainer/check/disputes.py) would pair must not contradict each other:
    # each position gets its own actor and question while there are enough pairs, and offers of
    # one country share its stance and number. The random draws are still made, so the rest of
    # the synthetic data stays as it was.
    n_a = len(ids["actors"])

    def position(i: int, ex: list[str]) -> list[str]:
        rng.choice(ids["actors"]), rng.choice(ids["questions"])
        return [
            f"  actor: {ids['actors'][i % n_a]}",
            f"  question: {ids['questions'][(i // n_a) % n_questions]}",
            f"  stance: {t(words.prose(30, 80, ex))}",
        ]

    def offer(i: int, ex: list[str]) -> list[str]:
        k = i % n_a
        rng.choice(ids["actors"]), rng.choice(OFFER_STANCES)
        found = number_in(ex, "")
        troops = t("up to " + found if found else "unknown")
        rng.randint(1000, 9000)
        # No troops_max: a number field must be a number of the excerpts (check/support.py), and
        # one country's offers with different numbers would each need a disagreement.
        return [
            f"  country: {ids['actors'][k]}",
            f"  stance: {OFFER_STANCES[k % len(OFFER_STANCES)]}",
            f"  troops: {troops}",
            f"  roles: [{_q(words.short(1, 3))}, {_q(words.short(1, 3))}]",
            f"  summary: {t(words.prose(30, 80, ex))}",
        ]

    def figure(i: int, ex: list[str]) -> list[str]:
        label, value = t(words.short(3, 8)), number_in(ex, words.prose(1, 3, []))
        rng.randint(1000, 9999)  # drawn as before, so the rest of the fact base stays the same
        # `number` only for a value the excerpt gives in digits (a number field is checked against them).
        digits = value.replace(",", "")
        number = [f"  number: {digits}"] if digits.isdigit() else []
        return [
            f"  label: {label}",
            f"  value: {t(value)}",
            *number,
            f"  unit: {t(words.short(1, 2))}",
            f"  featured: {'true' if i < 6 else 'false'}",
        ]

    # Each takes the record's index and the excerpts it cites (its claims are written from them).
    specs: dict[str, Callable[[int, list[str]], list[str]]] = {  # quotes: below (their text is a seed's words)
        "positions": position,
        "events": lambda i, ex: [
            f"  date: {date()}",
            f"  date_text: {t(words.short(2, 4))}",
            f"  sequence: {i + 1}",
            f"  summary: {t(words.prose(30, 80, ex))}",
        ],
        "figures": figure,
        "troop_offers": offer,
        "zones": lambda i, ex: [
            f"  name: {t(words.short(2, 5))}",
            f"  summary: {t(words.prose(30, 80, ex))}",
            f"  controlled_by: {t(words.prose(5, 20, ex))}",
            f"  territory_share: {t(words.prose(2, 4, []))}",
            f"  population: {t(words.prose(2, 6, []))}",
            f"  planned: {t(words.prose(10, 40, ex))}",
            f"  schematic: {rng.choice(['east', 'west', 'line', 'perimeter', 'none'])}",
            f"  actors: [{rng.choice(ids['actors'])}]",
        ],
        "story": lambda i, ex: [f"  text: {t(words.prose(60, 120, ex))}"],
    }
    for table in ("positions", "quotes", "events", "figures", "troop_offers", "zones", "story"):
        out = head(table)
        table_ids = ids[table]
        for i, rid in enumerate(table_ids):
            out.append(f"- id: {rid}")
            if table == "quotes":
                s = rng.choice(seeds)
                quote = s.excerpt(6, 25)
                excerpts = [quote]
                out += [
                    f"  text: {t(quote)}",
                    f"  speaker: {t(words.short(2, 5))}",
                    f"  role: {t(words.short(1, 4))}",
                    f"  anonymous: {'true' if rng.random() < 0.3 else 'false'}",
                    f"  context: {t(words.prose(15, 40, excerpts))}",
                    f"  actor: {rng.choice(ids['actors'])}",
                    "  cite:",
                    f"    - source: {s.id}",
                    f"      excerpt: {t(quote)}",
                ]
            else:
                cited, excerpts = cites()
                out += specs[table](i, excerpts) + cited
            out += [f"  as_of: {date()}", *status(table, i, table_ids, disputed), *note(excerpts)]
        files[table] = out

    out = head("disagreements")
    for i, rid in enumerate(ids["disagreements"]):
        sides = [cites("      ") for _ in range(2)]
        every_excerpt = [e for _, excerpts in sides for e in excerpts]
        out += [
            f"- id: {rid}",
            f"  topic: {t(words.short(3, 8))}",
            f"  summary: {t(words.prose(30, 70, every_excerpt))}",
            f"  records: [{', '.join(disputed_lists[i])}]",
            "  sides:",
        ]
        for cited, excerpts in sides:
            out.append(f"    - claim: {t(words.prose(15, 40, excerpts))}")
            out += cited
        out += [f"  as_of: {date()}", "  status: current"]
    files["disagreements"] = out

    out = head("changes")
    every = [r for table in ("positions", "events", "zones") for r in ids[table]]
    for rid in _ids("changes", n_changes):
        out += [
            f"- id: {rid}",
            f"  date: {date()}",
            f"  summary: {t(words.text(10, 30))}",
            f"  records: [{rng.choice(every)}]",
        ]
    files["changes"] = out
    counts.update(sources=n_sources, questions=n_questions, changes=n_changes)

    for table, lines in files.items():
        (dest / "data" / f"{table}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # The record the benchmark edits: a position in the middle of the table (its listing page,
    # its downloads and its sources' back-links show it).
    k = counts["positions"] // 2
    edit_id = ids["positions"][k]
    positions = (dest / "data" / "positions.yaml").read_text(encoding="utf-8")
    start = positions.index(f"- id: {edit_id}\n")
    line_start = positions.index("  stance: ", start) + len("  stance: ")
    old = positions[line_start : positions.index("\n", line_start)]
    unique = sum(len(x.encode("utf-8")) for x in texts)
    return Synthetic(dest, counts, unique, dest / "data" / "positions.yaml", old, edit_id, texts)
