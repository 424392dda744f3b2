"""Account and checkout service: owns the MongoDB collections and fans out to integrations."""
import csv
import io
import secrets
from datetime import datetime, timezone

from motor.motor_asyncio import AsyncIOMotorClient

from shopapp import events, marketing, monitoring, notify, settings, tracing
from shopapp.models import Customer
from shopapp.search import CustomerIndexer


class DuplicateCustomer(Exception):
    pass


class AccountService:
    def __init__(self, event_bus, sms_gateway=None):
        self.mongo = AsyncIOMotorClient(settings.MONGO_URL)
        self.db = self.mongo["shopapp"]
        self.bus = event_bus
        self.sms = sms_gateway or notify.SmsGateway()
        self.indexer = CustomerIndexer()
        self.marketing = marketing.MarketingSync()

    async def _next_id(self):
        counter = await self.db.counters.find_one_and_update({"_id": "customers"}, {"$inc": {"seq": 1}}, upsert=True, return_document=True)  # ok: any
        return counter["seq"]

    async def register(self, form, client_ip):
        email = form["email"].strip().lower()
        existing = await self.db.customers.find_one({"email": email})  # expect: user.contact.email -> third_party:mongodb
        if existing:
            raise DuplicateCustomer("an account with this address already exists")

        customer = Customer(
            id=await self._next_id(),
            email=email,
            full_name=form["full_name"],
            phone=form["phone"],
            username=form["username"],
            signup_ip=client_ip,
            plan=form.get("plan", "free"),
        )
        document = {
            "_id": customer.id,
            "email": customer.email,
            "full_name": customer.full_name,
            "phone": customer.phone,
            "username": customer.username,
            "signup_ip": customer.signup_ip,
            "plan": customer.plan,
            "created_at": customer.created_at,
        }
        await self.db.customers.insert_one(document)  # expect: user.contact.email -> third_party:mongodb; user.name -> third_party:mongodb; user.contact.phone_number -> third_party:mongodb; user.account.username -> third_party:mongodb; user.device.ip_address -> third_party:mongodb
        await self.db.audit.insert_one({"event": "customer.registered", "customer_id": customer.id, "at": datetime.now(timezone.utc)})  # ok: any

        monitoring.identify_customer(customer)
        tracing.tag_request_user(customer, client_ip)
        tracing.record_signup(customer.plan)
        await self.indexer.index_customer(customer)
        await self.bus.customer_registered(customer)
        events.identify(customer)
        first_name = customer.full_name.split()[0]
        events.enqueue_welcome_email(customer.email, first_name)

        self.marketing.identify(customer)
        self.marketing.upsert_klaviyo_profile(customer)
        self.marketing.push_braze_attributes(customer)
        if form.get("newsletter") == "yes":
            self.marketing.subscribe_newsletter(customer)
        return customer

    async def register_business_lead(self, form):
        marketing.create_sales_lead(form["contact_name"], form["contact_email"], form["contact_phone"], form["company"])

    async def checkout(self, customer, order):
        tracing.checkout_span(order, customer)
        try:
            await self.bus.order_placed(order)
            events.track_order(order)
            marketing.send_order_confirmation(customer.email, customer.full_name, order.id, order.total_cents / 100)
        except Exception as exc:
            monitoring.report_customer_error(exc, customer, area="checkout", order_id=order.id)
            raise

    def payment_declined(self, order, decline_code):
        monitoring.report_payment_declined(order.id, decline_code)

    async def change_phone(self, customer, new_phone):
        await self.db.customers.update_one({"_id": customer.id}, {"$set": {"phone": new_phone}})  # expect: user.contact.phone_number -> third_party:mongodb
        events.publish_phone_change(customer.id, new_phone)
        code = f"{secrets.randbelow(10**6):06d}"
        try:
            delivered = self.sms.send_login_code(new_phone, code)
        except Exception as exc:
            monitoring.report_sms_failure(exc, new_phone)
            delivered = False
        if not delivered:
            notify.send_fallback_sms(new_phone, f"Your ShopApp code is {code}")
        return code

    def order_shipped(self, customer, order):
        self.sms.send_shipping_update(customer.phone, order.id)

    def import_contacts(self, csv_text):
        imported = []
        for row in csv.DictReader(io.StringIO(csv_text)):
            try:
                imported.append((row["email"].strip(), int(row["customer_id"])))
            except (KeyError, ValueError):
                monitoring.report_import_row_failure(row.get("email"), row.get("phone"))
        return imported

    def partner_webhook(self, payload):
        try:
            return payload["event"], int(payload["account_id"])
        except (KeyError, ValueError) as exc:
            monitoring.report_webhook_error(exc, payload.get("username"))
            return None
