"""Test and CI helpers, not the engine: the HTML audit and CSP check of a built site, the npm tools
the browser and workflow tests use, a built site served for a headless browser. They are
engine-owned project files (explainer/desk/skeleton.py): every project made by `explainer new` has them.

    python -m tests.support.audit site/      # no active content, no script the CSP does not allow
    python -m tests.support.csp check site/  # every page carries the policy and needs nothing more
"""
