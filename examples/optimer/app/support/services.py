"""Opening support requests: billing disputes go to the billing desk, everything else to Zendesk."""

from support.helpdesk import create_freshdesk_ticket, create_zendesk_ticket
from support.models import Ticket

BILLING_DISPUTE_TOPICS = frozenset({"chargeback", "refund", "invoice"})


def open_ticket(user, topic: str, subject: str, support_message: str) -> Ticket:
    if topic in BILLING_DISPUTE_TOPICS:
        external_id = create_freshdesk_ticket(user.full_name, user.email, subject, support_message)
        helpdesk = "freshdesk"
    else:
        external_id = create_zendesk_ticket(user.full_name, user.email, subject, support_message)
        helpdesk = "zendesk"
    return Ticket.objects.create(user=user, subject=subject, topic=topic, helpdesk=helpdesk, external_id=external_id)
