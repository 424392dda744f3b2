"""Customer and ticket search: Algolia for the admin typeahead, Elasticsearch for tickets."""
from algoliasearch.search.client import SearchClient
from elasticsearch import Elasticsearch

from shopapp import settings

es = Elasticsearch(settings.ELASTICSEARCH_URL, api_key=settings.ELASTICSEARCH_API_KEY)

TICKET_MAPPINGS = {
    "properties": {
        "customer_id": {"type": "long"},
        "requester_email": {"type": "keyword"},
        "body": {"type": "text"},
        "channel": {"type": "keyword"},
    }
}


class CustomerIndexer:
    """Keeps the `customers` Algolia index in step with the accounts database."""

    index_name = "customers"

    def __init__(self):
        self.algolia = SearchClient(settings.ALGOLIA_APP_ID, settings.ALGOLIA_ADMIN_KEY)

    async def index_customer(self, customer):
        record = {
            "objectID": str(customer.id),
            "name": customer.full_name,
            "email": customer.email,
            "phone": customer.phone,
            "plan": customer.plan,
        }
        await self.algolia.save_object(index_name=self.index_name, body=record)  # expect: user.name -> third_party:algolia; user.contact.email -> third_party:algolia; user.contact.phone_number -> third_party:algolia

    async def forget_customer(self, customer_id):
        await self.algolia.delete_object(index_name=self.index_name, object_id=str(customer_id))  # ok: any


def ensure_ticket_index():
    if not es.indices.exists(index="tickets"):
        es.indices.create(index="tickets", mappings=TICKET_MAPPINGS)  # ok: any


def index_ticket(ticket):
    document = {
        "customer_id": ticket.customer.id,
        "requester_email": ticket.customer.email,
        "body": ticket.body,
        "channel": ticket.channel,
        "opened_at": ticket.opened_at.isoformat(),
    }
    es.index(index="tickets", id=str(ticket.id), document=document)  # expect: user.contact.email -> third_party:elasticsearch; user.content -> third_party:elasticsearch
