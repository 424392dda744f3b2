"""A catalogue for engine tests: the built-in plugins this area owns plus a few vendors defined
here, so engine tests do not move when the shipped vendor catalogue grows."""

from __future__ import annotations

from functools import lru_cache

from privlint.catalogue import Catalogue, Recipient, SinkRule
from privlint.plugin_manager import build_catalogue, builtin_plugins, load_plugins

ENGINE_PLUGINS = ("identifiers", "python_logging", "exceptions", "storage", "http_clients", "frameworks")

VENDORS = Catalogue(
    recipients=(
        Recipient("stripe", "Stripe", "payment", ("US",), packages=("stripe",), hosts=("api.stripe.com",)),
        Recipient("mixpanel", "Mixpanel", "analytics", ("US",), packages=("mixpanel",), hosts=("api.mixpanel.com",)),
        Recipient("sendgrid", "SendGrid", "email", ("US",), packages=("sendgrid",), hosts=("api.sendgrid.com",)),
        Recipient("twilio", "Twilio", "sms", ("US",), packages=("twilio",), hosts=("api.twilio.com",)),
        Recipient("segment", "Segment", "analytics", ("US",), packages=("segment", "analytics")),
        Recipient("slack", "Slack", "chat", ("US",), hosts=("hooks.slack.com", ".slack.com")),
        Recipient("hubspot", "HubSpot", "crm", ("US",), packages=("hubspot",), hosts=("api.hubapi.com",)),
    ),
    sinks=(
        SinkRule("stripe.**", "third_party", "stripe"),
        # mail handed to an SMTP server: who receives it depends on the configured host (network here;
        # the shipped catalogue names it the ``smtp`` recipient)
        SinkRule("smtplib.SMTP().send_message", "network"),
        SinkRule("smtplib.SMTP().sendmail", "network"),
    ),
)


@lru_cache(maxsize=1)
def engine_catalogue() -> Catalogue:
    blocked = [name for name, _ in builtin_plugins() if name not in ENGINE_PLUGINS]
    plugins = load_plugins(blocked, entry_points=False)
    return build_catalogue(plugins).merged(VENDORS)
