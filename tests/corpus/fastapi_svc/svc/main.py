import hashlib
import logging

import httpx
from fastapi import FastAPI, Request

from svc import clients
from svc.clients import analytics, audit, log, remember
from svc.schemas import DeviceIn, SignupIn

app = FastAPI()
logger = logging.getLogger("svc")
GEO_API = "https://geo.example.net/v1/lookup"


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@app.post("/signup")
async def signup(payload: SignupIn, request: Request):
    client_host = request.client.host
    analytics.identify(payload.contact, {"name": payload.full_name, "birthday": payload.birthday})  # expect: user.contact.email -> third_party:segment; user.name -> third_party:segment; user.demographic.date_of_birth -> third_party:segment
    analytics.track(fingerprint(payload.contact), "Signed Up", {"referrer": payload.referrer_code})  # expect: user.contact.email -> third_party:segment sanitized
    remember(f"signup:{payload.contact}", payload.contact)
    audit("signup", ip=client_host)
    log.info("signup", contact=payload.contact)  # expect: user.contact.email -> log
    logger.info("signup referrer=%s", payload.referrer_code)  # ok: any
    return {"ok": True}


@app.post("/device")
async def register_device(device: DeviceIn):
    async with httpx.AsyncClient() as http:
        resp = await http.get(GEO_API, params={"ip": str(device.addr)})  # expect: user.device.ip_address -> network
    logger.info("geo lookup status %s", resp.status_code)  # ok: any
    logger.info("device platform %s", device.platform)  # ok: any
    return resp.json()


@app.get("/health")
async def health(request: Request):
    logger.debug("health check from %s", request.client.host)  # expect: user.device.ip_address -> log
    logger.debug("health path %s", request.url.path)  # ok: any
    return {"status": "ok"}
