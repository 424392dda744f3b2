"""What a name or a bare piece of syntax means in Python and its frameworks, whatever file it is in.

Word lists (methods that mutate their object, generators of random values, route decorators, what a
request carries) and predicates over a node alone: no scope, no catalogue. Kept together so the
knowledge the walk builds in is in one place, apart from the walk that applies it; vendors and
personal-data names are catalogue data, never here.
"""

from __future__ import annotations

import ast
import builtins
from typing import TypeGuard

_BUILTINS = frozenset(dir(builtins))  # names that are Python's own wherever a file does not rebind them
# Methods that read an item by its key: ``data.get("email")`` is named by its key, like ``data["email"]``.
_KEY_GETTERS = frozenset({"get", "pop", "getlist", "setdefault", "get_json_value"})
# Methods that put their arguments into the object they are called on (containers, message builders).
_MUTATORS = frozenset(
    {
        "update", "append", "extend", "insert", "add", "setdefault", "appendleft", "extendleft", "put",
        "set_content", "add_alternative", "attach", "attach_alternative", "add_header", "set_payload",
        "sqlmodel_update",
    }
)  # fmt: skip
# What a request carries (Django, DRF, Flask): a form or serializer bound to it is filled by a person.
_REQUEST_PAYLOADS = frozenset({"POST", "GET", "data", "form", "json", "FILES", "values"})
# Libraries that make up people (``fake.name()``): a file importing one generates demo data or fixtures.
_FAKE_DATA_LIBRARIES = frozenset({"faker", "mimesis", "model_bakery", "polyfactory"})
# Route decorators whose handlers get their annotated parameters from the request (FastAPI, Django Ninja).
_ROUTE_VERBS = frozenset({"get", "post", "put", "patch", "delete", "api_route", "websocket"})
# Calls that generate a value (identifiers, tokens, random choices): no person gave it (``_is_generated``).
_GENERATORS = frozenset(
    {"uuid1", "uuid4", "uuid5", "token_hex", "token_urlsafe", "token_bytes", "urandom", "get_random_string",
     "randint", "choice", "choices", "random", "getrandbits", "make_random_password", "ulid", "nanoid"}
)  # fmt: skip
# Calls that count or sum: a number about people, not one person's data (``_is_aggregate``).
_AGGREGATES = frozenset({"count", "len", "sum", "avg", "mean"})
# Words of the calls a setter hashes with (``make_password``, ``bcrypt.hashpw``): see ``classes._hashing_setter``.
_HASHING_CALLS = ("hash", "make_password", "encrypt", "bcrypt", "argon2", "pbkdf2", "scrypt", "crypt")


def _dotted(node: ast.expr) -> str | None:
    """``user.userprofile`` / ``self.user``: a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or not parts:
        return None
    return ".".join([node.id, *reversed(parts)])


def _calls_any(node: ast.expr | None, names: frozenset[str]) -> bool:
    """Whether ``node`` calls a function or method with one of ``names`` anywhere inside it."""
    if node is None:
        return False
    for part in ast.walk(node):
        if isinstance(part, ast.Call):
            func = part.func
            if (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) in names:
                return True
    return False


def _is_generated(node: ast.expr | None) -> bool:
    """A value the program generates (``uuid.uuid4().hex[:8]``, ``secrets.token_urlsafe()``), not one a person gave."""
    return _calls_any(node, _GENERATORS)


def _is_aggregate(node: ast.expr | None) -> bool:
    """A count or sum (``with_allergies = session.scalar(select(func.count())...)``): a number about people,
    whatever the variable is called, not one person's data. Only a call's result: ``email = emails[len(emails)
    - 1]`` is still an email."""
    return isinstance(node, ast.Call) and _calls_any(node, _AGGREGATES)


def _is_slot_value(node: ast.expr | None) -> bool:
    """Whether a dict key or keyword names the value put there (``create(email=addr)``): not for
    constants, and not for call results, which say what they are themselves
    (``{"$ip": anonymize_ip(ip)}`` is an anonymised value, whatever the key says)."""
    return node is not None and not _is_constant_like(node) and not isinstance(node, (ast.Call, ast.Await))


def _names_object(node: ast.expr | None) -> TypeGuard[ast.expr]:
    """A value that names an object a later call is made on: a call's result, an attribute, a name, or an item
    under a literal key (``db = client["shop"]``: a MongoDB database, ``cache = caches["default"]``)."""
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)
    return isinstance(node, (ast.Call, ast.Attribute, ast.Name))


def _is_constant_like(node: ast.expr) -> bool:
    """Literals and ALL_CAPS settings: ``from_email=settings.DEFAULT_FROM_EMAIL`` is not a person."""
    if isinstance(node, (ast.Constant, ast.JoinedStr)) and not any(
        isinstance(v, ast.FormattedValue) for v in getattr(node, "values", ())
    ):
        return True
    if isinstance(node, ast.Attribute):
        return node.attr.isupper()
    if isinstance(node, ast.Name):
        return node.id.isupper()
    return False


def _mentions(node: ast.expr | None, name: str) -> bool:
    return node is not None and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))
