import hashlib
import hmac
import logging

log = logging.getLogger(__name__)
SECRET = b"k"


def mask_email(email):
    local, _, domain = email.partition("@")
    return local[:1] + "***@" + domain


def hashed(user):
    digest = hashlib.sha256(user.email.encode()).hexdigest()
    log.info("user %s", digest)  # expect: user.contact.email -> log sanitized
    token = hmac.new(SECRET, user.phone_number.encode(), "sha256").hexdigest()
    log.info("phone token %s", token)  # expect: user.contact.phone_number -> log sanitized
    log.info("masked %s", mask_email(user.email))  # expect: user.contact.email -> log sanitized
    email = user.email
    email = hashlib.md5(email.encode()).hexdigest()
    log.info("hashed again %s", email)  # expect: user.contact.email -> log sanitized
