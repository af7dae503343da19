"""The engine of a sourced explainer: data/*.yaml -> load -> validate -> model -> render -> write -> MkDocs.

It knows nothing of any subject: a project declares its tables in scripts/subject.py (see
registry.py, and tables.py for the engine's ready-made kinds). Each module holds one step of the
one-way flow; `generate` runs them in order, and `fast` holds the paths that run them faster.
"""

__version__ = "0.3.0"
