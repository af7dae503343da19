"""The live preview's web server (`make serve`): the built site, each HTML page with the
live-reload script and the problem banner, on the standard library's threaded http.server.

Every HTML page served gets one `<script src="/__preview/livereload.js" data-epoch="N">` before
`</body>`: a file of the same origin, which the site's Content-Security-Policy already allows
(script-src 'self'), so no policy is rewritten. The script asks `/__preview/wait?epoch=N`, which
answers as soon as the site's epoch moves past N (a rebuild, or a change in the problems the
banner lists; `reload()`) or after WAIT_S, and the page reloads when the answer differs from its
own epoch. `decorate` (explainer/preview/messages.py) puts the banner into each page as served;
the files on disk never change. Nothing of MkDocs' own server is used.
"""

from __future__ import annotations

import http.server
import logging
import socket
import threading
import urllib.parse
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("explainer.preview")

WAIT_S = 25.0  # a waiting browser is answered at least this often (then it asks again)
PREFIX = "/__preview/"
SCRIPT = b"""(function () {
  var me = document.currentScript, epoch = me.getAttribute("data-epoch");
  function wait() {
    fetch("/__preview/wait?epoch=" + epoch, {cache: "no-store"})
      .then(function (answer) { return answer.text(); })
      .then(function (now) { if (now !== epoch) { location.reload(); } else { wait(); } })
      .catch(function () { setTimeout(wait, 1000); });
  }
  console.log("Enabled live reload");
  wait();
})();
"""


class PreviewServer(http.server.ThreadingHTTPServer):
    """Serves `site` (a folder MkDocs builds into); `decorate(page)` rewrites each HTML page."""

    daemon_threads = True
    allow_reuse_address = True  # as MkDocs' server: a preview restarted at once gets its port back

    def __init__(self, host: str, port: int, site: Path, decorate: Callable[[bytes], bytes]) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.site = site
        self.decorate = decorate
        self.epoch = 1
        self._changed = threading.Condition()
        super().__init__((host, port), _Handler)

    def reload(self, rebuilt: bool = True) -> None:
        """Tell every waiting browser to reload (logged after a rebuild, as MkDocs' server did;
        not for a change in the banner alone)."""
        with self._changed:
            self.epoch += 1
            self._changed.notify_all()
        if rebuilt:
            log.info("Reloading browsers")

    def wait(self, epoch: str, timeout: float = WAIT_S) -> int:
        """The epoch, once it differs from the one a page was served at (or after `timeout`)."""
        with self._changed:
            self._changed.wait_for(lambda: str(self.epoch) != epoch, timeout)
            return self.epoch

    def page(self, content: bytes) -> bytes:
        """An HTML page as served: decorated, and the live-reload script before </body>."""
        tag = f'<script src="{PREFIX}livereload.js" data-epoch="{self.epoch}"></script>'.encode()
        content = self.decorate(content)
        end = content.rfind(b"</body>")
        return content[:end] + tag + content[end:] if end >= 0 else content + tag


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: PreviewServer

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, directory=str(args[2].site), **kwargs)

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == PREFIX + "livereload.js":
            return self._send(200, SCRIPT, "text/javascript; charset=utf-8")
        if path == PREFIX + "wait":
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            epoch = self.server.wait(query.get("epoch", [""])[0])
            return self._send(200, str(epoch).encode(), "text/plain; charset=utf-8")
        file = Path(self.translate_path(self.path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            return self._send(200, self.server.page(file.read_bytes()), "text/html; charset=utf-8")
        if not file.exists() and not file.is_dir():
            missing = Path(self.server.site) / "404.html"
            if missing.is_file():
                return self._send(404, self.server.page(missing.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a preview is never cached
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged (MkDocs' server did not either); errors still are."""

    def log_error(self, format: str, *args: object) -> None:
        log.debug(format, *args)
