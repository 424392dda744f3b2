"""Notify service: welcome and reminder SMS."""
__version__ = "1.9.0"
