"""Sign-up, sign-in and account settings endpoints."""

import logging
from datetime import date

from flask import Blueprint, jsonify, request, session

from optimibi.auth import services
from optimibi.models import User

bp = Blueprint("auth", __name__, url_prefix="/auth")
logger = logging.getLogger(__name__)


@bp.post("/register")
def register():
    form = request.get_json()
    user = services.register(
        form["email"], form["full_name"], form["password"], bool(form.get("age_confirmed")), form.get("phone_number")
    )
    session["user_id"] = user.id
    return jsonify(id=user.id), 201


@bp.post("/login")
def login():
    form = request.get_json()
    user = services.authenticate(form["email"], form["password"])
    if user is None:
        logger.warning("failed login for %s from %s", form["email"], request.remote_addr)  # planted B5
        return jsonify(error="invalid credentials"), 401
    session["user_id"] = user.id
    logger.info("login ok user_id=%s", user.id)  # look-alike B5
    return jsonify(id=user.id)


@bp.post("/login/code")
def login_code():
    form = request.get_json()
    user = services.authenticate(form["email"], form["password"])
    if user is None:
        return jsonify(error="invalid credentials"), 401
    session["pending_code"] = services.send_one_time_code(user, prefer_sms=form.get("channel") == "sms")
    return jsonify(status="code sent")


@bp.post("/settings/phone")
def change_phone():
    user = User.query.get_or_404(session["user_id"])
    services.change_phone_number(user, request.get_json()["phone_number"])
    return jsonify(status="updated")


@bp.post("/settings/birthday")
def join_birthday_perk():
    user = User.query.get_or_404(session["user_id"])
    services.join_birthday_perk(user, date.fromisoformat(request.get_json()["date_of_birth"]))
    return jsonify(status="joined")
