"""Product analytics client, created once at import time."""
import os

from mixpanel import Mixpanel

tracker = Mixpanel(os.environ["MIXPANEL_TOKEN"])


def emit(distinct_id, event, props=None):
    tracker.track(distinct_id, event, props or {})  # expect: user.contact.email -> third_party:mixpanel; user.device.ip_address -> third_party:mixpanel
