"""Problems found in editors' data, and how they are reported.

Every step that reads data collects `Problem`s instead of raising, so an editor sees every
mistake of a run at once; `DataError` carries them out of the pipeline when any were found.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def shown_path(path: Path | str, root: Path) -> str:
    """How a message names a file: relative to the project's root when inside it, else as given."""
    where = Path(path)
    return where.relative_to(root).as_posix() if where.is_relative_to(root) else str(path)


def nearest(word: str, candidates: Iterable[object], cutoff: float = 0.75) -> str | None:
    """The candidate `word` is most likely a slip for ("rolle" for "role"), if any: what a fix
    suggests instead of a field name or an id that does not exist."""
    found = difflib.get_close_matches(word, [c for c in candidates if isinstance(c, str)], n=1, cutoff=cutoff)
    return found[0] if found else None


def place(index: int) -> str:
    """How a message names the record at `index` (from 0) of its file where no id names it: the
    loader's messages, before any id is read, and the checks' (explainer/model/registry.py: label)."""
    return f"record #{index + 1}"


def printable(text: str) -> str:
    """`text` with every character a terminal would not show as itself written as an escape.

    A message quotes what the editor wrote or what a seed holds; a line break, a line separator
    (U+2028), an escape sequence or a bidi control in it would split one problem over several
    lines, or make the terminal show something else than the message says."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake, located as precisely as the input allows (line and column are 1-based)."""

    path: str
    line: int
    col: int
    message: str
    record: str = ""  # e.g. "quote 'us-official-very-fluid'"
    field: str = ""  # e.g. "cite[0].excerpt"
    fix: str = ""  # how to fix it, in one sentence
    warning: bool = False  # shown to the editor, but it does not stop the run
    # A problem that may only follow from a file that could not be read (a reference into it, a
    # record it would have listed): held back while such a file is unread (DataError).
    follows: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}: " + ("warning: " if self.warning else "")
        who = f"{self.record}: " if self.record else ""
        what = f"{self.field} {self.message}" if self.field else self.message
        fix = f" (fix: {self.fix})" if self.fix else ""
        return printable(f"{where}{who}{what}{fix}")


class DataError(Exception):
    """Raised when the data has problems; nothing may be written then.

    The cause comes first: problems with files that could not be read (`unread`: a data file that
    is not valid YAML, a schema that is not valid JSON) are reported before all others, and the
    problems that may only follow from them (`follows`: a reference to a record such a file may
    hold) are held back, counted in one line, until the file can be read again."""

    def __init__(self, problems: list[Problem], unread: tuple[str, ...] = ()):
        found = sorted(set(problems))
        self.unread = unread
        self.held = [p for p in found if p.follows] if unread else []
        causes = [p for p in found if not p.follows and p.path in unread]
        self.problems = causes + [p for p in found if p not in causes and p not in self.held]
        super().__init__("\n".join(str(p) for p in self.problems))

    def held_line(self) -> str:
        """The one line saying how many problems are held back and why ("" when none are)."""
        if not self.held:
            return ""
        h = len(self.held)
        return printable(
            f"{h} more problem{'s' if h != 1 else ''} held back: {'they' if h != 1 else 'it'} may only follow "
            f"from {', '.join(self.unread)} not being read in full; fix {'those' if len(self.unread) > 1 else 'it'} "
            "first."
        )

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        if self.held:
            lines.append(self.held_line())
        lines.append(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.")
        return "\n".join(lines)
