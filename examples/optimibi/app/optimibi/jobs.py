"""Nightly background jobs, run by cron through the Flask CLI (``flask partners-export``, ...)."""

import logging
from datetime import date, datetime, time, timedelta, timezone

import click
from flask import Flask

from optimibi.models import Visit
from optimibi.monetization.audience_sync import upload_device_signals, upload_page_popularity
from optimibi.partners.client import push_engagement, push_usage_aggregates
from optimibi.partners.reports import engagement_by_account, usage_aggregates

logger = logging.getLogger(__name__)


def _yesterday() -> date:
    return date.today() - timedelta(days=1)


def export_to_partners(day: date) -> None:
    push_usage_aggregates(usage_aggregates(day))
    push_engagement(engagement_by_account(day))


def sync_audiences(day: date) -> None:
    start = datetime.combine(day, time.min, tzinfo=timezone.utc)
    upload_page_popularity(usage_aggregates(day)["page_views"])
    visits = Visit.query.filter(Visit.created_at >= start, Visit.created_at < start + timedelta(days=1)).all()
    matched = upload_device_signals(visits)
    logger.info("audience sync for %s: %d devices matched", day, matched)


def register_jobs(app: Flask) -> None:
    @app.cli.command("partners-export")
    @click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
    def partners_export(day: datetime | None) -> None:
        export_to_partners(day.date() if day else _yesterday())

    @app.cli.command("audience-sync")
    def audience_sync() -> None:
        sync_audiences(_yesterday())
