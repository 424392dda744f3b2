from celery import shared_task
from celery.utils.log import get_task_logger

from platform.accounts.models import Member
from platform.clients.tracking import emit

task_log = get_task_logger(__name__)


@shared_task
def nightly_sync(member_id):
    member = Member.objects.get(pk=member_id)
    task_log.info("syncing %s", member.login_email)  # expect: user.contact.email -> log
    emit(member.pk, "nightly", {"email": member.login_email})
    task_log.info("synced member %s", member_id)  # ok: any


def walk(node, depth=0):
    if depth > 3:
        return node
    return walk(node, depth + 1)


def recursive_log(member):
    value = walk(member.mobile)
    task_log.info("walked %s", value)  # expect: user.contact.phone_number -> log
