"""The sub-commands: one module each (``check.py``, ``scan.py``, ``policy.py``, ...) with the functions
that run them. Their options, help and examples are one table, ``options.COMMANDS``: a new command is
a row there and a ``run(args) -> int`` here."""
