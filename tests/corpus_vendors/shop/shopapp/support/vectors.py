"""Embeddings of ticket text for 'similar tickets' suggestions."""
import cohere
from pinecone import Pinecone
from qdrant_client import AsyncQdrantClient
from qdrant_client.models import PointStruct

from shopapp import settings

co = cohere.ClientV2(api_key=settings.COHERE_API_KEY)
pc = Pinecone(api_key=settings.PINECONE_API_KEY)
ticket_index = pc.Index("support-tickets")


def embed_documents(texts):
    response = co.embed(texts=texts, model="embed-english-v3.0", input_type="search_document", embedding_types=["float"])  # expect: user.content -> third_party:cohere
    return response.embeddings.float_


def store_in_pinecone(ticket, vector):
    metadata = {"customer_email": ticket.customer.email, "channel": ticket.channel, "text": ticket.body[:1000]}
    ticket_index.upsert(vectors=[{"id": f"ticket-{ticket.id}", "values": vector, "metadata": metadata}], namespace="tickets")  # expect: user.contact.email -> third_party:pinecone; user.content -> third_party:pinecone


def delete_from_pinecone(ticket_id):
    ticket_index.delete(ids=[f"ticket-{ticket_id}"], namespace="tickets")  # ok: any


class QdrantTicketStore:
    collection = "support_tickets"

    def __init__(self):
        self.client = AsyncQdrantClient(url=settings.QDRANT_URL, api_key=settings.QDRANT_API_KEY)

    async def remember(self, ticket, vector):
        point = PointStruct(id=ticket.id, vector=vector, payload={"username": ticket.customer.username, "body": ticket.body})
        await self.client.upsert(collection_name=self.collection, points=[point])  # expect: user.account.username -> third_party:qdrant; user.content -> third_party:qdrant
