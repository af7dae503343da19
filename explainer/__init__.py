"""The generator: data/*.yaml -> load -> validate -> model -> render -> write -> MkDocs.

Each module holds one step of that one-way flow; `generate` runs them in order.
"""
