"""Billing helpers. notify/app/util.py has functions with the same names."""
import csv


def describe(account):
    return f"{account.email} (acct {account.account_id})"


def build_payload(account):
    return {
        "scheme": "SEPA_CORE",
        "iban": account.iban,
        "holder": account.full_name,
        "reference": f"ACME-{account.account_id}",
    }


def write_record(path, account):
    with open(path, "a", newline="") as handle:
        csv.writer(handle).writerow([account.account_id, account.postal_address])  # expect: user.contact.address -> storage
