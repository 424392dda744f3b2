import json
import logging

audit_log = logging.getLogger("relay.audit")


def audit(event, **fields):
    audit_log.info("%s %s", event, json.dumps(fields, default=str, sort_keys=True))  # expect: user.contact.phone_number -> log; user.device.ip_address -> log
