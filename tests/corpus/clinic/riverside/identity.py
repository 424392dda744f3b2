"""Right-to-treat identity checks against an external document verifier."""
import logging

import requests

from riverside.models import IdentityDocument, Patient
from riverside.schemas import IdentityIn
from riverside.settings import settings

logger = logging.getLogger(__name__)


class IdentityVerifier:
    def __init__(self, session):
        self.session = session

    def verify(self, patient: Patient, doc: IdentityIn) -> bool:
        document = IdentityDocument(
            patient_id=patient.id,
            passport_number=doc.passport_number,
            driving_licence_number=doc.driving_licence_number,
        )
        self.session.add(document)  # expect: user.government_id.passport_number -> storage; user.government_id.drivers_license_number -> storage

        payload = {
            "subject": {"name": patient.full_name, "dob": patient.date_of_birth.isoformat()},
            "passport": doc.passport_number,
            "driving_licence": doc.driving_licence_number,
        }
        headers = {"Authorization": f"Token {settings.idcheck_token}"}
        response = requests.post(settings.idcheck_url, json=payload, headers=headers, timeout=15)  # expect: user.name -> network; user.demographic.date_of_birth -> network; user.government_id.passport_number -> network; user.government_id.drivers_license_number -> network
        if response.status_code != 200:
            logger.warning("document check failed for licence %s", doc.driving_licence_number)  # expect: user.government_id.drivers_license_number -> log

        document.verified = response.status_code == 200
        self.session.commit()
        logger.info("identity document %s verified=%s", document.id, document.verified)  # ok: any
        return document.verified
