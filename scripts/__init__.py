"""This explainer's subject: the planned International Stabilization Force for Gaza and the zone plan.

`subject.py` declares its tables for the engine (explainer/); `zones.py` and `troops.py` hold the
record types and pages only this subject has; `bench*.py` measure the engine at scale on data
shaped like this subject's.
"""
