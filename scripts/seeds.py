"""The source texts in seeds/, and the one rule that ties every claim to them.

An excerpt is verbatim in its seed when the two are equal after folding runs of ASCII whitespace
into one space. Nothing else is forgiven: curly quotes, non-breaking hyphens (U+2011) and narrow
no-break spaces (U+202F) must be typed as the seed has them. When an excerpt is not found we show
the closest passage and the first character that differs, so an invisible typo becomes visible.
"""
from __future__ import annotations

import difflib
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path


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

    def locate(self, excerpt: str) -> tuple[int, int] | None:
        """Start and end of the excerpt in the folded text, or None."""
        needle = fold(excerpt)
        start = self.folded.find(needle)
        return None if start < 0 else (start, start + len(needle))

    def closest(self, excerpt: str, context: int = 0) -> tuple[str, str]:
        """The passage of this seed closest to `excerpt`, and where the two first differ."""
        needle = fold(excerpt)
        if not needle or not self.folded:
            return "", ""
        matcher = difflib.SequenceMatcher(None, self.folded, needle, autojunk=False)
        block = matcher.find_longest_match(0, len(self.folded), 0, len(needle))
        start = max(0, block.a - block.b - context)
        end = min(len(self.folded), start + len(needle) + 2 * context)
        passage = self.folded[start:end]
        return passage, describe_difference(needle, self.folded[max(0, block.a - block.b):])


def _name(ch: str) -> str:
    return f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})"


def describe_difference(excerpt: str, passage: str) -> str:
    """Say where `excerpt` stops matching `passage`, naming both characters."""
    for i, (a, b) in enumerate(zip(excerpt, passage)):
        if a != b:
            return f"first difference at character {i + 1}: the excerpt has {_name(a)}, the seed has {_name(b)}"
    if len(excerpt) > len(passage):
        return "the excerpt runs past the end of the seed"
    return ""


# The live preview reads the seeds again after every edit: a seed whose bytes have not changed
# keeps its decoded and folded text from last time (bounded, like load.py's memo).
_MEMO: dict[str, tuple[bytes, Seed]] = {}
_MEMO_FILES = 20_000


def read_seeds(seed_dir: Path) -> dict[str, Seed | UnicodeDecodeError]:
    """Every seed text by file name; a seed that is not UTF-8 maps to its decoding error."""
    seeds: dict[str, Seed | UnicodeDecodeError] = {}
    for file in sorted(seed_dir.glob("*.txt")):
        raw = file.read_bytes()
        memo = _MEMO.get(str(file))
        if memo is not None and memo[0] == raw and memo[1].name == file.name:
            seeds[file.name] = memo[1]
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            seeds[file.name] = exc
            continue
        seeds[file.name] = seed = Seed(file.name, text)
        if len(_MEMO) >= _MEMO_FILES:
            _MEMO.clear()
        _MEMO[str(file)] = (raw, seed)
    return seeds
