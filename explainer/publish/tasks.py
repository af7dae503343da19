"""The page-task list: every generated page and download as groups to render, each with its rough cost.

The plain pipeline (generate.py) renders the groups in order; the scale paths (fast.py) share
them between two processes or reuse what an edit left unchanged. Both take the list from here, so
neither imports the other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..render import PageTask, page_tasks
from ..render.common import Locator, Page
from .downloads import extra_tasks

if TYPE_CHECKING:
    from ..check.validate import Paths
    from ..model.facts import FactBase


def tasks(facts: FactBase, paths: Paths) -> list[PageTask]:
    """Every page group to render, each with its rough cost (how the two processes share them)."""
    locator = Locator.build(facts)
    return page_tasks(facts, locator) + extra_tasks(facts, paths, locator)


def render(facts: FactBase, paths: Paths) -> list[Page]:
    """Every generated page and download, in a fixed order."""
    return [page for _, task in tasks(facts, paths) for page in task()]
