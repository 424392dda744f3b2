"""Identifier classification by words and roles, through the real identifiers plugin."""

from __future__ import annotations

import pytest
from engine_helpers import engine_catalogue

from privlint.engine.classify import IdentifierClassifier, split_words


@pytest.fixture(scope="module")
def classify():
    return IdentifierClassifier(engine_catalogue()).classify


@pytest.mark.parametrize(
    ("identifier", "context", "category"),
    [
        ("email", "", "user.contact.email"),
        ("email_address", "user", "user.contact.email"),
        ("userEmailAddress", "", "user.contact.email"),
        ("phone_number", "", "user.contact.phone_number"),
        ("card_number", "", "user.financial.credit_card"),
        ("ip_addr", "", "user.device.ip_address"),
        ("ssn", "", "user.government_id.national_identification_number"),
        ("date_of_birth", "", "user.demographic.date_of_birth"),
        ("name", "customer", "user.name"),
        ("customer_name", "", "user.name"),
        ("shipping_name", "", "user.name"),
        ("first_name", "", "user.name"),
        ("emails", "", "user.contact.email"),
        ("shipping_address", "", "user.contact.address"),
        ("address", "request.user", "user.contact.address"),
        ("diagnosis", "", "user.health_and_medical"),
        ("patient_allergies", "", "user.health_and_medical"),
        ("medications", "", "user.health_and_medical"),
        ("temperature", "patient", "user.health_and_medical"),
        ("body_weight", "", "user.health_and_medical"),
        ("driving_licence_number", "", "user.government_id.drivers_license_number"),
        ("national_insurance_number", "", "user.government_id.national_identification_number"),
        ("iban", "", "user.financial.bank_account"),
        ("passport_number", "", "user.government_id.passport_number"),
        ("password_reset_token", "", "user.authorization.credentials"),
        ("refresh_token", "", "user.authorization.credentials"),
        ("otp", "", "user.authorization.credentials"),
        ("stripe_auth_code", "", "user.authorization.credentials"),
        ("oauth_token", "", "user.authorization.credentials"),
        ("id_token", "", "user.authorization.credentials"),
        # what a person writes: only the body of things people write (issue 15, free text)
        ("body", "ticket", "user.content.private"),
        ("ticket_body", "", "user.content.private"),
        ("message", "chat", "user.content.private"),
        ("body", "post", "user.content.public"),
        ("text", "review", "user.content.public"),
        ("user_message", "", "user.content"),
    ],
)
def test_personal_identifiers(classify, identifier: str, context: str, category: str) -> None:
    assert classify(identifier, context) == category


@pytest.mark.parametrize(
    ("identifier", "context"),
    [
        ("email_template_name", ""),
        ("ip_version", ""),
        ("EMAIL_BACKEND", "settings"),
        ("DEFAULT_FROM_EMAIL", ""),
        ("name_of_the_file", ""),
        ("shipping_zone_name", ""),  # "shipping" is a subject word, but it qualifies the zone, not the name
        ("user_count", ""),
        ("name", "product"),
        ("name", "upload"),
        ("is_email_verified", ""),
        ("email_count", ""),
        ("send_email", ""),
        ("password_reset_url", ""),
        ("zip", "files"),
        ("address", "socket"),
        ("skip", ""),
        ("weight", "product"),  # a product's weight is not a person's health data
        ("temperature", "sensor"),
        ("weight", "member"),  # a member's weight splits a bill as often as it is a body weight
        ("height", "image"),
        ("license_key", ""),
        ("api_token", ""),  # the service's credential, not a person's
        ("access_token", "settings"),
        ("reset_token_expiry", ""),
        ("auth_code_length", ""),
        ("OAUTH_TOKEN_URL", ""),
        ("body", "request"),  # an HTTP body, an email's body or a template's are not what a person wrote
        ("body", "email"),
        ("body", "message"),
        ("text", "template"),
        ("message", "request.POST"),  # the form's table, not a post
        ("help_text", "comment"),
    ],
)
def test_look_alikes_are_not_personal(classify, identifier: str, context: str) -> None:
    assert classify(identifier, context) is None


def test_split_words_handles_snake_camel_and_acronyms() -> None:
    assert split_words("userEmailAddress") == ["user", "email", "address"]
    assert split_words("HTTPRemoteAddr") == ["http", "remote", "addr"]
    assert split_words("date_of_birth2") == ["date", "of", "birth", "2"]
