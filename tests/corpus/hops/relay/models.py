from django.conf import settings
from django.db import models


class Profile(models.Model):
    CHANNELS = [("sms", "SMS"), ("whatsapp", "WhatsApp"), ("console", "Console (dev)")]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    phone = models.CharField(max_length=32)
    last_ip = models.GenericIPAddressField(null=True)
    preferred_channel = models.CharField(max_length=16, choices=CHANNELS, default="sms")
    marketing_opt_in = models.BooleanField(default=False)
