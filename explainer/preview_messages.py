"""What the live preview (`make serve`) tells the editor besides the pages themselves.

Problems in the data: when a regeneration fails, docs/ keeps the last good pages, and until now
the only word of it was in the terminal. `show()` takes the problems of the latest run (none
after a good one); MkDocs' development server already rewrites every HTML page it serves (to
add its live-reload script), and `install()` makes that step also put a banner listing each
problem (file:line:column, record, field, what is wrong, fix) at the top of the page's content,
escaped like all text from data. The pages on disk never change: the banner exists only in the
preview's answers. When the list changes, browsers are told to reload, as after a rebuild.

The live-reload script MkDocs adds is inline, and the site's Content-Security-Policy
(overrides/partials/csp.html) lets no inline script run: in the preview only, the served
page's policy also allows that one script, by its hash.

The "dirty build" warning MkDocs logs on every preview rebuild is replaced by one explanation
at start (`install()`).

The serve.py hook is three calls: install() once, show(problems, held=...) after each failed run and
show((), pages_changed=...) after each good one.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import threading
from collections.abc import Iterable

import mkdocs.livereload

from .escape import attr
from .problems import Problem

DIRTY_NOTE = (
    "Preview builds are 'dirty': MkDocs rebuilds only the pages that changed, so navigation "
    "and search may lag behind an edit until the next full build (make site, or serve --full)."
)

_lock = threading.Lock()
_problems: tuple[Problem, ...] = ()
_held = ""  # the line saying how many problems are held back behind the causes shown (DataError)
_servers: list[mkdocs.livereload.LiveReloadServer] = []


def show(problems: Iterable[Problem], pages_changed: bool = False, held: str = "") -> None:
    """Set the problems the preview shows (empty: none), in the order given (the causes first, as
    DataError orders them), and `held`, the line saying what is held back behind them; reload the
    browsers if that changed, unless pages changed too: then MkDocs rebuilds them and reloads
    once, banner gone."""
    global _problems, _held  # the preview's one state, shared by the server's threads under _lock
    new = tuple(dict.fromkeys(problems))
    with _lock:
        if new == _problems and held == _held:
            return
        _problems, _held = new, held
        servers = [] if pages_changed else list(_servers)
    for server in servers:
        _reload(server)


def _reload(server: mkdocs.livereload.LiveReloadServer) -> None:
    """Tell waiting browsers to reload, as MkDocs does after a rebuild (if one is running, its
    end does that anyway, and the pages it serves read the current problems)."""
    with server._epoch_cond:
        if server._visible_epoch == server._wanted_epoch:
            epoch = max(mkdocs.livereload._timestamp(), server._visible_epoch + 1)
            server._visible_epoch = server._wanted_epoch = epoch
            server._epoch_cond.notify_all()


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
_CSP = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src )')


def decorate(content: bytes, problems: tuple[Problem, ...], held: str = "") -> bytes:
    """A served page with the live-reload script allowed by its policy and, if there are
    problems, the banner at the top of its content."""
    end = content.rfind(b"</script></body>")  # MkDocs puts its script just before </body> (or at the end)
    if end < 0 and content.endswith(b"</script>"):
        end = len(content) - len(b"</script>")
    start = content.rfind(b"<script>", 0, end) if end >= 0 else -1
    if start >= 0:
        script = content[start + len(b"<script>") : end]
        digest = base64.b64encode(hashlib.sha256(script).digest())
        content = _CSP.sub(lambda m: m.group(1) + b"'sha256-" + digest + b"' ", content, count=1)
    if problems:
        banner = banner_html(problems, held).encode("utf-8")
        at = _ARTICLE.search(content) or _BODY.search(content)
        end = at.end() if at else 0
        content = content[:end] + banner + content[end:]
    return content


class _OnceDirty(logging.Filter):
    """Drops MkDocs' per-rebuild warning about dirty builds (DIRTY_NOTE says it once)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


def install() -> None:
    """Hook into MkDocs' development server (1.6.1: `_inject_js_into_html`, `serve`); idempotent."""
    server = mkdocs.livereload.LiveReloadServer
    if getattr(server._inject_js_into_html, "_ours", False):
        return
    inject, serve = server._inject_js_into_html, server.serve

    def inject_and_decorate(self, content, epoch):
        with _lock:
            problems, held = _problems, _held
        return decorate(inject(self, content, epoch), problems, held)

    def serve_and_remember(self, *args, **kwargs):
        with _lock:
            _servers.append(self)
        try:
            return serve(self, *args, **kwargs)
        finally:
            with _lock:
                _servers.remove(self)

    inject_and_decorate._ours = True  # type: ignore[attr-defined]
    server._inject_js_into_html = inject_and_decorate  # type: ignore[method-assign]
    server.serve = serve_and_remember  # type: ignore[method-assign]
    logging.getLogger("mkdocs.commands.build").addFilter(_OnceDirty())
    print(DIRTY_NOTE, flush=True)
