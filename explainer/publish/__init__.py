"""Step 4, publishing: pages and downloads go into docs/ (atomically, never over a hand-written file),
and the built site gets its search index.

Enters: FactBase and Pages. Leaves: docs/, site/pagefind/.
"""
