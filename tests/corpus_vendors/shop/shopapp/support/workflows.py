"""Ticket intake pipeline, run by the support worker for every new ticket."""
from shopapp import monitoring, search
from shopapp.support.assistant import TicketAssistant, detect_language, rate_urgency
from shopapp.support.desk import HelpDesk, alert_queue_depth, alert_vip_escalation
from shopapp.support.vectors import QdrantTicketStore, embed_documents, store_in_pinecone

SUPPORTED_LANGUAGES = {"en", "de", "fr", "es"}


class TicketIntake:
    def __init__(self):
        self.assistant = TicketAssistant()
        self.desk = HelpDesk()
        self.qdrant = QdrantTicketStore()

    async def handle(self, ticket, open_ticket_count):
        customer = ticket.customer
        self.desk.ensure_intercom_contact(customer.email, customer.full_name, customer.phone)
        zendesk_id = self.desk.open_zendesk_ticket(ticket)
        search.index_ticket(ticket)

        vector = embed_documents([ticket.body])[0]
        store_in_pinecone(ticket, vector)
        await self.qdrant.remember(ticket, vector)

        language = detect_language(ticket.body)
        if language not in SUPPORTED_LANGUAGES:
            language = "en"

        urgency = rate_urgency(ticket.body)
        if urgency == "high" and customer.is_vip:
            await alert_vip_escalation(customer, ticket.id)
        if open_ticket_count > 200:
            await alert_queue_depth(open_ticket_count)

        try:
            summary = await self.assistant.summarise(ticket)
            draft = self.assistant.draft_reply(ticket)
        except Exception as exc:
            monitoring.report_customer_error(exc, customer, area="support")
            summary, draft = "", ""
        return {"zendesk_id": zendesk_id, "language": language, "urgency": urgency, "summary": summary, "draft": draft}
