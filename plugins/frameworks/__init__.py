"""Web-framework and data-model knowledge: request accessors that yield personal data, field types
that fix a field's category whatever its name, and sanitizers (hashing, tokens, redaction)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from privlint.catalogue import FieldTypeRule, SanitizerRule, SourceRule
from privlint.hookspecs import hookimpl

IP = "user.device.ip_address"
EMAIL = "user.contact.email"
PHONE = "user.contact.phone_number"

# Request objects, by how code reaches them: imported globals (Flask) or parameters ($request).
REQUESTS = ("flask.request", "quart.request", "$request", "$self.request", "$req")
IP_HEADERS = ("X-Forwarded-For", "X-Real-IP", "CF-Connecting-IP", "True-Client-IP", "Forwarded")
SOURCES: list[tuple[str, str, str]] = [
    *((f"{r}.remote_addr", IP, "request.remote_addr") for r in REQUESTS),
    *((f"{r}.access_route", IP, "request.access_route") for r in REQUESTS),
    *((f"{r}.headers[{h}]", IP, f"request.headers[{h}]") for r in REQUESTS for h in IP_HEADERS),
    *((f"{r}.environ[REMOTE_ADDR]", IP, "request.environ[REMOTE_ADDR]") for r in REQUESTS),
    *((f"{r}.META[{k}]", IP, f"request.META[{k}]") for r in REQUESTS
      for k in ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_CF_CONNECTING_IP")),
    *((f"{r}.client.host", IP, "request.client.host") for r in REQUESTS),  # Starlette / FastAPI
    ("$request.user.email", EMAIL, "request.user.email"),
    ("$request.user.username", "user.account.username", "request.user.username"),
    ("$request.user.get_full_name()", "user.name", "request.user.get_full_name()"),
]  # fmt: skip

FIELD_TYPES: list[tuple[str, str]] = [
    # Django models and forms
    *((f"django.db.models.{t}", c) for t, c in (("EmailField", EMAIL), ("GenericIPAddressField", IP),
                                               ("IPAddressField", IP))),
    *((f"django.forms.{t}", c) for t, c in (("EmailField", EMAIL), ("GenericIPAddressField", IP))),
    ("phonenumber_field.modelfields.PhoneNumberField", PHONE),
    ("phonenumber_field.formfields.PhoneNumberField", PHONE),
    ("phonenumber_field.serializerfields.PhoneNumberField", PHONE),
    ("django_countries.fields.CountryField", "user.contact.address.country"),
    # Django REST framework and marshmallow serializers
    ("rest_framework.serializers.EmailField", EMAIL),
    ("rest_framework.serializers.IPAddressField", IP),
    ("rest_framework.fields.EmailField", EMAIL),
    ("rest_framework.fields.IPAddressField", IP),
    ("marshmallow.fields.Email", EMAIL),
    ("marshmallow.fields.IP", IP),
    ("marshmallow.fields.IPv4", IP),
    ("marshmallow.fields.IPv6", IP),
    # pydantic
    ("pydantic.EmailStr", EMAIL),
    ("pydantic.NameEmail", EMAIL),
    ("pydantic.networks.EmailStr", EMAIL),
    ("pydantic.IPvAnyAddress", IP),
    ("pydantic.networks.IPvAnyAddress", IP),
    ("pydantic_extra_types.phone_numbers.PhoneNumber", PHONE),
    ("pydantic_extra_types.payment.PaymentCardNumber", "user.financial.credit_card"),
    ("pydantic.PaymentCardNumber", "user.financial.credit_card"),
    # SQLAlchemy column types (sqlalchemy_utils) and WTForms
    ("sqlalchemy_utils.EmailType", EMAIL),
    ("sqlalchemy_utils.types.EmailType", EMAIL),
    ("sqlalchemy_utils.IPAddressType", IP),
    ("sqlalchemy_utils.PhoneNumberType", PHONE),
    ("sqlalchemy.dialects.postgresql.INET", IP),
    ("wtforms.EmailField", EMAIL),
    ("wtforms.fields.EmailField", EMAIL),
    # standard library types used in annotations
    ("ipaddress.IPv4Address", IP),
    ("ipaddress.IPv6Address", IP),
    ("ipaddress.ip_address", IP),
]  # fmt: skip

SANITIZERS: list[tuple[str, str]] = [
    ("hashlib.*", "hash"),
    ("hashlib.new", "hash"),
    ("hmac.new", "hash"),
    ("hmac.digest", "hash"),
    ("bcrypt.hashpw", "hash"),
    ("bcrypt.kdf", "hash"),
    ("argon2.PasswordHasher().hash", "hash"),
    ("passlib.hash.**.hash", "hash"),
    ("passlib.context.CryptContext().hash", "hash"),
    ("django.contrib.auth.hashers.make_password", "hash"),
    ("werkzeug.security.generate_password_hash", "hash"),
    ("secrets.token_hex", "tokenize"),
    ("secrets.token_urlsafe", "tokenize"),
    ("uuid.uuid5", "tokenize"),
    ("cryptography.fernet.Fernet().encrypt", "encrypt"),
    # in-house helpers, recognised by name wherever they are defined
    *((f"**.{prefix}{suffix}", kind) for prefix, kind in (
        ("anonymize", "anonymize"), ("anonymise", "anonymize"), ("redact", "redact"), ("mask", "redact"),
        ("pseudonymize", "tokenize"), ("pseudonymise", "tokenize"), ("hash_", "hash"), ("obfuscate", "redact"),
        ("scrub", "redact"), ("truncate_ip", "truncate"))
      for suffix in ("", "*")),
]  # fmt: skip


@hookimpl
def privlint_sources(config: Mapping[str, Any]) -> Sequence[SourceRule]:
    return [SourceRule(pattern, category, evidence) for pattern, category, evidence in SOURCES]


@hookimpl
def privlint_field_types(config: Mapping[str, Any]) -> Sequence[FieldTypeRule]:
    return [FieldTypeRule(pattern, category) for pattern, category in FIELD_TYPES]


@hookimpl
def privlint_sanitizers(config: Mapping[str, Any]) -> Sequence[SanitizerRule]:
    return [SanitizerRule(pattern, kind) for pattern, kind in SANITIZERS]
