"""The preview's own server (explainer/preview/server.py), without a build: pages get the
live-reload script and the decoration, a waiting browser is answered when the epoch moves, and
nothing of MkDocs' private server parts is used anywhere in the engine."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from explainer.preview.server import PREFIX, PreviewServer

from .conftest import ROOT

PAGE = b'<html><head></head><body><article class="md-content__inner"><h1>T</h1></article></body></html>'


@pytest.fixture
def server(tmp_path: Path):
    site = tmp_path / "site"
    (site / "zones").mkdir(parents=True)
    (site / "index.html").write_bytes(PAGE)
    (site / "zones" / "index.html").write_bytes(PAGE.replace(b"T", b"Zones"))
    (site / "404.html").write_bytes(PAGE.replace(b"T", b"Not found"))
    (site / "extra.css").write_bytes(b"body { color: black }")
    served = PreviewServer("127.0.0.1", 0, site, lambda page: page.replace(b"<h1>", b"<p>BANNER</p><h1>"))
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    try:
        yield served, f"http://127.0.0.1:{served.server_address[1]}"
    finally:
        served.shutdown()
        served.server_close()


def get(url: str) -> tuple[int, bytes, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


def test_pages_get_the_script_and_the_decoration_and_other_files_come_as_they_are(server):
    served, url = server
    status, body, headers = get(f"{url}/zones/")
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert body.startswith(b'<html><head></head><body><article class="md-content__inner"><p>BANNER</p><h1>Zones')
    assert body.endswith(
        f'<script src="{PREFIX}livereload.js" data-epoch="{served.epoch}"></script></body></html>'.encode()
    )
    assert get(f"{url}/extra.css")[1] == b"body { color: black }"
    status, body, _ = get(f"{url}/no-such-page/")
    assert status == 404 and b"Not found" in body and b"BANNER" in body
    status, script, headers = get(f"{url}{PREFIX}livereload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert b"location.reload()" in script and b"Enabled live reload" in script


def test_a_waiting_browser_is_answered_when_the_site_reloads(server):
    served, url = server
    epoch = served.epoch
    assert get(f"{url}{PREFIX}wait?epoch={epoch - 1}")[1] == str(epoch).encode(), "behind: answered at once"
    answers: list[bytes] = []
    waiting = threading.Thread(target=lambda: answers.append(get(f"{url}{PREFIX}wait?epoch={epoch}")[1]))
    waiting.start()
    time.sleep(0.5)
    assert not answers, "the same epoch waits"
    served.reload()
    waiting.join(timeout=10)
    assert answers == [str(epoch + 1).encode()]


def test_a_port_in_use_is_an_os_error_before_anything_is_served(server):
    served, _ = server
    with pytest.raises(OSError):
        PreviewServer("127.0.0.1", served.server_address[1], served.site, lambda page: page)


def test_no_private_part_of_mkdocs_server_is_used_or_replaced():
    engine = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "explainer").rglob("*.py"))
    for private in ("mkdocs.livereload", "LiveReloadServer", "_inject_js_into_html", "mkdocs.commands.serve"):
        assert private not in engine, private
