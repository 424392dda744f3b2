"""What Optimibi tells its partners about how the product is used.

"We may anonymize your Personal Information and share it with our partners. Additionally, we may provide
aggregate usage data to partners" (privacy policy, section 4).
"""

from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func

from optimibi.extensions import db
from optimibi.models import User, Visit


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=timezone.utc)
    return start, start + timedelta(days=1)


def usage_aggregates(day: date) -> dict:
    """Counts only: no row in the result describes a single person."""
    start, end = _day_bounds(day)
    in_day = (Visit.created_at >= start, Visit.created_at < end)
    active_devices = db.session.query(func.count(func.distinct(Visit.device_id))).filter(*in_day).scalar()
    views_by_page = db.session.query(Visit.path, func.count(Visit.id)).filter(*in_day).group_by(Visit.path).all()
    return {
        "day": day.isoformat(),
        "active_devices": active_devices,
        "page_views": {page: views for page, views in views_by_page if views >= 10},
    }


def engagement_by_account(day: date) -> list[dict]:
    """Per-account engagement, requested by the partner for its "power user" benchmark."""
    start, end = _day_bounds(day)
    rows = (
        db.session.query(User.email, func.count(Visit.id))
        .join(Visit, Visit.user_id == User.id)
        .filter(Visit.created_at >= start, Visit.created_at < end)
        .group_by(User.email)
        .all()
    )
    return [{"email": email, "page_views": views} for email, views in rows]
