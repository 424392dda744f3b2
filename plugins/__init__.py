"""Built-in privlint plugins: every sub-package here is registered as a plugin under its name
(disable one with ``-p no:NAME``). Each holds hookimpls plus the data they serve."""
