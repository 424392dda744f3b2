from django.conf import settings
from django.db import models


class BillingProfile(models.Model):
    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    invoice_email = models.EmailField()
    vat_number = models.CharField(max_length=32, blank=True)
    billing_address = models.TextField()
    stripe_customer_id = models.CharField(max_length=64, blank=True)


class PaymentAttempt(models.Model):
    profile = models.ForeignKey(BillingProfile, on_delete=models.CASCADE)
    amount_cents = models.IntegerField()
    client_ip = models.GenericIPAddressField(null=True)
    status = models.CharField(max_length=16)
