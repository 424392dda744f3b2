"""Domain events: Kafka for internal consumers, Segment for product analytics,
SQS for the welcome-mail worker and Pub/Sub for the data team."""
import json

import boto3
import segment.analytics as analytics
from aiokafka import AIOKafkaProducer
from google.cloud import pubsub_v1

from shopapp import settings

analytics.write_key = settings.SEGMENT_WRITE_KEY
sqs = boto3.client("sqs", region_name=settings.AWS_REGION)
publisher = pubsub_v1.PublisherClient()
CONTACT_TOPIC = publisher.topic_path(settings.GCP_PROJECT, "customer-contact-changes")


def _to_json(value):
    return json.dumps(value, default=str).encode("utf-8")


class EventBus:
    def __init__(self):
        self.producer = AIOKafkaProducer(bootstrap_servers=settings.KAFKA_BROKERS, value_serializer=_to_json)

    async def start(self):
        await self.producer.start()

    async def stop(self):
        await self.producer.stop()

    async def customer_registered(self, customer):
        payload = {"customer_id": customer.id, "email": customer.email, "username": customer.username, "plan": customer.plan}
        await self.producer.send_and_wait("customer.registered", payload)  # expect: user.contact.email -> third_party:kafka; user.account.username -> third_party:kafka

    async def order_placed(self, order):
        await self.producer.send_and_wait("order.placed", {"order_id": order.id, "customer_id": order.customer_id, "total_cents": order.total_cents})  # ok: any


def identify(customer):
    traits = {"email": customer.email, "name": customer.full_name, "plan": customer.plan}
    analytics.identify(str(customer.id), traits)  # expect: user.contact.email -> third_party:segment; user.name -> third_party:segment


def track_order(order):
    analytics.track(str(order.customer_id), "Order Completed", {"order_id": order.id, "revenue": order.total_cents / 100, "currency": order.currency})  # ok: any


def enqueue_welcome_email(email, first_name):
    body = json.dumps({"template": "welcome", "email": email, "first_name": first_name})
    sqs.send_message(QueueUrl=settings.WELCOME_QUEUE_URL, MessageBody=body)  # expect: user.contact.email -> third_party:aws; user.name -> third_party:aws


def publish_phone_change(customer_id, new_phone):
    data = _to_json({"customer_id": customer_id, "phone": new_phone})
    publisher.publish(CONTACT_TOPIC, data, origin="accounts")  # expect: user.contact.phone_number -> third_party:google_cloud
