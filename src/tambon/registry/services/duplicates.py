"""Decisions on likely duplicate people: merge, "not the same person", undo; starting a run.

A merge keeps both records (decision 0003): the merged person points at the survivor, a Merge
row says who decided it and why, and undoing it clears the pointer. Every write here checks
registry.review_duplicates and that both people are in the officer's area, runs in one
transaction and is recorded by django-auditlog (Person, DuplicateCandidate and Merge are
registered in registry.audit).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.accounts import policy
from tambon.core.errors import Conflict, PermissionDenied, ValidationError
from tambon.core.jobs import Job, start_job
from tambon.registry.dedupe.predict import DEFAULT_THRESHOLD
from tambon.registry.models import DuplicateCandidate, Merge, Person

PERM = "registry.review_duplicates"
JOB_KIND = "registry.dedupe"
REASON_MAX = 300
RUN_STALE_AFTER = dt.timedelta(hours=2)

MSG_NOT_ALLOWED = gettext_noop("You may not review possible duplicates of these people.")
MSG_SAME_RECORD = gettext_noop("A person cannot be merged into themselves.")
MSG_NOT_IN_PAIR = gettext_noop("The records to merge must be the two people of this pair.")
MSG_ALREADY_MERGED = gettext_noop(
    "%(name)s has already been merged into another record: undo that merge first."
)
MSG_SURVIVOR_MERGED = gettext_noop(
    "%(name)s has been merged into another record: merge into the record that was kept."
)
MSG_DECIDED = gettext_noop("This pair has already been decided (%(status)s).")
MSG_UNDONE = gettext_noop("This merge has already been undone.")
MSG_NOT_POINTING = gettext_noop(
    "The merged record no longer points at the record it was merged into: nothing to undo."
)
MSG_BAD_THRESHOLD = gettext_noop("The threshold must be a probability between 0 and 1.")
MSG_RUN_TITLE = gettext_noop("Finding possible duplicates")
MSG_RUNNING = gettext_noop("A search for duplicates is already running: wait for it to finish.")


def _require(by: Any, *people: Person) -> None:
    if not by.has_perm(PERM) or not all(by.has_perm("registry.change_record", p) for p in people):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))


def _locked(person: Person) -> Person:
    """The person as stored now, locked for the rest of the transaction (where supported)."""
    return Person.objects.select_for_update().get(pk=person.pk)


def _set_merged_into(person: Person, survivor: Person | None, *, by: Any) -> None:
    person.merged_into = survivor
    person.save_versioned(expected_version=person.version, by=by, update_fields=["merged_into"])


def _decide(candidate: DuplicateCandidate, status: str, *, by: Any) -> None:
    candidate.status = status
    candidate.decided_by = by
    candidate.decided_at = timezone.now()
    candidate.updated_by = by
    candidate.save(update_fields=["status", "decided_by", "decided_at", "updated_by", "updated_at"])


def _open_candidate(candidate: DuplicateCandidate) -> DuplicateCandidate:
    fresh = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if fresh.status != DuplicateCandidate.Status.OPEN:
        raise Conflict(_(MSG_DECIDED) % {"status": fresh.get_status_display()})
    return fresh


def _pair_roles(
    candidate: DuplicateCandidate, survivor: Person | None, merged: Person | None
) -> tuple[Person, Person]:
    """(survivor, merged) of a pair: whichever is given decides, the left one by default."""
    other = {candidate.left_id: candidate.right, candidate.right_id: candidate.left}
    if survivor is None and merged is None:
        survivor = candidate.left
    if survivor is not None and merged is None:
        merged = other.get(survivor.pk)
    elif survivor is None and merged is not None:
        survivor = other.get(merged.pk)
    if survivor is None or merged is None or {survivor.pk, merged.pk} != set(other):
        raise ValidationError(_(MSG_NOT_IN_PAIR), field="survivor")
    return survivor, merged


@transaction.atomic
def merge_people(
    *,
    by: Any,
    candidate: DuplicateCandidate | None = None,
    survivor: Person | None = None,
    merged: Person | None = None,
    reason: str = "",
) -> Merge:
    """Record that `merged` is `survivor`: it points there from now on; nothing is deleted.

    With a candidate, the survivor defaults to its older (left) record and the merged record
    is the other one of the pair; the candidate becomes "merged".
    """
    if candidate is not None:
        survivor, merged = _pair_roles(candidate, survivor, merged)
    if survivor is None or merged is None:
        raise ValidationError(_(MSG_NOT_IN_PAIR), field="survivor")
    if survivor.pk == merged.pk:
        raise ValidationError(_(MSG_SAME_RECORD), field="survivor")
    _require(by, survivor, merged)
    survivor, merged = _locked(survivor), _locked(merged)
    if merged.merged_into_id is not None:
        raise Conflict(_(MSG_ALREADY_MERGED) % {"name": merged.full_name})
    if survivor.merged_into_id is not None:
        raise Conflict(_(MSG_SURVIVOR_MERGED) % {"name": survivor.full_name})
    if candidate is not None:
        candidate = _open_candidate(candidate)
    _set_merged_into(merged, survivor, by=by)
    merge = Merge.objects.create(
        survivor=survivor,
        merged=merged,
        candidate=candidate,
        merged_by=by,
        reason=" ".join((reason or "").split())[:REASON_MAX],
        created_by=by,
        updated_by=by,
    )
    if candidate is not None:
        _decide(candidate, DuplicateCandidate.Status.MERGED, by=by)
    return merge


@transaction.atomic
def mark_not_same(*, by: Any, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """Record that the pair are two different people: later runs never propose it again."""
    _require(by, candidate.left, candidate.right)
    candidate = _open_candidate(candidate)
    _decide(candidate, DuplicateCandidate.Status.NOT_SAME, by=by)
    return candidate


@transaction.atomic
def unmerge(*, by: Any, merge: Merge) -> Merge:
    """Undo a merge: the merged record is a root again and its pair goes back to the queue."""
    _require(by, merge.survivor, merge.merged)
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise Conflict(_(MSG_UNDONE))
    merged = _locked(merge.merged)
    if merged.merged_into_id != merge.survivor_id:
        raise Conflict(_(MSG_NOT_POINTING))
    _set_merged_into(merged, None, by=by)
    merge.undone_at = timezone.now()
    merge.undone_by = by
    merge.updated_by = by
    merge.save(update_fields=["undone_at", "undone_by", "updated_by", "updated_at"])
    if merge.candidate_id is not None:
        candidate = DuplicateCandidate.objects.select_for_update().get(pk=merge.candidate_id)
        candidate.status = DuplicateCandidate.Status.OPEN
        candidate.decided_by = None
        candidate.decided_at = None
        candidate.updated_by = by
        candidate.save(
            update_fields=["status", "decided_by", "decided_at", "updated_by", "updated_at"]
        )
    return merge


# --- runs ----------------------------------------------------------------------------------


def run_areas(user: Any) -> list[str] | None:
    """The areas a run started by `user` covers: None (everywhere) for national admins."""
    return policy.area_prefixes(user)


def start_dedupe_run(
    *, by: Any, area_codes: Sequence[str] | None = None, threshold: float = DEFAULT_THRESHOLD
) -> Job:
    """Queue a search for duplicates in the officer's area; returns its progress job."""
    from tambon.registry.dedupe.run import STAGES
    from tambon.registry.tasks.dedupe import find_duplicates_task

    if not by.has_perm(PERM):
        raise PermissionDenied(_(MSG_NOT_ALLOWED))
    if not 0 < threshold < 1:
        raise ValidationError(_(MSG_BAD_THRESHOLD), field="threshold")
    scope = run_areas(by)
    if scope is not None:
        wanted = list(area_codes) if area_codes else scope
        if not wanted or not all(policy.covers(by, code) for code in wanted):
            raise PermissionDenied(_(MSG_NOT_ALLOWED))
        scope = wanted
    elif area_codes:
        scope = list(area_codes)
    # A run takes minutes; one left unfinished for hours (a worker that died) blocks nothing.
    running = Job.objects.filter(
        kind=JOB_KIND,
        user=by,
        status__in=(Job.Status.QUEUED, Job.Status.RUNNING),
        created_at__gte=timezone.now() - RUN_STALE_AFTER,
    )
    if running.exists():
        raise Conflict(_(MSG_RUNNING))
    job = start_job(kind=JOB_KIND, title=_(MSG_RUN_TITLE), user=by, total=len(STAGES))
    find_duplicates_task.enqueue(str(job.pk), scope, threshold, by.pk)
    return job
