"""The sub-commands, one module each; ``privlint.cli`` imports them in this order."""

COMMAND_MODULES: tuple[str, ...] = ()
