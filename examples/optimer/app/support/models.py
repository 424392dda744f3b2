"""Support tickets as Optimer records them; the conversation itself lives in the helpdesk."""

from django.conf import settings
from django.db import models


class Ticket(models.Model):
    HELPDESKS = [("zendesk", "Zendesk"), ("freshdesk", "Freshdesk (billing disputes)")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    subject = models.CharField(max_length=200)
    topic = models.CharField(max_length=40)
    helpdesk = models.CharField(max_length=20, choices=HELPDESKS)
    external_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
