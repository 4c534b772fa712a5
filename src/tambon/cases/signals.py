"""What the work-queue counts depend on: a save or delete of any of these moves the counts'
generation on (selectors/queue_counts_cache.py). Connected from CasesConfig.ready()."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from tambon.cases.models import Case, FollowUp, HelpRequest, Referral
from tambon.cases.selectors.queue_counts_cache import queues_changed
from tambon.network.models import Partner


def _changed(**_kwargs: Any) -> None:
    queues_changed()


def connect() -> None:
    for model in (Case, FollowUp, Referral, HelpRequest):
        uid = f"cases-queue-counts-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
    # A partner's queue is its organisations' referrals: membership changes what it counts.
    m2m_changed.connect(
        _changed, sender=Partner.members.through, dispatch_uid="cases-queue-counts-members"
    )
