"""Claim support: a claim says no more than the words it cites.

Every excerpt is verbatim in its seed (explainer/load/seeds.py), but the sentence an editor writes in
their own voice can still say more than those words. This module reads each such text (the
fields a table's schema gives as prose, see `records.resolve`) beside the excerpts that the
same record cites, and finds:

- numbers: every number in the claim (20,000 / 20000 / "20 000", 3,000–4,000, 50 percent, a
  year, a number word) is among the numbers of its excerpts;
- quotations: every span in quotation marks is in one of its excerpts, typography folded as
  `make find` folds it (explainer/load/typography.py);
- attributions: an outlet the claim names, or a name it credits ("according to Reuters",
  "obtained by Reuters", which no source of the fact base may be called), is the outlet of a
  cited source (or one the source relays: its `via`), or is named in a cited excerpt; a speaker
  ("a US official told ...", "Vance said") is named in a cited excerpt;
- hedges (warnings): where an excerpt says "up to 1,500", "similar to ...", "is likely to ...",
  "reportedly ...", and the claim reuses what the hedge qualifies without a hedge of its kind.

An editor accepts a finding by writing, on the record, `accepted: [{words: "...", reason: "..."}]`
with the words the finding names; the pages list every accepted finding with its reason. The
check works on plain strings and knows nothing of any subject: `findings()` is a pure function.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..load.typography import loose_text

NUMBERS, QUOTES, ATTRIBUTION, HEDGES = "number", "quotation", "attribution", "hedge"
RULES = (NUMBERS, QUOTES, ATTRIBUTION, HEDGES)
WARNING_RULES = frozenset({HEDGES})  # shown, but they do not fail `make check`


@dataclass(frozen=True)
class Finding:
    """One thing a claim says that its excerpts do not (or a hedge it drops)."""

    rule: str  # one of RULES
    words: str  # the claim's words at fault, as the editor writes them in `accepted`
    message: str
    fix: str

    @property
    def warning(self) -> bool:
        return self.rule in WARNING_RULES


# --- numbers ---------------------------------------------------------------------------------

# Digits grouped by commas or by (narrow, thin, no-break or plain) spaces in threes, with an
# optional decimal part: "20,000", "20 000", "20\u202f000", "2.5", "2025".
_GROUP = "[,\u00a0\u202f\u2009 ]"
_NUMBER = re.compile(rf"(?<![\w.,])\d{{1,3}}(?:{_GROUP}\d{{3}})+(?![\d])(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")
_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "dozen": 12,
    "half": None,
    "double": None,
    "twice": None,
}
NUMBER_WORDS = frozenset(_WORDS)  # the numbers written as words that the check reads ("five", "hundred")
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")s?\b", re.IGNORECASE)


_MAGNITUDES = frozenset({"hundred", "thousand", "million", "billion"})


_GROUPS = re.compile(_GROUP)


def _value(digits: str) -> str:
    """A number as a comparable string: separators gone, "20,000" -> "20000"."""
    return digits if digits.isdigit() else _GROUPS.sub("", digits)


def numbers(text: str) -> list[tuple[str, str]]:
    """(as written, comparable value) of every number in `text`, digits first, then number words."""
    return [(written, value) for _, written, value in _number_spans(text)]


# A count of the fact base's own accounts ("the two articles", "both sources") is the editor's.
_META_COUNTED = re.compile(
    r"\s+(?:of\s+the\s+(?:\w+\s+)?)?(?:articles?|accounts?|sources?|reports?|sides?|outlets?|texts?)\b"
)


_ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")


def _number_spans(text: str) -> list[tuple[int, str, str]]:
    dates = [(m.start(), m.group(), m.group()) for m in _ISO_DATE.finditer(text)]
    inside = [(at, at + len(d)) for at, d, _ in dates]
    out = dates + [
        (m.start(), m.group(), _value(m.group()))
        for m in _NUMBER.finditer(text)
        if not any(s <= m.start() < e for s, e in inside)
    ]
    out += [(m.start(), m.group(), m.group(1).lower()) for m in _NUMBER_WORD.finditer(text)]
    return [n for n in out if not (n[2] in _WORDS and _META_COUNTED.match(text, n[0] + len(n[1])))]


@functools.lru_cache(maxsize=65536)
def number_values(text: str) -> frozenset[str]:
    """The numbers a text gives, comparable: digits without separators, number words and their digits."""
    values: set[str] = set()
    for _written, value in numbers(text):
        values.add(value)
        if value in _WORDS and _WORDS[value] is not None:
            values.add(str(_WORDS[value]))
    return frozenset(values)


def quantity(value: float, texts: Sequence[str]) -> Finding | None:
    """A number field (a chart's bar) that none of the excerpts gives, or None: 25000 where the
    excerpt says "20,000" is a claim the words do not make, though no sentence says it."""
    written = _plain(value)
    if any(written in number_values(t) or written in _scaled_values(t) for t in texts):
        return None
    return Finding(
        NUMBERS,
        written,
        f"is {written}, a number none of its excerpts gives",
        f"give the number an excerpt gives, cite the words that give {written}, or accept it: "
        f'accepted: [{{words: "{written}", reason: "how it follows from the excerpts"}}]',
    )


def _plain(value: float) -> str:
    """A number as number_values writes it: 1500000, 0.2."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SCALED = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s+(thousand|million|billion)\b", re.IGNORECASE)
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
_FRACTION = re.compile(r"\b(?:one|a)[\s\-]+(half|quarter|fifth|tenth)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _scaled_values(text: str) -> frozenset[str]:
    """The numbers a text writes with a word of scale or as a fraction, as a number field holds
    them: "1.5 million" -> 1500000, "one-fifth" -> 0.2."""
    out = {_plain(round(float(m.group(1)) * _SCALE[m.group(2).lower()], 6)) for m in _SCALED.finditer(text)}
    out |= {_plain(_FRACTIONS[m.group(1).lower()]) for m in _FRACTION.finditer(text)}
    return frozenset(out)


# --- quotations --------------------------------------------------------------------------------

_CAPITALISED = re.compile(r"(?<![\w])[A-Z][\w.’'\-]*")
_DOUBLE = re.compile(r"“([^“”]*(?:“[^“”]*”[^“”]*)*)”|\"([^\"]+)\"")
# An opening ‘ after a space, bracket or start, closed by a ’ not followed by a letter (so the
# apostrophe of "Italy’s" never closes it).
_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[“—–-]))‘([^‘’]+(?:’\w[^‘’]*)*)’(?!\w)")
_EDGE = " \t.,;:!?…"
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")


def quotations(text: str) -> list[str]:
    """The spans of `text` in quotation marks, outermost first (a single-quoted span inside a
    double-quoted one is part of it)."""
    spans: list[tuple[int, int, str]] = []
    for m in _DOUBLE.finditer(text):
        spans.append((m.start(), m.end(), m.group(1) if m.group(1) is not None else m.group(2)))
    for m in _SINGLE.finditer(text):
        if not any(s <= m.start() < e for s, e, _ in spans):
            spans.append((m.start(), m.end(), m.group(1)))
    return [inner for _, _, inner in sorted(spans)]


def _quoted_parts(span: str) -> list[str]:
    """A quotation's parts that must each be in an excerpt: an ellipsis in it marks a cut."""
    return [p.strip(_EDGE) for p in _ELLIPSIS.split(span) if p.strip(_EDGE)]


# --- attributions ------------------------------------------------------------------------------

VERBS_OF_SAYING = frozenset(
    "said says told tells writes wrote reported reports stated states added argued warned admitted noted "
    "claimed described explained insisted confirmed denied acknowledged called".split()
)
_VERBS = "|".join(sorted(VERBS_OF_SAYING))
# A verb of saying followed by "by" is a passive ("the plan reported by X"): X is an outlet, checked as one.
_SPEAKER = re.compile(rf"((?:[\w.’'\-]+\s+){{0,5}}?[\w.’'\-]+)\s+(?:{_VERBS})\b(?!\s+by\b)")
_PRONOUNS = frozenset(
    "he she it they we i you who which that this these those one there what each both others someone "
    "nobody everyone nothing none".split()
)
_DETERMINERS = frozenset(
    "a an the its his her their our some another other also and or but while as which who that according "
    "one two three several many most".split()
)
# Words between a speaker and the verb: "a US official later said", "the king has not said".
_ADVERBS = frozenset(
    "later also not never reportedly publicly previously then recently earlier privately once repeatedly "
    "has had have was were is are had been already still again first only".split()
)
# Nouns by which a text refers to itself or to the article it retells: never a speaker to find.
_SELF = frozenset("article report text piece story document source paragraph passage sentence excerpt line".split())


@functools.lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    """A word compared loosely: case, dots ("U.S."), a possessive and a plural -s ignored."""
    word = loose_text(word).replace(".", "").replace("'s", "").strip("'\"()-")
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _keys(text: str) -> set[str]:
    return {_word_key(w) for w in re.findall(r"[\w.’'\-]+", text)}


_VERB = re.compile(rf"(?<![\w\-])(?:{_VERBS})\b(?!\s+(?:by|to)\b)")
# Phrases that credit a name with what follows or precedes: "according to X", "obtained by X".
_CREDITED = re.compile(
    r"\b(?i:according to|(?:obtained|reported|cited|quoted|seen|reviewed|published) by)\s+"
    r"((?:the\s+)?[A-Z][\w.’'\-]*(?:\s+(?:of\s+)?[A-Z][\w.’'\-]*){0,3})"
)


# "the Reuters-based report" credits Reuters.
_DERIVED = re.compile(r"-(?:based|led|run|owned|backed|linked|affiliated)$", re.IGNORECASE)


def credited_names(text: str) -> list[str]:
    """The capitalised names a text credits by a phrase: "according to Reuters" -> "Reuters";
    "according to a US official" names no one by name (its speaker is checked as one). A name
    ends at its sentence's end ("according to The Times. The plan ...")."""
    out = []
    for m in _CREDITED.finditer(text):
        name = _DERIVED.sub("", _bare(m.group(1).split(". ")[0]).rstrip(".’'"))
        if name and _word_key(name.split()[0]).casefold() not in _TIMES:  # "according to Monday's report"
            out.append(name)
    return out


_TIMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


_CLAUSE_END = re.compile(r"[,;:()“”\"]|\b(?:that|and|but|while|as|who|which)\b")


def speakers(text: str) -> list[str]:
    """Who a text says said something: the noun phrase before a verb of saying, in its clause."""
    out = []
    for m in _VERB.finditer(text):
        before = text[: m.start()]
        ends = [c.end() for c in _CLAUSE_END.finditer(before)]
        words = before[ends[-1] if ends else 0 :].split()[-6:]
        while words and loose_text(words[-1]) in _ADVERBS:
            words.pop()
        phrase: list[str] = []
        for word in reversed(words):
            if loose_text(word) in _DETERMINERS:
                break
            phrase.insert(0, word)
        if phrase and loose_text(phrase[-1]).strip(".") not in _PRONOUNS:
            out.append(" ".join(phrase))
    return out


# --- hedges ------------------------------------------------------------------------------------

# Each hedge an excerpt may use, with its family: a claim keeps the hedge when it says one of the
# same family. `numeric`: the hedge qualifies the number that follows it.
_HEDGE_FAMILIES: dict[str, tuple[tuple[str, ...], bool]] = {
    "upper bound": (("up to", "as many as", "at most", "no more than", "a maximum of"), True),
    "lower bound": (("at least", "more than", "over", "no fewer than", "a minimum of"), True),
    "approximately": (
        ("about", "around", "approximately", "roughly", "some", "nearly", "almost", "close to", "an estimated"),
        True,
    ),
    "likeness": (("similar to", "modelled on", "modeled on", "like", "akin to", "along the lines of"), False),
    "likelihood": (("likely", "possible", "possibly", "probably", "may", "might", "could", "potential"), False),
    "report": (
        (
            "reportedly",
            "according to some reports",
            "according to some media",
            "according to",
            "allegedly",
            "said to",
            "reported",
        ),
        False,
    ),
}
# The hedges looked for in excerpts (the family's other words count only as kept in a claim).
_EXCERPT_HEDGES: dict[str, str] = {
    "up to": "upper bound",
    "as many as": "upper bound",
    "at least": "lower bound",
    "more than": "lower bound",
    "no fewer than": "lower bound",
    "about": "approximately",
    "around": "approximately",
    "approximately": "approximately",
    "roughly": "approximately",
    "nearly": "approximately",
    "an estimated": "approximately",
    "similar to": "likeness",
    "modelled on": "likeness",
    "modeled on": "likeness",
    "is likely to": "likelihood",
    "are likely to": "likelihood",
    "reportedly": "report",
    "according to some reports": "report",
    "according to some media": "report",
    "allegedly": "report",
}
_HEDGE_IN_EXCERPT = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _EXCERPT_HEDGES), key=len)[::-1]) + r")\b")
_STOP = frozenset(
    "a an the of to in on at by for and or is are was were be been it its this that with as from which "
    "who will would has have had not no".split()
)
_TOKEN = re.compile(r"\d[\d,.\u202f\u00a0\u2009]*\d|\d|[^\W\d_][\w’'\-]*")


def _tokens(text: str) -> list[str]:
    return [key for key, _ in _tokens_as_written(text)]


def _tokens_as_written(text: str) -> list[tuple[str, str]]:
    """(comparable key, as written) of each word and number of `text`."""
    return [(_value(t).rstrip(".,") if t[0].isdigit() else _word_key(t), t) for t in _TOKEN.findall(text)]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[;!?])\s+|(?<=[^A-Z.]\.)\s+(?=[A-Z“\"])", text) if s.strip()]


def _kept(segment: str, family: str) -> bool:
    words, _ = _HEDGE_FAMILIES[family]
    low = " " + " ".join(_tokens(segment)) + " "
    return any(f" {' '.join(_tokens(w))} " in low for w in words)


@dataclass(frozen=True)
class _Hedge:
    """A hedge in an excerpt, and what it qualifies: the runs of words a claim may reuse."""

    hedge: str
    family: str
    grams: tuple[tuple[str, ...], ...]  # a number for a numeric hedge, else three-word runs
    scope: tuple[str, ...]  # the keys of the words it qualifies
    written: tuple[str, ...]  # the same words as the excerpt writes them


@functools.lru_cache(maxsize=65536)
def _hedges_of(excerpt: str) -> tuple[_Hedge, ...]:
    out = []
    text = loose_text(excerpt)
    for m in _HEDGE_IN_EXCERPT.finditer(text):
        hedge = m.group(1)
        family = _EXCERPT_HEDGES[hedge]
        words = _tokens_as_written(re.split(r"[.;!?]\s", text[m.end() :], maxsplit=1)[0])[:25]
        scope = tuple(key for key, _ in words)
        if _HEDGE_FAMILIES[family][1]:
            # The number the hedge qualifies: within its first three words ("up to 1,500", "about $1.5").
            target = next((t for t in scope[:3] if t[0].isdigit()), None)
            grams: tuple[tuple[str, ...], ...] = ((target,),) if target else ()
        else:
            grams = tuple(tuple(scope[i : i + 3]) for i in range(len(scope) - 2) if scope[i] not in _STOP)
        if grams:
            out.append(_Hedge(hedge, family, grams, scope, tuple(w for _, w in words)))
    return tuple(out)


def _hedge_findings(claim: str, excerpts: Sequence[str]) -> Iterator[Finding]:
    seen: set[str] = set()
    claim_segments = [(seg, _tokens(seg)) for seg in _sentences(claim)]
    for excerpt in excerpts:
        for h in _hedges_of(excerpt):
            for segment, toks in claim_segments:
                hit = next((g for g in h.grams if _has_run(toks, g)), None)
                if hit is None or _kept(segment, h.family):
                    continue
                at = next(i for i in range(len(h.scope)) if h.scope[i : i + len(hit)] == hit)
                said = " ".join([h.hedge, *(["…"] if at else []), *h.written[at : at + len(hit)]])
                if said in seen:
                    continue
                seen.add(said)
                yield Finding(
                    HEDGES,
                    h.hedge,
                    f"drops a hedge: an excerpt says {said!r}, the claim says it without {h.hedge!r} or a hedge "
                    "of that kind",
                    f"keep the hedge (e.g. {h.hedge!r}), or accept it: accepted: [{{words: {h.hedge!r}, reason: "
                    '"why the claim may drop it"}]',
                )


def _has_run(tokens: list[str], run: tuple[str, ...]) -> bool:
    n = len(run)
    return any(tuple(tokens[i : i + n]) == run for i in range(len(tokens) - n + 1))


# --- the check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outlets:
    """What the sources a claim cites are called: their outlets and what they relay (`via`)."""

    known: frozenset[str]  # every outlet name of the fact base's sources, as written
    of_source: Mapping[str, frozenset[str]]  # source id -> the names it may be credited with (keys)

    @functools.cached_property
    def by_first_word(self) -> Mapping[str, tuple[str, ...]]:
        """The names by their first word, longest first ("Foreign Policy" before a shorter name
        inside it): a claim is read word by word, not searched once per outlet of the fact base."""
        out: dict[str, list[str]] = {}
        for name in sorted(self.known, key=lambda n: (-len(n), n)):
            out.setdefault(name.split()[0], []).append(name)
        return {first: tuple(names) for first, names in out.items()}

    def named_in(self, claim: str, words: Iterable[str] | None = None) -> list[str]:
        """The outlet names a claim mentions, each once, longest first where they overlap
        (`words`: the claim's words, if already split)."""
        found: list[str] = []
        index = self.by_first_word
        firsts = index.keys() & set(_WORD_SPLIT.split(claim) if words is None else words)
        if not firsts:
            return found
        for m in _CAPITALISED.finditer(claim):
            if m.group() not in firsts:
                continue
            for name in index[m.group()]:
                end = m.start() + len(name)
                whole = claim.startswith(name, m.start()) and not (end < len(claim) and claim[end].isalnum())
                if whole and name not in found and not any(name in longer for longer in found):
                    found.append(name)
        return sorted(found, key=lambda n: (-len(n), n))

    @classmethod
    def of(cls, sources: Iterable[Mapping]) -> Outlets:
        known: set[str] = set()
        of_source: dict[str, frozenset[str]] = {}
        for source in sources:
            names = set()
            outlet = source.get("outlet")
            if isinstance(outlet, str) and outlet not in ("unknown", ""):
                known.add(_bare(outlet))
                names.add(_name_key(outlet))
            for via in source.get("via", ()) or ():
                if isinstance(via, str):
                    name = _bare(via.split(" (")[0])
                    if 0 < len(name.split()) <= 4:
                        known.add(name)
                    names.add(_name_key(via))
            of_source[str(source.get("id"))] = frozenset(names)
        return cls(frozenset(n for n in known if n), of_source)


def _bare(name: str) -> str:
    name = name.strip()
    return name[4:] if name.lower().startswith("the ") else name


@functools.lru_cache(maxsize=4096)  # excerpts are cited by several fields and records
def _name_key(text: str) -> str:
    """Words compared loosely, space-delimited so that a key is found only as whole words."""
    return " " + " ".join(_word_key(w) for w in re.findall(r"[\w.’'\-]+", text)) + " "


def findings(
    claim: str,
    excerpts: Sequence[tuple[str, str]],
    outlets: Outlets,
    speaker_fields: Sequence[str] = (),
    dates: Iterable[str] = (),
) -> list[Finding]:
    """What `claim` says that its excerpts (pairs of cited source id and excerpt) do not.

    `speaker_fields`: other words of the record that name who speaks (a quote's speaker);
    `dates`: ISO dates the claim may give without an excerpt (the dates of the sources it cites
    or names, which their records give)."""
    texts = [e for _, e in excerpts]
    out: list[Finding] = []
    words = _WORD_SPLIT.split(claim)
    # Numbers.
    may_count = _DIGIT.search(claim) is not None or not _NUMBER_WORDS.isdisjoint(words)
    claimed = numbers(claim) if may_count else []
    have: set[str] = set().union(*(number_values(t) for t in texts), dates) if claimed else set()
    joined = " \n ".join(texts)
    for written, value in claimed:
        word = _WORDS.get(value, 0) if value in _WORDS else 0
        if value in have or (word and str(word) in have):
            continue
        if value in _WORDS and word is None:  # "half", "twice": a proportion the excerpt must say in words
            if re.search(rf"\b{value}\b", joined, re.IGNORECASE):
                continue
        elif (
            word
            and value in _MAGNITUDES
            and any(v.replace(".", "", 1).isdigit() and word <= float(v) < word * 1000 for v in have)
        ):  # "several thousand" for 3,000–4,000
            continue
        elif value.isdigit() and int(value) in _WORDS.values() and any(_WORDS.get(w) == int(value) for w in have):
            continue
        out.append(
            Finding(
                NUMBERS,
                written,
                f"says {written!r}, a number none of its excerpts gives",
                f"cite the words that give {written!r}, write the number as the excerpt does, or accept it: "
                f'accepted: [{{words: {written!r}, reason: "how it follows from the excerpts"}}]',
            )
        )
    # Quotations.
    spans = quotations(claim) if _MAY_QUOTE.search(claim) else []
    loose_excerpts = [loose_text(t) for t in texts] if spans else []
    for span in spans:
        for part in _quoted_parts(span):
            if not any(loose_text(part) in t for t in loose_excerpts):
                out.append(
                    Finding(
                        QUOTES,
                        part,
                        f"puts {part!r} in quotation marks, but none of its excerpts has these words",
                        "quote the excerpt's own words (make find shows them), cite the excerpt that has them, "
                        "or take away the quotation marks",
                    )
                )
    # Attributions: outlets first, then speakers.
    credited: set[str] = set()
    for source, _ in excerpts:
        credited |= outlets.of_source.get(source, frozenset())
    for outlet in outlets.named_in(claim, words):
        key = _name_key(outlet)
        if any(key in c for c in credited) or any(key in _name_key(t) for t in texts):
            continue
        out.append(
            Finding(
                ATTRIBUTION,
                outlet,
                f"names {outlet!r} as a source, but no source it cites is {outlet!r} or relays it, and no "
                "excerpt names it",
                f"cite the words of {outlet!r} itself, or name the outlet of the source cited",
            )
        )
    # Names credited by a phrase ("according to Reuters", "documents obtained by Reuters") that no
    # source of the fact base is called: the outlets above cannot know them.
    for name in credited_names(claim):
        if outlets.named_in(name):
            continue  # an outlet of the fact base: checked above
        key = _name_key(name)
        if any(key in c for c in credited) or any(key in _name_key(t) for t in (*texts, *speaker_fields)):
            continue
        out.append(
            Finding(
                ATTRIBUTION,
                name,
                f"credits {name!r} with it, but no source it cites is {name!r} or relays it, and no excerpt names it",
                f"cite the words of {name!r} itself, or credit whom the excerpt credits",
            )
        )
    who_keys: list[str] = []
    for speaker in speakers(claim) if not VERBS_OF_SAYING.isdisjoint(words) else ():
        if any(outlet in speaker for outlet in outlets.known):
            continue  # an outlet: checked above
        head = _word_key(speaker.split()[-1])
        if not head or head in _SELF or head in _PRONOUNS or head.isdigit():
            continue
        who_keys = who_keys or [_name_key(t) for t in (*texts, *speaker_fields)]
        if any(f" {head} " in k for k in who_keys) or any(f" {head} " in c for c in credited):
            continue
        out.append(
            Finding(
                ATTRIBUTION,
                speaker,
                f"says {speaker!r} said it, but no excerpt it cites names {speaker!r}",
                "cite the excerpt that names the speaker, or say who said it as the excerpt does",
            )
        )
    hedged = [t for t in texts if _hedges_of(t)]
    if hedged:
        out.extend(_hedge_findings(claim, hedged))
    return out


# Cheap first looks, so that a claim with no digit, quotation mark or number word costs little.
_DIGIT = re.compile(r"\d")


# A claim's words without their punctuation ("two," -> "two"): one split of a claim tells, by set
# operations in C, whether it has a number word, a verb of saying or an outlet's name.
_WORD_SPLIT = re.compile(r"[\s,.;:!?()\[\]“”\"‘’'—–/…-]+")
_NUMBER_WORDS = frozenset(
    form for w in _WORDS for form in (w, f"{w}s", w.capitalize(), f"{w.capitalize()}s", w.upper())
)
_MAY_QUOTE = re.compile('[“"‘]')


def is_accepted(finding: Finding, accepted: Iterable[str]) -> bool:
    """Whether an editor accepted this finding (by its words, typography and case folded)."""
    key = loose_text(finding.words).strip(_EDGE + "\"'")
    if any(loose_text(words).strip(_EDGE + "\"'") == key for words in accepted):
        return True
    # A number as written in a sentence or as a number field holds it: "1,500" accepts 1500.
    return finding.rule == NUMBERS and any(_value(words.strip()) == _value(finding.words) for words in accepted)


__all__ = [
    "RULES",
    "Finding",
    "Outlets",
    "findings",
    "is_accepted",
    "number_values",
    "numbers",
    "quantity",
    "quotations",
    "speakers",
]
