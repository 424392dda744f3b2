"""Logging helpers shared by the app (deliberately mentions no personal data)."""
import logging

logger = logging.getLogger("shop")


def log_event(message, *args):
    logger.info(message, *args)  # expect: user.contact.email -> log; user.device.ip_address -> log


def log_debug(text):
    # only ever called with counts and ids
    logger.debug("debug: %s", text)  # ok: any
