"""Product analytics: one place that decides what the analytics tools are told.

PostHog (EU cloud) is the declared analytics processor. It identifies people by the pseudonymous
``analytics_cookie_id`` (the value of our analytics cookie), never by their email address.
"""

from django.conf import settings
from mixpanel import Mixpanel
from posthog import Posthog

from core.netutils import anonymize_ip

posthog = Posthog(settings.POSTHOG_API_KEY, host=settings.POSTHOG_HOST)
mp = Mixpanel(settings.MIXPANEL_TOKEN)


def track_signup(user) -> None:
    posthog.capture(distinct_id=str(user.analytics_cookie_id), event="signed_up")  # look-alike O3
    # Growth team's funnel experiment, added next to PostHog "for a month".
    mp.track(user.email, "Signed Up", {"source": "web"})  # planted O3


def track_login(user, ip_address: str, user_agent: str) -> None:
    # PostHog gets the network, not the person: the host part of the address is zeroed first.
    properties = {"$ip": anonymize_ip(ip_address), "$user_agent": user_agent}
    posthog.capture(distinct_id=str(user.analytics_cookie_id), event="logged_in", properties=properties)  # look-alike O5


def track_subscription_renewed(user, plan: str) -> None:
    posthog.capture(str(user.analytics_cookie_id), "subscription_renewed", {"plan": plan})  # look-alike O4


def track_payment_failed(user, plan: str) -> None:
    # Customer success wants to reach out straight from the PostHog dashboard.
    posthog.capture(str(user.analytics_cookie_id), "payment_failed", {"plan": plan, "email": user.email})  # planted O4
