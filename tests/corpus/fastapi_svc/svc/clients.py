import os

import redis
import structlog
from loguru import logger as loguru_logger

import segment.analytics as analytics

analytics.write_key = os.environ.get("SEGMENT_KEY", "")
cache = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost"))
log = structlog.get_logger()


def remember(key, value, ttl=600):
    cache.setex(key, ttl, value)  # expect: user.contact.email -> storage


def audit(event, **fields):
    loguru_logger.info("{} {}", event, fields)  # expect: user.device.ip_address -> log
