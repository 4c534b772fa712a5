"""The daily expiry of survey uploads never confirmed, as a background task (django-tasks).

`tambon scheduler` enqueues it daily; `tambon imports expire` runs the same service by hand. It is
idempotent: each batch is claimed before it is cancelled, so a second run (at the same time or
later) cancels nothing twice.
"""

import datetime as dt

from django.conf import settings
from django_tasks import task

from tambon.registry.services.imports import expire_stale_imports


@task()
def expire_imports_task() -> int:
    """Cancel uploads unconfirmed for IMPORT_UPLOAD_MAX_AGE_DAYS days; returns how many."""
    days = settings.TAMBON_IMPORT_UPLOAD_MAX_AGE_DAYS
    return expire_stale_imports(older_than=dt.timedelta(days=days))
