"""Help-desk integrations: Zendesk tickets, Intercom contacts, Telegram ops alerts."""
from intercom import CreateContactRequestWithEmail, Intercom
from telegram import Bot
from zenpy import Zenpy
from zenpy.lib.api_objects import Ticket, User

from shopapp import settings

zendesk = Zenpy(subdomain=settings.ZENDESK_SUBDOMAIN, email=settings.ZENDESK_AGENT_EMAIL, token=settings.ZENDESK_API_TOKEN)  # ok: any
ops_bot = Bot(token=settings.TELEGRAM_BOT_TOKEN)


class HelpDesk:
    def __init__(self):
        self.intercom = Intercom(token=settings.INTERCOM_TOKEN)

    def open_zendesk_ticket(self, ticket):
        requester = User(name=ticket.customer.full_name, email=ticket.customer.email)
        zendesk_ticket = Ticket(subject=f"[{ticket.channel}] request #{ticket.id}", description=ticket.body, requester=requester, tags=["shopapp"])
        created = zendesk.tickets.create(zendesk_ticket)  # expect: user.name -> third_party:zendesk; user.contact.email -> third_party:zendesk; user.content -> third_party:zendesk
        return created.ticket.id

    def ensure_intercom_contact(self, email, name, phone):
        request = CreateContactRequestWithEmail(email=email, name=name, phone=phone)
        return self.intercom.contacts.create(request=request)  # expect: user.contact.email -> third_party:intercom; user.name -> third_party:intercom; user.contact.phone_number -> third_party:intercom


async def alert_vip_escalation(customer, ticket_id):
    text = f"VIP escalation on ticket #{ticket_id}: {customer.full_name}, call back on {customer.phone}"
    await ops_bot.send_message(chat_id=settings.OPS_CHAT_ID, text=text)  # expect: user.name -> third_party:telegram; user.contact.phone_number -> third_party:telegram


async def alert_queue_depth(open_tickets):
    await ops_bot.send_message(chat_id=settings.OPS_CHAT_ID, text=f"Support queue depth is {open_tickets}")  # ok: any
