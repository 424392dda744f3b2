#!/usr/bin/env python3
"""Support script: list customers whose last card payment failed.

Usage: python scripts/run.py failed_payments.csv > to_contact.txt
"""
import csv
import sys
from pathlib import Path


def load_rows(path):
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["status"] == "failed":
                yield {"email": row["customer_email"], "phone": row["customer_phone"], "amount": row["amount"]}


def main(argv):
    source = Path(argv[1])
    rows = list(load_rows(source))
    for row in rows:
        print(f"{row['email']}\t{row['amount']}")  # expect: user.contact.email -> log
    callback = source.with_suffix(".callbacks.txt")
    callback.write_text("\n".join(row["phone"] for row in rows))  # expect: user.contact.phone_number -> storage
    print(f"{len(rows)} customers to contact", file=sys.stderr)  # ok: any


if __name__ == "__main__":
    main(sys.argv)
