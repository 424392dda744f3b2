"""Plans, subscriptions and the payment records Optimer keeps for accounting and refunds."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Plan(models.Model):
    code = models.SlugField(unique=True)
    price_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="eur")


class BillingProfile(models.Model):
    """What goes on the invoice ("billing information")."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="billing")
    billing_address = models.TextField()
    company_name = models.CharField(max_length=200, blank=True)


class SubscriptionQuerySet(models.QuerySet):
    def due_for_renewal(self):
        return self.filter(active=True, renews_at__lte=timezone.now()).select_related("user", "plan")


class Subscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT)
    stripe_customer_id = models.CharField(max_length=64)
    stripe_payment_method_id = models.CharField(max_length=64)
    renews_at = models.DateTimeField()
    active = models.BooleanField(default=True)

    objects = SubscriptionQuerySet.as_manager()


class Payment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT)
    amount_cents = models.PositiveIntegerField()
    stripe_payment_intent_id = models.CharField(max_length=64)
    # What Stripe gives back instead of the card: a reusable token and display details.
    card_token = models.CharField(max_length=64)
    card_last4 = models.CharField(max_length=4)
    card_brand = models.CharField(max_length=20)
    # Filled by the legacy invoice form only; "needed for chargeback disputes".
    card_number = models.CharField(max_length=19, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
