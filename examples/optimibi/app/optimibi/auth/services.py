"""Account use cases: registration, password and one-time-code sign-in, account settings."""

import logging
import secrets
from datetime import date

from werkzeug.security import check_password_hash, generate_password_hash

from optimibi.extensions import db
from optimibi.models import BirthdayPerk, User
from optimibi.notifications.mail import send_login_code, send_mail, send_welcome
from optimibi.notifications.sms import send_login_code_by_sms

logger = logging.getLogger(__name__)


def register(email: str, full_name: str, password: str, age_confirmed: bool, phone_number: str | None = None) -> User:
    user = User(
        email=email.strip().lower(),
        full_name=full_name,
        phone_number=phone_number,
        password_hash=generate_password_hash(password),
        age_confirmed=age_confirmed,
    )
    db.session.add(user)  # look-alike B7
    db.session.commit()
    logger.info("registered user_id=%s", user.id)  # look-alike B5
    send_welcome(user)
    return user


def authenticate(email: str, password: str) -> User | None:
    user = User.query.filter_by(email=email.strip().lower()).first()
    if user is None or not check_password_hash(user.password_hash, password):
        return None
    return user


def send_one_time_code(user: User, prefer_sms: bool) -> str:
    code = f"{secrets.randbelow(10**6):06d}"
    if prefer_sms and user.phone_number:
        send_login_code_by_sms(user.phone_number, code)
    else:
        send_login_code(user, code)  # look-alike B3
    return code


def change_phone_number(user: User, new_phone_number: str) -> None:
    user.phone_number = new_phone_number
    db.session.commit()
    # Security alert to the address on file, so a hijacked session cannot silently swap the number.
    body = f"<p>Hi {user.full_name}, your number is now {new_phone_number}. Not you? Reply to this email.</p>"
    send_mail(user.email, "Your phone number was changed", body)  # planted B6 (reported where SendGrid is called)


def change_email(user: User, new_email: str) -> None:
    old_email = user.email
    user.email = new_email
    db.session.commit()
    body = f"<p>Hi {user.full_name}, your sign-in address was changed. Not you? Reply to this email.</p>"
    send_mail(old_email, "Your email address was changed", body)  # look-alike B6


def join_birthday_perk(user: User, date_of_birth: date) -> None:
    db.session.add(BirthdayPerk(user_id=user.id, date_of_birth=date_of_birth))  # planted B7
    db.session.commit()
