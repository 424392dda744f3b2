"""Outgoing HTTP, wrapped so timeouts and retries are set in one place."""
import json
import urllib.request

import aiohttp
import requests

STRIPE_API = "https://api.stripe.com/v1"
PARTNER_API = "https://partner.example.org/api"
DEFAULT_TIMEOUT = 10


class ApiSession:
    def __init__(self, base_url):
        self.base_url = base_url
        self.session = requests.Session()

    def post(self, path, payload):
        return self.session.post(self.base_url + path, data=payload, timeout=DEFAULT_TIMEOUT)  # expect: user.contact.email -> network; user.name -> network


def legacy_post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    return urllib.request.urlopen(request, timeout=DEFAULT_TIMEOUT)  # expect: user.contact.phone_number -> network


async def async_post(url, body):
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json=body) as resp:  # expect: user.device.ip_address -> network
            return await resp.text()


def stripe_form(path, fields):
    return requests.post(STRIPE_API + path, data=fields, timeout=DEFAULT_TIMEOUT)  # expect: user.contact.email -> third_party:stripe
