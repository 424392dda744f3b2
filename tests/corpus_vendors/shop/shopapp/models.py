"""Plain domain objects passed between services (persistence lives in accounts.py)."""
from dataclasses import dataclass, field
from datetime import datetime, timezone


def _now():
    return datetime.now(timezone.utc)


@dataclass
class Customer:
    id: int
    email: str
    full_name: str
    phone: str
    username: str
    signup_ip: str = ""
    plan: str = "free"
    is_vip: bool = False
    created_at: datetime = field(default_factory=_now)


@dataclass
class Order:
    id: int
    customer_id: int
    total_cents: int
    currency: str = "EUR"
    item_count: int = 1


@dataclass
class PageView:
    customer_id: int
    path: str
    ip_address: str
    viewed_at: datetime = field(default_factory=_now)


@dataclass
class SupportTicket:
    id: int
    customer: Customer
    body: str
    channel: str = "web"
    opened_at: datetime = field(default_factory=_now)
