"""Stock, vaccine fridge monitoring, software licensing and daily statistics."""
import json
import logging
from datetime import date

import requests
from sqlalchemy import func, select

from riverside.models import ClinicalRecord, Patient, Product, SensorReading
from riverside.settings import settings

logger = logging.getLogger(__name__)
FRIDGE_MAX_C = 8.0


def receive_shipment(session, sku, quantity):
    product = session.scalars(select(Product).where(Product.sku == sku)).one()
    product.stock += quantity
    session.add(product)  # ok: any
    session.commit()
    logger.info("received %d x %s (%.0f g each)", quantity, product.name, product.weight_grams)  # ok: any
    return product.stock


def record_fridge_temperature(session, sensor_id, temperature_c):
    session.add(SensorReading(sensor_id=sensor_id, temperature_c=temperature_c))  # ok: any
    session.commit()
    if temperature_c > FRIDGE_MAX_C:
        logger.warning("vaccine fridge %s out of range: %.1fC", sensor_id, temperature_c)  # ok: any


def activate_licence():
    body = {"licence_key": settings.licence_key, "site": settings.site_code}
    response = requests.post(settings.licensing_url, json=body, timeout=10)  # ok: any
    logger.info("EMR licence %s activation: HTTP %s", settings.licence_key, response.status_code)  # ok: any
    return response.ok


def write_daily_stats(session):
    patients = session.scalar(select(func.count()).select_from(Patient))
    with_allergies = session.scalar(select(func.count()).select_from(ClinicalRecord).where(ClinicalRecord.allergies != ""))
    target = settings.reports_dir / f"stats-{date.today():%Y%m%d}.json"
    target.write_text(json.dumps({"patients": patients, "with_allergies": with_allergies}))  # ok: any
    logger.info("patients on file: %d (%d with allergies)", patients, with_allergies)  # ok: any
