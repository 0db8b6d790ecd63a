"""Loop-check sheets: the I/O checkout of every field instrument at start-up.

``checklist`` derives the loops from the project, ``book`` records the values seen at each
point (audited, kept in a ``LoopCheckStore``), ``sheets`` prints them to PDF and CSV.
"""
