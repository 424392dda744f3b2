"""Taint through the everyday operations."""
import json
import logging

log = logging.getLogger("tools")


def strings(user):
    email = user.email
    domain_part = email.split("@")[0]
    log.info("local part %s", domain_part)  # expect: user.contact.email -> log
    greeting = "Hello %s" % user.first_name
    log.info(greeting)  # expect: user.name -> log
    line = "{} <{}>".format(user.first_name, email)
    log.info(line)  # expect: user.name -> log; user.contact.email -> log
    joined = ", ".join([email, user.phone_number])
    log.info(joined)  # expect: user.contact.email -> log; user.contact.phone_number -> log
    encoded = json.dumps({"who": email}).encode()
    log.info(encoded)  # expect: user.contact.email -> log
    lowered = str(email).strip().lower()
    log.info(lowered)  # expect: user.contact.email -> log


def containers(users):
    emails = [u.email for u in users]
    log.info("batch %s", emails)  # expect: user.contact.email -> log
    first, second = emails[0], emails[1]
    log.info("first %s", first)  # expect: user.contact.email -> log
    counts = {"total": len(emails)}
    log.info("counts %s", counts)  # ok: any
    contact = None
    contact = users[0].phone_number if users else None
    log.info("contact %s", contact)  # expect: user.contact.phone_number -> log
    total = 0
    total += len(users)
    log.info("total %s", total)  # ok: any


def reassigned(user):
    value = user.email
    value = "redacted"
    log.info("value %s", value)  # ok: any


def augmented(user):
    message = "user: "
    message += user.email
    log.info(message)  # expect: user.contact.email -> log


def walrus_and_with(user, path):
    if (ip := user.last_login_ip) is not None:
        log.info("ip %s", ip)  # expect: user.device.ip_address -> log
    with open(path, "a") as out:
        out.write(f"{user.email}\n")  # expect: user.contact.email -> storage
        out.write("done\n")  # ok: any


class Notifier:
    def __init__(self, user):
        self.recipient = user.email
        self.retries = 3

    def notify(self):
        log.info("notifying %s", self.recipient)  # expect: user.contact.email -> log
        log.info("retries %s", self.retries)  # ok: any


def annotated(record):
    tax_ref = record["tax"]  # privlint: category=user.government_id.national_identification_number
    log.info("tax ref %s", tax_ref)  # expect: user.government_id.national_identification_number -> log


def raised(user):
    if not user.email:
        raise ValueError(f"user {user.email} has no mailbox")  # expect: user.contact.email -> exception
    raise PermissionError("not allowed")  # ok: any
