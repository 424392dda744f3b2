"""Notify helpers. billing/app/util.py has functions with the same names."""
import json

TEMPLATES = {"en": "welcome-sms-v3", "de": "welcome-sms-v3-de", "fr": "welcome-sms-v2-fr"}


def describe(recipient):
    return f"template={TEMPLATES.get(recipient.locale, 'welcome-sms-v3')} channel=sms"


def build_payload(recipient):
    return {
        "template": TEMPLATES.get(recipient.locale, "welcome-sms-v3"),
        "locale": recipient.locale,
        "version": 3,
    }


def write_record(path, stats):
    with open(path, "w") as handle:
        json.dump({"sent": stats.sent, "failed": stats.failed}, handle)  # ok: any
