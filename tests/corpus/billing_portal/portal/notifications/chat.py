import requests

SLACK_WEBHOOK = "https://hooks.slack.com/services/T1/B2/C3"


def alert_finance(text):
    requests.post(SLACK_WEBHOOK, json={"text": text}, timeout=3)  # expect: user.contact.email -> third_party:slack
