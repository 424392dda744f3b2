from mixpanel import Mixpanel

from shop.hashing import anonymize_email

MIXPANEL_TOKEN = "abc123"
mp = Mixpanel(MIXPANEL_TOKEN)


def track_signup(customer):
    mp.track(customer.id, "signup", {"email": customer.contact})  # expect: user.contact.email -> third_party:mixpanel


def track_login(customer, ip_addr):
    mp.track(customer.id, "login", {"ip": ip_addr})  # expect: user.device.ip_address -> third_party:mixpanel


def track_newsletter(email):
    mp.track("anon", "newsletter", {"who": anonymize_email(email)})  # expect: user.contact.email -> third_party:mixpanel sanitized


def track_page(page_name, user_count):
    mp.track("anon", "page", {"page": page_name, "users": user_count})  # ok: any
