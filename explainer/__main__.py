"""`python -m explainer ...`: the `explainer` command (explainer/cli.py) without its script."""

from .cli import entry

entry()
