"""privlint: a policy-as-code privacy compliance linter for Python codebases."""

__version__ = "0.1.0"
