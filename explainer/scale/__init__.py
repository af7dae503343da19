"""The machinery for large fact bases, behind one door (fast.py): a second process, the preview's
memo and reparsing. Off below fast.SCALE_FROM bytes of data.

Enters: the pipeline's steps. Leaves: the same pages, faster.
"""
