"""The daily escalation of unanswered referrals as a background task (django-tasks).

`tambon scheduler` enqueues it daily (tambon.core.scheduling); or run the same service by
hand with `tambon referrals escalate`. It is idempotent: a second run the same day sends
nothing new.
"""

from django_tasks import task

from tambon.cases.services.referrals import escalate_referrals


@task()
def escalate_referrals_task() -> dict[str, int]:
    """Remind partners of overdue referrals and escalate those still unanswered to officers."""
    result = escalate_referrals()
    return {"reminded": result.reminded, "escalated": result.escalated}
