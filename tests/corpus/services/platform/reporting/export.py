import csv
import logging
import sys
from pathlib import Path

from platform.accounts.models import Member

logger = logging.getLogger(__name__)


def redact_email(value):
    name, _, domain = value.partition("@")
    return name[:2] + "…@" + domain


def export_members(target: Path):
    with target.open("w", newline="") as handle:
        writer = csv.writer(handle)
        for member in Member.objects.all():
            writer.writerow([member.pk, member.login_email, member.mobile])  # expect: user.contact.email -> storage; user.contact.phone_number -> storage


def export_summary(target: Path, members):
    lines = [f"{m.pk}: {redact_email(m.login_email)}" for m in members]
    target.write_text("\n".join(lines))  # expect: user.contact.email -> storage sanitized


def print_progress(done, total):
    sys.stderr.write(f"{done}/{total}\n")  # ok: any


def debug_member(member, out=print):
    print("member", member.handle, member.last_ip, file=sys.stderr)  # expect: user.device.ip_address -> log


def write_audit(member):
    with open("audit.log", "a") as log_file:
        log_file.write(f"{member.pk} exported\n")  # ok: any
        log_file.write(f"ip={member.last_ip}\n")  # expect: user.device.ip_address -> storage
