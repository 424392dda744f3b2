"""Names that look personal but are not, next to names that are."""
import logging
import os

logger = logging.getLogger(__name__)

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@example.com")


def report_settings(email_template_name, ip_version, user_count, name_of_the_file):
    logger.info("template=%s", email_template_name)  # ok: any
    logger.info("ip version=%s", ip_version)  # ok: any
    logger.info("users=%d", user_count)  # ok: any
    logger.info("file=%s", name_of_the_file)  # ok: any
    logger.info("backend=%s", EMAIL_BACKEND)  # ok: any
    logger.info("from=%s", DEFAULT_FROM_EMAIL)  # ok: any


def describe(customer, product, upload):
    logger.info("customer %s", customer.name)  # expect: user.name -> log
    logger.info("product %s", product.name)  # ok: any
    logger.info("upload %s", upload.name)  # ok: any
    logger.info("card %s", customer.card_number)  # expect: user.financial.credit_card -> log


def identifiers(email, phone_number, card_number, ip_addr, ssn, date_of_birth):
    print(email)  # expect: user.contact.email -> log
    print(phone_number)  # expect: user.contact.phone_number -> log
    print(card_number)  # expect: user.financial.credit_card -> log
    print(ip_addr)  # expect: user.device.ip_address -> log
    print(ssn)  # expect: user.government_id.national_identification_number -> log
    print(date_of_birth)  # expect: user.demographic.date_of_birth -> log


def flags(user):
    is_email_verified = user.email_verified
    logger.info("verified=%s", is_email_verified)  # ok: any
    email_count = len(user.emails)
    logger.info("emails=%s", email_count)  # ok: any
    has_phone = bool(user.phone_number)
    logger.info("has phone=%s", has_phone)  # ok: any
    logger.info("email valid=%s", "@" in user.email)  # ok: any


def attribute_chain(user):
    logger.info("address %s", user.email_address)  # expect: user.contact.email -> log
    logger.info("password reset url %s", user.password_reset_url)  # ok: any
