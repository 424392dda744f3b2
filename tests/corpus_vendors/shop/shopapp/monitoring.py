"""Error reporting. Every notifier is configured at import time and shared."""
import sys

import bugsnag as bs
import pybrake
import rollbar
import sentry_sdk
from honeybadger import honeybadger

from shopapp import settings

sentry_sdk.init(dsn=settings.SENTRY_DSN, environment=settings.ENVIRONMENT, send_default_pii=False, traces_sample_rate=0.1)
bs.configure(api_key=settings.BUGSNAG_API_KEY, release_stage=settings.ENVIRONMENT, project_root="/srv/shopapp")  # ok: any
rollbar.init(settings.ROLLBAR_TOKEN, settings.ENVIRONMENT)
honeybadger.configure(api_key=settings.HONEYBADGER_API_KEY, environment=settings.ENVIRONMENT)

airbrake = pybrake.Notifier(
    project_id=settings.AIRBRAKE_PROJECT_ID,
    project_key=settings.AIRBRAKE_PROJECT_KEY,
    environment=settings.ENVIRONMENT,
)


def identify_customer(customer):
    """Attach the signed-in customer to every Sentry event of this scope."""
    sentry_sdk.set_user({"id": str(customer.id), "email": customer.email, "ip_address": customer.signup_ip})  # expect: user.contact.email -> third_party:sentry; user.device.ip_address -> third_party:sentry


def report_customer_error(exc, customer, area, order_id=None):
    bs.notify(exc, user={"id": str(customer.id), "email": customer.email, "name": customer.full_name}, metadata={"context": {"area": area, "order_id": order_id}})  # expect: user.contact.email -> third_party:bugsnag; user.name -> third_party:bugsnag


def report_payment_declined(order_id, decline_code):
    rollbar.report_message("payment declined", "warning", extra_data={"order_id": order_id, "decline_code": decline_code})  # ok: any


def report_import_row_failure(row_email, row_phone):
    """Called from the CSV contact importer when a row cannot be parsed."""
    rollbar.report_exc_info(sys.exc_info(), extra_data={"email": row_email, "phone": row_phone})  # expect: user.contact.email -> third_party:rollbar; user.contact.phone_number -> third_party:rollbar


def report_sms_failure(exc, phone):
    honeybadger.notify(exc, context={"recipient_phone": phone, "provider": "vonage"})  # expect: user.contact.phone_number -> third_party:honeybadger


def report_webhook_error(exc, username):
    notice = airbrake.build_notice(exc)
    notice["params"]["user"] = {"username": username}
    airbrake.send_notice(notice)  # expect: user.account.username -> third_party:airbrake
