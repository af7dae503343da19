"""A figure's value and unit as one phrase, without saying the unit twice.

Editors copy a figure's value as the article writes it ("over 80%", "roughly 50 percent",
"two years") and name its unit separately for reuse ("percent", "years"). Put side by side they
would read "over 80% percent"; here the unit is left out when the value already says it, and
joined with "of" after a count that needs it ("a set number of officers").
"""

from __future__ import annotations

import re

SIGNS = {
    "percent": ("%", "per cent", "percent"),
    # A currency's sign says the unit: "$412 million", not "$412 million dollars".
    "dollars": ("$",),
    "euros": ("€",),
    "pounds": ("£",),
}
NEEDS_OF = ("number", "hundreds", "thousands", "millions", "dozens", "tens")


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def in_words(value: str, unit: str) -> str:
    """A number and its unit as one plain text ("412 million dollars", "over 80%"): with_unit, joined."""
    shown, after = with_unit(value, unit)
    return f"{shown} {after}" if after else shown


def with_unit(value: str, unit: str) -> tuple[str, str]:
    """(value, unit to show after it): the unit is "" when the value already says it."""
    unit = unit.strip()
    if not unit or unit == "unknown":
        return value, ""
    folded = value.casefold()
    signs = SIGNS.get(unit.casefold(), ())
    first = _stem(unit.split()[0].casefold())
    words = [_stem(w) for w in re.findall(r"[a-z]+", folded)]
    if any(s in folded for s in signs) or (not unit.startswith("of ") and first in words):
        return value, ""
    last = re.findall(r"[a-z]+", folded)[-1:]
    if last and last[0] in NEEDS_OF and not unit.startswith("of "):
        return value, f"of {unit}"
    return value, unit
