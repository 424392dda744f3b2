import logging

from django.core.cache import cache
from django.db import connection

from crm.integrations.sms import gateway
from crm.models import Account, Lead, LoginAttempt

logger = logging.getLogger("crm.services")


def register_lead(email, company, ip):
    lead = Lead.objects.create(contact=email, company=company, last_seen_from=ip)  # expect: user.contact.email -> storage; user.device.ip_address -> storage
    logger.info("lead %s registered from %s", lead.pk, company)  # ok: any
    return lead


def send_verification_code(account, code):
    message = f"Hi {account.first_name}, your code is {code}"
    gateway.send(account.phone, message)


def record_login(account, request):
    ip = request.META.get("REMOTE_ADDR")
    LoginAttempt.objects.create(account=account, remote_addr=ip, succeeded=True)  # expect: user.device.ip_address -> storage
    cache.set(f"last-login:{account.pk}", ip, timeout=3600)  # expect: user.device.ip_address -> storage


def update_phone(account_id, new_phone):
    account = Account.objects.get(pk=account_id)
    account.phone = new_phone
    account.save(update_fields=["phone"])  # expect: user.contact.phone_number -> storage


def mark_seen(account_id, last_seen_phone):
    account = Account.objects.get(pk=account_id)
    account.marketing_opt_in = bool(last_seen_phone)
    account.seen_with = last_seen_phone
    account.save(update_fields=["marketing_opt_in"])  # ok: any


def touch_account(account_id):
    account = Account.objects.get(pk=account_id)
    account.marketing_opt_in = True
    account.save()  # ok: any


def purge_stale_leads(days):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM crm_lead WHERE created < now() - interval %s", [days])  # ok: any


def export_birthdays():
    with connection.cursor() as cursor:
        for account in Account.objects.all():
            cursor.execute("INSERT INTO birthdays VALUES (%s, %s)", [account.pk, account.date_of_birth])  # expect: user.demographic.date_of_birth -> storage


def lead_count():
    user_count = Lead.objects.count()
    logger.info("there are %d leads", user_count)  # ok: any
    return user_count
