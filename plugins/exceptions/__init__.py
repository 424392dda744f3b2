"""Exception sinks: personal data in the message of a raised exception.

An exception's message is written wherever the exception ends up: the framework's error log, the
traceback a worker prints, the error tracker (Sentry, Rollbar) that captures it, the 500 page in
debug mode. ``raise SomeError(f"user {user.email} ...")`` therefore puts the email into logs and
error reports as surely as ``logger.error`` would, so it is a sink of its own kind (``exception``),
judged by the policy's ``no_logging`` prohibitions (PRV211).

``raise.X`` is the engine's pseudo-callee for ``raise X(...)`` (``raise X(...) from e`` too). The
rules name the built-in exception classes; the project's own exceptions match through their base
classes (``class PaymentError(Exception)``). Framework errors whose message is shown back to the
user rather than logged (Django's ``ValidationError``, HTTP errors) are deliberately absent.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any

from privlint.catalogue import Examples, SinkRule
from privlint.hookspecs import hookimpl

EXCEPTIONS = tuple(
    sorted(
        name
        for name, value in vars(builtins).items()
        if isinstance(value, type)
        and issubclass(value, BaseException)
        and not name.startswith("_")
        and not issubclass(value, (Warning, KeyboardInterrupt, SystemExit, StopIteration, StopAsyncIteration))
    )
)

EXAMPLES = Examples(
    flows=(
        "class PaymentError(Exception):\n    pass\n\n\n"
        "def charge(user):\n    raise PaymentError(f'card declined for {user.email}')\n",
        "def lookup(users, email):\n    try:\n        return users[email]\n"
        "    except KeyError as exc:\n        raise LookupError('no account for ' + email) from exc\n",
        "def verify(customer):\n    raise ValueError(message=f'bad phone {customer.phone_number}')\n",
    ),
    no_flows=(
        "def charge(order):\n    raise RuntimeError(f'order {order.id} failed after {order.attempts} attempts')\n",
        "def lookup(users, email):\n    try:\n        return users[email]\n"
        "    except KeyError:\n        raise LookupError('no such account') from None\n",
    ),
)


def _rules() -> list[SinkRule]:
    return [
        SinkRule(f"raise.{name}", "exception", examples=EXAMPLES if name == "Exception" else Examples())
        for name in EXCEPTIONS
    ]


@hookimpl
def privlint_sinks(config: Mapping[str, Any]) -> Sequence[SinkRule]:
    return _rules()
