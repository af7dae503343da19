"""Step 1, reading: data/*.yaml and seeds/ become raw records with their positions, within limits.

Enters: the project's files. Leaves: RawRecord, Seed, and Problem (the located problem every later
stage reports).
"""
