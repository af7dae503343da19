"""No import circles in the engine: every `import` of explainer/ counts, at the top of a module,
inside a function or under TYPE_CHECKING alike (a circle hidden by a local import is still one
room leaning on another that leans back). Read with ast, so nothing is imported to find them."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "explainer"


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> its file, for every module of the package (packages by __init__.py)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that one module imports anywhere in its text (`from . import x` names
    module x; `from .x import y` names x, or x.y when that is a module)."""
    out = set()
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            named = [f"{prefix}.{alias.name}" for alias in node.names]
            targets = [target if target in known else prefix for target in named]
        else:
            continue
        for target in targets:
            module = target
            while module and module not in known:  # explainer.x.func -> explainer.x
                module = module.rpartition(".")[0]
            if module and module != name:
                out.add(module)
    return out


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    known = modules(package)
    return {name: imported(name, path, known) for name, path in known.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each circle as a path that ends where it starts (one per strongly connected group)."""
    found: list[list[str]] = []
    done: set[str] = set()
    for start in sorted(edges):
        if start in done:
            continue
        # depth-first from `start`, looking for a way back to it
        stack = [(start, [start])]
        seen = {start}
        while stack:
            node, path = stack.pop()
            for nxt in sorted(edges[node], reverse=True):
                if nxt == start:
                    found.append([*path, start])
                    done.update(path)
                    stack = []
                    break
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return found


def test_the_engine_has_no_import_circle():
    found = circles(graph())
    assert not found, "import circles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_finder_sees_local_and_type_only_imports(tmp_path):
    """The test above could pass by not looking: a circle made only of an import inside a function
    and one under TYPE_CHECKING is found and printed."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from .sub.b import g\n")
    (pkg / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .. import c\ndef g(): ...\n"
    )
    (pkg / "c.py").write_text("import pkg.a\nfrom . import d\n")
    (pkg / "d.py").write_text("X = 1\n")
    edges = graph(pkg)
    assert edges["pkg.a"] == {"pkg.sub.b"} and edges["pkg.sub.b"] == {"pkg.c"}
    assert edges["pkg.c"] == {"pkg.a", "pkg.d"}
    assert circles(edges) == [["pkg.a", "pkg.sub.b", "pkg.c", "pkg.a"]]


# The rooms of the pipeline in the order data flows through them: a room may use the rooms before
# it, never one after it. The side rooms (scale/, preview/, desk/) and the commands at the top
# (generate, cli, tables) may use any of them; the rooms use of the top only the package's version
# and project.py (where the project is: a command's --root), and of scale/ only its door (fast.py
# decides whether the second process is worth it and hands it in: a room that could use it takes
# a function, such as load.load_dir's `spread`, and never imports parallel.py itself).
STAGES = ("load", "model", "check", "render", "publish")
DOOR = {"explainer", "explainer.project", "explainer.scale.fast"}


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else "(top)"


def test_the_stages_import_only_the_stages_before_them():
    edges = graph()
    backward = []
    for module, targets in sorted(edges.items()):
        here = room(module)
        if here not in STAGES:
            continue
        for target in sorted(targets):
            there = room(target)
            if target in DOOR or there == here:
                continue
            if there not in STAGES or STAGES.index(there) > STAGES.index(here):
                backward.append(f"{module} -> {target}")
    assert not backward, "imports against the pipeline's flow:\n" + "\n".join(backward)


def test_the_stage_rule_sees_a_backward_import():
    assert room("explainer.render.listing") == "render" and room("explainer.generate") == "(top)"
    assert room("explainer.load") == "load"
    # The scale machinery has one door: a stage that imports the second process itself is refused.
    assert room("explainer.scale.parallel") == "scale" and "explainer.scale.parallel" not in DOOR
