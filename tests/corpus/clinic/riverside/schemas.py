from datetime import date, datetime

from pydantic import BaseModel, Field


class PatientIn(BaseModel):
    full_name: str
    email: str
    mobile: str
    date_of_birth: date
    ni_number: str = Field(pattern=r"^[A-Z]{2}\d{6}[A-D]$")
    insurer: str | None = None
    insurance_policy_number: str | None = None


class VisitIn(BaseModel):
    diagnosis: str
    allergies: list[str] = []
    medications: list[str] = []
    systolic_bp: int
    diastolic_bp: int
    weight_kg: float
    height_cm: float
    follow_up: datetime | None = None


class IdentityIn(BaseModel):
    passport_number: str | None = None
    driving_licence_number: str | None = None


class RefundIn(BaseModel):
    account_holder: str
    iban: str
    amount_pence: int


class ShipmentIn(BaseModel):
    sku: str
    quantity: int


class ReadingIn(BaseModel):
    temperature_c: float
