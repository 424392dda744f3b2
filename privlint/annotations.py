"""Declarations that application code can carry for privlint (read statically, never executed).

``@category("user.contact.email")`` on a function says what it returns; the comment form
``# privlint: category=user.contact.email`` does the same for an assignment, a parameter's line
or a model field, and ``# privlint: purpose=billing`` on a sink call records the purpose. At run
time the decorator does nothing, so annotated code does not depend on privlint being installed
beyond this import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])


def category(key: str) -> Callable[[F], F]:
    """Declare the fideslang data category a function returns (``user.government_id.passport_number``)."""

    def mark(function: F) -> F:
        return function

    return mark


data_category = category
