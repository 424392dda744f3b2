"""Billing service: subscriptions, SEPA mandates and address exports."""
__version__ = "2.4.1"
