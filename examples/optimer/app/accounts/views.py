"""Sign-up and sign-in endpoints."""

from django.contrib.auth import authenticate, login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from accounts.services import record_login, register_user, request_password_reset
from core.monitoring import identify_for_errors

ONE_YEAR = 365 * 24 * 3600


@require_POST
def signup(request: HttpRequest) -> HttpResponse:
    user = register_user(
        email=request.POST["email"],
        full_name=request.POST["full_name"],
        password=request.POST["password"],
    )
    login(request, user)
    return JsonResponse({"id": user.pk}, status=201)


@require_POST
def login_view(request: HttpRequest) -> HttpResponse:
    user = authenticate(request, username=request.POST["email"], password=request.POST["password"])
    if user is None:
        return JsonResponse({"error": "invalid credentials"}, status=401)
    login(request, user)
    identify_for_errors(user)
    record_login(user, request.META["REMOTE_ADDR"], request.META.get("HTTP_USER_AGENT", ""))
    response = JsonResponse({"id": user.pk})
    # the analytics cookie PostHog events are keyed by (pseudonymous, see accounts.models.User)
    cookie_id = str(user.analytics_cookie_id)
    response.set_cookie("optimer_aid", cookie_id, max_age=ONE_YEAR, samesite="Lax")  # look-alike O10
    if request.POST.get("remember_me"):
        # "remember me": prefill the sign-in form next time
        response.set_cookie("last_login_email", user.email, max_age=ONE_YEAR, samesite="Lax")  # planted O10
    return response


@require_POST
def password_reset(request: HttpRequest) -> HttpResponse:
    request_password_reset(request.POST["email"])
    return JsonResponse({"status": "sent if the account exists"})
