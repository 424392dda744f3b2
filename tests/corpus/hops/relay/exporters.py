"""Audience exports to the CRM. Subclasses decide what goes into each member row."""
import httpx
from django.conf import settings


class AudienceExporter:
    audience = "all-users"

    def build_payload(self, user):
        return {"external_id": user.pk, "joined": user.date_joined.isoformat()}

    def export(self, users):
        rows = [self.build_payload(user) for user in users]
        url = f"{settings.CRM_URL}/audiences/{self.audience}/members"
        with httpx.Client(timeout=30.0) as client:
            response = client.post(url, json={"members": rows}, headers={"X-Api-Key": settings.RELAY_API_KEY})  # expect: user.contact.email -> network; user.contact.phone_number -> network
        return response.status_code


class MarketingAudienceExporter(AudienceExporter):
    audience = "marketing"

    def build_payload(self, user):
        payload = super().build_payload(user)
        payload.update(email=user.email, phone=user.profile.phone)
        return payload
