import logging
import warnings

from platform.accounts.errors import DuplicateAccount
from platform.accounts.models import Invoice, Member
from platform.clients.http import PARTNER_API, ApiSession, async_post, legacy_post, stripe_form
from platform.clients.tracking import emit

logger = logging.getLogger(__name__)


class BaseService:
    def __init__(self, audit_logger):
        self.audit = audit_logger

    def trace(self, message, *values):
        self.audit.info(message, *values)  # expect: user.contact.phone_number -> log; user.name -> log


class MemberService(BaseService):
    partner = ApiSession(PARTNER_API)

    def __init__(self):
        super().__init__(logging.getLogger("audit"))

    def signup(self, login_email, mobile, full_name, ip):
        if Member.objects.filter(login_email=login_email).exists():
            raise DuplicateAccount(f"{login_email} already registered")  # expect: user.contact.email -> exception
        member = Member.register(login_email, mobile)
        self.trace("member %s with phone %s", full_name, mobile)
        emit(member.login_email, "signup", {"ip": ip})
        self.partner.post("/members", {"email": member.login_email, "name": full_name})
        stripe_form("/customers", {"email": login_email, "description": "member"})
        legacy_post(PARTNER_API + "/sms-optin", {"msisdn": mobile})
        return member

    def invoice(self, member, total_cents):
        invoice = Invoice.objects.create(member=member, total_cents=total_cents)  # ok: any
        logger.info("invoice %s for member %s", invoice.pk, member.pk)  # ok: any
        return invoice

    def deprecated_lookup(self, handle):
        warnings.warn(f"lookup by handle {handle} is deprecated")  # ok: any
        return Member.objects.filter(handle=handle).first()

    async def locate(self, member, ip):
        return await async_post(PARTNER_API + "/geo", {"member": member.pk, "ip": ip})

    def count_referrals(self, member):
        logger.info("referrals: %s", member.referral_count)  # ok: any
