from django.contrib.auth.models import AbstractUser
from django.db import models


class Account(AbstractUser):
    phone = models.CharField(max_length=32, blank=True)
    date_of_birth = models.DateField(null=True)
    marketing_opt_in = models.BooleanField(default=False)


class Lead(models.Model):
    contact = models.EmailField()
    company = models.CharField(max_length=120)
    last_seen_from = models.GenericIPAddressField(null=True)
    notes = models.TextField(blank=True)
    email_verified = models.BooleanField(default=False)


class LoginAttempt(models.Model):
    account = models.ForeignKey(Account, on_delete=models.CASCADE)
    remote_addr = models.GenericIPAddressField()
    succeeded = models.BooleanField()
