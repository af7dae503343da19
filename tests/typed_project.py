"""A project whose extra seed has the typography editors trip over, for find/fix/add-source tests.

seeds/three.txt (source src-three) has curly quotes, em dashes, an ellipsis, U+2011
non-breaking hyphens and a U+202F narrow no-break space; what an editor types has none of them.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import make_project

THREE = (
    "Officials called it “a full\u2011time job,” and said the plan—a visual indication of doubt—was "
    "only “Phase\u202f1”.\n"
    "The force… would be 1,500\u2011strong, officials said.\n"
)

SOURCE = """
- id: src-three
  seed: three.txt
  outlet: unknown
  title: unknown
  published: unknown
  kind: news report
"""


def figure(rid: str, excerpt_line: str) -> str:
    """A figure record citing src-three; `excerpt_line` is the excerpt's line as typed."""
    return (
        f'- id: {rid}\n  label: "A figure"\n  value: "unknown"\n  unit: soldiers\n  cite:\n'
        f"    - source: src-three\n      {excerpt_line}\n  as_of: unknown\n  status: current\n"
    )


def typed_project(dest: Path) -> Path:
    root = make_project(dest)
    (root / "seeds" / "three.txt").write_bytes(THREE.encode("utf-8"))
    with (root / "data" / "sources.yaml").open("a", encoding="utf-8") as out:
        out.write(SOURCE)
    return root
