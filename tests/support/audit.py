"""After the build: prove that no page carries active content the theme did not put there.

    python -m tests.support.audit site/          # exit 1 and one line per finding, file:line: what

Every built HTML page is parsed with html.parser. Inside the content area (Material's
`<div class="md-content">`, which holds the article rendered from our Markdown) nothing may be
active: no <script> (except `type="application/ld+json"` whose body parses as JSON), no on*
event-handler attribute, no javascript:/data:/vbscript: URL in any link or source attribute, no
<iframe>/<object>/<embed>/<base>/<meta>/<form>/<link>/<style> element. Outside it (the theme's
frame), every <script> must be one the theme writes or the site configures: a file under
assets/javascripts/, a file listed in mkdocs.yml's extra_javascript, Material's JSON
configuration block, or an inline script whose text is among the theme's own (hashes taken from
the CSP partial, so a script in the frame that the policy would block is a finding here too).
URLs are compared the way browsers read them: entities decoded, ASCII whitespace and control
characters dropped, case ignored, so `JaVa&#x09;script:` is caught.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "data",
    "codebase",
    "longdesc",
    "usemap",
    "lowsrc",
    "dynsrc",
    "ping",
    "manifest",
    "icon",
}
SRCSET_ATTRS = {"srcset", "imagesrcset"}
ACTIVE_ELEMENTS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "form",
    "link",
    "portal",
    "style",
}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
# A same-origin path (relative, or absolute on 404.html) to a script in Material's assets folder.
_THEME_SCRIPT = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.-]*:|//)(?:[\w.-]*/)*assets/javascripts/[\w./-]+\.js")
_STRIP = re.compile(r"[\x00-\x20\x7f]+")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
    "param",
    "keygen",
}


def scheme_of(url: str) -> str:
    """The URL as a browser reads its scheme: no whitespace or control characters, lower case."""
    return _STRIP.sub("", url).lower()


def is_dangerous_url(url: str) -> bool:
    return scheme_of(url).startswith(DANGEROUS_SCHEMES)


def script_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class _PageAudit(HTMLParser):
    def __init__(self, path: str, theme_hashes: frozenset[str], own_scripts: frozenset[str] = frozenset()):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.theme_hashes = theme_hashes
        self.own_scripts = own_scripts
        self.findings: list[Finding] = []
        self.stack: list[str] = []
        self.content_depth: int | None = None  # stack depth of the open .md-content element
        self.script: tuple[int, dict[str, str], bool] | None = None  # (line, attrs, in content)
        self.script_text: list[str] = []
        self.saw_content = False

    def flag(self, message: str) -> None:
        self.findings.append(Finding(self.path, self.getpos()[0], message))

    @property
    def in_content(self) -> bool:
        return self.content_depth is not None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag == "script":  # <script/> is not self-closing in HTML: what follows is its body
            self.stack.append(tag)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        classes = values.get("class", "").split()
        if not self.in_content and tag == "div" and "md-content" in classes:
            self.content_depth = len(self.stack)
            self.saw_content = True
        where = "content" if self.in_content else "theme frame"
        for name, value in values.items():
            if name.startswith("on"):
                self.flag(f"<{tag}> in the {where} has the event-handler attribute {name}={value[:60]!r}")
            elif name in URL_ATTRS and is_dangerous_url(value):
                self.flag(f"<{tag}> in the {where} has {name}={value[:60]!r}")
            elif name in SRCSET_ATTRS and any(is_dangerous_url(part.strip()) for part in value.split(",")):
                self.flag(f"<{tag}> in the {where} has {name}={value[:60]!r}")
            elif name == "style" and re.search(r"url\s*\(|expression\s*\(", value, re.I) and self.in_content:
                self.flag(f"<{tag}> in the content has a style attribute that loads something: {value[:60]!r}")
        if self.in_content and tag in ACTIVE_ELEMENTS:
            self.flag(f"the content holds a <{tag}> element")
        if tag == "script":
            self.script = (self.getpos()[0], values, self.in_content)
            self.script_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self._script_done()
        if tag in self.stack:
            while self.stack:
                if self.stack.pop() == tag:
                    break
        if self.content_depth is not None and len(self.stack) <= self.content_depth:
            self.content_depth = None

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)

    def close(self) -> None:
        super().close()
        if self.script is not None:
            self._script_done()

    def _script_done(self) -> None:
        assert self.script is not None
        line, attrs, in_content = self.script
        body = "".join(self.script_text)
        self.script, self.script_text = None, []
        kind = attrs.get("type", "").strip().lower()
        src = attrs.get("src")
        if kind == "application/ld+json":
            try:
                json.loads(body)
            except ValueError:
                self.findings.append(Finding(self.path, line, "a JSON-LD <script> does not hold valid JSON"))
            return
        if in_content:
            self.findings.append(Finding(self.path, line, f"the content holds a <script> ({(src or body)[:60]!r})"))
            return
        if kind == "application/json" and attrs.get("id") == "__config" and src is None:
            return  # Material's configuration block: data, never run
        if src is not None:
            if not _THEME_SCRIPT.fullmatch(src.strip()) and _site_path(src) not in self.own_scripts:
                self.findings.append(
                    Finding(self.path, line, f"the theme frame loads a script the theme does not ship: {src[:80]!r}")
                )
            return
        if kind not in JS_TYPES:
            self.findings.append(Finding(self.path, line, f"the theme frame holds a <script type={kind!r}>"))
            return
        if (
            self.theme_hashes
            and script_hash(body) not in self.theme_hashes
            and not body.startswith("__md_scope=new URL(")
        ):
            self.findings.append(
                Finding(self.path, line, f"the theme frame holds an unknown inline script ({body[:60]!r})")
            )


def _site_path(src: str) -> str:
    """A same-origin script path relative to the site root ('../../javascripts/x.js' -> 'javascripts/x.js')."""
    src = src.strip()
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", src):
        return ""
    parts = [p for p in src.split("?")[0].split("/") if p not in ("", ".", "..")]
    return "/".join(parts)


def own_scripts(config: Path | None = None) -> frozenset[str]:
    """The site's own scripts: mkdocs.yml's extra_javascript (files the project ships in docs/)."""
    config = config or Path(__file__).resolve().parents[2] / "mkdocs.yml"

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except FileNotFoundError:
        return frozenset()
    out = set()
    for item in data.get("extra_javascript") or []:
        path = item.get("path") if isinstance(item, dict) else item
        if isinstance(path, str) and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", path):
            out.add(_site_path(path))
    return frozenset(out)


def theme_hashes(csp_partial: Path | None = None) -> frozenset[str]:
    """The inline-script hashes the CSP partial allows: the theme's own inline scripts."""
    # The site's theme as served (the engine's, with the project's overrides/; every generate writes it).
    partial = csp_partial or Path(__file__).resolve().parents[2] / ".explainer" / "theme" / "partials" / "csp.html"
    try:
        text = partial.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    return frozenset(re.findall(r"'(sha256-[A-Za-z0-9+/=]+)'", text))


def audit_page(file: Path, rel: str, hashes: frozenset[str], scripts: frozenset[str] = frozenset()) -> list[Finding]:
    parser = _PageAudit(rel, hashes, scripts)
    parser.feed(file.read_text(encoding="utf-8"))
    parser.close()
    if not parser.saw_content and file.name != "404.html":
        parser.findings.append(Finding(rel, 1, "has no content area (div.md-content): is this a Material page?"))
    return parser.findings


def audit_site(site: Path, csp_partial: Path | None = None, config: Path | None = None) -> list[Finding]:
    """Every finding over every HTML page of a built site, in path order."""
    hashes = theme_hashes(csp_partial)
    scripts = own_scripts(config)
    findings: list[Finding] = []
    pages = sorted(site.rglob("*.html"))
    if not pages:
        return [Finding(str(site), 0, "holds no HTML pages: build the site first")]
    for file in pages:
        findings.extend(audit_page(file, file.relative_to(site).as_posix(), hashes, scripts))
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.audit", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"), help="the built site (default: site/)")
    parser.add_argument("--config", type=Path, default=None, help="mkdocs.yml naming the site's own extra_javascript")
    parser.add_argument(
        "--csp", type=Path, default=None, help="the CSP partial listing the theme's inline-script hashes"
    )
    args = parser.parse_args(argv)
    findings = audit_site(args.site, args.csp, args.config)
    for finding in findings:
        print(finding, file=sys.stderr)
    n = len(list(args.site.rglob("*.html")))
    if findings:
        print(f"{len(findings)} finding(s) in {n} page(s)", file=sys.stderr)
        return 1
    print(f"ok: {n} page(s), no active content outside the theme's own")
    return 0


if __name__ == "__main__":
    sys.exit(main())
