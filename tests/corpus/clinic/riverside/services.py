import logging

from riverside.models import ClinicalRecord, Patient
from riverside.notifications import Notifier
from riverside.schemas import PatientIn, VisitIn

logger = logging.getLogger(__name__)


class PatientService:
    def __init__(self, session, notifier: Notifier | None = None):
        self.session = session
        self.notifier = notifier or Notifier()

    def register(self, data: PatientIn) -> Patient:
        patient = Patient(
            full_name=data.full_name,
            email=data.email,
            mobile=data.mobile,
            date_of_birth=data.date_of_birth,
            ni_number=data.ni_number,
            insurer=data.insurer,
            insurance_policy_number=data.insurance_policy_number,
        )
        self.session.add(patient)  # expect: user.name -> storage; user.contact.email -> storage; user.contact.phone_number -> storage; user.demographic.date_of_birth -> storage; user.government_id.national_identification_number -> storage; user.health_and_medical -> storage
        self.session.commit()
        logger.info("registered patient id=%s", patient.id)  # ok: any
        self.notifier.welcome_email(data.email, data.full_name)
        return patient

    def record_visit(self, patient: Patient, visit: VisitIn) -> ClinicalRecord:
        record = ClinicalRecord(
            patient_id=patient.id,
            diagnosis=visit.diagnosis,
            allergies=", ".join(visit.allergies),
            medications=", ".join(visit.medications),
            systolic_bp=visit.systolic_bp,
            diastolic_bp=visit.diastolic_bp,
            weight_kg=visit.weight_kg,
            height_cm=visit.height_cm,
        )
        self.session.add(record)  # expect: user.health_and_medical -> storage
        self.session.commit()

        bmi = round(visit.weight_kg / (visit.height_cm / 100) ** 2, 1)
        logger.info("visit for %s: dx=%s bp=%s/%s bmi=%s", patient.full_name, visit.diagnosis, visit.systolic_bp, visit.diastolic_bp, bmi)  # expect: user.name -> log; user.health_and_medical -> log

        has_allergies = bool(visit.allergies)
        route = "pharmacist-review" if has_allergies else "auto-dispense"
        logger.info("prescription for record %s routed to %s", record.id, route)  # ok: any

        if visit.medications:
            self.notifier.prescription_email(patient.email, patient.full_name, visit.medications)
        if visit.follow_up:
            self.notifier.appointment_sms(patient.mobile, visit.follow_up)
        return record
