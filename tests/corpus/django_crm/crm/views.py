import logging

from django.http import JsonResponse
from rest_framework import serializers
from rest_framework.views import APIView

from crm.integrations.crm_sync import CrmClient, sync_account, sync_lead
from crm.models import Lead
from crm.services import record_login, register_lead, send_verification_code

logger = logging.getLogger(__name__)
crm = CrmClient(token="x")


class LeadSerializer(serializers.Serializer):
    work_address = serializers.EmailField()
    company = serializers.CharField()


def client_ip(request):
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class LeadView(APIView):
    def post(self, request):
        serializer = LeadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        lead = register_lead(data["work_address"], data["company"], client_ip(request))
        logger.info("lead from %s via %s", data["work_address"], client_ip(request))  # expect: user.contact.email -> log; user.device.ip_address -> log
        sync_lead(crm, lead)
        return JsonResponse({"id": lead.pk})


def login_view(request):
    user = request.user
    record_login(user, request)
    send_verification_code(user, "123456")
    sync_account(crm, user)
    logger.info("user %s logged in", user.username)  # expect: user.account.username -> log
    logger.info("login view took %s ms", 12)  # ok: any
    return JsonResponse({"ok": True})


def lead_detail(request, pk):
    lead = Lead.objects.get(pk=pk)
    if not lead.email_verified:
        logger.warning("unverified lead %s", lead.pk)  # ok: any
    print("lead", lead.contact)  # expect: user.contact.email -> log
    return JsonResponse({"company": lead.company})
