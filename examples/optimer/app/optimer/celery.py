"""The Celery application that runs Optimer's background tasks."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optimer.settings")

app = Celery("optimer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
