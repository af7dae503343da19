"""The source texts in seeds/, and the one rule that ties every claim to them.

An excerpt is verbatim in its seed when the two are equal after folding runs of ASCII whitespace
into one space. Nothing else is forgiven: curly quotes, non-breaking hyphens (U+2011) and narrow
no-break spaces (U+202F) must be typed as the seed has them. When an excerpt is not found we show
the closest passage and the first character that differs, so an invisible typo becomes visible.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import typography
from .inputs import TOO_LARGE, Refused, read_input
from .limits import MAX_SEED_BYTES
from .typography import loose_text


def fold(text: str) -> str:
    """Runs of ASCII whitespace become one space; ends are trimmed (of any whitespace, as str.strip does).

    bytes.split() splits at exactly the six ASCII whitespace characters (space, tab, LF, CR, FF,
    VT), and UTF-8 never uses those bytes inside another character: the same result as the
    regular expression `[ \t\r\n\f\v]+` replaced by one space (tests/test_seeds.py checks),
    three times faster.
    """
    return b" ".join(text.encode("utf-8", "surrogatepass").split()).decode("utf-8", "surrogatepass").strip()


@dataclass(frozen=True)
class Seed:
    name: str  # file name under seeds/
    text: str  # as stored, byte for byte decoded

    @functools.cached_property
    def folded(self) -> str:
        """The text with its whitespace folded; made only for a seed where an excerpt needs it."""
        return fold(self.text)

    def contains(self, excerpt: str) -> bool:
        needle = fold(excerpt)
        # An excerpt that is already folded and occurs in the text as it is also occurs in the
        # folded text: each of its spaces is a whole run of whitespace there, and folding leaves
        # every other character alone. In a seed with a paragraph per line most excerpts are found
        # so, without folding the seed; once it had to be folded (a hard-wrapped seed), search there.
        if "folded" not in self.__dict__ and needle == excerpt and needle in self.text:
            return True
        return needle in self.folded

    def closest(self, excerpt: str, context: int = 0) -> tuple[str, str]:
        """The passage of this seed closest to `excerpt`, lined up with it whatever the two
        lengths, and where the two first really differ."""
        needle = fold(excerpt)
        if not needle or not self.folded:
            return "", ""
        same_words = typography.find_all(needle, self.folded)
        if same_words:  # only typography differs: the passage is the seed's exact words for it
            start, end = same_words[0]
            passage = self.folded[start:end]
            difference = describe_difference(needle, passage)
            return passage, difference + "; only typography differs: make fix rewrites it" if difference else ""
        span = align(needle, self.folded)
        if span is None:
            return "", ""
        start, end = max(0, span[0] - context), min(len(self.folded), span[1] + context)
        return self.folded[start:end], describe_difference(needle, self.folded[span[0] : span[1]])

    @functools.cached_property
    def sha256(self) -> str:
        """The SHA-256 of the seed file's bytes (the text was decoded strictly from UTF-8, so
        encoding it again gives those bytes back exactly)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def endings_converted(self, recorded: object) -> str:
        """ "CRLF" or "LF" where the seed is the text whose SHA-256 was `recorded` with its line
        endings converted on the way (git's core.autocrlf, an editor) and now has those; else ""."""
        if not isinstance(recorded, str):
            return ""
        lf = self.text.replace("\r\n", "\n")
        for now, was in (("CRLF", lf), ("LF", lf.replace("\n", "\r\n"))):
            if was != self.text and hashlib.sha256(was.encode("utf-8")).hexdigest() == recorded:
                return now
        return ""


def align(needle: str, text: str) -> tuple[int, int] | None:
    """The span of `text` that lines up with `needle`, or None when they share nothing.

    The longest stretch the two share places a window of `text`; within it the characters are
    matched up one by one (difflib), and the span runs from where the needle's first character
    falls to where its last one falls. Where the needle and the text differ in length (" - "
    typed for "—", "..." for "…") the span follows the text, so it does not drift by the
    difference as a fixed-length slice would.
    """
    block = difflib.SequenceMatcher(None, text, needle, autojunk=False).find_longest_match(0, len(text), 0, len(needle))
    if block.size < min(4, len(needle)):  # nothing worth showing in common
        return None
    slack = len(needle) // 2 + 8
    lo = max(0, block.a - block.b - slack)
    hi = min(len(text), block.a + len(needle) - block.b + slack)
    window = text[lo:hi]
    blocks = [b for b in difflib.SequenceMatcher(None, needle, window, autojunk=False).get_matching_blocks() if b.size]
    sure = [b for b in blocks if b.size >= min(3, block.size)]  # single shared spaces and letters mislead
    # From the longest stretch outwards, keep the stretches that follow on as they do in the
    # needle: one far off (a "par" of the needle's "apart" in a later "part") ends the passage.
    k = max(range(len(sure)), key=lambda i: sure[i].size)
    first = last = sure[k]
    for b in sure[k + 1 :]:
        if b.b - (last.b + last.size) > 2 * (b.a - (last.a + last.size)) + 4:
            break
        last = b
    for b in reversed(sure[:k]):
        if first.b - (b.b + b.size) > 2 * (first.a - (b.a + b.size)) + 4:
            break
        first = b
    # Where the needle starts (ends) with words the stretches missed, look for them just before
    # (after) the stretches: "the plan" against "the budget plan" starts at "the", not at "et plan".
    head, tail = needle[: first.a], needle[last.a + last.size :]
    at = window.rfind(head, 0, first.b) if head else -1
    start = lo + (at if at >= 0 and first.b - at - len(head) <= len(head) + 8 else max(0, first.b - first.a))
    after = last.b + last.size
    at = window.find(tail, after) if tail else -1
    end = lo + at + len(tail) if at >= 0 and at - after <= len(tail) + 8 else lo + min(len(window), after + len(tail))
    return start, max(end, start + 1)


def _name(ch: str) -> str:
    return f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})"


def _names(chars: str) -> str:
    """A short run of characters, each named; a longer one quoted."""
    if len(chars) == 1:
        return _name(chars)
    # Plain ASCII letters and signs are what they look like; spaces around a sign are named.
    if all(" " <= c < "\x7f" for c in chars) and (" " not in chars or any(c.isalnum() for c in chars)):
        return repr(chars if len(chars) <= 40 else chars[:37] + "...")
    if len(chars) <= 4:
        return f"{chars!r} (" + ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in chars) + ")"
    return repr(chars if len(chars) <= 40 else chars[:37] + "...")


def describe_difference(excerpt: str, passage: str, called: str = "the excerpt") -> str:
    """Say where `excerpt` first really differs from the lined-up `passage`, naming both sides
    (`called`: what the message calls the excerpt, "what you typed" where an editor searched).

    Differences of typography only (quote marks, dashes, spaces, ellipses, case: the
    equivalences of explainer/load/typography.py) are named too, but a difference of words comes first.
    """
    matcher = difflib.SequenceMatcher(None, excerpt, passage, autojunk=False)
    typographic: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        said = _say(tag, excerpt, passage, i1, i2, j1, j2, called)
        # One character either side, so that a space typed or left out between letters counts.
        if loose_text(excerpt[max(0, i1 - 1) : i2 + 1]) == loose_text(passage[max(0, j1 - 1) : j2 + 1]):
            typographic.append(said)
            continue
        if typographic:
            return f"first real difference {said}; before it the typography differs (first {typographic[0]})"
        return f"first difference {said}"
    if not typographic:
        return ""
    n = len(typographic) - 1
    more = f" ({n} more difference{'s' if n > 1 else ''} of typography)" if n else ""
    return f"first difference {typographic[0]}{more}"


def _word_at(text: str, start: int, end: int) -> str:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def _say(tag: str, excerpt: str, passage: str, i1: int, i2: int, j1: int, j2: int, called: str) -> str:
    where = f"at character {i1 + 1}"
    if (excerpt[i1:i2] + passage[j1:j2]).isalnum():  # a letter or two within a word: show the words
        mine, theirs = _word_at(excerpt, i1, i2), _word_at(passage, j1, j2)
        if mine != theirs:
            return f"{where}: {called} has the word {mine!r}, the seed has {theirs!r}"
    if tag == "replace":
        return f"{where}: {called} has {_names(excerpt[i1:i2])}, the seed has {_names(passage[j1:j2])}"
    if tag == "delete":
        if j1 == len(passage) and i1 > 0:
            return f"{where}: {called} goes on with {_names(excerpt[i1:i2])} where the seed's passage ends"
        return f"{where}: {called} has {_names(excerpt[i1:i2])}, which the seed does not have there"
    return f"{where}: the seed has {_names(passage[j1:j2])} there, which {called} does not"


@dataclass(frozen=True)
class Unreadable:
    """A seed file that cannot be used, in the words of a problem: what is wrong, and the fix."""

    message: str  # e.g. "is not UTF-8 (byte 0xff at line 3, column 7)"
    fix: str


# The live preview reads the seeds again after every edit: a seed whose bytes have not changed
# keeps its decoded and folded text from last time (bounded, like load.py's memo).
_MEMO: dict[str, tuple[bytes, Seed]] = {}
_MEMO_FILES = 20_000


def read_seeds(seed_dir: Path, root: Path | None = None) -> dict[str, Seed | Unreadable]:
    """Every seed text by file name; a seed that may not be read (explainer/load/inputs.py: not a
    regular file inside the project `root`, default the folder that holds seeds/; past
    MAX_SEED_BYTES) or is not UTF-8 maps to why. A file is looked at before it is read: none can
    hang or flood this."""
    seeds: dict[str, Seed | Unreadable] = {}
    for file in sorted(seed_dir.glob("*.txt")):
        raw = read_input(file, root if root is not None else seed_dir.parent, MAX_SEED_BYTES)
        if raw is TOO_LARGE:
            seeds[file.name] = Unreadable(
                f"is larger than {MAX_SEED_BYTES:,} bytes, the limit for a seed",
                "a seed is one article's text: check that the right file was saved (explainer/load/limits.py "
                "says why the limit is what it is)",
            )
            continue
        if isinstance(raw, Refused):
            seeds[file.name] = Unreadable(raw.message, raw.fix)
            continue
        memo = _MEMO.get(str(file))
        if memo is not None and memo[0] == raw and memo[1].name == file.name:
            seeds[file.name] = memo[1]
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start]
            line, col = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
            seeds[file.name] = Unreadable(
                f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}, column {col})",
                "convert the seed file to UTF-8 (e.g. iconv -f latin1 -t utf-8), then update the source's "
                "sha256 as make check says",
            )
            continue
        seeds[file.name] = seed = Seed(file.name, text)
        if len(_MEMO) >= _MEMO_FILES:
            _MEMO.clear()
        _MEMO[str(file)] = (raw, seed)
    return seeds
