"""A figure's value and its unit read as one phrase, the unit never said twice."""

from __future__ import annotations

import pytest

from explainer.render.units import with_unit


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        ("1,500", "troops", ("1,500", "troops")),
        ("over 80%", "percent", ("over 80%", "")),
        ("two years", "years", ("two years", "")),
        ("a set number", "troops", ("a set number", "of troops")),
        ("$412 million", "dollars", ("$412 million", "")),
        ("412 million", "dollars", ("412 million", "dollars")),
        ("€3 billion", "euros", ("€3 billion", "")),
        ("seven votes to two", "votes", ("seven votes to two", "")),
        ("20,000", "unknown", ("20,000", "")),
    ],
)
def test_the_unit_is_shown_only_when_the_value_does_not_say_it(value, unit, shown):
    assert with_unit(value, unit) == shown
