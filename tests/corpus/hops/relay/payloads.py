"""Request bodies for partner APIs, all built on top of the same envelope."""

BASE = {"source": "relay-web", "schema": 3}


def contact_payload(user):
    payload = dict(BASE)
    payload.update({"email": user.email, "first_name": user.first_name})
    return payload


def event_payload(event, email, ip):
    return {**BASE, "event": event, "email": email, "ip": ip}


def sms_optin_payload(phone):
    return dict(BASE, msisdn=phone, consent="explicit")


def heartbeat_payload(queue_depth):
    body = dict(BASE)
    body.update(queue_depth=queue_depth)
    return body
