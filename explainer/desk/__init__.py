"""The editor's and the newsroom's commands: find words in the seeds, fix typography, add a source,
start a new project and upgrade it to a newer engine.

Enters: an editor's request. Leaves: rewritten data/ or seeds/ files, or a new or upgraded project.
"""
