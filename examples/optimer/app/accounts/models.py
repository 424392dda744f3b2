"""Optimer accounts: the customer and the sign-in history kept for security."""

import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.db import models


class User(AbstractBaseUser):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    # Pseudonymous id, also the value of the analytics cookie: the only id PostHog ever gets.
    analytics_cookie_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    date_joined = models.DateTimeField(auto_now_add=True)

    USERNAME_FIELD = "email"


class LoginEvent(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="logins")
    ip_address = models.GenericIPAddressField()
    user_agent = models.CharField(max_length=400)
    country = models.CharField(max_length=2, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
