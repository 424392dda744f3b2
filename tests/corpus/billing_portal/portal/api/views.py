import logging

from rest_framework.decorators import api_view
from rest_framework.response import Response

from portal.integrations.payments import StripeGateway
from portal.models import BillingProfile, PaymentAttempt
from portal.notifications.chat import alert_finance
from portal.notifications.email import send_receipt

logger = logging.getLogger("portal.api")
gateway = StripeGateway("sk_live_x")


def _client_ip(request):
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR")


@api_view(["POST"])
def pay(request):
    profile = BillingProfile.objects.get(owner=request.user)
    amount = int(request.data["amount_cents"])
    customer_id = gateway.ensure_customer(profile)
    gateway.charge(customer_id, amount, f"Invoice for {profile.invoice_email}")
    PaymentAttempt.objects.create(profile=profile, amount_cents=amount, client_ip=_client_ip(request), status="ok")  # expect: user.device.ip_address -> storage
    send_receipt(profile.invoice_email, amount)
    if amount > 1_000_000:
        alert_finance(f"Large payment by {profile.invoice_email}: {amount}")
    logger.info("payment of %s cents for profile %s", amount, profile.pk)  # ok: any
    return Response({"ok": True})


@api_view(["PATCH"])
def update_profile(request):
    profile = BillingProfile.objects.get(owner=request.user)
    new_email = request.data.get("invoice_email")
    if new_email:
        logger.info("invoice email changed from %s to %s", profile.invoice_email, new_email)  # expect: user.contact.email -> log
        profile.invoice_email = new_email
    profile.vat_number = request.data.get("vat_number", profile.vat_number)
    profile.save()  # expect: user.contact.email -> storage
    return Response({"ok": True})


@api_view(["GET"])
def health(request):
    logger.debug("health from %s", _client_ip(request))  # expect: user.device.ip_address -> log
    logger.debug("status ok, %d profiles", BillingProfile.objects.count())  # ok: any
    return Response({"status": "ok"})
