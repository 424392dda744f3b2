"""The privacy policy as code: schema, loader, typed model, taxonomy and self-lint."""

from policy_model.model import (
    Bindings,
    Category,
    Controller,
    Policy,
    Position,
    Prohibition,
    Purpose,
    Recipient,
    Transfer,
    covers,
)

__all__ = [
    "Bindings",
    "Category",
    "Controller",
    "Policy",
    "Position",
    "Prohibition",
    "Purpose",
    "Recipient",
    "Transfer",
    "covers",
]
