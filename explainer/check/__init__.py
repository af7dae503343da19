"""Step 2, checking: raw records become a validated fact base, or every problem at once.

Enters: raw records, seeds, schemas. Leaves: FactBase, or DataError with every located problem.
"""
