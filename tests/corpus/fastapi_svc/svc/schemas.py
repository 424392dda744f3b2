from datetime import date

from pydantic import BaseModel, EmailStr, IPvAnyAddress


class SignupIn(BaseModel):
    contact: EmailStr
    full_name: str
    birthday: date | None = None
    referrer_code: str | None = None


class DeviceIn(BaseModel):
    addr: IPvAnyAddress
    platform: str
