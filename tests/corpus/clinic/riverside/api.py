import logging

from fastapi import Depends, FastAPI, HTTPException, Request

from riverside.identity import IdentityVerifier
from riverside.inventory import activate_licence, receive_shipment, record_fridge_temperature, write_daily_stats
from riverside.models import ClinicalRecord, Patient, SessionLocal
from riverside.payments import RefundService, submit_claim
from riverside.schemas import IdentityIn, PatientIn, ReadingIn, RefundIn, ShipmentIn, VisitIn
from riverside.services import PatientService

logger = logging.getLogger("riverside.api")
app = FastAPI(title="Riverside Family Clinic")


def get_session():
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


def load_patient(session, patient_id: int) -> Patient:
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise HTTPException(status_code=404, detail="patient not found")
    return patient


@app.on_event("startup")
def on_startup():
    activate_licence()


@app.post("/patients", status_code=201)
def register_patient(body: PatientIn, request: Request, session=Depends(get_session)):
    logger.info("registration request from %s", request.client.host)  # expect: user.device.ip_address -> log
    patient = PatientService(session).register(body)
    return {"id": patient.id}


@app.post("/patients/{patient_id}/visits", status_code=201)
def add_visit(patient_id: int, body: VisitIn, session=Depends(get_session)):
    patient = load_patient(session, patient_id)
    record = PatientService(session).record_visit(patient, body)
    return {"id": record.id}


@app.post("/patients/{patient_id}/visits/{record_id}/claim")
def claim_visit(patient_id: int, record_id: int, session=Depends(get_session)):
    patient = load_patient(session, patient_id)
    record = session.get(ClinicalRecord, record_id)
    if patient.insurance_policy_number is None:
        raise HTTPException(status_code=400, detail="patient has no insurer on file")
    return {"submitted": submit_claim(patient, record)}


@app.post("/patients/{patient_id}/identity")
def verify_identity(patient_id: int, body: IdentityIn, session=Depends(get_session)):
    patient = load_patient(session, patient_id)
    return {"verified": IdentityVerifier(session).verify(patient, body)}


@app.post("/patients/{patient_id}/refunds", status_code=202)
def refund(patient_id: int, body: RefundIn, session=Depends(get_session)):
    patient = load_patient(session, patient_id)
    return {"transfer_id": RefundService(session).refund(patient, body)}


@app.post("/inventory/shipments")
def shipment(body: ShipmentIn, session=Depends(get_session)):
    return {"stock": receive_shipment(session, body.sku, body.quantity)}


@app.post("/sensors/{sensor_id}/readings", status_code=204)
def sensor_reading(sensor_id: str, body: ReadingIn, session=Depends(get_session)):
    record_fridge_temperature(session, sensor_id, body.temperature_c)


@app.post("/admin/daily-stats", status_code=204)
def daily_stats(session=Depends(get_session)):
    write_daily_stats(session)
