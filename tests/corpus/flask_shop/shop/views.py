import json
import logging

from flask import jsonify, request

from shop import app
from shop.analytics import track_login, track_signup
from shop.billing import create_stripe_customer
from shop.config import settings
from shop.mail import send_welcome
from shop.models import AuditEvent, Customer, db
from shop.utils.logs import log_debug, log_event
from shop.utils.net import notify_ops

log = logging.getLogger(__name__)


@app.route("/signup", methods=["POST"])
def signup():
    data = request.get_json()
    email = data["email"].strip().lower()
    customer = Customer(contact=email, first_name=data.get("first_name"), signup_ip=request.remote_addr)
    db.session.add(customer)  # expect: user.contact.email -> storage; user.name -> storage; user.device.ip_address -> storage
    db.session.commit()
    log.info("new signup: %s", email)  # expect: user.contact.email -> log
    log.info("email backend in use: %s", settings.EMAIL_BACKEND)  # ok: any
    send_welcome(customer.contact, customer.first_name)
    track_signup(customer)
    create_stripe_customer(customer)
    notify_ops("New customer " + email)
    return jsonify({"ok": True})


@app.route("/login", methods=["POST"])
def login():
    form = request.form
    customer = Customer.query.filter_by(contact=form["email"]).first()
    ip = request.headers.get("X-Forwarded-For", request.remote_addr)
    track_login(customer, ip)
    log_event("login from %s", ip)
    event = AuditEvent(action="login", actor_ip=ip)
    db.session.add(event)  # expect: user.device.ip_address -> storage
    log_debug(len(form))
    return jsonify({"ok": True})


@app.route("/export")
def export():
    customers = Customer.query.all()
    rows = [{"email": c.contact, "phone": c.phone_number} for c in customers]
    with open("/tmp/export.json", "w") as handle:
        json.dump(rows, handle)  # expect: user.contact.email -> storage; user.contact.phone_number -> storage
    log.info("exported %d customers", len(rows))  # ok: any
    return jsonify({"count": len(rows)})


@app.route("/templates")
def templates():
    email_template_name = request.args.get("template", "welcome.html")
    log.info("rendering %s", email_template_name)  # ok: any
    name_of_the_file = email_template_name + ".bak"
    print("backup", name_of_the_file)  # ok: any
    ip_version = 4
    log.debug("ip version %s", ip_version)  # ok: any
    return jsonify({})
