"""The "Contact support" form."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from support.services import open_ticket


@login_required
@require_POST
def create_ticket(request: HttpRequest) -> HttpResponse:
    ticket = open_ticket(
        request.user,
        topic=request.POST.get("topic", "other"),
        subject=request.POST["subject"],
        support_message=request.POST["message"],
    )
    return JsonResponse({"ticket": ticket.pk}, status=201)
