"""The declarations and the record types: each table declared once (registry.py), the frozen
records and the FactBase (facts.py), types derived from the schemas (schema_types.py).

Enters: the subject's declarations. Leaves: Subject, Table, the record types, FactBase.
"""
