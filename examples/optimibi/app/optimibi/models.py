"""Optimibi's data: accounts, and what the browser tells us on every visit."""

from datetime import datetime, timezone

from optimibi.extensions import db


def _now() -> datetime:
    return datetime.now(timezone.utc)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(254), unique=True, nullable=False)
    full_name = db.Column(db.String(200), nullable=False)
    phone_number = db.Column(db.String(32))
    password_hash = db.Column(db.String(255), nullable=False)
    # The sign-up form's "I am 16 or older" checkbox: a yes/no instead of a birth date.
    age_confirmed = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.DateTime(timezone=True), default=_now)


class BirthdayPerk(db.Model):
    """Growth experiment (Q2): a discount code mailed in the customer's birthday month."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), unique=True)
    date_of_birth = db.Column(db.Date, nullable=False)


class Visit(db.Model):
    """One request as the browser sent it: "IP address, device ID, cookie data, browser type, requested pages"."""

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    ip_address = db.Column(db.String(45), nullable=False)
    device_id = db.Column(db.String(64))
    cookie_id = db.Column(db.String(64))
    user_agent = db.Column(db.String(400))
    path = db.Column(db.String(400), nullable=False)
    created_at = db.Column(db.DateTime(timezone=True), default=_now, index=True)
