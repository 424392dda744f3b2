from django.db import models


class TimestampedModel(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Member(TimestampedModel):
    handle = models.CharField(max_length=40)
    login_email = models.EmailField(unique=True)
    mobile = models.CharField(max_length=20)
    last_ip = models.GenericIPAddressField(null=True)
    referral_count = models.IntegerField(default=0)

    @classmethod
    def register(cls, login_email, mobile):
        member = cls(login_email=login_email, mobile=mobile)
        member.save()  # expect: user.contact.email -> storage; user.contact.phone_number -> storage
        return member


class Invoice(TimestampedModel):
    member = models.ForeignKey(Member, on_delete=models.CASCADE)
    total_cents = models.IntegerField()
