"""Invoices: rendered to PDF and kept in S3 (eu-central-1) for the ten years tax law requires."""

import boto3
from django.template.loader import render_to_string
from weasyprint import HTML

INVOICE_BUCKET = "optimer-invoices-eu-central-1"
s3 = boto3.client("s3", region_name="eu-central-1")


def store_invoice(user, billing_address: str, plan_code: str, amount_cents: int, payment_id: int) -> str:
    context = {"name": user.full_name, "address": billing_address, "plan": plan_code, "amount": amount_cents / 100}
    invoice_pdf = HTML(string=render_to_string("invoices/invoice.html", context)).write_pdf()
    key = f"invoices/{user.pk}/{payment_id}.pdf"
    s3.put_object(Bucket=INVOICE_BUCKET, Key=key, Body=invoice_pdf, ServerSideEncryption="aws:kms")
    return key
