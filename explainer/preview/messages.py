"""What the live preview (`make serve`) tells the editor besides the pages themselves.

Problems in the data: when a regeneration fails, docs/ keeps the last good pages, and until now
the only word of it was in the terminal. `show()` takes the problems of the latest run (none
after a good one); the preview's server (explainer/preview/server.py) rewrites every HTML page
it serves through `decorate_now`, which puts a banner listing each problem (file:line:column,
record, field, what is wrong, fix) at the top of the page's content, escaped like all text from
data. The pages on disk never change: the banner exists only in the preview's answers. When the
list changes, browsers are told to reload, as after a rebuild.

The "dirty build" warning MkDocs logs on every preview rebuild is replaced by one explanation
at start (`install()`).

The serve.py hook is four calls: install(server) once, show(problems, held=...) after each failed
run (the causes first, as DataError orders them, then the held-back line), show((),
pages_changed=...) after each good one and pages_rebuilt() after each site build.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..load.problems import Problem
from ..render.escape import attr

if TYPE_CHECKING:
    from .server import PreviewServer

DIRTY_NOTE = (
    "Preview builds are 'dirty': MkDocs rebuilds only the pages that changed, so navigation "
    "and search may lag behind an edit until the next full build (make site, or serve --full)."
)

_lock = threading.Lock()
_problems: tuple[Problem, ...] = ()
_held = ""  # the line saying how many problems are held back behind the causes shown (DataError)
_servers: list[PreviewServer] = []


def show(problems: Iterable[Problem], pages_changed: bool = False, held: str = "") -> None:
    """Set the problems the preview shows (empty: none), in the order given (the causes first, as
    DataError orders them), and `held`, the line saying what is held back behind them; reload the
    browsers if that changed, unless pages changed too: then the site is rebuilt and reloads once,
    banner gone."""
    global _problems, _held  # (the preview's one state, shared by the server's threads under _lock)
    new = tuple(dict.fromkeys(problems))
    with _lock:
        if new == _problems and held == _held:
            return
        _problems, _held = new, held
        servers = [] if pages_changed else list(_servers)
    for server in servers:
        server.reload(rebuilt=False)


def pages_rebuilt() -> None:
    """The site was rebuilt: every browser reloads (and reads the current problems)."""
    with _lock:
        servers = list(_servers)
    for server in servers:
        server.reload()


def banner_html(problems: tuple[Problem, ...], held: str = "") -> str:
    """The banner: one item per problem in the order given, then the held-back line; every text
    from data escaped. Warnings alone (a claim that may say more than its words) get a milder
    banner: the pages were regenerated."""
    if problems and all(p.warning for p in problems):
        return _banner(
            problems,
            "warning",
            f"{len(problems)} warning{'s' if len(problems) != 1 else ''}: the pages were regenerated, but a claim "
            "may say more than its words. Keep the hedge, or accept it with a reason (accepted:).",
        )
    errors = tuple(p for p in problems if not p.warning)
    n = len(errors)
    title = (
        f"{n} problem{'s' if n != 1 else ''} in the data: nothing was regenerated, so this preview shows the last "
        f"good version of every page. Fix {'them' if n != 1 else 'it'} and the page reloads without this banner."
    )
    return _banner(problems, "danger", title, held)


def _banner(problems: tuple[Problem, ...], kind: str, title: str, held: str = "") -> str:
    items = []
    for p in problems:
        who = f" {attr(p.record)}:" if p.record else ""
        what = f"<strong>{attr(p.field)}</strong> {attr(p.message)}" if p.field else attr(p.message)
        fix = f"<br>Fix: {attr(p.fix)}" if p.fix else ""
        flag = "warning: " if p.warning and kind != "warning" else ""
        items.append(f"<li><code>{attr(f'{p.path}:{p.line}:{p.col}')}</code>{who} {flag}{what}{fix}</li>")
    if held:
        items.append(f'<li class="preview-held">{attr(held)}</li>')
    return (
        f'<div class="admonition {kind}" id="preview-problems" role="alert">'
        f'<p class="admonition-title">{attr(title)}</p>'
        f"<ul>{''.join(items)}</ul></div>"
    )


_ARTICLE = re.compile(rb'<article class="md-content__inner[^"]*"[^>]*>')
_BODY = re.compile(rb"<body[^>]*>")


def decorate(content: bytes, problems: tuple[Problem, ...], held: str = "") -> bytes:
    """A served page with, if there are problems, the banner at the top of its content."""
    if problems:
        banner = banner_html(problems, held).encode("utf-8")
        at = _ARTICLE.search(content) or _BODY.search(content)
        end = at.end() if at else 0
        content = content[:end] + banner + content[end:]
    return content


def decorate_now(content: bytes) -> bytes:
    """`decorate` with the problems of the latest run (what the preview's server calls)."""
    with _lock:
        problems, held = _problems, _held
    return decorate(content, problems, held)


class _OnceDirty(logging.Filter):
    """Drops MkDocs' per-rebuild warning about dirty builds (DIRTY_NOTE says it once)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


def install(server: PreviewServer) -> None:
    """The server whose browsers reload when the problems change; MkDocs' per-build warning
    about dirty builds replaced by DIRTY_NOTE, said once."""
    with _lock:
        _servers.append(server)
    logging.getLogger("mkdocs.commands.build").addFilter(_OnceDirty())
    print(DIRTY_NOTE, flush=True)
