"""Logging sinks: the standard library, ``print``/``warnings``, structlog and loguru (exception
messages are the ``exceptions`` plugin's). Loggers are recognised however they were obtained
(``logging.getLogger(__name__)``, ``structlog.get_logger()``) and, for loggers passed around or
stored on ``self``, by their conventional names (``logger``, ``log``, ``LOGGER``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from privlint.catalogue import SinkRule
from privlint.hookspecs import hookimpl

LEVELS = ("debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log", "msg", "trace",
          "success")  # fmt: skip
# Where a logger comes from: "X" means X.<level>(...) logs.
LOGGER_ORIGINS = (
    "logging",
    "logging.getLogger()",
    "logging.getLogger(*)",
    "logging.Logger()",
    "logging.LoggerAdapter()",
    "logging.root",
    "structlog",
    "structlog.get_logger()",
    "structlog.getLogger()",
    "structlog.get_logger(*)",
    "structlog.stdlib.get_logger()",
    "loguru.logger",
    "loguru.logger.bind()",
    "loguru.logger.opt()",
    "celery.utils.log.get_task_logger()",
    "celery.utils.log.get_task_logger(*)",
    "django.utils.log.getLogger()",
    "$logger",
    "$log",
    "$_logger",
    "$_log",
    "$LOGGER",
    "$LOG",
    "$_LOGGER",
    "$task_logger",
    "$audit_logger",
    "$logger.bind()",
    "$log.bind()",
)
# Direct calls that write their arguments to a log or the console.
DIRECT = ("print", "warnings.warn", "sys.stdout.write", "sys.stderr.write", "pprint.pprint", "traceback.print_exc")


def _rules() -> list[SinkRule]:
    rules = [SinkRule(f"{origin}.{level}", "log") for origin in LOGGER_ORIGINS for level in LEVELS]
    rules.extend(SinkRule(name, "log") for name in DIRECT)
    return rules


@hookimpl
def privlint_sinks(config: Mapping[str, Any]) -> Sequence[SinkRule]:
    return _rules()
