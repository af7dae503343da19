"""The Content-Security-Policy of the built pages, checked without a browser.

    python -m tests.support.csp hashes site/   # the inline-script hashes the pages need (after a Material upgrade)
    python -m tests.support.csp check site/    # exit 1 unless every page carries the policy and needs nothing more

The policy lives in explainer/theme/partials/csp.html as a <meta http-equiv> tag in <head>. A <meta>
policy governs only what follows it, so the inline scripts that matter are those after the tag:
each must have its SHA-256 hash in script-src, and no element after it may carry a style=
attribute or a <style> element (style-src has no 'unsafe-inline').
"""

from __future__ import annotations

import argparse
import sys
from html.parser import HTMLParser
from pathlib import Path

from .audit import JS_TYPES, script_hash


class _Csp(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policies: list[str] = []
        self.in_head = False
        self.policy_in_head = False
        self.after_policy = False
        self.script: dict[str, str] | None = None
        self.text: list[str] = []
        self.inline: list[tuple[int, str]] = []  # (line, body) of inline scripts after the policy
        self.styles: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "head":
            self.in_head = True
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(values.get("content", ""))
            self.policy_in_head = self.in_head
            self.after_policy = True
        if self.after_policy and "style" in values:
            self.styles.append((self.getpos()[0], f"<{tag} style={values['style'][:40]!r}>"))
        if self.after_policy and tag == "style":
            self.styles.append((self.getpos()[0], "<style> element"))
        if tag == "script":
            self.script, self.text = values, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == "script" and self.script is not None:
            if (
                self.after_policy
                and "src" not in self.script
                and self.script.get("type", "").strip().lower() in JS_TYPES
            ):
                self.inline.append((self.getpos()[0], "".join(self.text)))
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.text.append(data)


def parse_policy(policy: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out.setdefault(words[0].lower(), words[1:])
    return out


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _read(file: Path) -> _Csp:
    parser = _Csp()
    parser.feed(file.read_text(encoding="utf-8"))
    parser.close()
    return parser


def needed_hashes(site: Path) -> list[str]:
    """Every hash the inline scripts after the policy need, over the whole site."""
    return sorted({script_hash(body) for file in _pages(site) for _, body in _read(file).inline})


def check_site(site: Path) -> list[str]:
    problems = []
    for file in _pages(site):
        rel = file.relative_to(site).as_posix()
        page = _read(file)
        if len(page.policies) != 1 or not page.policy_in_head:
            problems.append(f"{rel}:1: has {len(page.policies)} Content-Security-Policy <meta> tag(s) in <head>, not 1")
            continue
        policy = parse_policy(page.policies[0])
        allowed = set(policy.get("script-src", policy.get("default-src", [])))
        for line, body in page.inline:
            if f"'{script_hash(body)}'" not in allowed:
                problems.append(
                    f"{rel}:{line}: inline script not allowed by script-src ('{script_hash(body)}'): {body[:50]!r}"
                )
        if "'unsafe-inline'" not in policy.get("style-src", []):
            problems.extend(f"{rel}:{line}: {what} is blocked by style-src" for line, what in page.styles)
        for directive in ("script-src", "style-src"):
            bad = {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:", "data:", "blob:"} & set(
                policy.get(directive, [])
            )
            if bad:
                problems.append(f"{rel}:1: {directive} allows {', '.join(sorted(bad))}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.csp", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["hashes", "check"])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    args = parser.parse_args(argv)
    if args.command == "hashes":
        for h in needed_hashes(args.site):
            print(f"'{h}'")
        return 0
    problems = check_site(args.site)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
