"""Account use cases, shared by the web views and the background tasks."""

import logging

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction

from accounts.models import LoginEvent, User
from accounts.tasks import locate_login
from analytics.tracking import track_login, track_signup
from notifications.email import send_password_reset, send_welcome_email

logger = logging.getLogger(__name__)


@transaction.atomic
def register_user(email: str, full_name: str, password: str) -> User:
    user = User(email=email, full_name=full_name)
    user.set_password(password)
    user.save()
    logger.info("new signup: user_id=%s", user.pk)  # look-alike O6
    send_welcome_email(user)
    track_signup(user)
    return user


def request_password_reset(email: str) -> None:
    logger.info("password reset requested for %s", email)  # planted O6
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        send_password_reset(user, default_token_generator.make_token(user))


def record_login(user: User, ip_address: str, user_agent: str) -> LoginEvent:
    event = LoginEvent.objects.create(user=user, ip_address=ip_address, user_agent=user_agent)
    track_login(user, ip_address, user_agent)
    locate_login.delay(event.pk, ip_address)
    return event


class AccountClosureError(Exception):
    """The account cannot be closed yet; the settings page shows a generic message, the error handler logs this."""


def close_account(user: User) -> None:
    """Closing an account from the settings page; support reopens blocked closures by hand."""
    if user.subscription_set.filter(active=True).exists():
        raise AccountClosureError(f"{user.email} still has an active subscription")  # planted O9
    if not user.is_active:
        raise AccountClosureError(f"account {user.pk} is already closed")  # look-alike O9
    user.is_active = False
    user.save(update_fields=["is_active"])
