"""The live preview: regenerate on every whole save, serve the site, show the problems in a banner.

Enters: edits to data/ and seeds/. Leaves: a served site.
"""
