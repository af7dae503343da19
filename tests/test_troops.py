"""scripts/troops.py, the subject's Troop offers page: each bar of the chart is named on the line
above it in words a phone shows whole (the stance's aside left to the description and table)."""

from __future__ import annotations

import re

from scripts.troops import chart_name

from .conftest import ROOT


def test_a_bar_is_named_without_its_stances_aside_and_never_cut_inside_brackets():
    assert chart_name("Jordan (was offered a role (the article does not say by whom))") == "Jordan (was offered a role)"
    assert chart_name("Indonesia (offered)") == "Indonesia (offered)"
    labels = re.findall(
        r'class="chart-label">([^<]*)<', (ROOT / "docs" / "troop-offers.md").read_text(encoding="utf-8")
    )
    assert labels
    for label in labels:
        assert label.count("(") == label.count(")") and "…" not in label, label
