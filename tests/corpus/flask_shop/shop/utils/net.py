import requests

WEBHOOK_BASE = "https://hooks.slack.com/services"
TIMEOUT = 5


def post_json(url, payload):
    return requests.post(url, json=payload, timeout=TIMEOUT)


def notify_ops(text):
    requests.post(f"{WEBHOOK_BASE}/T000/B000", json={"text": text}, timeout=TIMEOUT)  # expect: user.contact.email -> third_party:slack
