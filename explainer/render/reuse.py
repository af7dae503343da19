"""A seam for the live preview: a listing page whose inputs did not change is taken from its last run.

Listing pages (listing.py) ask `page(path, key)` before rendering a page, where `key` holds what
the page is made of besides lookups in the fact base (its records, the number of pages); they
pass each page they did render through `keep`. Outside the live preview nobody is listening:
`page` returns None and `keep` returns the page as it is, so a one-shot run renders everything.
The live preview (explainer/scale/incremental.py) listens, and notes which records each page looks up,
to know next time whether it may be reused.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, Protocol

from .common import Page


class Listener(Protocol):
    def page(self, path: str, key: Any) -> Page | None: ...
    def keep(self, page: Page) -> Page: ...


LISTENER: ContextVar[Listener | None] = ContextVar("reuse_listener", default=None)


def page(path: str, key: Any) -> Page | None:
    """The page as the last run rendered it, if nothing it is made of has changed since."""
    listener = LISTENER.get()
    return None if listener is None else listener.page(path, key)


def keep(rendered: Page) -> Page:
    """A page just rendered (the listener notes it and what it looked up since `page`)."""
    listener = LISTENER.get()
    return rendered if listener is None else listener.keep(rendered)
