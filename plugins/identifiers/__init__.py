"""Identifier words that name personal-data categories (fideslang keys), and the vocabulary that
keeps them precise: words that make an identifier *not* the person's data, and subject words
that vague phrases (``name``, ``address``) need before they count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from privlint.catalogue import IdentifierRule
from privlint.hookspecs import hookimpl

# category -> (phrases that name it alone, phrases that need a subject such as user/customer)
PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "user.contact.email": (("email", "e mail", "email address", "mail address", "emailaddress"), ()),
    "user.contact.phone_number": (
        ("phone", "phone number", "telephone", "mobile number", "cell phone", "msisdn", "phonenumber", "cellphone",
         "mobile"),
        ("cell", "tel"),
    ),
    "user.contact.address": (
        ("home address", "shipping address", "billing address", "postal address", "mailing address",
         "delivery address"),
        ("address", "addr"),
    ),
    "user.contact.address.street": (("street address", "street", "address line", "address1", "address2"), ()),
    "user.contact.address.postal_code": (("postal code", "postcode", "zip code", "zipcode", "post code"), ("zip",)),
    "user.contact.address.city": ((), ("city", "town")),
    "user.name": (
        ("first name", "last name", "full name", "given name", "family name", "surname", "firstname", "lastname",
         "fullname", "middle name", "maiden name", "account holder", "account holder name", "cardholder name"),
        ("name", "display name"),
    ),
    "user.account.username": (("username", "user name", "login name"), ()),
    "user.device.ip_address": (
        ("ip", "ip address", "ip addr", "ipaddr", "ipaddress", "remote addr", "remote ip", "client ip", "user ip",
         "ipv4", "ipv6", "forwarded for"),
        (),
    ),
    "user.government_id.national_identification_number": (
        ("ssn", "social security number", "social security", "national id", "national insurance number", "tax id",
         "ni number", "nino", "national insurance"),
        (),
    ),
    "user.government_id.passport_number": (("passport", "passport number", "passport no"), ()),
    "user.government_id.drivers_license_number": (
        ("driving licence", "driving license", "driver license", "drivers license", "driver licence",
         "drivers licence", "driving licence number", "license number", "licence number"),
        (),
    ),
    "user.government_id": (("id card number", "identity card", "identity number", "personal id number"), ()),
    # health: unambiguous medical words alone; body measurements only of a person (a product has a weight too)
    "user.health_and_medical": (
        ("diagnosis", "diagnoses", "symptom", "symptoms", "medication", "medications", "allergy",
         "allergies", "prescription", "prescriptions", "medical condition", "medical history", "medical record",
         "health condition", "disease", "illness", "blood type", "blood pressure", "heart rate", "bmi", "body fat",
         "body weight", "bodyweight", "vaccination", "disability", "pregnancy", "patient notes",
         "insurance policy number", "insurance number", "health insurance number"),
        ("height", "temperature"),  # not "weight": a member's weight is as often a share of a bill
    ),
    "user.financial.credit_card": (
        ("card number", "credit card", "credit card number", "cc number", "card no", "cvv", "cvc"),
        (),
    ),
    "user.financial.bank_account": (
        ("iban", "bank account", "bank account number", "account number", "routing number", "sort code"),
        (),
    ),
    "user.demographic.date_of_birth": (("date of birth", "birth date", "birthdate", "birthday", "dob"), ()),
    "user.demographic.gender": (("gender", "sex"), ()),
    "user.location.precise": (("latitude", "longitude", "geolocation", "lat lng", "gps"), ()),
    "user.authorization.password": (("password", "passwd", "passphrase"), ()),
    # secrets minted for one person (issue 14); a service's own api key or access token is not one
    "user.authorization.credentials": (
        ("password reset token", "reset password token", "reset token", "verification token", "activation token",
         "confirmation token", "invite token", "invitation token", "refresh token", "one time password", "otp",
         "otp code", "verification code", "reset code", "magic link", "login token", "login link",
         # OAuth: the code a person's consent produced and the tokens issued for that person
         "auth code", "authorization code", "oauth code", "oauth token", "oauth access token", "user access token",
         "id token", "user token"),
        (),
    ),
    "user.device.device_id": (
        ("device id", "device identifier", "udid", "idfa", "idfv", "gaid", "advertising id", "android id", "imei"),
        (),
    ),
}  # fmt: skip

NON_PERSONAL = (
    # a modifier that turns the thing into something about data, not the data
    "template", "backend", "version", "count", "counter", "total", "type", "types", "format", "formats", "field",
    "fields", "length", "len", "max", "min", "num", "regex", "re", "pattern", "validator", "valid",
    "validation", "validated", "verified", "verification", "verify", "confirmed", "confirmation", "enabled",
    "disabled", "required", "label", "labels", "setting", "settings", "config", "configuration", "domain",
    "host", "hostname", "server", "port", "smtp", "status", "sent", "changed", "change", "exists", "flag", "mode",
    "subject", "header", "headers", "hash", "hashed", "digest", "salt", "encrypted", "masked", "redacted",
    "anonymized", "anonymised", "obfuscated", "token", "tokens", "policy", "provider", "service", "class", "is",
    "has", "should", "can", "allow", "allowed", "at", "on", "time", "timestamp", "updated", "created", "id",
    "ids", "key", "keys", "url", "uri", "link", "path", "file", "filename", "dir", "column", "prefix", "suffix",
    "error", "errors", "exception", "message", "messages", "notification", "notifications", "sender", "queue",
    "task", "tasks", "form", "serializer", "view", "widget", "input", "placeholder", "help", "text", "template",
    "reset", "forgot", "strength", "expiry", "expires", "expired", "scheme", "range", "block", "list_display",
    "sort", "index", "mask", "lookup", "filter", "query", "param", "params", "attr", "attribute",
    "kind", "category", "code_length", "limit", "rate", "throttle", "send", "unique", "visibility", "visible",
    "public", "preference", "preferences", "opt", "optin", "opted", "subscription", "subscribed", "bounce",
    "bounced", "delivery_status", "sha", "md5", "function", "func", "method", "module", "lib",
    "connection", "socket", "protocol", "network", "netmask", "subnet", "range", "whitelist", "blacklist",
    "allowlist", "blocklist", "policy", "rule", "rules", "cls", "model", "models", "schema", "migration",
    "confirm", "request", "requests", "app", "apps", "device", "view", "views", "layout", "browser", "platform",
    "site", "friendly", "team", "teams", "project", "projects", "company", "organization", "organisation", "org",
    "group", "product", "channel", "brand", "shop", "store", "plan",
    # things with names of their own (``License.full_name``, ``Language.name``): rows that are not people
    "license", "licence", "language", "category", "categories", "tag", "country", "currency", "exercise",
    "equipment", "ingredient", "recipe", "venue", "course", "room", "role", "permission", "module", "warehouse",
)  # fmt: skip

SUBJECTS = (
    "user", "users", "customer", "customers", "person", "people", "member", "patient", "employee", "client",
    "contact", "buyer", "recipient", "owner", "account", "profile", "author", "applicant", "guest", "visitor",
    "subscriber", "student", "shopper", "attendee", "billing", "shipping", "signup", "lead",
    "candidate", "consumer", "holder", "cardholder", "beneficiary", "payer", "payee", "requester", "reporter",
    "assignee", "staff", "admin", "home", "mailing", "delivery", "parent", "child",
    "spouse", "driver", "passenger", "tenant", "resident", "citizen", "friend", "invitee", "referrer",
    "creditor", "debtor", "addressee",
)  # fmt: skip


# What a person writes (fideslang ``user.content``): the vague words (``body``, ``text``) only of things people
# write. A ticket's, comment's or review's body is its author's text; a request's, an email's or a template's
# body is not, and neither is a message object (an email the application composes has a body too).
CONTENT_WORDS = ("body", "text", "content", "contents", "description", "comment", "comments", "message")
# fideslang splits content by audience: a support ticket or a chat is written for the service (private), a post,
# a comment or a review for other people to read (public)
CONTENT_SUBJECTS = {
    "user.content.private": (
        "ticket", "tickets", "chat", "chats", "feedback", "conversation", "inquiry", "enquiry", "complaint",
        "dm", "support", "submission",
    ),
    "user.content.public": (
        "comment", "comments", "post", "posts", "review", "reviews", "reply", "replies", "answer", "answers",
        "testimonial", "thread",
    ),
}  # fmt: skip
CONTENT_PHRASES = ("user message", "user comment", "user input", "user content", "free text", "freetext")


def _rules() -> list[IdentifierRule]:
    rules = [
        IdentifierRule("user.content", tuple(tuple(p.split()) for p in CONTENT_PHRASES)),
        *(
            IdentifierRule(category, tuple((w,) for w in CONTENT_WORDS), needs_subject=True, subjects=subjects)
            for category, subjects in CONTENT_SUBJECTS.items()
        ),
    ]
    for category, (alone, with_subject) in PHRASES.items():
        if alone:
            rules.append(IdentifierRule(category, tuple(tuple(p.split()) for p in alone)))
        if with_subject:
            rules.append(IdentifierRule(category, tuple(tuple(p.split()) for p in with_subject), needs_subject=True))
    return rules


@hookimpl
def privlint_identifiers(config: Mapping[str, Any]) -> Sequence[IdentifierRule]:
    return _rules()


@hookimpl
def privlint_vocabulary(config: Mapping[str, Any]) -> Mapping[str, Sequence[str]]:
    return {"non_personal": NON_PERSONAL, "subjects": SUBJECTS}
