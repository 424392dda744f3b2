"""Records every visit: "we automatically receive and record information from your browser or device"."""

from flask import request, session

from optimibi.extensions import db
from optimibi.models import Visit

DEVICE_COOKIE = "obi_device"
SESSION_COOKIE = "obi_sid"


def record_visit() -> None:
    if request.endpoint in (None, "static"):
        return
    visit = Visit(
        user_id=session.get("user_id"),
        ip_address=request.remote_addr,
        device_id=request.cookies.get(DEVICE_COOKIE) or request.headers.get("X-Device-Id"),
        cookie_id=request.cookies.get(SESSION_COOKIE),
        user_agent=request.headers.get("User-Agent", ""),
        path=request.path,
    )
    db.session.add(visit)
    db.session.commit()
