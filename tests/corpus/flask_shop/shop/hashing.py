import hashlib


def anonymize_email(value):
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()
