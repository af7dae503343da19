"""Builds the wheel with the engine-owned project files inside it (explainer/desk/skeleton.py).

In the checkout those files live where a project has them (Makefile, overrides/, docs/stylesheets/,
...); the wheel carries a copy in explainer/skeleton/, which `explainer new` and `explainer upgrade`
read when the engine is installed. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _skeleton():
    spec = importlib.util.spec_from_file_location("_skeleton", HERE / "explainer" / "desk" / "skeleton.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


class BuildWithSkeleton(build_py):
    def run(self) -> None:
        super().run()
        skeleton = _skeleton()
        target = Path(self.build_lib) / "explainer" / "skeleton"
        shutil.rmtree(target, ignore_errors=True)
        for rel in skeleton.expand(HERE, skeleton.FILES + skeleton.CORE_SCHEMAS + skeleton.MODELS):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            if rel == "mkdocs.yml":  # the model without this site's name, description and nav
                text = (HERE / rel).read_text(encoding="utf-8")
                (target / rel).write_text(skeleton.neutral_model(text), encoding="utf-8")
            else:
                shutil.copy2(HERE / rel, target / rel)


setup(cmdclass={"build_py": BuildWithSkeleton})
