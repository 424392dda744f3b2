"""Fixtures of the pull-request review tests (``privlint diff``, ``privlint policy suggest``)."""

from review_project import optimer, project  # noqa: F401  (fixtures)
