"""URL routes of the Optimer web application."""

from django.urls import path

from accounts import views as account_views
from billing import views as billing_views
from support import views as support_views

urlpatterns = [
    path("signup", account_views.signup, name="signup"),
    path("login", account_views.login_view, name="login"),
    path("password-reset", account_views.password_reset, name="password-reset"),
    path("billing/checkout", billing_views.checkout, name="checkout"),
    path("billing/checkout/legacy", billing_views.legacy_checkout, name="legacy-checkout"),
    path("support/tickets", support_views.create_ticket, name="create-ticket"),
]
