"""The ``serviq`` command: thin shells over the core (parse, call, print)."""
