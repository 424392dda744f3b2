from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from riverside.settings import settings


class Base(DeclarativeBase):
    pass


class Patient(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    mobile: Mapped[str] = mapped_column(String(32))
    date_of_birth: Mapped[date]
    ni_number: Mapped[str] = mapped_column(String(13))
    insurer: Mapped[str | None] = mapped_column(String(80))
    insurance_policy_number: Mapped[str | None] = mapped_column(String(40))


class ClinicalRecord(Base):
    __tablename__ = "clinical_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    diagnosis: Mapped[str] = mapped_column(Text)
    allergies: Mapped[str] = mapped_column(Text, default="")
    medications: Mapped[str] = mapped_column(Text, default="")
    systolic_bp: Mapped[int]
    diastolic_bp: Mapped[int]
    weight_kg: Mapped[float]
    height_cm: Mapped[float]


class IdentityDocument(Base):
    __tablename__ = "identity_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    passport_number: Mapped[str | None] = mapped_column(String(20))
    driving_licence_number: Mapped[str | None] = mapped_column(String(20))
    verified: Mapped[bool] = mapped_column(default=False)


class RefundAccount(Base):
    __tablename__ = "refund_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    account_holder: Mapped[str] = mapped_column(String(200))
    iban: Mapped[str] = mapped_column(String(34))


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    weight_grams: Mapped[float]
    stock: Mapped[int] = mapped_column(default=0)


class SensorReading(Base):
    __tablename__ = "sensor_readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    sensor_id: Mapped[str] = mapped_column(String(40))
    temperature_c: Mapped[float]
    recorded_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)


engine = create_engine(settings.database_url)
SessionLocal = sessionmaker(bind=engine, expire_on_commit=False)
