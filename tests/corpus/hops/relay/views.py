import logging
import uuid
from datetime import date
from email.message import EmailMessage

from django.conf import settings
from django.contrib.auth.models import User
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from relay.audit import audit
from relay.models import Profile
from relay.tasks import notify, register_sms_optin, send_welcome_email, sync_contact, track_event
from relay.transport import check_status, deliver

logger = logging.getLogger(__name__)
WELCOME_TEXT = "Welcome to Relay! Reply STOP to opt out."


def client_ip(request):
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    return forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")


@require_POST
def signup(request):
    email = request.POST["email"].strip().lower()
    first_name = request.POST.get("first_name", "")
    phone = request.POST.get("phone", "")
    ip = client_ip(request)

    is_company = not email.endswith(settings.FREEMAIL_DOMAINS)
    logger.info("signup from company domain: %s", is_company)  # ok: any

    user = User.objects.create_user(username=email, email=email, first_name=first_name)  # expect: user.contact.email -> storage; user.name -> storage
    extra = {"phone": phone, "last_ip": ip}
    profile = Profile.objects.create(user=user, **extra)  # expect: user.contact.phone_number -> storage; user.device.ip_address -> storage
    audit("signup", user_id=user.pk, **extra)

    send_welcome_email.delay(email, first_name)
    register_sms_optin.apply_async(args=[user.pk, phone], countdown=30)
    track_event.delay("signup", email, ip)
    sync_contact.delay(user.pk)
    notify.delay(profile.preferred_channel, phone, WELCOME_TEXT)

    signups_today = User.objects.filter(date_joined__date=date.today()).count()
    logger.info("signups today: %d", signups_today)  # ok: any
    request_id = uuid.uuid4()
    logger.info("signup request %s completed", request_id)  # ok: any
    return JsonResponse({"ok": True, "request_id": str(request_id)}, status=201)


@require_POST
def resend_welcome(request):
    email = request.POST["email"]
    user = User.objects.get(email=email)  # ok: any
    logger.info("resending welcome to user %s", user.id)  # ok: any
    send_welcome_email.apply_async(args=[user.email, user.first_name])
    return JsonResponse({"ok": True})


@require_POST
def close_account(request):
    user = request.user
    msg = EmailMessage()
    msg["Subject"] = "Your Relay account has been closed"
    msg["From"] = settings.MAIL_FROM
    msg["To"] = user.email
    msg.set_content("Your account and its data will be deleted within 30 days.")
    deliver(msg)
    audit("account.closed", user_id=user.pk)
    user.is_active = False
    user.save(update_fields=["is_active"])  # ok: any
    return JsonResponse({"ok": True})


def health(request):
    return JsonResponse({"upstream": check_status()})
