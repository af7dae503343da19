"""The example subject: a fictional city's budget (Riverton), the engine's second subject in its tests."""
