import logging

import httpx

HUBSPOT_API = "https://api.hubapi.com"
logger = logging.getLogger(__name__)


class CrmClient:
    def __init__(self, token):
        self.http = httpx.Client(base_url=HUBSPOT_API, headers={"Authorization": f"Bearer {token}"})

    def upsert_contact(self, email, properties):
        response = self.http.post(f"{HUBSPOT_API}/crm/v3/objects/contacts", json={"email": email, "properties": properties})  # expect: user.contact.email -> third_party:hubspot; user.name -> third_party:hubspot
        if response.status_code >= 400:
            logger.warning("CRM sync failed with status %s", response.status_code)  # ok: any
        return response


def sync_lead(client, lead):
    client.upsert_contact(lead.contact, {"company": lead.company})


def sync_account(client, account):
    client.upsert_contact(account.email, {"firstname": account.first_name, "lastname": account.last_name})
