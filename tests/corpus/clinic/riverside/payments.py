"""Refunds to patients and claims to their health insurer."""
import logging

import requests

from riverside.models import ClinicalRecord, Patient, RefundAccount
from riverside.schemas import RefundIn
from riverside.settings import settings

logger = logging.getLogger(__name__)


class RefundService:
    def __init__(self, session):
        self.session = session

    def refund(self, patient: Patient, refund: RefundIn) -> str:
        account = RefundAccount(patient_id=patient.id, account_holder=refund.account_holder, iban=refund.iban)
        self.session.add(account)  # expect: user.name -> storage; user.financial.bank_account -> storage
        self.session.commit()

        transfer = {
            "debtor_iban": settings.clinic_iban,
            "creditor_iban": refund.iban,
            "creditor_name": refund.account_holder,
            "amount": refund.amount_pence,
            "currency": "GBP",
            "reference": f"RFC-REFUND-{patient.id}",
        }
        headers = {"Authorization": f"Bearer {settings.payouts_token}"}
        response = requests.post(settings.payouts_url, json=transfer, headers=headers, timeout=20)  # expect: user.financial.bank_account -> network; user.name -> network
        response.raise_for_status()
        logger.info("refund %sp paid out of clinic account %s", refund.amount_pence, settings.clinic_iban)  # ok: any
        return response.json()["transfer_id"]


def submit_claim(patient: Patient, record: ClinicalRecord):
    claim = {
        "insurer": patient.insurer,
        "policy_number": patient.insurance_policy_number,
        "member_name": patient.full_name,
        "member_dob": patient.date_of_birth.isoformat(),
        "diagnosis": record.diagnosis,
        "provider": settings.site_code,
    }
    response = requests.post(settings.claims_url, json=claim, timeout=20)  # expect: user.health_and_medical -> network; user.name -> network; user.demographic.date_of_birth -> network
    logger.info("claim submitted for record %s: HTTP %s", record.id, response.status_code)  # ok: any
    return response.ok
