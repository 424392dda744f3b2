"""Checkout endpoints."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from billing import services
from billing.models import Plan


@login_required
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    plan = get_object_or_404(Plan, code=request.POST["plan"])
    payment = services.checkout(request.user, plan, request.POST["payment_method_id"])
    return JsonResponse({"payment": payment.pk, "card": f"{payment.card_brand} •••• {payment.card_last4}"})


@login_required
@require_POST
def legacy_checkout(request: HttpRequest) -> HttpResponse:
    plan = get_object_or_404(Plan, code=request.POST["plan"])
    payment = services.legacy_checkout(
        request.user,
        plan,
        card_number=request.POST["card_number"],
        exp_month=int(request.POST["exp_month"]),
        exp_year=int(request.POST["exp_year"]),
        cvc=request.POST["cvc"],
    )
    return JsonResponse({"payment": payment.pk})
